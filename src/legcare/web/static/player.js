/* legcare session player: the same state machine as legcare.domain.sessions.player, in the
   browser. The state is the same JSON (clock values are Unix seconds), saved to the app after
   every change so that a closed tab or a crash keeps what was done. A beep and a vibration mark
   each change; the screen is kept awake with the Wake Lock API where the browser has it. */
(function () {
  "use strict";
  var dataEl = document.getElementById("session-data");
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var steps = data.session.steps;
  var state = data.state;
  var EXTEND = 30;
  var $ = function (id) { return document.getElementById(id); };
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  /* ---- the state machine (a port of domain/sessions/player.py) ---- */
  function now() { return Date.now() / 1000; }
  function planned(s, i) { return s.steps[i].seconds + s.records[i].extended; }
  function remainingOf(s, t) {
    if (s.phase === "paused" || s.phase === "finished") return s.remaining;
    return Math.max(0, s.remaining - (t - s.since));
  }
  function enterStep(s, i, at) {
    s.index = i; s.since = at; s.resume_left = null;
    if (i >= s.steps.length) { s.phase = "finished"; s.remaining = 0; return; }
    s.phase = "get_ready"; s.remaining = s.get_ready_s;
  }
  function tick(s, t) {
    var changes = [];
    while (s.phase === "get_ready" || s.phase === "running") {
      var end = s.since + s.remaining;
      if (t < end) break;
      if (s.phase === "get_ready") {
        var secs = (s.resume_left === null || s.resume_left === undefined) ? planned(s, s.index) : s.resume_left;
        s.phase = "running"; s.since = end; s.remaining = secs; s.resume_left = null;
        changes.push("step_started");
        continue;
      }
      var r = s.records[s.index];
      r.seconds_done += s.remaining; r.outcome = "done";
      enterStep(s, s.index + 1, end);
      changes.push("step_done", s.phase === "finished" ? "finished" : "get_ready");
    }
    return changes;
  }
  function account(s, t) {
    if (s.phase !== "running") return;
    var spent = t - s.since;
    s.records[s.index].seconds_done += spent;
    s.since = t; s.remaining -= spent;
  }
  function pause(s, t) {
    var ch = tick(s, t);
    if (s.phase !== "get_ready" && s.phase !== "running") return ch;
    var left = remainingOf(s, t);
    account(s, t);
    s.paused_from = s.phase; s.phase = "paused"; s.since = t; s.remaining = left;
    ch.push("paused");
    return ch;
  }
  function resume(s, t) {
    if (s.phase !== "paused") return [];
    s.phase = s.paused_from || "get_ready"; s.paused_from = null; s.since = t;
    return ["resumed"];
  }
  function skip(s, t) {
    var ch = tick(s, t);
    if (s.phase === "finished") return ch;
    account(s, t);
    s.records[s.index].outcome = "skipped"; s.paused_from = null;
    enterStep(s, s.index + 1, t);
    ch.push("skipped", s.phase === "finished" ? "finished" : "get_ready");
    return ch;
  }
  function extend(s, t) {
    var ch = tick(s, t);
    if (s.phase === "finished") return ch;
    s.records[s.index].extended += EXTEND;
    if (s.phase === "running" || s.paused_from === "running") s.remaining += EXTEND;
    if (s.resume_left !== null && s.resume_left !== undefined) s.resume_left += EXTEND;
    ch.push("extended");
    return ch;
  }
  function back(s, t) {
    var ch = tick(s, t);
    account(s, t);
    if (!s.steps.length) return ch;
    var target = Math.max(s.first_open || 0, Math.min(s.index, s.steps.length) - 1);
    if (target >= s.steps.length) return ch;  // nothing open is left to go back to
    s.records[target].outcome = "pending"; s.paused_from = null;
    enterStep(s, target, t);
    ch.push("back", "get_ready");
    return ch;
  }
  function restore(s, t) {
    if (s.phase === "finished") return [];
    var running = s.phase === "running" || s.paused_from === "running";
    var left = running ? s.remaining : s.resume_left;
    s.phase = "get_ready"; s.paused_from = null; s.since = t; s.remaining = s.get_ready_s;
    s.resume_left = (left === undefined) ? null : left;
    return ["get_ready"];
  }
  function snapshot(s, t) {
    var copy = JSON.parse(JSON.stringify(s));
    tick(copy, t); account(copy, t);
    return copy;
  }
  function progressOf(s, t) {
    var total = 0, behind = 0, i;
    for (i = 0; i < s.steps.length; i++) total += planned(s, i);
    if (s.phase === "finished" || total === 0) return 1;
    for (i = 0; i < s.index; i++) behind += planned(s, i);
    if (s.phase === "running" || s.paused_from === "running") behind += planned(s, s.index) - remainingOf(s, t);
    return Math.min(1, Math.max(0, behind / total));
  }

  /* ---- sound, vibration, wake lock ---- */
  var audio = null, beeps = 0, lock = null;
  function beep() {
    beeps += 1;
    document.body.setAttribute("data-beeps", String(beeps));
    try {
      if (!audio) audio = new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = 880; gain.gain.value = 0.2;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(); osc.stop(audio.currentTime + 0.18);
    } catch (e) { /* no sound here: the vibration and the screen still say it */ }
    if (navigator.vibrate) navigator.vibrate(200);
  }
  function keepAwake() {
    if (!("wakeLock" in navigator) || lock) return;
    navigator.wakeLock.request("screen").then(function (l) {
      lock = l;
      document.body.setAttribute("data-wake-lock", "on");
      l.addEventListener("release", function () { lock = null; document.body.setAttribute("data-wake-lock", "off"); });
    }).catch(function () { document.body.setAttribute("data-wake-lock", "unavailable"); });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && started && state.phase !== "finished") keepAwake();
  });

  /* ---- saving ---- */
  function save(quit) {
    var body = JSON.stringify({ state: snapshot(state, now()), quit: !!quit });
    return fetch("/api/v1/sessions/" + data.log_id + "/progress", {
      method: "PUT", keepalive: true, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: body
    }).catch(function () { /* offline: the next save or the finish form carries it */ });
  }

  /* ---- the screen ---- */
  var started = false, lastSaved = 0, timer = null;
  function fmt(sec) {
    var s = Math.ceil(sec), m = Math.floor(s / 60);
    return m + ":" + String(s % 60).padStart(2, "0");
  }
  function fillList(el, items) {
    el.textContent = "";
    (items || []).forEach(function (text) { var li = document.createElement("li"); li.textContent = text; el.appendChild(li); });
  }
  function showFigure(step) {
    var box = $("step-figure"), img = $("step-figure-img"), f = step && step.figure;
    if (!box) return;
    box.hidden = !f;
    if (f && img.getAttribute("src") !== f.url) { img.src = f.url; img.alt = f.alt; }
  }
  var shownIndex = -1;
  function render() {
    var t = now(), step = steps[state.index];
    var phaseWords = { get_ready: "Get ready", running: "Now", paused: "Paused", finished: stepsDone() ? "Session complete" : "Session ended" };
    $("phase").textContent = phaseWords[state.phase] || "";
    $("countdown").textContent = state.phase === "finished" ? "0:00" : fmt(remainingOf(state, t));
    $("overall").value = progressOf(state, t);
    $("step-count").textContent = state.phase === "finished" ? "" : "Step " + (state.index + 1) + " of " + steps.length;
    if (state.index !== shownIndex) {
      shownIndex = state.index;
      $("step-name").textContent = step ? step.title : stepsDone() ? "Well done." : "Every step was skipped.";
      fillList($("instructions"), step ? step.instructions : []);
      $("cues").textContent = step && step.cues && step.cues.length ? step.cues.join(" · ") : "";
      $("dose").textContent = step ? step.dose : "";
      showFigure(step);
    }
    $("pause").textContent = state.phase === "paused" ? "Resume" : "Pause";
    if (state.phase === "finished") finish();
  }
  function announce(changes) {
    var step = steps[state.index];
    var words = changes.indexOf("finished") >= 0 ? (stepsDone() ? "Session complete." : "Session ended; every step was skipped.") :
      changes.indexOf("step_started") >= 0 && step ? "Start: " + step.title :
      changes.indexOf("get_ready") >= 0 && step ? "Get ready: " + step.title :
      changes.indexOf("paused") >= 0 ? "Paused" : changes.indexOf("resumed") >= 0 ? "Resumed" : "";
    if (words) $("announce").textContent = words;
  }
  /* Spoken cues (speech.js) listen for these: what changed, on which step. */
  var tenSaid = -1;
  function stepsDone() {
    return state.records.filter(function (r) { return r.outcome === "done"; }).length;
  }
  function cue(kind) {
    var step = steps[state.index] || null, prev = steps[state.index - 1] || null;
    var detail = { kind: kind, index: state.index, total: steps.length, step: step, steps_done: stepsDone(),
      seconds: step && state.index < state.steps.length ? planned(state, state.index) : 0,
      switch_legs: !!(step && prev && step.leg && prev.leg && step.leg !== prev.leg &&
        step.technique === prev.technique && String(step.areas) === String(prev.areas)) };
    document.dispatchEvent(new CustomEvent("legcare:cue", { detail: detail }));
  }
  function cueFor(changes) {
    if (changes.indexOf("finished") >= 0) cue("finished");
    else if (changes.indexOf("step_started") >= 0) cue("start");
    else if (changes.indexOf("get_ready") >= 0) cue("get_ready");
    else if (changes.indexOf("paused") >= 0) cue("paused");
    else if (changes.indexOf("resumed") >= 0) cue("resumed");
  }
  function cueTimeLeft() {
    if (state.phase !== "running") return;
    var left = remainingOf(state, now());
    if (left > 10.5) { if (tenSaid === state.index) tenSaid = -1; return; }
    if (tenSaid !== state.index && left > 1 && planned(state, state.index) > 15) { tenSaid = state.index; cue("ten_left"); }
  }
  function apply(changes) {
    if (!changes.length) return;
    var loud = changes.some(function (c) { return c !== "paused" && c !== "resumed"; });
    if (loud) beep();
    announce(changes);
    cueFor(changes);
    render();
    save(false); lastSaved = now();
  }
  function loop() {
    apply(tick(state, now()));
    cueTimeLeft();
    render();
    if (now() - lastSaved > 10 && state.phase !== "finished" && state.phase !== "paused") { save(false); lastSaved = now(); }
  }
  var finished = false;
  function finish() {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    if (lock) lock.release();
    $("controls").hidden = true;
    $("state-field").value = JSON.stringify(state);
    $("finish").hidden = false;
    $("finish-heading").focus();
  }
  function act(fn) { return function () { if (started && !finished) apply(fn(state, now())); }; }

  /* Log it through the sessions API; if that fails, the form posts as it would without JS. */
  $("finish").addEventListener("submit", function (e) {
    if (!finished) return;
    e.preventDefault();
    var form = e.target, tenderness = {};
    form.querySelectorAll("select[name^='tender_']").forEach(function (sel) {
      if (sel.value !== "") tenderness[sel.name.slice(7)] = parseInt(sel.value, 10);
    });
    var note = form.querySelector("textarea[name='note']").value.trim();
    fetch("/api/v1/sessions/" + data.log_id + "/finish", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ state: state, tenderness: tenderness, note: note || null })
    }).then(function (res) {
      if (res.ok) location.href = "/session/" + data.log_id; else form.submit();
    }).catch(function () { form.submit(); });
  });

  /* Fetch every step's figure now, so the service worker has them if the network goes. */
  steps.forEach(function (st) { if (st.figure) { var im = new Image(); im.src = st.figure.url; } });
  document.documentElement.classList.add("player-ready");
  $("begin").addEventListener("click", function () {
    started = true;
    $("begin").hidden = true;
    $("controls").hidden = false;
    $("finish").hidden = true;
    keepAwake();
    beep(); /* also unlocks the sound: browsers allow it only after a tap */
    apply(restore(state, now()));
    timer = setInterval(loop, 200);
    $("pause").focus();
  });
  $("pause").addEventListener("click", act(function (s, t) { return s.phase === "paused" ? resume(s, t) : pause(s, t); }));
  $("skip").addEventListener("click", act(skip));
  $("extend").addEventListener("click", act(extend));
  $("back").addEventListener("click", act(back));
  $("quit").addEventListener("click", function () {
    if (started && !finished) pause(state, now());
    save(true).then(function () { location.href = "/session"; });
  });
  $("finish").hidden = true;
  render();
})();
