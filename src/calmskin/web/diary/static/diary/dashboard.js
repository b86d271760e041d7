/* Dashboard charts (uPlot). Reads the json_script data; no inline script or style (strict CSP). */
(function () {
  "use strict";
  if (typeof uPlot === "undefined") return;
  var dataNode = document.getElementById("dashboard-data");
  var itchNode = document.getElementById("chart-itch");
  var poemNode = document.getElementById("chart-poem");
  if (!dataNode || !itchNode || !poemNode) return;
  var data = JSON.parse(dataNode.textContent);
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var bandNames = JSON.parse(document.getElementById("dashboard-bands").textContent);
  var DAY = 86400;

  function ts(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 1000;
  }

  // One daily time axis for both charts: from the earliest date shown to today.
  var first = ts(data.today);
  data.days.concat(data.poem.map(function (p) { return p.date; }),
    data.photos.map(function (p) { return p.date; })).forEach(function (d) {
    first = Math.min(first, ts(d));
  });
  var xs = [];
  for (var t = first; t <= ts(data.today); t += DAY) xs.push(t);
  function aligned(pairs) {
    var byDay = {};
    pairs.forEach(function (p) { byDay[p[0]] = p[1]; });
    return xs.map(function (x) { return x in byDay ? byDay[x] : null; });
  }
  function daily(values) {
    return aligned(data.days.map(function (d, i) { return [ts(d), values[i]]; }));
  }

  function width(node) { return Math.max(280, node.clientWidth || 340); }
  // With a single day on the axis (everything entered today, as on the first day) uPlot stretches
  // the time axis over 1000 days; show the week that ends on that day instead.
  var xScale = { time: true, range: function (u, min, max) {
    return xs.length === 1 ? [xs[0] - 6 * DAY, xs[0]] : [min, max];
  } };
  var common = {
    height: 240,
    tzDate: function (t) { return uPlot.tzDate(new Date(t * 1000), "Etc/UTC"); },
    cursor: { drag: { x: false, y: false } },
  };
  function dots(label, color, size) {
    return { label: label, stroke: color, fill: color, width: 0, paths: function () { return null; },
      points: { show: true, size: size, stroke: color, fill: color } };
  }

  var itchPlot = new uPlot(Object.assign({}, common, {
    width: width(itchNode),
    scales: { x: xScale, y: { range: [0, 10] } },
    series: [
      { label: labels.day },
      dots(labels.itch, "#b5473a", 6),
      { label: labels.itch_mean, stroke: "#0d6b63", width: 2, spanGaps: true },
      { label: labels.sleep, stroke: "#5b5fa8", width: 1.5, dash: [5, 4], spanGaps: false },
    ],
    axes: [{}, { values: function (u, v) { return v; } }],
  }), [xs, daily(data.itch), daily(data.itch_mean), daily(data.sleep)], itchNode);

  // Charman 2013 POEM bands: 0-2, 3-7, 8-16, 17-24, 25-28 (drawn between the whole-number edges).
  var BANDS = [
    ["clear_or_almost_clear", 0, 2.5, "rgba(46, 139, 87, 0.14)"],
    ["mild", 2.5, 7.5, "rgba(154, 205, 50, 0.16)"],
    ["moderate", 7.5, 16.5, "rgba(255, 193, 7, 0.16)"],
    ["severe", 16.5, 24.5, "rgba(255, 112, 67, 0.16)"],
    ["very_severe", 24.5, 28, "rgba(183, 28, 28, 0.16)"],
  ];
  function drawBands(u) {
    var ctx = u.ctx;
    var box = u.bbox;
    ctx.save();
    ctx.font = Math.round(11 * uPlot.pxRatio) + "px sans-serif";
    BANDS.forEach(function (b) {
      var top = u.valToPos(b[2], "y", true);
      var bottom = u.valToPos(b[1], "y", true);
      ctx.fillStyle = b[3];
      ctx.fillRect(box.left, top, box.width, bottom - top);
      ctx.fillStyle = "#52626a";
      ctx.fillText(bandNames[b[0]] || b[0], box.left + 4 * uPlot.pxRatio, bottom - 3 * uPlot.pxRatio);
    });
    ctx.restore();
  }

  var poemPlot = new uPlot(Object.assign({}, common, {
    width: width(poemNode),
    scales: { x: xScale, y: { range: [0, 28] } },
    series: [
      { label: labels.day },
      { label: labels.poem, stroke: "#0d6b63", width: 2, spanGaps: true,
        points: { show: true, size: 7, fill: "#0d6b63" } },
      dots(labels.photo, "#5b5fa8", 9),
    ],
    hooks: { drawClear: [drawBands] },
  }), [
    xs,
    aligned(data.poem.map(function (p) { return [ts(p.date), p.score]; })),
    aligned(data.photos.map(function (p) { return [ts(p.date), 0.6]; })),
  ], poemNode);

  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      itchPlot.setSize({ width: width(itchNode), height: 240 });
      poemPlot.setSize({ width: width(poemNode), height: 240 });
    }, 150);
  });
})();
