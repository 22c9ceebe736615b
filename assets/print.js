// Print (the monthly projectmonitor on A4): before printing, every chart is redrawn at the printable width, so
// that no bar, label or legend is cut at the card's edge, and the page's state line ("Stand per ... · filters")
// is written into the top margin of every printed page; after printing the charts take the screen's width again.
(function () {
  "use strict";
  var PRINTABLE_PX = 186 / 25.4 * 96;  // A4 (210 mm) less 2 x 12 mm margins, in CSS pixels
  var CARD_PADDING_PX = 40;

  function graphs() { return Array.prototype.slice.call(document.querySelectorAll(".js-plotly-plot")); }

  function forPaper() {
    if (!window.Plotly) return;
    graphs().forEach(function (graph) {
      if (!graph.layout || graph.dataset.printWidth) return;
      graph.dataset.printWidth = "1";
      window.Plotly.relayout(graph, { width: Math.floor(PRINTABLE_PX - CARD_PADDING_PX) });
    });
  }

  function forScreen() {
    if (!window.Plotly) return;
    graphs().forEach(function (graph) {
      if (!graph.dataset.printWidth) return;
      delete graph.dataset.printWidth;
      window.Plotly.relayout(graph, { width: null, autosize: true });
    });
  }

  // The state line in the top margin of every page (Chromium draws @page margin boxes; their text is a string).
  function stateInMargin() {
    var line = document.getElementById("state-summary");
    var text = line ? line.textContent.trim() : "";
    var style = document.getElementById("print-state-line");
    if (!style) {
      style = document.createElement("style");
      style.id = "print-state-line";
      document.head.appendChild(style);
    }
    var quoted = JSON.stringify(text.slice(0, 180));
    style.textContent = "@page { @top-left { content: " + quoted + "; font: 8.5pt sans-serif; } }";
  }

  window.addEventListener("beforeprint", function () { stateInMargin(); forPaper(); });
  window.addEventListener("afterprint", forScreen);
  var media = window.matchMedia("print");
  if (media.addEventListener) {
    media.addEventListener("change", function (event) { if (event.matches) { stateInMargin(); forPaper(); } });
  }
  // Kept up to date as the state changes, for printing without a beforeprint event (a PDF made by the browser).
  var written = null;
  window.setInterval(function () {
    var line = document.getElementById("state-summary");
    var text = line ? line.textContent : null;
    if (text !== written) { written = text; stateInMargin(); }
  }, 1000);
})();
