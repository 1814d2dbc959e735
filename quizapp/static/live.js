/* Live sessions: follow the server's state by short polling, keep a countdown, filter the
   question picker. Without this file every page still works (refresh button, meta refresh). */
(function () {
  "use strict";

  // The "pick by hand" list on the new-session page: filter as the trainer types.
  var search = document.querySelector("[data-filter-list]");
  if (search) {
    var list = document.getElementById(search.getAttribute("data-filter-list"));
    search.addEventListener("input", function () {
      var needle = search.value.trim().toLowerCase();
      list.querySelectorAll("[data-filter-text]").forEach(function (li) {
        var keep = !needle || li.getAttribute("data-filter-text").indexOf(needle) !== -1 || li.querySelector("input:checked");
        li.hidden = !keep;
      });
    });
  }

  var root = document.getElementById("live");
  if (!root) { return; }
  var stateUrl = root.getAttribute("data-state-url");
  var step = root.getAttribute("data-step");
  var isPresenter = root.getAttribute("data-role") === "presenter";
  var removed = root.getAttribute("data-removed") === "true";
  var revision = root.getAttribute("data-revision") || "";  // presenter: joins and removals bump it
  var countdown = document.getElementById("live-countdown");
  var announce = document.getElementById("live-announce");
  var answerForm = document.getElementById("live-answer-form");
  var etag = null;
  var deadlineAt = null;   // local clock, anchored on the server's "seconds left" (no clock skew)
  var timeUp = false;
  var failures = 0;

  function setSecondsLeft(value) {
    if (value === null || value === undefined || value === "") { deadlineAt = null; return; }
    deadlineAt = Date.now() + Number(value) * 1000;
  }

  function setSubmitDisabled(disabled) {
    if (!answerForm) { return; }
    answerForm.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = disabled; });
  }

  function tick() {
    if (deadlineAt === null || !countdown) { return; }
    var left = Math.max(0, Math.ceil((deadlineAt - Date.now()) / 1000));
    // The countdown is visible only: no aria-live, so screen readers are not told every second.
    if (countdown.textContent !== String(left)) { countdown.textContent = String(left); }
    if (left === 0 && !timeUp) {
      timeUp = true;
      if (announce) { announce.textContent = "Time is up."; }   // announced once (aria-live polite)
      setSubmitDisabled(true);
    } else if (left > 0 && timeUp) {   // the trainer added time
      timeUp = false;
      if (announce) { announce.textContent = "More time was added."; }
      setSubmitDisabled(false);
    }
  }

  function apply(state) {
    var nowRemoved = !!(state.participant && state.participant.removed);
    var revisionChanged = isPresenter && String(state.revision) !== revision;
    if (state.step !== step || nowRemoved !== removed || revisionChanged) {
      window.location.reload();
      return false;
    }
    setSecondsLeft(state.seconds_left);
    if (isPresenter && state.answers !== null) {
      var answers = document.getElementById("live-answers");
      if (answers) { answers.textContent = String(state.answers); }
    }
    return state.phase !== "ended";
  }

  function schedule(delay) {
    window.setTimeout(poll, delay !== undefined ? delay : (document.hidden ? 5000 : 1000));
  }

  function poll() {
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(stateUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error("state " + response.status); }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        if (state === null || apply(state)) { schedule(); }
      })
      .catch(function () {
        failures += 1;    // connection lost: back off a little, keep trying
        schedule(Math.min(10000, 1000 * Math.pow(2, failures)));
      });
  }

  setSecondsLeft(root.getAttribute("data-seconds-left"));
  tick();
  window.setInterval(tick, 250);
  if (step.indexOf("ended") !== 0) { schedule(); }
})();
