/* Body map: tapping an area on a figure ticks its checkbox, ticking a checkbox marks the area.
   The checkboxes stay the form's real control (they work by keyboard and without JavaScript).
   No inline script or style, so the strict Content Security Policy holds. */
(function () {
  "use strict";
  document.querySelectorAll("[data-bodymap]").forEach(function (map) {
    var boxes = {};
    map.querySelectorAll('input[type="checkbox"]').forEach(function (box) { boxes[box.value] = box; });
    var count = map.querySelector("[data-bodymap-count]");

    function refresh() {
      var chosen = 0;
      map.querySelectorAll("[data-area]").forEach(function (shape) {
        var box = boxes[shape.getAttribute("data-area")];
        var on = !!(box && box.checked);
        shape.classList.toggle("is-selected", on);
        if (on) chosen += 1;
      });
      if (count) count.textContent = String(chosen);
    }

    map.querySelectorAll("[data-area]").forEach(function (shape) {
      shape.addEventListener("click", function () {
        var box = boxes[shape.getAttribute("data-area")];
        if (!box) return;
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    map.addEventListener("change", refresh);
    map.classList.add("is-interactive");
    refresh();
  });
})();
