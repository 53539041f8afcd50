/* Portal behaviour that used to live in inline handlers; the Content-Security-Policy allows
   scripts from static files only. */
(function () {
  "use strict";

  // <form data-confirm="…"> and <button data-confirm="…">: ask before a destructive submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message =
      (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
