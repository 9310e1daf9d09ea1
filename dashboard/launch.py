"""What `pledges serve` runs: Streamlit's server, with everything a page needs loaded before it listens.

A fresh server used to make its first officials wait while the pages' modules were imported and
plotly loaded the validators of each kind of chart (plotly imports them lazily, on the first
figure of each kind): the first page of every session arriving in the first minute paid for it.
Here one sample quarter (data/영등포구_2020-12-31.xlsx, a workbook this project wrote) is read
and every chart of every page is drawn once, in this process, before the server starts; then
`streamlit run` takes over with the same arguments. Nothing is kept but what Python keeps of
imported modules: the figures and charts of the store are read from what it keeps, as always.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "영등포구_2020-12-31.xlsx"
_LOG = logging.getLogger(__name__)


def prepare() -> None:
    """Import the pages' modules and draw each chart of each page once (from the sample quarter)."""
    import plotly.io as pio
    import streamlit.emojis  # noqa: F401  (its pattern of every emoji, compiled on the first Korean alert)

    import dashboard.components
    import dashboard.data  # noqa: F401
    import documents  # noqa: F401
    from figures.charts.budget import budget_by_year, source_split, subproject_budget
    from figures.charts.changes import rate_lines
    from figures.charts.gantt import gantt
    from figures.charts.overview import stage_counts, status_counts
    from figures.charts.paths import progress_paths
    from figures.charts.theme import TEMPLATE
    from figures.charts.timeline import achievements_timeline
    from figures.quarter import build_quarter, pledge_view
    from figures.snapshot import rate_part, snapshot_figures
    from loaders import read_workbook
    from loaders.frames import to_frames

    # Streamlit made its own template the default when it was imported; every chart sets ours, and a
    # figure that starts on it skips that step (a quarter of apply_theme's time)
    pio.templates.default = TEMPLATE
    if not SAMPLE.exists():
        return
    frames = to_frames(read_workbook(SAMPLE).snapshot)
    quarter = build_quarter(frames, history_documents=(rate_part(snapshot_figures(frames)),))
    view = pledge_view(quarter, str(quarter.pledges["pledge_id"].iloc[0]))
    for figure in (status_counts(quarter.pledges), stage_counts(quarter.pledges), rate_lines(quarter.history),
                   gantt(view.schedule, view.subprojects, quarter.as_of),
                   progress_paths(view.points, view.subprojects, quarter.as_of),
                   budget_by_year(view.by_year), source_split(view.by_source),
                   subproject_budget(view.subproject_totals), achievements_timeline(view.achievements, quarter.as_of)):
        figure.to_plotly_json()


def settle() -> None:
    """Leave what was loaded out of Python's garbage collections from now on (`gc.freeze`).

    The modules, plotly's validators and the sample drawn above are some 200,000 objects that live
    as long as the server. A full collection walked all of them (90 ms, every thread stopped), and
    the first pages of a fresh server, allocating quickly, set off several: ten sessions arriving
    as the server starts took 8.0 s in all and a p95 of 2.9 s, 7.0 s and 2.5 s after this
    (bench/load_bench.py, profiled with py-spy). Cycles made later are collected as before.
    """
    import gc

    gc.collect()
    gc.freeze()


def main() -> None:
    """`python -m dashboard.launch run dashboard/app.py --server.port …`: prepare, then Streamlit's own CLI."""
    # importing the pages outside Streamlit's runtime makes each cached function warn, in English, that
    # it has no runtime yet (it finds it once the server runs): not for the official's terminal
    # (a filter: Streamlit sets its loggers' levels itself when it creates them)
    caching = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    quiet = logging.Filter("not streamlit")  # passes no record of streamlit's loggers
    caching.addFilter(quiet)
    try:
        prepare()
    except Exception:  # a server that starts a little colder is better than none
        _LOG.warning("preparing the pages failed; they load on the first visit", exc_info=True)
    finally:
        caching.removeFilter(quiet)
    from streamlit.web import cli

    settle()

    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
