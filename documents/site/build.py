"""`pledges publish`: a static site of every ward's approved quarters, with open data, for residents.

Plain files a ward's web team copies to its server: relative links only, one shared copy
of plotly.js and the site's CSS/JS under assets/, nothing fetched from another host, and
every page works from `file://` as well as over HTTP (every datum is inline: no page reads
another file). Per ward and 기준일 the latest approved version is published
(`store.review.published_ids`).

Layout: index.html (Seoul's map and the table) · feed.xml (the city's Atom feed) · assets/
(with the map's boundary notice) · {구}/index.html (the latest quarter first, then the
term's other quarters and each earlier term's final record) · {구}/feed.xml ·
{구}/{기준일}/index.html (pledge list, changes, adjustments, open data) ·
{구}/{기준일}/pledge-{번호}.html (the card's content with charts and the pledge's path
across its set) · {구}/{기준일}/data/*.csv|json · the newest quarter's card PDFs.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from documents.site import feeds
from documents.site.pages import (
    FEED_TITLE,
    environment,
    pledge_file,
    pledge_page,
    quarter_page,
    slug,
    summary_row,
    ward_page,
    write,
)
from documents.site.quarter import PublishedQuarter, published_quarter
from documents.site.terms import CITY, arrange, histories
from figures.formatting import format_date
from figures.seoul_map import GEOJSON, seoul_map, ward_names

ASSETS = Path(__file__).resolve().parent / "assets"
SITE_FEED = "서울 자치구 공약 이행 소식"

__all__ = ["PublishResult", "publish", "slug", "summary_row"]


@dataclass
class PublishResult:
    wards: int
    quarters: int
    pledge_pages: int
    pdfs: int
    seconds: float


def _quarters(store, ward: str, ids: list[tuple[dt.date, int]]) -> list[PublishedQuarter]:  # noqa: ANN001
    """The ward's published quarters, oldest first, with their sets, changes, adjustments and approval time."""
    from store.site_reads import adjustments_by_ids

    snapshot_ids = [sid for _, sid in sorted(ids)]
    cores = store.cores_by_ids(snapshot_ids)  # the read-model kept with each version: nothing recomputed
    kept = store.figures_by_ids(snapshot_ids)
    adjusted = adjustments_by_ids(store, snapshot_ids)
    reviews = store.reviews(ward)
    approved = dict(zip(reviews["snapshot_id"], reviews["reviewed_at"], strict=True))
    quarters = []
    for sid in snapshot_ids:
        quarter = published_quarter(cores[sid], kept[sid])
        quarter.snapshot_id = sid
        quarter.adjustments, quarter.plan_as_of = adjusted[sid]
        moment = approved.get(sid)
        quarter.approved_at = moment if isinstance(moment, dt.datetime) else \
            dt.datetime.combine(quarter.as_of, dt.time(), tzinfo=dt.UTC)
        quarters.append(quarter)
    return quarters


def _publish_ward(url: str, ward: str, ids: list[tuple[dt.date, int]], out: str,
                  pdf: bool) -> tuple[list[dict], list[feeds.FeedEntry]]:
    """One ward's pages and feed (run in a worker process): its rows for the index, newest first,
    and its feed entries."""
    from store import open_store

    store = open_store(url)
    env = environment()
    quarters = _quarters(store, ward, ids)
    sets = arrange(quarters)
    paths = histories(quarters)
    ward_dir = Path(out) / slug(ward)
    ward_feeds = [(FEED_TITLE.format(ward), "../feed.xml"), (SITE_FEED + " (Atom)", "../../feed.xml")]
    newest = quarters[-1]
    for quarter in quarters:
        folder = ward_dir / quarter.as_of.isoformat()
        crumbs = [("전체", "../../index.html"), (ward, "../index.html"), (f"{format_date(quarter.as_of)} 기준", None)]
        quarter_page(env, quarter, folder, crumbs, ward_feeds)
        for pledge in quarter.pledges:
            pdf_name = None
            if pdf and quarter is newest:
                import documents

                pdf_name = pledge_file(pledge["id"]).replace(".html", ".pdf")
                (folder / pdf_name).write_bytes(documents.card_pdf(store, ward, quarter.as_of, pledge["id"]))
            pledge_crumbs = [*crumbs[:2], (f"{format_date(quarter.as_of)} 기준", "index.html"),
                             (f"공약 {pledge['id']}", None)]
            history = paths.get((quarter.owner.number, pledge["id"]), []) if quarter.owner else []
            pledge_page(env, quarter, pledge, folder, pledge_crumbs, ward_feeds, history, pdf_name)
    rows = ward_page(env, ward, quarters, sets, ward_dir,
                     [(FEED_TITLE.format(ward), "feed.xml"), (SITE_FEED + " (Atom)", "../feed.xml")])
    entries = [feeds.entry(q, q.previous, q.set_name) for q in quarters]
    write(ward_dir / "feed.xml", feeds.render(
        env, title=f"{ward} 공약 이행 소식", id=feeds.feed_id(ward), entries=entries, self_href="feed.xml",
        page_href="index.html", author=ward))
    store.engine.dispose()
    return rows, entries


