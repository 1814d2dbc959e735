// The item editor's enhancements (the form works without them): the preview follows what the
// author types, and selected words of the passage become the quote.
(function () {
  "use strict";
  var form = document.getElementById("item-form");
  if (!form) { return; }
  var url = form.getAttribute("data-preview-url");
  var status = document.getElementById("preview-status");
  var timer = null;
  var pending = null;

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    ["editor-preview", "passage-panel"].forEach(function (id) {
      var fresh = doc.getElementById(id);
      var old = document.getElementById(id);
      if (fresh && old) { old.replaceWith(fresh); }
    });
    showPicker();
    if (status) { status.textContent = "Preview updated."; }
  }

  function refresh() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, { method: "POST", body: new FormData(form), signal: pending.signal,
                 credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html) { swap(html); } })
      .catch(function () { /* a newer request replaced this one, or offline: keep the old preview */ });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  }

  function showPicker() {
    var button = document.getElementById("use-selection");
    if (button) { button.hidden = false; }
  }

  function selectedPassageText() {
    var passage = document.getElementById("passage-text");
    var selection = window.getSelection();
    if (!passage || !selection || selection.rangeCount === 0) { return ""; }
    var range = selection.getRangeAt(0);
    if (!passage.contains(range.commonAncestorContainer)) { return ""; }
    return selection.toString().replace(/\s+/g, " ").trim();
  }

  var lastSelection = "";
  document.addEventListener("selectionchange", function () {
    var text = selectedPassageText();
    if (text) { lastSelection = text; }
  });

  document.addEventListener("click", function (event) {
    if (!event.target || event.target.id !== "use-selection") { return; }
    var text = selectedPassageText() || lastSelection;
    var quote = form.elements.namedItem("quote");
    if (!text) {
      if (status) { status.textContent = "Select words in the passage first."; }
      return;
    }
    quote.value = text;
    var document_origin = form.querySelector("input[name=origin][value=document]");
    if (document_origin) { document_origin.checked = true; }
    quote.focus();
    schedule();
  });

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  showPicker();
})();
