/* Keeps the embedded AVI 130 thermometer up to date without reloading the page.
   Every few seconds it asks /api/v1/thermometer (same origin) for the numbers; when the count or the
   state changed, it fetches this page again and copies the new text and drawing into the live parts,
   then announces the change politely to screen readers. A button pauses and resumes the updates.
   A closed programme changes no more: the page then has no button, and nothing is asked. */
(function () {
  "use strict";

  var root = document.getElementById("thermometer");
  if (!root || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = Math.max(1, parseInt(root.getAttribute("data-poll-seconds"), 10) || 15);
  var apiUrl = root.getAttribute("data-api");
  var announce = document.getElementById("thermo-announce");
  var button = document.getElementById("thermo-pause");
  root.setAttribute("data-script", "ready");
  if (!button) {
    return;
  }
  var paused = false;
  var busy = false;

  function differs(numbers) {
    return String(numbers.received) !== root.getAttribute("data-received") ||
      numbers.state !== root.getAttribute("data-state");
  }

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var next = fresh.getElementById("thermometer");
    if (!next) {
      return;
    }
    var parts = root.querySelectorAll("[data-live]");
    for (var i = 0; i < parts.length; i++) {
      var name = parts[i].getAttribute("data-live");
      var source = next.querySelector('[data-live="' + name + '"]');
      if (source) {
        parts[i].replaceChildren.apply(parts[i], Array.prototype.map.call(source.childNodes, function (node) {
          return document.importNode(node, true);
        }));
      }
    }
    root.className = next.className;
    root.setAttribute("data-received", next.getAttribute("data-received"));
    root.setAttribute("data-state", next.getAttribute("data-state"));
    document.title = fresh.title;
    var count = root.querySelector('[data-live="count"]');
    var state = root.querySelector('[data-live="state"]');
    announce.textContent = "Bijgewerkt: " + count.textContent + ". " + state.textContent.trim() + ".";
    if (next.getAttribute("data-state") === "gesloten") {
      paused = true;
      button.parentNode.hidden = true;
    }
  }

  function poll() {
    if (paused || busy || document.visibilityState === "hidden") {
      return;
    }
    busy = true;
    fetch(apiUrl, { credentials: "omit", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("thermometer " + response.status);
        }
        return response.json();
      })
      .then(function (numbers) {
        if (!differs(numbers)) {
          return null;
        }
        return fetch(window.location.href, { credentials: "omit" }).then(function (response) {
          return response.ok ? response.text().then(swap) : null;
        });
      })
      .catch(function () {
        /* Offline or the server is busy: keep showing the last numbers and try again later. */
      })
      .then(function () {
        busy = false;
      });
  }

  button.parentNode.hidden = false;
  button.addEventListener("click", function () {
    paused = !paused;
    button.textContent = paused ? "Bijwerken hervatten" : "Bijwerken pauzeren";
    button.setAttribute("aria-label", paused ? "Automatisch bijwerken hervatten" : "Automatisch bijwerken pauzeren");
    if (!paused) {
      poll();
    }
  });
  window.setInterval(poll, seconds * 1000);
})();