def _assets(out: Path) -> None:
    assets = out / "assets"
    (assets / "seoul-maps").mkdir(parents=True, exist_ok=True)
    for name in ("site.css", "site.js"):
        shutil.copyfile(ASSETS / name, assets / name)
    # the map's boundaries are Apache-2.0 (southkorea/seoul-maps): their notice and licence ship with the site
    for name in ("README.md", "LICENSE"):
        shutil.copyfile(GEOJSON.parent / name, assets / "seoul-maps" / name)
    plotly_js = assets / "plotly.min.js"
    if not plotly_js.exists():
        from plotly.offline import get_plotlyjs

        plotly_js.write_text(get_plotlyjs(), encoding="utf-8")


def _index(out: Path, latest: list[tuple[str, dict]], entries: list[feeds.FeedEntry]) -> None:
    """The city's page (the map beside the table) and the city's feed."""
    env = environment()
    for _, row in latest:
        row["href"] = f"{quote(slug(row['ward']))}/index.html"
    groups = [(name, [row for ward, row in latest if (ward == CITY) == city])
              for name, city in (("자치구", False), ("서울특별시 (시 공약)", True))]
    values = {ward: (row["value"], f"구 이행률 {row['rate']} ({row['as_of']} 기준)") for ward, row in latest}
    # every ward's shape links to its page: a ward without an approved quarter gets a page saying so
    # (never over a page an earlier publication wrote: `--ward` publishes some wards only)
    hrefs = {}
    for ward in ward_names():
        hrefs[ward] = f"{quote(slug(ward))}/index.html"
        if ward not in values and not (out / slug(ward) / "index.html").exists():
            write(out / slug(ward) / "index.html", env.get_template("ward_empty.html").render(
                title=ward, root="../", crumbs=[("전체", "../index.html"), (ward, None)],
                feeds=[(SITE_FEED + " (Atom)", "../feed.xml")], ward=ward))
    svg = seoul_map(values, hrefs)
    write(out / "index.html", env.get_template("index.html").render(
        title="공약 이행 현황 공개", root="", crumbs=[], groups=[g for g in groups if g[1]], seoul_map=svg,
        feeds=[(SITE_FEED + " (Atom)", "feed.xml")], mapped=any(ward != CITY for ward, _ in latest)))
    for entry in entries:  # an IRI (RFC 4287 3.4): the ward's folder as it is named, resolvable as a path too
        entry.href = f"{slug(entry.ward)}/{entry.href}"
    write(out / "feed.xml", feeds.render(env, title=SITE_FEED, id=feeds.feed_id(CITY, "자치구 전체"),
                                         entries=entries, self_href="feed.xml", page_href="index.html",
                                         author="공약 이행 현황 공개"))


def publish(store, out: Path, *, wards: list[str] | None = None, pdf: bool = True,  # noqa: ANN001
            processes: int = 2) -> PublishResult:
    """Write the site into `out` (created; files of an earlier publication are replaced)."""
    started = time.perf_counter()
    published = store.published(wards)
    by_ward: dict[str, list[tuple[dt.date, int]]] = {}
    for (ward, as_of), sid in published.items():
        by_ward.setdefault(ward, []).append((as_of, sid))
    out.mkdir(parents=True, exist_ok=True)
    _assets(out)
    # the largest wards first, so that two workers finish together
    jobs = sorted(by_ward.items(), key=lambda job: (-len(job[1]), job[0]))
    if processes > 1 and len(jobs) > 1:
        context = multiprocessing.get_context("fork")
        store.engine.dispose()  # no pooled connection may be inherited by the workers
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            results = list(pool.map(_publish_ward, [store.url] * len(jobs), [w for w, _ in jobs],
                                    [ids for _, ids in jobs], [str(out)] * len(jobs), [pdf] * len(jobs)))
    else:
        results = [_publish_ward(store.url, ward, ids, str(out), pdf) for ward, ids in jobs]
    latest = sorted(((ward, rows[0]) for (ward, _), (rows, _) in zip(jobs, results, strict=True)))
    _index(out, latest, [e for _, entries in results for e in entries])
    n_quarters = sum(len(rows) for rows, _ in results)
    pages = sum(int(r["count"]) for rows, _ in results for r in rows)
    return PublishResult(len(jobs), n_quarters, pages,
                         sum(int(rows[0]["count"]) for rows, _ in results) if pdf else 0,
                         time.perf_counter() - started)
