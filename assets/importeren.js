// Import page: give dcc.Upload's file input an accessible name (dcc.Upload has no property for it), so screen
// readers announce it and keyboard users, who reach it with Tab, know what it is for.
(function () {
  "use strict";
  function nameTheUploadField() {
    var inputs = document.querySelectorAll("#import-upload input[type=file]:not([aria-label])");
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].setAttribute("aria-label", "Bestanden kiezen om te controleren (CSV of Excel)");
    }
  }
  new MutationObserver(nameTheUploadField).observe(document.documentElement, {childList: true, subtree: true});
})();
