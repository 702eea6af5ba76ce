// Phlov's small script. No inline scripts anywhere: the content security policy forbids them.
// Every page works without it; it only smooths things on slow links and for keyboard users.
(function () {
  "use strict";

  // Move keyboard focus to content swapped in by htmx when it asks for it, so screen
  // readers and keyboard users land on the new content.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.hasAttribute("data-focus-on-swap")) {
      target.focus();
    }
  });

  // On a slow link a second tap on "Save" sends the form twice. Once a form is on its way,
  // show it is busy and ignore further submits. The button is not disabled: a disabled
  // submitter would drop its own name and value from the request. Forms that stay on the
  // page (a file download) opt out with data-resubmit, and the guard lifts after a while
  // in case the request failed.
  var BUSY = "data-submitting";
  function release(form) {
    form.removeAttribute(BUSY);
    form.querySelectorAll("[aria-busy='true']").forEach(function (el) {
      el.removeAttribute("aria-busy");
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.hasAttribute("data-resubmit")) {
      return;
    }
    if (form.hasAttribute(BUSY)) {
      event.preventDefault();
      return;
    }
    form.setAttribute(BUSY, "");
    if (event.submitter) {
      event.submitter.setAttribute("aria-busy", "true");
    }
    window.setTimeout(function () { release(form); }, 15000);
  });
  // Coming back with the browser's Back button restores the page as it was: free its forms.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[" + BUSY + "]").forEach(release);
  });
})();
