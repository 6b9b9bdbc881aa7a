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

  /* Health import: refuse a file over the server's limit before sending it, and show how much
     of the file has been sent (the form still posts normally without JavaScript). */
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-upload-progress") || !window.XMLHttpRequest) return;
    var input = form.querySelector('input[type="file"]');
    var file = input && input.files && input.files[0];
    var box = form.querySelector("[data-progress]");
    var bar = box && box.querySelector("progress");
    var text = box && box.querySelector("[data-progress-text]");
    if (!file || !box || !bar || !text) return;
    var max = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    box.hidden = false;
    if (max && file.size > max) {
      e.preventDefault();
      text.textContent = file.name + " is " + Math.round(file.size / 1e6) + " MB; this server takes up to " +
        Math.round(max / 1e5) / 10 + " MB. Nothing was sent. Use legcare import-health FILE on your computer instead.";
      return;
    }
    e.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("accept", "text/html");
    xhr.upload.onprogress = function (p) {
      if (!p.lengthComputable) return;
      var pct = Math.round(100 * p.loaded / p.total);
      bar.value = pct; bar.textContent = pct + "%";
      text.textContent = pct < 100 ? "Sent " + pct + "%." : "Sent. Reading the file...";
    };
    xhr.onload = function () {
      if (xhr.responseURL && xhr.status < 400) { window.location.assign(xhr.responseURL); return; }
      document.open(); document.write(xhr.responseText); document.close();
    };
    xhr.onerror = function () { text.textContent = "The file could not be sent. Nothing was imported."; };
    xhr.send(new FormData(form));
  });
})();
