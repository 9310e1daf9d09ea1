"""`pledges publish`: a static site of every ward's approved quarters, with open data, for residents.

Plain files a ward's web team copies to its server: relative links only, one shared copy
of plotly.js and the site's CSS/JS under assets/, nothing fetched from another host, and
every page works from `file://` as well as over HTTP. Per ward and 기준일 the latest
approved version is published (`store.review.published_ids`).

Layout: index.html · assets/ · {구}/index.html · {구}/{기준일}/index.html (pledge list,
changes, open data) · {구}/{기준일}/pledge-{번호}.html (the card's content with charts) ·
{구}/{기준일}/data/*.csv|json · the newest quarter's card PDFs beside its pledge pages.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from documents.site import opendata
from documents.site.quarter import PublishedQuarter, attach_changes, chart_data, published_quarter
from figures.formatting import format_date, format_money, format_rate
from figures.funding import NOT_ENTERED

ASSETS = Path(__file__).resolve().parent / "assets"
CITY = "서울특별시"
STATUS_CLASSES = {"완료": "done", "정상": "ok", "지연": "late", "보류": "hold", "폐기": "hold"}
FIELDS = [("field", "분야"), ("term", "임기구분"), ("owner", "사업주체"), ("novelty", "신규여부"),
          ("period", "사업시기"), ("budget_kind", "예산구분"), ("stage", "이행단계")]
TEXTS = [("support", "정부·서울시 도움"), ("overview", "정책개요"), ("situation", "현황"), ("goal", "목표"),
         ("plan", "추진계획")]


@dataclass
class PublishResult:
    wards: int
    quarters: int
    pledge_pages: int
    pdfs: int
    seconds: float


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("documents.site", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.globals["status_class"] = lambda s: STATUS_CLASSES.get(s, "none")
    return env


def slug(text: str) -> str:
    """A file-name-safe form of a ward name or 공약번호 (Korean letters kept)."""
    return re.sub(r"[^0-9A-Za-z가-힣._-]", "_", str(text)) or "_"


def _rate(value: float | None) -> str:
    return format_rate(value) if value is not None else "지표 없음"


def _ratio(ratio) -> str:  # noqa: ANN001 - figures.evaluation.Ratio
    return f"{format_rate(ratio.rate)} ({ratio.numerator} / {ratio.denominator})" if ratio.rate is not None else "-"


def _share(part: int, whole: int) -> str:
    return format_rate(part / whole * 100) if whole and part else "-"


def _summary_row(quarter: PublishedQuarter, href: str) -> dict:
    return {"ward": quarter.ward, "as_of": format_date(quarter.as_of), "count": len(quarter.pledges),
            "rate": _rate(quarter.summary["rate"]), "completion": _ratio(quarter.evaluation.completion),
            "annual": _ratio(quarter.evaluation.annual), "href": href}


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _quarter_page(env: Environment, quarter: PublishedQuarter, folder: Path, crumbs: list) -> None:
    ward, as_of = quarter.ward, format_date(quarter.as_of)
    money = quarter.summary
    figures = [
        ("구 이행률", _rate(money["rate"]), "공약별 이행률의 평균"),
        ("공약 이행 완료율", _ratio(quarter.evaluation.completion), "완료 공약 / 전체 공약"),
        (f"연차 목표 달성률 ({quarter.evaluation.year}년)", _ratio(quarter.evaluation.annual),
         "연차 목표 달성 공약 / 전체 공약"),
        ("재정 확보율", format_rate(money["secured_rate"]) if money["secured_rate"] is not None else NOT_ENTERED,
         f"{quarter.as_of.year}년까지 확보 ÷ 계획"),
    ]
    pledges = []
    for p in quarter.pledges:
        total, by_source = p["budget"]["total"], p["budget"]["by_source"]
        pledges.append({"id": p["id"], "title": p["title"], "status": p["status"], "rate": _rate(p["rate"]),
                        "total": format_money(total) if total else NOT_ENTERED,
                        "gu": _share(by_source.get("구비", 0), total), "si": _share(by_source.get("시비", 0), total),
                        "href": f"pledge-{quote(slug(p['id']))}.html"})
    changes = [[f"{c['id']}. {c['title']}", c["what"],
                f"{_rate(c.get('rate_before'))} → {_rate(c.get('rate_after'))}" if c["what"] == "변동" else "-",
                f"{c.get('status_before')} → {c.get('status_after')}" if c["what"] == "변동" else "-"]
               for c in quarter.changes]
    downloads = opendata.write(quarter, folder / "data")
    _write(folder / "index.html", env.get_template("quarter.html").render(
        title=f"{ward} {as_of} 기준", root="../../", crumbs=crumbs, ward=ward, as_of=as_of, figures=figures,
        pledges=pledges, changes=changes, downloads=downloads,
        previous=format_date(quarter.previous_as_of) if quarter.previous_as_of else None))


def _pledge_page(env: Environment, quarter: PublishedQuarter, pledge: dict, folder: Path, crumbs: list,
                 pdf: str | None) -> None:
    record = quarter.records[pledge["id"]]
    subs = pledge["subprojects"]
    total = pledge["budget"]["total"]
    schedule = [[s["name"], f"{s['quarters'][0].replace('Q', '년 ')}분기 ~ {s['quarters'][-1].replace('Q', '년 ')}분기"
                 if s["quarters"] else "일정 미입력", len(s["quarters"]), s["status"]] for s in subs]
    def number(v: object) -> str:
        return "-" if v is None else f"{v:g}"

    rows = [[s["name"], number(s["target"]), number(s["planned"]), number(s["actual"]), _rate(s["rate"]),
             s["status"]] for s in subs]
    budget = [[source, f"{amount / 1_000_000:,.0f}", _share(amount, total)]
              for source, amount in pledge["budget"]["by_source"].items()]
    charts = json.dumps(chart_data(quarter, pledge), ensure_ascii=False).replace("<", "\\u003c")
    _write(folder / f"pledge-{slug(pledge['id'])}.html", env.get_template("pledge.html").render(
        title=f"공약 {pledge['id']}. {pledge['title']}", root="../../", crumbs=crumbs, ward=quarter.ward,
        as_of=format_date(quarter.as_of), pdf=pdf,
        p={"id": pledge["id"], "title": pledge["title"], "status": pledge["status"], "rate": _rate(pledge["rate"]),
           "total": format_money(total) if total else NOT_ENTERED},
        fields=[(label, record.get(key)) for key, label in FIELDS if record.get(key)],
        texts=[(label, str(record[key]).splitlines()) for key, label in TEXTS if record.get(key)],
        schedule=schedule, subprojects=rows, budget=budget,
        achievements=quarter.achievements.get(pledge["id"], []),
        contacts=[(label, record.get(key) or NOT_ENTERED) for key, label in
                  (("department", "담당부서"), ("manager", "담당자"), ("contact", "연락처"))],
        charts=charts))


def _publish_ward(url: str, ward: str, ids: list[tuple[dt.date, int]], out: str, pdf: bool) -> list[dict]:
    """One ward's pages (run in a worker process); its rows for the index, newest first."""
    from store import open_store

    store = open_store(url)
    env = _environment()
    frames = store.frames_by_ids([sid for _, sid in ids])
    kept = store.figures_by_ids([sid for _, sid in ids])
    quarters = [published_quarter(frames[sid], kept.get(sid)) for _, sid in sorted(ids)]
    for before, current in zip([None, *quarters[:-1]], quarters, strict=True):
        attach_changes(current, before)
    ward_dir = Path(out) / slug(ward)
    rows = []
    for quarter in reversed(quarters):
        folder = ward_dir / quarter.as_of.isoformat()
        href = f"{quote(quarter.as_of.isoformat())}/index.html"
        crumbs = [("전체", "../../index.html"), (ward, "../index.html"), (f"{format_date(quarter.as_of)} 기준", None)]
        _quarter_page(env, quarter, folder, crumbs)
        newest = not rows
        for pledge in quarter.pledges:
            pdf_name = None
            if pdf and newest:
                import documents

                pdf_name = f"pledge-{slug(pledge['id'])}.pdf"
                (folder / pdf_name).write_bytes(documents.card_pdf(store, ward, quarter.as_of, pledge["id"]))
            pledge_crumbs = [*crumbs[:2], (f"{format_date(quarter.as_of)} 기준", "index.html"),
                             (f"공약 {pledge['id']}", None)]
            _pledge_page(env, quarter, pledge, folder, pledge_crumbs, pdf_name)
        rows.append(_summary_row(quarter, href))
    _write(ward_dir / "index.html", env.get_template("ward.html").render(
        title=ward, root="../", crumbs=[("전체", "../index.html"), (ward, None)], ward=ward, quarters=rows))
    store.engine.dispose()
    return rows


