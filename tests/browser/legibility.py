"""What the legibility test measures in the browser, kept apart so a bench or a by-hand run can reuse it.

- every visible SVG text of every plotly chart (`.js-plotly-plot svg text`) with its box:
  two boxes that overlap, a box outside its chart, a chart wider than the window;
- English (or "None"/"nan") left on the page: in the text, in placeholders, titles and aria-labels;
- requests that left the machine (anything but 127.0.0.1 / localhost / data: / blob:).

A 120-pledge ward with 40+ character names (bench/workbooks.py with longer names) is built here too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from pathlib import Path
from urllib.parse import urlparse

#: words of Streamlit's (or pandas') own English that must never reach an official
DENY = ["empty", "None", "nan", "NaN", "NaT", "Choose", "Drag and drop", "Browse files", "per file",
        "Download as CSV", "Search", "Fullscreen", "Show/hide columns", "Clear all", "No results",
        "Upload", "No options", "Running", "Press Enter", "Select all", "undefined",
        "Skip to main content", "Page not found", "main page"]
_DENY_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(w) for w in DENY) + r")(?![A-Za-z])")
#: a tolerance for boxes that touch by a pixel of font ascent
TOUCH = 1.5

_COLLECT = """
() => {
  const hidden = (el, stop) => {
    for (let e = el; e && e !== stop; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) return true;
      if (e.getAttribute && (e.getAttribute('opacity') === '0' || e.getAttribute('display') === 'none')) return true;
    }
    return false;
  };
  const charts = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const pr = plot.getBoundingClientRect();
    if (pr.width === 0 || pr.height === 0 || hidden(plot, document.body)) continue;
    const texts = [];
    for (const t of plot.querySelectorAll('svg text')) {
      if (!t.textContent.trim() || t.closest('.hoverlayer')) continue;
      if (hidden(t, plot)) continue;
      const r = t.getBoundingClientRect();
      if (r.width < 0.5 || r.height < 0.5) continue;
      texts.push({text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom});
    }
    const title = plot.querySelector('.gtitle');
    charts.push({title: title ? title.textContent : '', x0: pr.left, y0: pr.top, x1: pr.right, y1: pr.bottom,
                 texts});
  }
  return {width: window.innerWidth, charts};
}
"""

_WORDS = """
() => {
  const seen = [document.body.innerText];
  for (const el of document.querySelectorAll('[placeholder],[title],[aria-label]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    for (const a of ['placeholder', 'title', 'aria-label']) {
      const v = el.getAttribute(a);
      if (v) seen.push(v);
    }
  }
  return seen.join('\\n');
}
"""


def _overlap(a: dict, b: dict) -> bool:
    return min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > TOUCH and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > TOUCH


def measure(page) -> dict:
    """Overlapping text pairs, texts cut at the chart's edge, charts wider than the window."""
    found = page.evaluate(_COLLECT)
    overlaps, outside, too_wide = [], [], []
    for chart in found["charts"]:
        name = chart["title"][:30]
        texts = chart["texts"]
        if chart["x1"] > found["width"] + 1 or chart["x0"] < -1:
            too_wide.append(name)
        for i, a in enumerate(texts):
            if (a["x0"] < chart["x0"] - 1 or a["x1"] > chart["x1"] + 1 or a["y0"] < chart["y0"] - 1
                    or a["y1"] > chart["y1"] + 1):
                outside.append((name, a["text"][:40]))
            overlaps += [(name, a["text"][:40], b["text"][:40]) for b in texts[i + 1:] if _overlap(a, b)]
    return {"charts": len(found["charts"]), "overlaps": overlaps, "outside": outside, "too_wide": too_wide}


_METRICS = """
() => {
  const cut = [];
  for (const metric of document.querySelectorAll('[data-testid=stMetric]')) {
    const box = metric.getBoundingClientRect();
    if (box.width === 0) continue;
    for (const el of metric.querySelectorAll('[data-testid=stMetricValue] *, [data-testid=stMetricLabel] *')) {
      if (!el.textContent.trim() || el.children.length) continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const ellipsis = style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1;
      if (ellipsis || r.right > box.right + 1 || r.left < box.left - 1) cut.push(el.textContent.trim());
    }
  }
  return cut;
}
"""


