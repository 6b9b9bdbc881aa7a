/* legcare: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  /* Offline (local mode only): a service worker keeps the pages you have opened. A clinic's
     server mode keeps no copies on the device, and removes any left from before. */
  var offline = document.querySelector('meta[name="legcare-offline"]');
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    if (offline && offline.content === "on") {
      window.addEventListener("load", function () {
        navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
      });
    } else {
      navigator.serviceWorker.getRegistrations().then(function (regs) {
        regs.forEach(function (r) { r.unregister(); });
      }).catch(function () {});
      if (window.caches) caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); });
    }
  }
  function showOnline() {
    var el = document.getElementById("offline-status");
    if (el) el.textContent = navigator.onLine ? "" : "Offline: showing saved pages";
  }
  window.addEventListener("online", showOnline);
  window.addEventListener("offline", showOnline);
  document.addEventListener("DOMContentLoaded", showOnline);

  /* Leg-and-foot map: each SVG region is a checkbox synced with a real form input. */
  function initLegMap(map) {
    var name = map.getAttribute("data-input");
    var form = map.closest("form");
    if (!form || !name) return;
    map.querySelectorAll(".region").forEach(function (region) {
      var value = region.getAttribute("data-value");
      var input = form.querySelector('input[name="' + name + '"][value="' + value + '"]');
      if (!input) return;
      var sync = function () { region.setAttribute("aria-checked", input.checked ? "true" : "false"); };
      var toggle = function () {
        if (input.type === "radio") {
          form.querySelectorAll('input[name="' + name + '"]').forEach(function (i) { i.checked = false; });
          input.checked = true;
          map.querySelectorAll(".region").forEach(function (r) { r.setAttribute("aria-checked", "false"); });
        } else {
          input.checked = !input.checked;
        }
        sync();
        input.dispatchEvent(new Event("change", { bubbles: true }));
      };
      region.addEventListener("click", toggle);
      region.addEventListener("keydown", function (e) {
        if (e.key === " " || e.key === "Enter") { e.preventDefault(); toggle(); }
      });
      sync();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-legmap]").forEach(initLegMap);
  });

  /* Forms that ask before they act (the server asks again when JavaScript is off). */
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
