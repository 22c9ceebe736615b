"""Problems found in an import file, each with its place (file, sheet, row, column, value) and a Dutch reason.

Every reason comes from ``MESSAGES``; ``docs/import.md`` lists them all (a
test keeps the two in step).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

MESSAGES: dict[str, str] = {
    # The file as a whole
    "empty": "het bestand is leeg",
    "too_big": "het bestand is te groot ({size}); een import mag hoogstens {limit} zijn; splits het bestand",
    "too_many_rows": "het bestand heeft meer dan {limit} rijen; splits het bestand",
    "not_utf8": "het bestand is niet in UTF-8 opgeslagen (onleesbaar teken {byte} in rij {line}); kies in Excel "
                "'Opslaan als' → 'CSV UTF-8 (door komma's gescheiden)', of lever een .xlsx-bestand",
    "separator": "het scheidingsteken tussen de kolommen is niet herkend; gebruik een komma of een puntkomma",
    "bad_xlsx": "dit is geen leesbaar Excel-bestand (.xlsx)",
    "old_xls": "het oude Excel-formaat (.xls) wordt niet gelezen; sla het bestand op als Excel-werkmap (.xlsx)",
    "file_type": "onbekend bestandstype '{suffix}'; gebruik .csv of .xlsx",
    "no_file": "het bestand of de map bestaat niet",
    "empty_dir": "de map bevat geen .csv- of .xlsx-bestanden",
    "unknown_kind": "soort bestand niet herkend aan de kopregel; gebruik de kolommen van een sjabloon ({kinds}) "
                    "of geef de soort op met --kind",
    "ambiguous_kind": "de kopregel past bij meer dan één soort ({kinds}); geef de soort op met --kind",
    "unknown_kind_option": "onbekende soort '{kind}'; kies uit {kinds}",
    # The header row
    "missing_column": "verplichte kolom '{column}' ontbreekt (soort {kind})",
    "unknown_column": "onbekende kolom voor soort {kind}{hint}",
    "duplicate_column": "deze kolom staat twee keer in de kopregel",
    "extra_cells": "deze rij heeft meer cellen dan de kopregel kolommen heeft",
    # Values
    "required": "verplicht veld is leeg",
    "bad_date": "geen geldige datum; gebruik JJJJ-MM-DD of DD-MM-JJJJ, bijvoorbeeld 2007-03-15 of 15-03-2007",
    "future_date": "de datum ligt in de toekomst (vandaag is {today})",
    "date_order": "de datum ligt vóór {column} ({other})",
    "bad_integer": "geen heel getal",
    "bad_number": "geen geldig nummer (een heel getal groter dan 0)",
    "bad_mark": "een cijfer moet een heel getal van {low} tot en met {high} zijn",
    "bad_dagdelen": "het aantal dagdelen moet tussen {low} en {high} liggen (eindrapport AVI 130: trajecten hadden "
                    "{low} tot {high} dagdelen)",
    "bad_choice": "onbekende waarde; kies uit {choices}",
    "bad_bool": "vul 'ja' of 'nee' in",
    "duplicate_item": "'{item}' staat twee keer in de lijst",
    # Names
    "unknown_gemeente": "onbekende gemeente{hint}",
    "unknown_organisation": "onbekende organisatie{hint}",
    "unknown_province": "onbekende provincie{hint}",
    "unknown_advisor": "onbekende adviseur{hint}; voeg nieuwe adviseurs toe met een bestand 'adviseurs'",
    "unknown_trajectory": "er is geen traject met nummer {nr}; importeer het eerst met een bestand 'trajecten'",
    "no_request": "er is geen aanvraag van gemeente '{gemeente}'; importeer eerst de aanvraag",
    # Programmes
    "unknown_programme": "programma '{slug}' bestaat niet; bekende programma's: {known}",
    "other_programme": "de rij hoort bij programma '{row}', maar de import is voor programma '{chosen}'",
    "no_access": "geen toegang tot programma '{slug}'",
    "trajectory_elsewhere": "traject {nr} hoort bij programma '{other}', niet bij '{programme}' (een trajectnummer "
                            "is uniek over alle programma's)",
    # Rules of the programme
    "duplicate_row": "staat al eerder in deze import ({where}); elke {key} mag maar één keer voorkomen",
    "second_request": "er is al een aanvraag van gemeente '{gemeente}' (ontvangen op {date}); per gemeente is er "
                      "één aanvraag",
    "fixed_field": "{what} van {item} is '{current}' en kan niet via een import veranderen",
    "advisor_elsewhere": "adviseur '{advisor}' werkt bij {actual}, niet bij {expected}",
    "request_has_trajectory": "de aanvraag van '{gemeente}' hoort al bij traject {nr}",
    "request_closed": "de aanvraag van '{gemeente}' is {status}; daar hoort geen traject bij",
    "province_mismatch": "gemeente '{gemeente}' ligt in {actual}, niet in {expected}",
    "no_intake_organisation": "provincie {province} heeft geen eigen CMO; vul intake_organisatie in",
    "received_is_request": "de status 'ontvangen' hoort bij de aanvraag zelf (ontvangen op {date}); laat deze rij weg "
                           "of gebruik die datum",
    "status_recorded": "status '{status}' is voor '{gemeente}' al vastgelegd op {date}{reason}",
    "running_needs_trajectory": "status 'lopend' vraagt om een traject met '{gemeente}' als eerste gemeente; "
                                "importeer eerst het traject",
    "transition": "{reason}",
    "handover_recorded": "er is al een overdracht van traject {nr} op {date} (van {old} naar {new})",
    "handover_order": "de overdracht ligt vóór de laatste overdracht van traject {nr} ({date})",
    "handover_from": "traject {nr} ligt op dat moment bij {actual}, niet bij {given}",
    "handover_same": "het traject gaat naar dezelfde adviseur als waar het ligt",
    "absence_kind": "de afwezigheid van '{advisor}' vanaf {date} staat al vastgelegd als '{kind}'",
    "write_failed": "het wegschrijven is mislukt en teruggedraaid ({reason}); er is niets veranderd",
}


def message(code: str, **values: object) -> str:
    """The Dutch text of message ``code`` with ``values`` filled in."""
    return MESSAGES[code].format(**values)


def suggestion(value: str, known: Iterable[str]) -> str:
    """'; bedoelt u 'X'?' for the closest known name (difflib, ignoring case), or '' when nothing is close."""
    lowered = {name.casefold(): name for name in known}
    close = difflib.get_close_matches(value.casefold(), list(lowered), n=1, cutoff=0.6)
    return f"; bedoelt u '{lowered[close[0]]}'?" if close else ""


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (file, sheet, row, column, value) and why, in Dutch."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def place(self) -> str:
        """Where the problem is, e.g. "aanvragen.csv, rij 3, kolom 'gemeente', waarde 'Utrect'"."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"blad '{self.sheet}'")
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column:
            parts.append(f"kolom '{self.column}'")
        if self.value is not None:
            parts.append(f"waarde '{self.value}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.place()}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        """The problem as a row for a table or JSON."""
        return {"bestand": self.file, "blad": self.sheet or "", "rij": self.row or "", "kolom": self.column or "",
                "waarde": self.value if self.value is not None else "", "probleem": self.message}


def shown(value: object) -> str:
    """A cell value as the user typed it, for a problem report (long text shortened)."""
    from dashboard.data.transfer.templates import cell_text

    text = cell_text(value)
    return text if len(text) <= 80 else text[:77] + "…"
