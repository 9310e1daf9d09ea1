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

Publishing into a folder that holds a publication writes only what changed. Each quarter's files
come in three parts (its page with open data, its pledge pages, its cards), each kept while its
key is the same: the code's output format (`output_format`) and what the part is drawn from (the
published version, its previous quarter, its plan and adjustments, its 증빙; for the pledge pages
also the versions of its set, whose path they show, and whether the cards are linked). The keys
and the files of each part are in MANIFEST in the output folder. The pages that list several
quarters (the ward's and the city's index, the feeds, the map) are always written: they are
cheap. So a second publish with nothing changed reads the store and writes the indexes; a new
quarter costs its own pages and cards, and the pledge pages of its set's earlier quarters (HTML),
whose path gains a point. Card PDFs are drawn after the pages, pledge by pledge on every worker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from documents.site import evidence as site_evidence
from documents.site import feeds, manifest
from documents.site.manifest import MANIFEST
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
#: the output format of the published files: bump it when what a page or a card shows changes in a
#: way the code hashed by `output_format` does not reveal (a font, a library's rendering)
OUTPUT_FORMAT = "2026-12-06.1"
#: the code whose output the pages and cards are (a change to any of it publishes every quarter anew)
_CODE = Path(__file__).resolve().parents[2]
_SOURCES = (("documents", ("*.py", "*.html", "*.css", "*.js")), ("figures", ("*.py",)))
#: card PDFs per task: small enough that both workers stay busy to the end
PDF_BATCH = 6

__all__ = ["MANIFEST", "OUTPUT_FORMAT", "PublishResult", "output_format", "publish", "slug", "summary_row"]

Progress = Callable[[int, int, str], None]


@dataclass
class PublishResult:
    wards: int
    quarters: int
    pledge_pages: int
    pdfs: int
    seconds: float
    #: quarters whose files were all kept from an earlier publication (nothing of theirs written)
    kept: int = 0
    #: files of the quarters' parts written by this run (the indexes, feeds and assets not counted)
    written: int = 0


def output_format() -> str:
    """OUTPUT_FORMAT, the versions of the kept read-model and figures, and a hash of the code that draws."""
    from figures.quarter import MODEL_VERSION
    from figures.snapshot import FIGURES_VERSION

    digest = hashlib.sha256()
    for folder, patterns in _SOURCES:
        for pattern in patterns:
            for path in sorted((_CODE / folder).rglob(pattern)):
                digest.update(str(path.relative_to(_CODE)).encode() + b"\0" + path.read_bytes())
    return f"{OUTPUT_FORMAT}/{MODEL_VERSION}/{FIGURES_VERSION}/{digest.hexdigest()[:16]}"


def _quarters(store, ward: str, ids: list[tuple[dt.date, int]]) -> list[PublishedQuarter]:
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


@dataclass
class _Ward:
    """What a worker did for one ward: its index rows (newest first) and feed entries, its quarters'
    manifest entries, the card PDFs left to draw, how many files it wrote and how many quarters it kept."""

    rows: list[dict]
    entries: list[feeds.FeedEntry]
    manifest: dict
    cards: list[tuple]
    written: int = 0
    kept: int = 0


