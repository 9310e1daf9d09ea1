"""Render the pledge-25 charts to PNG for looking at them (not a test).

    .venv/bin/python -m tests.charts.render_screenshots [name ...]

Writes tests/screenshots/charts/<name>.png (git-ignored) through an HTML file
and Debian's headless chromium, so no kaleido is needed. Chromium must be at
/usr/bin/chromium; the Korean font is fonts-nanum.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import plotly.graph_objects as go

OUT = Path(__file__).resolve().parents[1] / "screenshots" / "charts"


def render(fig: go.Figure, name: str, width: int = 1600, height: int | None = None) -> Path:
    """Write `fig` as <name>.html and <name>.png under tests/screenshots/charts."""
    OUT.mkdir(parents=True, exist_ok=True)
    height = height or int(fig.layout.height or 700)
    fig = go.Figure(fig).update_layout(width=width, height=height)
    html = OUT / f"{name}.html"
    fig.write_html(html, include_plotlyjs=True, full_html=True, config={"staticPlot": True})
    png = OUT / f"{name}.png"
    subprocess.run(
        [
            "/usr/bin/chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            f"--window-size={width + 20},{height + 20}",
            f"--screenshot={png}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return png


def main(names: list[str]) -> None:
    from figures.charts import budget, changes, gantt, overview, paths, timeline, wards
    from tests.charts import conftest as c

    figs = {
        "gantt": lambda: gantt.gantt(c.make_schedule(), c.make_subprogress(), c.AS_OF),
        "paths": lambda: paths.progress_paths(c.make_points(), c.make_subprogress(), c.AS_OF),
        "budget_by_year": lambda: budget.budget_by_year(c.make_pledge_by_year_source()),
        "source_split": lambda: budget.source_split(c.make_pledge_by_source()),
        "subproject_budget": lambda: budget.subproject_budget(c.make_subproject_totals()),
        "split_per_pledge": lambda: budget.split_per_pledge(
            c.make_pledge_by_source(), c.make_pledge_progress()
        ),
        "status_counts": lambda: overview.status_counts(c.make_pledge_progress()),
        "stage_counts": lambda: overview.stage_counts(c.make_pledge_progress()),
        "ward_comparison": lambda: wards.ward_comparison(c.make_wards()),
        "rate_lines": lambda: changes.rate_lines(c.make_rate_history()),
        "timeline": lambda: timeline.achievements_timeline(c.make_achievements(), c.AS_OF),
        "empty": lambda: gantt.gantt(None, None, c.AS_OF),
    }
    for name in names or list(figs):
        print(render(figs[name](), name))


if __name__ == "__main__":
    main(sys.argv[1:])
