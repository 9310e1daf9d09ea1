"""The published site's pages: a quarter, a pledge (with its path across the quarters of its set), a ward.

Each function turns one `PublishedQuarter` (or a ward's list of them) into the values its
Jinja2 template shows, every number formatted as the dashboard formats it, and writes the
page. Links are relative; a page names its ward's Atom feed in `<head>`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from documents.site import evidence as site_evidence
from documents.site import markup, opendata
from documents.site.quarter import PublishedQuarter, chart_data
from documents.site.terms import mayor_title, quarter_title
from figures.adjustments import Adjustment, shown
from figures.colors import site_variables
from figures.formatting import (
    NONE_TEXT,
    format_date,
    format_money,
    format_rate,
    quarter_label,
    rate_text,
)
from figures.funding import NOT_ENTERED
from figures.terms import PledgeSet

FIELDS = [("field", "분야"), ("term", "임기구분"), ("owner", "사업주체"), ("novelty", "신규여부"),
          ("period", "사업시기"), ("budget_kind", "예산구분"), ("stage", "이행단계")]
TEXTS = [("support", "정부·서울시 도움"), ("overview", "정책개요"), ("situation", "현황"), ("goal", "목표"),
         ("plan", "추진계획")]
FEED_TITLE = "{} 공약 이행 소식 (Atom)"


def environment() -> Environment:
    # auto_reload off: templates do not change during a publication, so no file check per page
    env = Environment(loader=PackageLoader("documents.site", "templates"), auto_reload=False,
                      autoescape=select_autoescape(["html", "xml"]), trim_blocks=True, lstrip_blocks=True)
    # the site's colours, from figures/colors.py: site.css reads them as custom properties
    env.globals.update(status=markup.status, table=markup.table, palette_css=site_variables())
    return env


def slug(text: str) -> str:
    """A file-name-safe form of a ward name or 공약번호 (Korean letters kept)."""
    return re.sub(r"[^0-9A-Za-z가-힣._-]", "_", str(text)) or "_"


def pledge_file(pledge_id: str) -> str:
    return f"pledge-{slug(pledge_id)}.html"


def _ratio(ratio) -> str:
    # no break inside "(0 / 3)": a narrow column wraps only before it
    return f"{format_rate(ratio.rate)} ({ratio.numerator}\u00a0/\u00a0{ratio.denominator})" \
        if ratio.rate is not None else NONE_TEXT


def _share(part: int, whole: int) -> str:
    return format_rate(part / whole * 100) if whole and part else NONE_TEXT


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def summary_row(quarter: PublishedQuarter, href: str) -> dict:
    """A quarter's line in the index's and the ward page's tables."""
    return {"ward": quarter.ward, "as_of": format_date(quarter.as_of), "count": len(quarter.pledges),
            "rate": rate_text(quarter.summary["rate"]), "value": quarter.summary["rate"],
            "completion": _ratio(quarter.evaluation.completion), "annual": _ratio(quarter.evaluation.annual),
            "href": href, "set": quarter.set_name}


def evaluation_figures(quarter: PublishedQuarter) -> list[tuple[str, str, str]]:
    money = quarter.summary
    return [
        ("구 이행률", rate_text(money["rate"]), "공약별 이행률의 평균"),
        ("공약 이행 완료율", _ratio(quarter.evaluation.completion), "완료 공약 / 전체 공약"),
        (f"연차 목표 달성률 ({quarter.evaluation.year}년)", _ratio(quarter.evaluation.annual),
         "연차 목표 달성 공약 / 전체 공약"),
        ("재정 확보율", format_rate(money["secured_rate"]) if money["secured_rate"] is not None else NOT_ENTERED,
         f"{quarter.as_of.year}년까지 확보 ÷ 계획"),
    ]


def pledge_rows(quarter: PublishedQuarter, folder: str = "") -> list[dict]:
    """The pledge list: status, 이행률, budget and the link to each pledge's page (`folder` prefixes it)."""
    rows = []
    for p in quarter.pledges:
        total, by_source = p["budget"]["total"], p["budget"]["by_source"]
        rows.append({"id": p["id"], "title": p["title"], "status": p["status"], "rate": rate_text(p["rate"]),
                     "total": format_money(total) if total else NOT_ENTERED,
                     "gu": _share(by_source.get("구비", 0), total), "si": _share(by_source.get("시비", 0), total),
                     "href": folder + quote(pledge_file(p["id"]))})
    return rows


def adjustment_rows(adjustments: list[Adjustment], *, with_pledge: bool) -> list[list[str]]:
    """공약 조정 as the pages list them: the unexplained first, each with its reason (or 사유 미기재)."""
    rows = []
    for a in sorted(adjustments, key=lambda a: a.explained):
        row = [a.kind, a.subproject or "공약 전체", shown(a.kind, a.before), shown(a.kind, a.after),
               a.row.reason if a.row else "사유 미기재", (a.row.review or NONE_TEXT) if a.row else NONE_TEXT,
               (a.row.raw_date or NONE_TEXT) if a.row else NONE_TEXT]
        rows.append([f"{a.pledge_id}. {a.title}", *row] if with_pledge else row)
    return rows