def _publish_ward(url: str, ward: str, ids: list[tuple[dt.date, int]], out: str, pdf: bool, fmt: str,
                  before: dict) -> _Ward:
    """One ward's pages and feed (run in a worker process), keeping what `before` (the manifest) says is
    unchanged."""
    from store import open_store

    store = open_store(url)
    env = environment()
    quarters = _quarters(store, ward, ids)
    sets = arrange(quarters)
    site_evidence.attach(quarters, store.published_evidence(ward, [q.as_of for q in quarters]))
    for quarter in quarters:
        quarter.evidence_files = store.evidence_files
    paths = histories(quarters)
    ward_dir = Path(out) / slug(ward)
    done = _Ward([], [], {}, [])
    for quarter in quarters:
        where = f"{slug(ward)}/{quarter.as_of.isoformat()}"
        keys = manifest.keys(quarter, quarters, pdf and quarter is quarters[-1], fmt)
        written = _publish_quarter(env, quarter, ward_dir / quarter.as_of.isoformat(), before.get(where, {}),
                                   keys, paths, done.manifest.setdefault(where, {}))
        cards_due = bool(keys["cards"]) and "cards" not in done.manifest[where]
        if cards_due:
            done.cards.append((str(ward_dir / quarter.as_of.isoformat()), where, quarter.snapshot_id,
                               [p.id for p in quarter.evidence], [p["id"] for p in quarter.pledges], keys["cards"]))
        done.written += written
        done.kept += not written and not cards_due
    done.rows = ward_page(env, ward, quarters, sets, ward_dir,
                          [(FEED_TITLE.format(ward), "feed.xml"), (SITE_FEED + " (Atom)", "../feed.xml")])
    done.entries = [feeds.entry(q, q.previous, q.set_name) for q in quarters]
    write(ward_dir / "feed.xml", feeds.render(
        env, title=f"{ward} 공약 이행 소식", id=feeds.feed_id(ward), entries=done.entries, self_href="feed.xml",
        page_href="index.html", author=ward))
    store.engine.dispose()
    return done


def _publish_quarter(env, quarter: PublishedQuarter, folder: Path, before: dict, keys: dict,
                     paths: dict, entry: dict) -> int:
    """A quarter's page and open data, and its pledge pages, each kept when `before` holds it under the
    same key; fills `entry` (part → key and files) and returns how many files were written. Its cards
    are only cleared here (they are drawn on every worker afterwards) or kept."""
    ward = quarter.ward
    feeds_here = [(FEED_TITLE.format(ward), "../feed.xml"), (SITE_FEED + " (Atom)", "../../feed.xml")]
    crumbs = [("전체", "../../index.html"), (ward, "../index.html"), (f"{format_date(quarter.as_of)} 기준", None)]
    written = 0
    for part in ("quarter", "pledges"):
        if manifest.kept(folder, before, part, keys[part]):
            entry[part] = before[part]
            continue
        manifest.clear(folder, before, part)
        if part == "quarter":
            quarter_page(env, quarter, folder, crumbs, feeds_here)
        for pledge in quarter.pledges if part == "pledges" else ():
            pdf_name = pledge_file(pledge["id"]).replace(".html", ".pdf") if keys["cards"] else None
            pledge_crumbs = [*crumbs[:2], (f"{format_date(quarter.as_of)} 기준", "index.html"),
                             (f"공약 {pledge['id']}", None)]
            history = paths.get((quarter.owner.number, pledge["id"]), []) if quarter.owner else []
            pledge_page(env, quarter, pledge, folder, pledge_crumbs, feeds_here, history, pdf_name)
        entry[part] = {"key": keys[part], "files": manifest.files(folder, part)}
        written += len(entry[part]["files"])
    if manifest.kept(folder, before, "cards", keys["cards"]):
        entry["cards"] = before["cards"]
    else:
        manifest.clear(folder, before, "cards")  # the newest quarter's are drawn anew; an older quarter has none
    return written


_stores: dict = {}


def _draw_cards(url: str, folder: str, snapshot_id: int, evidence_ids: list[int], pledge_ids: list[str]) -> int:
    """Card PDFs of some of a quarter's pledges (in a worker: its own store, opened once), drawn from the
    published (approved) version with the 증빙 residents see, not from the version the dashboard shows."""
    import documents

    store = _stores.get(url) or _stores.setdefault(url, _open(url))
    for pledge_id in pledge_ids:
        name = pledge_file(pledge_id).replace(".html", ".pdf")
        (Path(folder) / name).write_bytes(documents.published_card_pdf(store, snapshot_id, pledge_id, evidence_ids))
    store.engine.dispose()
    return len(pledge_ids)


def _open(url: str):
    from store import open_store

    return open_store(url)


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


