"""Dutch texts for AG Grid's pagination, filters and menus."""

GRID_LOCALE_NL = {
    "page": "Pagina", "more": "meer", "to": "tot", "of": "van", "next": "Volgende", "last": "Laatste",
    "first": "Eerste", "previous": "Vorige", "pageSizeSelectorLabel": "Rijen per pagina:",
    "ariaPageSizeSelectorLabel": "Rijen per pagina", "firstPage": "Eerste pagina", "lastPage": "Laatste pagina",
    "nextPage": "Volgende pagina", "previousPage": "Vorige pagina", "pageLastRowUnknown": "?",
    "noRowsToShow": "Geen trajecten gevonden", "loadingOoo": "Laden…", "filterOoo": "Filteren…",
    "equals": "Gelijk aan", "notEqual": "Niet gelijk aan", "blank": "Leeg", "notBlank": "Niet leeg",
    "lessThan": "Kleiner dan", "greaterThan": "Groter dan", "lessThanOrEqual": "Kleiner dan of gelijk aan",
    "greaterThanOrEqual": "Groter dan of gelijk aan", "inRange": "Tussen", "inRangeStart": "van",
    "inRangeEnd": "tot", "contains": "Bevat", "notContains": "Bevat niet", "startsWith": "Begint met",
    "endsWith": "Eindigt op", "andCondition": "EN", "orCondition": "OF", "applyFilter": "Toepassen",
    "resetFilter": "Herstellen", "clearFilter": "Wissen", "cancelFilter": "Annuleren",
    "ariaFilterValue": "Filterwaarde", "ariaFilteringOperator": "Filteroperator", "ariaColumnFilter": "Kolomfilter",
    "ariaFilterInput": "Filterinvoer", "ariaSortableColumn": "Druk op Enter om te sorteren",
    "ariaRowSelect": "Druk op spatie om deze rij te kiezen", "ariaMenuColumn": "Druk op Alt+pijl omlaag voor het menu",
    "sortAscending": "Oplopend sorteren", "sortDescending": "Aflopend sorteren", "sortUnSort": "Sortering wissen",
    "columnFilter": "Kolomfilter", "ariaLabelColumnFilter": "Kolomfilter",
}
