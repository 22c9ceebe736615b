// Presentation mode (?weergave=presentatie, dark: ?weergave=presentatie-donker) for the projector in a meeting.
//
// Each page shows its key figures (if it has them) and one chart at a time, sized to fill the screen; every
// DASHBOARD_PRESENTATION_SECONDS (data-presentation-seconds on the root) the next chart comes, and after a page's
// last chart the next page of the playlist (?paginas=overzicht,tijdlijn,kaart,cmos,evaluaties, the default).
// Keys: space or k pauses and resumes, the right arrow (or Page Down) goes forward, the left arrow (or Page Up)
// back. The charts' text is made at least MIN_TEXT pixels high, readable from five metres, and in the dark
// variant their background dark and their text light.
(function () {
  "use strict";
  var MIN_TEXT = 24; // px: the smallest type in presentation mode (the CSS keeps the same minimum)
  var TITLE_TEXT = 30;
  var PAGES = { overzicht: ["/", "Overzicht"], tijdlijn: ["/tijdlijn", "Tijdlijn"], kaart: ["/kaart", "Kaart"],
                cmos: ["/cmos", "CMO's"], evaluaties: ["/evaluaties", "Evaluaties"] };
  var DEFAULT_PLAYLIST = ["overzicht", "tijdlijn", "kaart", "cmos", "evaluaties"];
  var paused = false;
  var remaining = null;
  var shownPath = null;
  var leaving = null;  // the first chart of the page being left: until Dash replaces it, the new page is not drawn

  function presenting() { return !!document.querySelector(".presentatie"); }
  function dark() { return !!document.querySelector(".presentatie.donker"); }
  function seconds() {
    var frame = document.querySelector("[data-presentation-seconds]");
    var value = frame ? parseInt(frame.getAttribute("data-presentation-seconds"), 10) : NaN;
    return value > 0 ? value : 20;
  }

  function playlist() {
    var asked = new URLSearchParams(window.location.search).get("paginas");
    var names = (asked ? asked.split(",") : DEFAULT_PLAYLIST).map(function (n) { return n.trim(); });
    names = names.filter(function (n) { return PAGES.hasOwnProperty(n); });  // aggregates only: no Trajecten
    return names.length ? names : DEFAULT_PLAYLIST;
  }

  function pageName(pathname) {
    var path = "/" + pathname.replace(/\/+$/, "").split("/").pop();
    for (var name in PAGES) { if (PAGES[name][0] === path || (path === "/" && name === "overzicht")) return name; }
    return null;
  }

  function slides() { return Array.prototype.slice.call(document.querySelectorAll("#_pages_content .chart-card")); }

  function activate(index) {
    var all = slides();
    all.forEach(function (s, i) { s.classList.toggle("slide-active", i === index); });
    fit(all[index]);
    remaining = seconds();
    status();
  }

  function go(step) {
    var all = slides();
    var current = all.findIndex(function (s) { return s.classList.contains("slide-active"); });
    var next = current + step;
    if (next >= 0 && next < all.length) { activate(next); return; }
    var list = playlist();
    var here = list.indexOf(pageName(window.location.pathname));
    var target = list[(here + (step > 0 ? 1 : list.length - 1) + list.length) % list.length];
    if (target === list[here]) { activate(step > 0 ? 0 : all.length - 1); return; }  // a playlist of one page
    if (step < 0) { window.sessionStorage.setItem("presentatie-laatste", "1"); }
    leaving = all[0] || null;
    var prefix = window.location.pathname.replace(/\/[^/]*$/, "");
    window.history.pushState({}, "", prefix + PAGES[target][0] + window.location.search);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    remaining = seconds();
  }

  // The active chart fills the screen below what is above it (the date line, the title, the key figures).
  function fit(card) {
    if (!card) return;
    var graph = card.querySelector(".js-plotly-plot");
    if (!graph || !window.Plotly) return;
    var height = Math.round(Math.max(260, window.innerHeight - card.getBoundingClientRect().top - 56));
    var holder = graph.parentElement;
    if (Math.abs(graph.offsetHeight - height) < 4 && Math.abs(graph.offsetWidth - holder.offsetWidth) < 4) return;
    holder.style.height = height + "px";
    graph.style.height = height + "px";
    window.Plotly.Plots.resize(graph);
  }

  // Larger text (and the dark colours) for one chart; called again after every redraw, changing nothing twice.
  function restyle(graph) {
    if (!presenting() || !graph.layout || graph.dataset.presentatieBusy) return;
    var wantDark = dark();
    var layout = graph.layout;
    var ink = wantDark ? "#ffffff" : "#000000";
    var update = {};
    if (((layout.font || {}).size || 12) < MIN_TEXT) update["font.size"] = MIN_TEXT;
    if ((((layout.title || {}).font) || {}).size < TITLE_TEXT || !((layout.title || {}).font || {}).size) {
      update["title.font.size"] = TITLE_TEXT;
    }
    var subtitle = (layout.title || {}).subtitle;
    if (subtitle && subtitle.text && ((subtitle.font || {}).size || 0) < MIN_TEXT) {
      update["title.subtitle.font.size"] = MIN_TEXT;
    }
    if (subtitle && subtitle.text) {  // room above the plot for the title and the subtitle's lines at their new size
      var lines = subtitle.text.split("<br>").length;
      // a label over the plot's top edge (such as "alle aspecten: 7,7") takes one more line
      if ((layout.annotations || []).some(function (note) { return note.yref === "paper" && note.y >= 1; })) lines += 1;
      var top = Math.round(TITLE_TEXT * 1.5 + lines * MIN_TEXT * 1.3 + 24);
      if (((layout.margin || {}).t || 0) < top) update["margin.t"] = top;
      // at the top of the chart: plotly centres a title in the top margin, which puts the subtitle on the plot
      if ((layout.title || {}).yanchor !== "top") Object.assign(update, {"title.y": 1, "title.yanchor": "top", "title.yref": "container", "title.pad.t": 12});
    }
    if (wantDark && subtitle && subtitle.text && (subtitle.font || {}).color !== ink) {
      update["title.subtitle.font.color"] = ink;
    }
    if (((layout.legend || {}).font || {}).size < MIN_TEXT) update["legend.font.size"] = MIN_TEXT;
    if (((layout.hoverlabel || {}).font || {}).size < MIN_TEXT) update["hoverlabel.font.size"] = MIN_TEXT;
    Object.keys(layout).forEach(function (key) {
      if (!/^[xy]axis\d*$/.test(key)) return;
      var axis = layout[key] || {};
      if (((axis.tickfont || {}).size || 0) < MIN_TEXT) update[key + ".tickfont.size"] = MIN_TEXT;
      if ((((axis.title || {}).font) || {}).size < MIN_TEXT || !((axis.title || {}).font || {}).size) {
        update[key + ".title.font.size"] = MIN_TEXT;
      }
      if (wantDark) {
        if (axis.gridcolor !== "#555555") update[key + ".gridcolor"] = "#555555";
        if (axis.linecolor !== "#dddddd") update[key + ".linecolor"] = "#dddddd";
        if ((axis.tickfont || {}).color !== ink) update[key + ".tickfont.color"] = ink;
        if ((((axis.title || {}).font) || {}).color !== ink) update[key + ".title.font.color"] = ink;
      }
    });
    (layout.annotations || []).forEach(function (note, i) {
      if (((note.font || {}).size || 12) < MIN_TEXT) update["annotations[" + i + "].font.size"] = MIN_TEXT;
      if (wantDark && isDark((note.font || {}).color)) update["annotations[" + i + "].font.color"] = ink;
      if (wantDark && note.bgcolor && !isDark(note.bgcolor)) update["annotations[" + i + "].bgcolor"] = "#000000";
    });
    if (wantDark) {
      (layout.shapes || []).forEach(function (shape, i) {
        if (isDark((shape.line || {}).color)) update["shapes[" + i + "].line.color"] = "#dddddd";
      });
      if (layout.paper_bgcolor !== "#000000") update.paper_bgcolor = "#000000";
      if (layout.plot_bgcolor !== "#000000") update.plot_bgcolor = "#000000";
      if ((layout.font || {}).color !== ink) update["font.color"] = ink;
      if (((layout.title || {}).font || {}).color !== ink) update["title.font.color"] = ink;
      if (((layout.legend || {}).font || {}).color !== ink) update["legend.font.color"] = ink;
      if (layout.geo && layout.geo.bgcolor !== "#000000") update["geo.bgcolor"] = "#000000";
    }
    var traceUpdates = [];  // [index, update] for each trace that needs larger text or (dark) lighter lines
    (graph.data || []).forEach(function (trace, i) {
      var change = {};
      if (trace.type === "heatmap" && trace.texttemplate) {
        Object.assign(change, heatmapText(graph, trace));
      } else if (((trace.textfont || {}).size || 0) < MIN_TEXT && (trace.text !== undefined || trace.texttemplate)) change["textfont.size"] = MIN_TEXT;
      if (trace.colorbar && ((trace.colorbar.tickfont || {}).size || 0) < MIN_TEXT) {
        change["colorbar.tickfont.size"] = MIN_TEXT;
        change["colorbar.title.font.size"] = MIN_TEXT;
      }
      if (wantDark && trace.type !== "heatmap" && typeof (trace.textfont || {}).color === "string"
          && isDark(trace.textfont.color)) {
        change["textfont.color"] = ink;  // value labels beside the marks, dark ink on the black paper otherwise
      }
      if (wantDark && typeof (trace.line || {}).color === "string" && isDark(trace.line.color)) {
        change["line.color"] = "#ffffff";
      }
      if (wantDark && typeof ((trace.marker || {}).line || {}).color === "string" && isDark(trace.marker.line.color)) {
        change["marker.line.color"] = "#ffffff";
      }
      if (Object.keys(change).length) traceUpdates.push([i, change]);
    });
    if (!Object.keys(update).length && !traceUpdates.length) return;
    graph.dataset.presentatieBusy = "1";
    var done = function () { delete graph.dataset.presentatieBusy; };
    var chain = Promise.resolve();
    traceUpdates.forEach(function (item) {
      chain = chain.then(function () { return window.Plotly.restyle(graph, item[1], [item[0]]); });
    });
    chain.then(function () {
      return Object.keys(update).length ? window.Plotly.relayout(graph, update) : null;
    }).then(done, done);
  }

  // The heatmap's cell text at the minimum size where it fits the cells; where it does not (many months), only
  // the gap mark (▲) stays, so that a gap is still told by a sign and not by its colour alone.
  function heatmapText(graph, trace) {
    var change = {};
    var size = graph._fullLayout && graph._fullLayout._size;
    var cell = (size ? size.w : graph.clientWidth) / Math.max((trace.x || []).length, 1);
    var rows = trace.text || [];
    var longest = 0;
    rows.forEach(function (row) { row.forEach(function (text) { longest = Math.max(longest, String(text).length); }); });
    if ((trace.textfont || {}).size !== MIN_TEXT) change["textfont.size"] = MIN_TEXT;
    if (longest > 1 && longest * MIN_TEXT * 0.62 > cell - 4) {
      change.text = [rows.map(function (row) {
        return row.map(function (text) { return String(text).indexOf("▲") === 0 ? "▲" : ""; });
      })];
    }
    return change;
  }

  var darkness = {};  // colour -> whether it is dark; asked on every tick for every chart, so measured once
  function isDark(color) {
    if (!color) return true;  // plotly's default ink is dark
    if (!darkness.hasOwnProperty(color)) {
      var probe = document.createElement("span");
      probe.style.color = color;
      document.body.appendChild(probe);
      var rgb = getComputedStyle(probe).color.match(/\d+(\.\d+)?/g) || [0, 0, 0];
      probe.remove();
      darkness[color] = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) < 110;
    }
    return darkness[color];
  }

  function status() {
    var box = document.getElementById("presentatie-status");
    if (!presenting()) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "presentatie-status";
      box.className = "presentatie-status";
      (document.getElementById("inhoud") || document.body).appendChild(box);  // inside the main landmark
    }
    var list = playlist();
    var here = list.indexOf(pageName(window.location.pathname));
    var all = slides();
    var current = all.findIndex(function (s) { return s.classList.contains("slide-active"); });
    var next = current + 1 < all.length;
    var when = Math.max(0, remaining || 0) + " s";
    box.textContent = paused ? "Pauze · spatie: verder · ← →: terug, verder"
      : (next ? "Volgende grafiek over " + when : "Over " + when + ": " + PAGES[list[(here + 1) % list.length]][1])
        + " · spatie: pauze · ← →";
  }

  function tick() {
    if (!presenting()) { status(); shownPath = null; return; }
    document.querySelectorAll("#_pages_content .js-plotly-plot").forEach(restyle);
    var all = slides();
    if (!all.length) return;  // the page is still being drawn
    if (leaving && all[0] === leaving) return;  // still the page being left
    leaving = null;
    var active = all.findIndex(function (s) { return s.classList.contains("slide-active"); });
    if (active < 0 || shownPath !== window.location.pathname) {
      shownPath = window.location.pathname;
      var fromBehind = window.sessionStorage.getItem("presentatie-laatste");
      window.sessionStorage.removeItem("presentatie-laatste");
      activate(fromBehind ? all.length - 1 : 0);
      return;
    }
    fit(all[active]);
    if (!paused) {
      remaining = (remaining === null ? seconds() : remaining) - 1;
      if (remaining <= 0) { go(1); }
    }
    status();
  }

  document.addEventListener("keydown", function (event) {
    if (!presenting() || event.altKey || event.ctrlKey || event.metaKey) return;
    if (/^(INPUT|SELECT|TEXTAREA)$/.test((event.target || {}).tagName || "")) return;
    if (event.key === " " || event.key === "k") { paused = !paused; status(); }
    else if (event.key === "ArrowRight" || event.key === "PageDown") { go(1); status(); }
    else if (event.key === "ArrowLeft" || event.key === "PageUp") { go(-1); status(); }
    else { return; }
    event.preventDefault();
  });
  window.addEventListener("resize", function () {
    if (presenting()) fit(document.querySelector("#_pages_content .chart-card.slide-active"));
  });
  window.setInterval(tick, 1000);
})();
