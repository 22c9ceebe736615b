// Cell formatters for dash-ag-grid: Dutch dates ("30 nov 2007") from ISO date text.
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
var MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

dagfuncs.dutchDate = function (value) {
  if (!value) {
    return "–";
  }
  var parts = String(value).slice(0, 10).split("-");
  return Number(parts[2]) + " " + MAANDEN[Number(parts[1]) - 1] + " " + parts[0];
};