def publish(store, out: Path, *, wards: list[str] | None = None, pdf: bool = True,
            processes: int = 2, progress: Progress | None = None) -> PublishResult:
    """Write the site into `out` (created; the files of an earlier publication kept where nothing they show
    changed, the others replaced); `progress(done, total, what)` as quarters and cards are done."""
    started = time.perf_counter()
    published = store.published(wards)
    by_ward: dict[str, list[tuple[dt.date, int]]] = {}
    for (ward, as_of), sid in published.items():
        by_ward.setdefault(ward, []).append((as_of, sid))
    out.mkdir(parents=True, exist_ok=True)
    _assets(out)
    fmt, kept = output_format(), manifest.read(out)
    # the largest wards first, so that two workers finish together
    jobs = sorted(by_ward.items(), key=lambda job: (-len(job[1]), job[0]))
    tell = progress or (lambda done, total, what: None)
    pool = None
    if processes > 1 and (len(jobs) > 1 or pdf) and "fork" in multiprocessing.get_all_start_methods():
        store.engine.dispose()  # no pooled connection may be inherited by the workers
        pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
    try:
        done = _pages(pool, store.url, jobs, out, pdf, fmt, kept, tell)
        cards = [card for ward in done for card in ward.cards]
        drawn = _cards(pool, store.url, cards, tell)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    for ward in done:
        kept.update(ward.manifest)
    for folder, where, *_, key in cards:
        kept[where]["cards"] = {"key": key, "files": manifest.files(Path(folder), "cards")}
    manifest.write(out, fmt, kept)
    latest = sorted(((ward, result.rows[0]) for (ward, _), result in zip(jobs, done, strict=True)))
    _index(out, latest, [e for result in done for e in result.entries])
    quarters = sum(len(ids) for _, ids in jobs)
    pages = sum(int(r["count"]) for result in done for r in result.rows)
    return PublishResult(len(jobs), quarters, pages, sum(int(r.rows[0]["count"]) for r in done) if pdf else 0,
                         time.perf_counter() - started, sum(r.kept for r in done),
                         sum(r.written for r in done) + drawn)


def _pages(pool, url: str, jobs: list, out: Path, pdf: bool, fmt: str, before: dict,
           tell: Progress) -> list[_Ward]:
    """Every ward's pages (a ward per worker), in the order of `jobs`, telling as each ward is done."""
    def args(ward: str, ids: list) -> tuple:
        prefix = f"{slug(ward)}/"
        return (url, ward, ids, str(out), pdf, fmt, {k: v for k, v in before.items() if k.startswith(prefix)})

    total, done = sum(len(ids) for _, ids in jobs), 0
    tell(0, total, "공개 화면")
    results: list = [None] * len(jobs)
    if pool and len(jobs) > 1:
        futures = {pool.submit(_publish_ward, *args(ward, ids)): n for n, (ward, ids) in enumerate(jobs)}
        finished = ((futures[f], f.result()) for f in as_completed(futures))
    else:
        finished = ((n, _publish_ward(*args(ward, ids))) for n, (ward, ids) in enumerate(jobs))
    for n, result in finished:
        results[n] = result
        done += len(jobs[n][1])
        tell(done, total, f"공개 화면 ({jobs[n][0]})")
    return results


def _cards(pool, url: str, wanted: list[tuple], tell: Progress) -> int:
    """The card PDFs still to draw, a few pledges per task on every worker; how many were drawn."""
    tasks = [(snapshot_id, shown, folder, ids[i:i + PDF_BATCH])
             for folder, _, snapshot_id, shown, ids, _ in wanted for i in range(0, len(ids), PDF_BATCH)]
    total, done = sum(len(ids) for *_, ids in tasks), 0
    if not total:
        return 0
    tell(0, total, "공약관리카드 PDF")
    if pool:
        drawn = (f.result() for f in as_completed(
            [pool.submit(_draw_cards, url, folder, sid, shown, ids) for sid, shown, folder, ids in tasks]))
    else:
        drawn = (_draw_cards(url, folder, sid, shown, ids) for sid, shown, folder, ids in tasks)
    for count in drawn:
        done += count
        tell(done, total, "공약관리카드 PDF")
    return done
