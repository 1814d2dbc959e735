// Flashcard keyboard shortcuts (progressive enhancement: without this file the links and buttons work).
// Space shows the answer; 1-4 rate. Keys typed into form fields are left alone.
(function () {
  "use strict";
  var sent = false;
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|SUMMARY)$/.test(target.tagName));
  }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var reveal = document.getElementById("reveal");
    if ((event.key === " " || event.key === "Spacebar") && reveal && event.target.tagName !== "BUTTON") {
      event.preventDefault();
      reveal.click();
      return;
    }
    if (/^[1-4]$/.test(event.key)) {
      var button = document.querySelector('.rating-form button[value="' + event.key + '"]');
      if (button && !sent) {
        event.preventDefault();
        sent = true;
        button.click();
      }
    }
  });
  var answer = document.getElementById("answer");
  if (answer && window.location.hash === "#answer") answer.focus();
})();
