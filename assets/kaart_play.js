// The Kaart's play control: real buttons and a month slider (a keyboard reaches them, where plotly's own SVG
// controls are not), showing the map's frames with Plotly.animate in the browser, without the server.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  kaart: {
    // A new map, "Afspelen", "Pauze" or the timer -> [slider max, slider value, timer off, controls hidden].
    control: function (figure, _play, _pause, _tick, value) {
      var noUpdate = window.dash_clientside.no_update;
      var frames = (figure && figure.frames) || [];
      var last = Math.max(frames.length - 1, 0);
      var triggered = window.dash_clientside.callback_context.triggered.map(function (t) { return t.prop_id; });
      var at = Number(value) || 0;
      if (triggered.indexOf("kaart-play.n_clicks") >= 0) {
        return [noUpdate, at >= last ? 0 : at, false, noUpdate];
      }
      if (triggered.indexOf("kaart-pause.n_clicks") >= 0) {
        return [noUpdate, noUpdate, true, noUpdate];
      }
      if (triggered.indexOf("kaart-play-timer.n_intervals") >= 0) {
        return at >= last ? [noUpdate, noUpdate, true, noUpdate] : [noUpdate, at + 1, at + 1 >= last, noUpdate];
      }
      return [last, last, true, frames.length < 2];
    },
    // The slider's month -> the map shows that month's frame; the text says which month it is.
    show: function (value, figure) {
      var frames = (figure && figure.frames) || [];
      var frame = frames[Number(value)];
      if (!frame) {
        return "";
      }
      var graph = document.querySelector("#kaart-map .js-plotly-plot");
      var known = graph && graph._transitionData && graph._transitionData._frameHash;
      if (known && known[frame.name] && window.Plotly) {
        window.Plotly.animate(graph, [frame.name], {mode: "immediate", frame: {duration: 0, redraw: true},
                                                     transition: {duration: 0}});
      }
      return "Stand eind " + frame.name;
    },
    // The chosen province's block of gemeenten shows, the others hide.
    province: function (chosen, blocks) {
      return (blocks || []).map(function (block) { return block.province !== chosen; });
    },
  },
});
