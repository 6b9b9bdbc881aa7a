/* Reminders on this device (Settings). Permission is asked only when the button is pressed.
   Where the browser can schedule a notification (Notification Triggers), the next seven days
   are scheduled through the service worker; elsewhere reminders show while legcare is open,
   and the page points to the calendar feed, which works everywhere. */
(function () {
  "use strict";
  var DAYS_AHEAD = 7;
  var button = document.getElementById("notify-on");
  var status = document.getElementById("notify-status");
  var box = document.getElementById("notify");
  if (!button || !status || !box) return;
  var timers = [];

  function say(state, text) { box.dataset.state = state; status.textContent = text; }

  function supported() {
    var local = document.querySelector('meta[name="legcare-offline"]');
    return "Notification" in window && "serviceWorker" in navigator && local && local.content === "on";
  }

  function worker() {
    return navigator.serviceWorker.getRegistration("/").then(function (reg) {
      return reg || navigator.serviceWorker.register("/sw.js", { scope: "/" });
    }).then(function () { return navigator.serviceWorker.ready; });
  }

  function occurrences(hhmm) {
    var parts = hhmm.split(":"), now = new Date(), out = [];
    for (var d = 0; d <= DAYS_AHEAD; d++) {
      var at = new Date(now.getFullYear(), now.getMonth(), now.getDate() + d, +parts[0], +parts[1]);
      if (at > now) out.push(at);
    }
    return out;
  }

  function show(reg, r, tag) {
    return reg.showNotification(r.title, { body: r.text, tag: tag, data: { url: r.url }, icon: "/static/icon.svg" });
  }

  function schedule(reg, list) {
    timers.forEach(clearTimeout);
    timers = [];
    if ("showTrigger" in Notification.prototype && typeof window.TimestampTrigger === "function") {
      var jobs = [];
      list.forEach(function (r) {
        occurrences(r.time).forEach(function (at) {
          jobs.push(reg.showNotification(r.title, {
            body: r.text, tag: r.kind + "-" + at.toISOString().slice(0, 10), data: { url: r.url },
            showTrigger: new window.TimestampTrigger(at.getTime())
          }));
        });
      });
      return Promise.all(jobs).then(function () {
        say("scheduled", "Reminders are set on this device for the next " + DAYS_AHEAD + " days. Open this page again to set the week after.");
      });
    }
    list.forEach(function (r) {
      var next = occurrences(r.time)[0];
      if (next && next - new Date() < 86400000) {
        timers.push(setTimeout(function () { show(reg, r, r.kind); }, next - new Date()));
      }
    });
    say("open-only", "This browser can show reminders only while legcare is open. For reminders when it is closed, add your plan to a calendar (link below).");
    return Promise.resolve();
  }

  function load() {
    return fetch("/api/v1/reminders", { credentials: "same-origin", headers: { accept: "application/json" } })
      .then(function (res) { if (!res.ok) throw new Error("reminders " + res.status); return res.json(); });
  }

  function turnOn() {
    if (!supported()) {
      say("unsupported", "This browser cannot show reminders from legcare here. Add your plan to a calendar instead (link below): it reminds you on every device.");
      return Promise.resolve();
    }
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say("denied", "Notifications are turned off for legcare in this browser. You can allow them in the browser's site settings, or use the calendar (link below).");
        return null;
      }
      return Promise.all([worker(), load()]).then(function (got) {
        var reg = got[0], data = got[1];
        if (!data.scheduled.length) {
          say("none", "No reminder times are set yet: set them above and press the button again.");
          return null;
        }
        return schedule(reg, data.scheduled);
      });
    }).catch(function () {
      say("error", "Reminders could not be set on this device. The calendar (link below) still works.");
    });
  }

  button.addEventListener("click", function () { turnOn(); });

  /* For tests and for "try it": show one reminder now, through the service worker. */
  window.legcareReminders = {
    showNow: function (kind) {
      return Promise.all([worker(), load()]).then(function (got) {
        var r = got[1].scheduled.filter(function (x) { return x.kind === kind; })[0];
        if (!r) return false;
        var active = got[0].active;
        return new Promise(function (resolve) {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (event) { resolve(event.data === "shown"); };
          active.postMessage({ type: "legcare-reminder", reminder: r }, [channel.port2]);
        });
      });
    }
  };
})();
