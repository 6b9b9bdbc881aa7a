/* legcare service worker: the app keeps working offline once loaded.
   Static files: cache first. Pages: network first, falling back to the saved copy, then to
   the offline page. Form posts and the API always go to the network. */
"use strict";
var VERSION = "legcare-v3";  // bump when a cached static file changes
var SHELL = ["/", "/offline", "/static/style.css", "/static/app.js", "/static/player.js", "/static/speech.js", "/static/icon.svg", "/manifest.webmanifest"];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(VERSION).then(function (cache) { return cache.addAll(SHELL); }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== VERSION; }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isStatic(url) { return url.pathname.indexOf("/static/") === 0 || url.pathname === "/manifest.webmanifest"; }

self.addEventListener("fetch", function (event) {
  var req = event.request;
  var url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  if (isStatic(url)) {
    event.respondWith(
      caches.match(req, { ignoreSearch: true }).then(function (hit) {
        return hit || fetch(req).then(function (res) {
          var copy = res.clone();
          caches.open(VERSION).then(function (c) { c.put(req, copy); });
          return res;
        });
      })
    );
    return;
  }
  event.respondWith(
    fetch(req).then(function (res) {
      if (res.ok && (res.headers.get("content-type") || "").indexOf("text/html") === 0) {
        var copy = res.clone();
        caches.open(VERSION).then(function (c) { c.put(req, copy); });
      }
      return res;
    }).catch(function () {
      return caches.match(req).then(function (hit) { return hit || caches.match("/offline"); });
    })
  );
});

/* Reminders: the page asks the worker to show one (the worker's notification stays when the
   page is closed); a tap opens the page the reminder is about. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "legcare-reminder" || !data.reminder) return;
  var r = data.reminder;
  var reply = event.ports && event.ports[0];
  event.waitUntil(
    self.registration.showNotification(r.title, { body: r.text, tag: r.kind, data: { url: r.url }, icon: "/static/icon.svg" })
      .then(function () { if (reply) reply.postMessage("shown"); })
      .catch(function () { if (reply) reply.postMessage("failed"); })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
      for (var i = 0; i < list.length; i++) {
        if ("focus" in list[i]) { list[i].navigate(url); return list[i].focus(); }
      }
      return self.clients.openWindow(url);
    })
  );
});
