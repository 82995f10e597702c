/* The district picker: checkboxes grouped by region (they work without JavaScript); this adds a
   search box that hides the districts whose names do not match (a ticked one stays). */
(function () {
  "use strict";
  var script = document.currentScript;
  var pickers = document.querySelectorAll("div.district-picker");
  for (var p = 0; p < pickers.length; p++) {
    var picker = pickers[p];
    var search = document.createElement("input");
    search.type = "search";
    search.className = "district-search";
    search.placeholder = (script && script.getAttribute("data-search")) || "";
    search.setAttribute("aria-label", search.placeholder);
    picker.parentNode.insertBefore(search, picker);
    search.addEventListener("input", filter.bind(null, picker, search));
  }
  function filter(picker, search) {
    var wanted = search.value.toLowerCase();
    var labels = picker.querySelectorAll("label");
    for (var i = 0; i < labels.length; i++) {
      var box = labels[i].querySelector("input");
      if (!box) continue;
      var shown = wanted === "" || labels[i].textContent.toLowerCase().indexOf(wanted) >= 0 || box.checked;
      labels[i].parentNode.hidden = !shown;
    }
  }
})();
