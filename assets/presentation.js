// Presentation (kiosk) mode: show one key chart at a time and move on every few seconds;
// after the last chart of a page, go on to the next page of the projectmonitor.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  presentatie: {
    rotate: function (n, pathname) {
      var noUpdate = window.dash_clientside.no_update;
      var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
      if (!n || slides.length === 0) {
        return noUpdate;
      }
      var current = slides.findIndex(function (s) { return s.classList.contains("slide-active"); });
      var next = current < 0 ? 1 : current + 1;
      if (next >= slides.length) {
        var onTimeline = /\/tijdlijn$/.test(pathname);
        var base = onTimeline ? pathname.replace(/tijdlijn$/, "") : pathname.replace(/[^/]*$/, "");
        return onTimeline ? base : base + "tijdlijn";
      }
      slides.forEach(function (s, i) { s.classList.toggle("slide-active", i === next); });
      window.dispatchEvent(new Event("resize"));
      return noUpdate;
    },
  },
});