def cut_metrics(page) -> list[str]:
    """Metric values and labels shown cut short (`6,268…`) or spilling out of their card."""
    return page.evaluate(_METRICS)


def english(page) -> list[str]:
    """Deny-listed words seen on the page (text, placeholders, tooltips, aria-labels)."""
    return sorted({m.group(1) for m in _DENY_RE.finditer(page.evaluate(_WORDS))})


def off_machine(urls: list[str]) -> list[str]:
    """Requests to any host but this machine."""
    bad = []
    for url in urls:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about", "chrome-extension"):
            continue
        if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
            bad.append(url)
    return bad


def settle(page, *, quiet: float = 1.5, limit: float = 120) -> None:
    """Wait until the app stopped running and the page (charts included) stopped changing."""
    deadline = time.time() + limit
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=limit * 1000)
    last, since = None, time.time()
    while time.time() < deadline:
        state = page.evaluate(_STATE)
        if state != last:
            last, since = state, time.time()
        elif not state["running"] and state["charts"] == state["drawn"] and time.time() - since >= quiet:
            return
        time.sleep(0.25)
    raise AssertionError(f"the page did not settle within {limit:.0f} s: {last}")


_STATE = """
() => ({
  running: (document.querySelector('[data-testid="stApp"]') || {dataset: {}}).dataset.testScriptState !== 'notRunning'
           || document.querySelectorAll('[data-stale="true"]').length > 0
           || !!document.querySelector('[data-testid="stSkeleton"]'),
  charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
  drawn: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
           .filter(c => c.querySelector('.js-plotly-plot .main-svg')).length,
  texts: document.querySelectorAll('.js-plotly-plot svg text').length,
  length: document.body.innerText.length,
})
"""


LONG_TITLE = "주민 생활 밀착형 공공서비스 확충과 지역 산업 거점 육성을 위한 종합 추진 사업 (1단계)"
LONG_SUB = "노후 공공시설 리모델링 및 주민 편의시설 확충 기본계획 수립 용역과 실시설계"


def long_ward_workbook(path: Path, ward: str = "강서구", as_of: dt.date = dt.date(2020, 12, 31),
                       pledges: int = 120) -> Path:
    """bench/workbooks.py's 120-pledge ward with real-length names (titles and sub-projects 40+ characters)."""
    from bench.workbooks import ward_snapshot
    from loaders.template import write_workbook

    snap = ward_snapshot(ward, as_of, pledges)

    def sub(name: str | None) -> str | None:
        if name is None:
            return None
        return f"{name.removeprefix('세부사업 ')} {LONG_SUB}"

    def renamed(item):
        changes = {}
        if hasattr(item, "subproject"):
            changes["subproject"] = sub(item.subproject)
        if isinstance(item, type(snap.subprojects[0])):
            changes["name"] = sub(item.name)
        if hasattr(item, "title"):
            changes["title"] = f"{ward} 공약 {item.pledge_id}: {LONG_TITLE}"
        if hasattr(item, "text") and hasattr(item, "raw_date"):
            changes["text"] = f"{sub(item.subproject)} 착수보고회 개최"
        return dataclasses.replace(item, **changes)

    long = dataclasses.replace(snap, **{k: tuple(renamed(i) for i in getattr(snap, k))
                                        for k in ("pledges", "subprojects", "budget", "indicators", "points",
                                                  "achievements")})
    assert min(len(p.title) for p in long.pledges) >= 40 and min(len(s.name) for s in long.subprojects) >= 40
    write_workbook(long, path)
    return path


def full_shot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main section, so the window is made as tall as it."""
    size = page.viewport_size
    tall = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], "
                         "[data-testid=\"stAppViewContainer\"], section')].map(e => e.scrollHeight), 0)")
    page.set_viewport_size({"width": size["width"], "height": min(max(tall + 40, size["height"]), 16000)})
    page.wait_for_timeout(700)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
