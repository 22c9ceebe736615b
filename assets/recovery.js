// After an outage: while the banner at the top says the database is away, pages keep what they showed.
// When the banner clears, store the data version anew, so every page fetches again what it could not get
// during the outage (the version number itself did not change, so the live check alone would not redraw).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  herstel: {
    naStoring: function (banner, data) {
      var noUpdate = window.dash_clientside.no_update;
      if (banner) {
        window.aviStoring = true;
        return noUpdate;
      }
      if (!window.aviStoring || !data) {
        return noUpdate;
      }
      window.aviStoring = false;
      return Object.assign({}, data, {hersteld: Date.now()});
    },
  },
});
