/* A form marked data-busy shows a progress bar when its work takes more than two seconds
   (an import or an export of many rows): she sees that Kua is working, not a frozen page.
   A download leaves the page where it is: the bar goes when the page has focus again. */
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-busy]");
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", start);
  }
  function start(event) {
    var form = event.currentTarget;
    var bar = form.querySelector(".busy");
    if (!bar) return;
    var timer = window.setTimeout(function () { bar.hidden = false; }, 2000);
    function stop() { window.clearTimeout(timer); bar.hidden = true; }
    window.addEventListener("pageshow", stop, { once: true });
    if (form.hasAttribute("data-download")) window.setTimeout(stop, 30000);
  }
})();
