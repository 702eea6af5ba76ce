// Phlov's small script. No inline scripts anywhere: the content security policy forbids them.
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
})();