def quarter_page(env: Environment, quarter: PublishedQuarter, folder: Path, crumbs: list, feeds: list) -> None:
    changes = [[f"{c['id']}. {c['title']}", c["what"],
                f"{rate_text(c.get('rate_before'))} → {rate_text(c.get('rate_after'))}" if c["what"] == "변동" else NONE_TEXT,
                f"{c.get('status_before')} → {c.get('status_after')}" if c["what"] == "변동" else NONE_TEXT]
               for c in quarter.changes]
    downloads = opendata.write(quarter, folder / "data")
    site_evidence.write(folder, quarter.evidence, quarter.evidence_files)
    write(folder / "index.html", env.get_template("quarter.html").render(
        title=f"{quarter.ward} {format_date(quarter.as_of)} 기준", root="../../", crumbs=crumbs, feeds=feeds,
        ward=quarter.ward, heading=quarter_title(quarter), figures=evaluation_figures(quarter),
        pledges=pledge_rows(quarter), changes=changes, downloads=downloads,
        final=quarter.owner is not None and quarter.owner.final_record == quarter.as_of, set_name=quarter.set_name,
        previous=format_date(quarter.previous_as_of) if quarter.previous_as_of else None,
        adjustments=adjustment_rows(quarter.adjustments, with_pledge=True),
        plan=format_date(quarter.plan_as_of) if quarter.plan_as_of else None))


def _number(value: object) -> str:
    return NONE_TEXT if value is None else f"{value:g}"


def pledge_page(env: Environment, quarter: PublishedQuarter, pledge: dict, folder: Path, crumbs: list,
                feeds: list, history: list[dict], pdf: str | None) -> None:
    """The card's content with charts, its path across the set's approved quarters and its adjustments."""
    record = quarter.records[pledge["id"]]
    subs = pledge["subprojects"]
    total = pledge["budget"]["total"]
    schedule = [[s["name"], f"{quarter_label(s['quarters'][0])} ~ {quarter_label(s['quarters'][-1])}"
                 if s["quarters"] else "일정 미입력", len(s["quarters"]), s["status"]] for s in subs]
    rows = [[s["name"], _number(s["target"]), _number(s["planned"]), _number(s["actual"]), rate_text(s["rate"]),
             s["status"]] for s in subs]
    budget = [[source, f"{amount / 1_000_000:,.0f}", _share(amount, total)]
              for source, amount in pledge["budget"]["by_source"].items()]
    page = pledge_file(pledge["id"])
    path = [{**h, "href": None if h["as_of"] == quarter.as_of else f"../{h['folder']}/{quote(page)}"}
            for h in history]
    charts = json.dumps(chart_data(quarter, pledge, history), ensure_ascii=False).replace("<", "\\u003c")
    mine = [a for a in quarter.adjustments if a.pledge_id == pledge["id"]]
    write(folder / page, env.get_template("pledge.html").render(
        title=f"공약 {pledge['id']}. {pledge['title']}", root="../../", crumbs=crumbs, feeds=feeds,
        ward=quarter.ward, heading=quarter_title(quarter), pdf=pdf,
        p={"id": pledge["id"], "title": pledge["title"], "status": pledge["status"], "rate": rate_text(pledge["rate"]),
           "total": format_money(total) if total else NOT_ENTERED},
        fields=[(label, record.get(key)) for key, label in FIELDS if record.get(key)],
        texts=[(label, str(record[key]).splitlines()) for key, label in TEXTS if record.get(key)],
        schedule=schedule, subprojects=rows, budget=budget, set_name=quarter.set_name, path=path,
        adjustments=adjustment_rows(mine, with_pledge=False),
        plan=format_date(quarter.plan_as_of) if quarter.plan_as_of else None,
        achievements=quarter.achievements.get(pledge["id"], []),
        evidence=site_evidence.for_page(quarter.evidence, pledge["id"]),
        contacts=[(label, record.get(key) or NOT_ENTERED) for key, label in
                  (("department", "담당부서"), ("manager", "담당자"), ("contact", "연락처"))],
        charts=charts))


def ward_page(env: Environment, ward: str, quarters: list[PublishedQuarter], sets: list[PledgeSet],
              ward_dir: Path, feeds: list) -> list[dict]:
    """The ward's page: its latest approved quarter first (figures and pledge list), then the current
    set's other quarters, then each earlier set's final record (`민선 8기 최종 실적`). Its index rows,
    newest first."""
    latest = quarters[-1]
    rows = {q.as_of: summary_row(q, f"{q.as_of.isoformat()}/index.html") for q in quarters}
    current = latest.owner
    earlier = []
    for owner in reversed(sets):
        if owner is current or owner.number > (current.number if current else 0):
            continue
        dates = [d for d in reversed(owner.dates) if d in rows]
        final = owner.dates[-1]
        named = next(q.set_name for q in quarters if q.owner is owner)
        earlier.append({"name": named, "final": rows[final], "others": [rows[d] for d in dates if d != final]})
    this_set = [rows[d] for d in reversed(current.dates) if d in rows] if current else [rows[latest.as_of]]
    write(ward_dir / "index.html", env.get_template("ward.html").render(
        title=ward, root="../", crumbs=[("전체", "../index.html"), (ward, None)], feeds=feeds, ward=ward,
        latest=rows[latest.as_of], heading=quarter_title(latest), set_name=latest.set_name,
        mayor=f"{mayor_title(ward)} {current.mayor}" if current and current.mayor else None,
        figures=evaluation_figures(latest),
        pledges=pledge_rows(latest, f"{latest.as_of.isoformat()}/"), this_set=this_set, earlier=earlier,
        count=len(quarters)))
    return [rows[q.as_of] for q in reversed(quarters)]
