/* legcare spoken cues: the session player's changes (the "legcare:cue" events of player.js)
   read aloud with the browser's own speech synthesis, so eyes can stay off the screen.
   Only voices on this device are used (SpeechSynthesisVoice.localService): no text leaves it.
   Mute and speed are kept in this browser (localStorage), nowhere else. */
(function () {
  "use strict";
  var KEY = "legcare.speech";
  var synth = window.speechSynthesis;
  var $ = function (id) { return document.getElementById(id); };
  var prefs = { muted: false, rate: 1 };
  try { var saved = JSON.parse(localStorage.getItem(KEY) || "{}"); if (saved && typeof saved === "object") {
    prefs.muted = !!saved.muted; if (typeof saved.rate === "number" && saved.rate >= 0.5 && saved.rate <= 2) prefs.rate = saved.rate;
  } } catch (e) { /* no storage here: the defaults stay */ }
  function store() { try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* private mode */ } }

  function localVoice() {
    if (!synth) return null;
    var voices = synth.getVoices().filter(function (v) { return v.localService; });
    var lang = (document.documentElement.lang || "en").toLowerCase();
    return voices.filter(function (v) { return (v.lang || "").toLowerCase().indexOf(lang) === 0; })[0] || null;
  }
  function status() {
    var el = $("speech-status");
    if (!el) return;
    el.textContent = !synth ? "This browser cannot speak: the cues are shown and beeped." :
      !localVoice() ? "No offline voice on this device yet: the cues are shown and beeped." : "";
  }

  function duration(seconds) {
    var s = Math.round(seconds);
    if (s >= 60 && s % 60 === 0) return (s / 60) + (s === 60 ? " minute" : " minutes");
    if (s > 90) { var m = Math.floor(s / 60), r = s % 60; return m + (m === 1 ? " minute " : " minutes ") + r + " seconds"; }
    return s + (s === 1 ? " second" : " seconds");
  }
  /* The words for one cue; exported for the tests and the page. */
  function words(d) {
    var title = d.step ? d.step.title : "";
    switch (d.kind) {
      case "get_ready": return (d.switch_legs ? "Switch legs. " : "Next: ") + title + ". Get ready.";
      case "start": return title + ". Hold for " + duration(d.seconds) + ".";
      case "ten_left": return "10 seconds left.";
      case "paused": return "Paused.";
      case "resumed": return "Resumed.";
      case "finished": return d.steps_done === 0 ?
        "Session ended. Every step was skipped, so none is counted as done." :
        "Session complete. Well done.";
      default: return "";
    }
  }
  function say(text) {
    if (!text || prefs.muted || !synth) return;
    var voice = localVoice();
    if (!voice) return;  /* a network voice would send the words away: stay silent */
    var u = new SpeechSynthesisUtterance(text);
    try { u.voice = voice; } catch (e) { /* not a native voice object */ }
    u.lang = voice.lang; u.rate = prefs.rate;
    synth.speak(u);
  }
  document.addEventListener("legcare:cue", function (e) { say(words(e.detail)); });
  window.legcareSpeech = { words: words };

  var mute = $("speech-on"), rate = $("speech-rate");
  if (mute) {
    mute.checked = !prefs.muted;
    mute.addEventListener("change", function () {
      prefs.muted = !mute.checked; store();
      if (prefs.muted && synth) synth.cancel();
    });
  }
  if (rate) {
    rate.value = String(prefs.rate);
    if (rate.value !== String(prefs.rate)) rate.value = "1";
    rate.addEventListener("change", function () { prefs.rate = parseFloat(rate.value) || 1; store(); });
  }
  if (synth && synth.addEventListener) synth.addEventListener("voiceschanged", status);
  status();
})();
