/* The lawyer's action form: a field that goes with one action only is shown only then, and the
   directory's services can be searched. Without JavaScript every field stays, with its note. */
(function () {
  "use strict";
  var form = document.getElementById("action-form");
  if (!form) return;
  var action = form.querySelector("[name=action]");
  var parts = form.querySelectorAll("[data-only-for]");
  function show() {
    for (var i = 0; i < parts.length; i++) {
      parts[i].hidden = parts[i].getAttribute("data-only-for") !== action.value;
    }
  }
  action.addEventListener("change", show);
  show();
  var picker = form.querySelector("[name=referral_service]");
  if (!picker) return;
  var search = document.createElement("input");
  search.type = "search";
  search.setAttribute("aria-label", picker.getAttribute("data-search-label") || "");
  search.placeholder = picker.getAttribute("data-search-label") || "";
  picker.parentNode.insertBefore(search, picker);
  search.addEventListener("input", function () {
    var wanted = search.value.toLowerCase();
    var options = picker.querySelectorAll("option");
    for (var i = 0; i < options.length; i++) {
      options[i].hidden = wanted !== "" && options[i].value !== "" &&
        options[i].textContent.toLowerCase().indexOf(wanted) < 0;
    }
  });
})();
