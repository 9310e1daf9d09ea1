/* Draws a pledge page's charts from the JSON in #chart-data with the site's own copy of plotly.js.
   The charts are pictures of the tables beside them (aria-hidden, static: no focusable controls). */
(function () {
  var source = document.getElementById("chart-data");
  if (!source || !window.Plotly) { return; }
  var data = JSON.parse(source.textContent);
  // every colour comes with the data, from figures/colors.py (the one home of the palette)
  var palette = data.palette;
  var font = { family: "Noto Sans KR, Malgun Gothic, NanumGothic, sans-serif", size: 14, color: palette.text };
  var config = { staticPlot: true, responsive: true, displayModeBar: false };
  var colors = palette.series;
  function layout(extra) {
    var base = { font: font, margin: { l: 10, r: 10, t: 10, b: 40 }, paper_bgcolor: palette.paper, plot_bgcolor: palette.paper,
                 showlegend: false, xaxis: { automargin: true, gridcolor: palette.grid },
                 yaxis: { automargin: true, gridcolor: palette.grid } };
    for (var key in extra) { base[key] = extra[key]; }
    return base;
  }
  // a phone gets shorter labels and two-digit years, so nothing collides (the tables hold the full text)
  var narrow = (document.querySelector("main") || document.body).clientWidth < 560;
  var limit = narrow ? 8 : 14;
  function short(name) { return name.length > limit ? name.slice(0, limit - 1) + "…" : name; }
  function yearText(y) { return narrow ? "'" + String(y).slice(2) : y + "년"; }
  function asOfLine(y0, y1) {
    return [{ type: "line", x0: data.asOf, x1: data.asOf, y0: y0, y1: y1, yref: "paper",
              line: { color: palette.asOf, width: 2, dash: "dot" } }];
  }
  function years(values) {
    var lo = Math.floor(Math.min.apply(null, values)), hi = Math.ceil(Math.max.apply(null, values)), ticks = [];
    var step = Math.max(1, Math.ceil((hi - lo) / 6));
    for (var y = lo; y <= hi; y += step) { ticks.push(y); }
    return ticks;
  }
  // 추진일정: one bar per run of consecutive scheduled quarters
  var gantt = document.getElementById("chart-gantt");
  if (gantt && data.gantt.length) {
    var bars = { type: "bar", orientation: "h", x: [], base: [], y: [], marker: { color: palette.bar } }, all = [];
    data.gantt.forEach(function (row) {
      var qs = row.quarters.map(function (q) { var p = q.split("Q"); return +p[0] + (+p[1] - 1) / 4; });
      qs.forEach(function (start, i) {
        if (i > 0 && Math.abs(qs[i - 1] + 0.25 - start) < 1e-6) { bars.x[bars.x.length - 1] += 0.25; return; }
        bars.base.push(start); bars.x.push(0.25); bars.y.push(short(row.name));
      });
      all = all.concat(qs, qs.map(function (q) { return q + 0.25; }));
    });
    all.push(data.asOf);
    var ticks = years(all);
    Plotly.newPlot(gantt, [bars], layout({ height: 80 + 40 * data.gantt.length, shapes: asOfLine(0, 1),
      xaxis: { tickvals: ticks, ticktext: ticks.map(yearText), tickangle: 0, gridcolor: palette.grid },
      yaxis: { autorange: "reversed", automargin: true } }), config);
  }
  // 계획 대비 실적: a dotted plan and a solid actual line per sub-project
  var paths = document.getElementById("chart-paths");
  if (paths && data.paths.length) {
    var traces = [], xs = [data.asOf];
    data.paths.forEach(function (row, i) {
      var color = colors[i % colors.length];
      [["plan", "dot"], ["actual", "solid"]].forEach(function (kind) {
        var pts = row[kind[0]];
        if (!pts.length) { return; }
        traces.push({ type: "scatter", mode: "lines+markers", name: short(row.name),
          x: pts.map(function (p) { return p[0]; }), y: pts.map(function (p) { return p[1]; }),
          line: { color: color, dash: kind[1], width: 2 }, marker: { size: 6 } });
        xs = xs.concat(pts.map(function (p) { return p[0]; }));
      });
    });
    // a point is the cumulative value at the end of its year: ticks at year ends say so
    var ticks2 = years(xs), top = 0;
    traces.forEach(function (t) { t.y.forEach(function (v) { top = Math.max(top, v); }); });
    Plotly.newPlot(paths, traces, layout({ height: 320, shapes: asOfLine(0, 1), margin: { l: 50, r: 20, t: 10, b: 40 },
      xaxis: { tickvals: ticks2, ticktext: ticks2.map(function (y) { return yearText(y - 1) + " 말"; }), tickangle: 0,
              gridcolor: palette.grid },
      yaxis: { range: [0, Math.max(100, top) * 1.05], gridcolor: palette.grid } }), config);
  }
  // 분기별 이행: the pledge's 이행률 at each approved quarter of its set
  var history = document.getElementById("chart-history");
  if (history && data.history.length > 1) {
    var hx = data.history.map(function (h) { return h.x; });
    var span = hx[hx.length - 1] - hx[0], pad = span * (narrow ? 0.12 : 0.05);
    // a label per quarter while they fit: every other (or fewer) on a phone or over many quarters
    var every = Math.max(1, Math.ceil(data.history.length / (narrow ? 4 : 10))), shownTicks = [];
    data.history.forEach(function (h, i) { if ((data.history.length - 1 - i) % every === 0) { shownTicks.push(h); } });
    Plotly.newPlot(history, [{ type: "scatter", mode: "lines+markers+text", x: hx,
      y: data.history.map(function (h) { return h.rate; }),
      text: data.history.map(function (h) { return h.rate === null ? "" : h.rate.toFixed(1) + "%"; }),
      textposition: "top center", cliponaxis: false, line: { color: palette.bar, width: 2 }, marker: { size: 8 } }],
      layout({ height: 220, margin: { l: 45, r: 25, t: 25, b: 40 },
        xaxis: { range: [hx[0] - pad, hx[hx.length - 1] + pad], gridcolor: palette.grid, tickangle: 0,
                 tickvals: shownTicks.map(function (h) { return h.x; }),
                 ticktext: shownTicks.map(function (h) { return narrow ? "'" + h.label.slice(2) : h.label; }) },
        yaxis: { range: [0, 110], tickvals: [0, 25, 50, 75, 100], ticksuffix: "%", gridcolor: palette.grid } }), config);
  }
  // 소요예산: amount by source (백만원)
  var budget = document.getElementById("chart-budget");
  if (budget && data.budget.length) {
    Plotly.newPlot(budget, [{ type: "bar", orientation: "h",
      x: data.budget.map(function (b) { return b.amount; }), y: data.budget.map(function (b) { return b.source; }),
      marker: { color: data.budget.map(function (b, i) { return palette.sources[b.source] || colors[i % colors.length]; }) },
      text: data.budget.map(function (b) { return b.amount.toLocaleString("ko-KR") + "백만원"; }),
      textposition: "auto" }],
      layout({ height: 80 + 50 * data.budget.length, yaxis: { autorange: "reversed", automargin: true },
               xaxis: { tickformat: ",", gridcolor: palette.grid } }), config);
  }
})();
