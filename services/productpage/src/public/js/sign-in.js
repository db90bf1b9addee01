// Opens and closes the sign-in dialog. A separate file, not inline script, so the page's
// Content-Security-Policy can forbid inline script (`script-src 'self'`).
'use strict';
(function () {
  var dialog = document.getElementById('dialog');
  var open = document.getElementById('sign-in-button');
  var close = document.getElementById('close-dialog');
  if (!dialog || !open) return;
  open.addEventListener('click', function () {
    dialog.showModal();
  });
  if (close) {
    close.addEventListener('click', function () {
      dialog.close();
    });
  }
})();
