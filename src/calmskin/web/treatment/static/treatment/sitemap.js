/* Injection-site map: tapping a site on the figure chooses it in the radio list next to it (the
   list stays the real control, for keyboards, screen readers and browsers without JavaScript). */
(function () {
  "use strict";
  document.querySelectorAll("[data-sitemap]").forEach(function (map) {
    var radios = {};
    map.querySelectorAll('input[type="radio"]').forEach(function (r) { radios[r.value] = r; });

    function refresh() {
      map.querySelectorAll("[data-site]").forEach(function (shape) {
        var radio = radios[shape.getAttribute("data-site")];
        shape.classList.toggle("is-selected", !!(radio && radio.checked));
      });
    }

    map.querySelectorAll("[data-site]").forEach(function (shape) {
      shape.addEventListener("click", function () {
        var radio = radios[shape.getAttribute("data-site")];
        if (!radio || radio.disabled) return;
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    map.addEventListener("change", refresh);
    map.classList.add("is-interactive");
    refresh();
  });
})();