def publish(store, out: Path, *, wards: list[str] | None = None, pdf: bool = True,  # noqa: ANN001
            processes: int = 2) -> PublishResult:
    """Write the site into `out` (created; files of an earlier publication are replaced)."""
    started = time.perf_counter()
    published = store.published(wards)
    by_ward: dict[str, list[tuple[dt.date, int]]] = {}
    for (ward, as_of), sid in published.items():
        by_ward.setdefault(ward, []).append((as_of, sid))
    out.mkdir(parents=True, exist_ok=True)
    assets = out / "assets"
    assets.mkdir(exist_ok=True)
    for name in ("site.css", "site.js"):
        shutil.copyfile(ASSETS / name, assets / name)
    plotly_js = assets / "plotly.min.js"
    if not plotly_js.exists():
        from plotly.offline import get_plotlyjs

        plotly_js.write_text(get_plotlyjs(), encoding="utf-8")
    jobs = sorted(by_ward.items())
    if processes > 1 and len(jobs) > 1:
        context = multiprocessing.get_context("fork")
        store.engine.dispose()  # no pooled connection may be inherited by the workers
        with ProcessPoolExecutor(processes, mp_context=context) as pool:
            results = list(pool.map(_publish_ward, [store.url] * len(jobs), [w for w, _ in jobs],
                                    [ids for _, ids in jobs], [str(out)] * len(jobs), [pdf] * len(jobs)))
    else:
        results = [_publish_ward(store.url, ward, ids, str(out), pdf) for ward, ids in jobs]
    latest = [(ward, rows[0]) for (ward, _), rows in zip(jobs, results, strict=True)]
    for _, row in latest:
        row["href"] = f"{quote(slug(row['ward']))}/index.html"
    groups = [(name, [row for ward, row in latest if (ward == CITY) == city])
              for name, city in (("자치구", False), ("서울특별시 (시 공약)", True))]
    _write(out / "index.html", _environment().get_template("index.html").render(
        title="공약 이행 현황 공개", root="", crumbs=[], groups=[g for g in groups if g[1]]))
    n_pledges = sum(len(rows) for rows in results)
    pages = sum(int(r["count"]) for rows in results for r in rows)
    return PublishResult(len(jobs), n_pledges, pages, sum(int(rows[0]["count"]) for rows in results) if pdf else 0,
                         time.perf_counter() - started)
