// Show the "Print or save as PDF" buttons (hidden without JavaScript) and wire them to print().
document.querySelectorAll('.print-button').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () { window.print(); });
});
