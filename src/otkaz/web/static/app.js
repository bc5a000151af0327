// Small enhancements; every page works without them.
(function () {
  "use strict";
  // In a field-correction form, typing a value selects "new value".
  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("form.edit-field");
    if (form && event.target.name === "value" && event.target.value) form.elements.choice.value = "new";
  });
})();
