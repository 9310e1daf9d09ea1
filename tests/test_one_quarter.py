"""Issue 28: one quarter read everywhere. For every pledge, the rate, the budget-weighted rate, the status
and the total budget are the same in `pledges summary --json`, the site's 공약.json and the report's
Excel (공약별 현황), because all three read the read-model the store kept when the quarter was stored."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import openpyxl
import pytest

import documents
from cli.main import main
from documents.site import publish
from loaders.model import BUDGET_UNITS
from store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.workbooks import write_ward

AS_OF = dt.date(2020, 12, 31)


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    folder = tmp_path_factory.mktemp("one")
    url = f"sqlite:///{folder / 'store.sqlite'}"
    store = open_store(url)
    workbook = write_ward(folder / "ward.xlsx", "중랑구", AS_OF, pledges=40, seed=7)
    assert store.import_file(workbook, by="test").status == "stored"
    store.approve("중랑구", AS_OF, by="총괄")
    publish(store, folder / "site", pdf=False)
    yield {"store": store, "url": url, "site": folder / "site"}
    store.engine.dispose()


def _summary(url: str, capsys) -> dict[str, dict]:
    capsys.readouterr()
    assert main(["summary", "--ward", "중랑구", "--json", "--db", url]) == 0
    ward = json.loads(capsys.readouterr().out)["wards"][0]
    return {p["id"]: {"rate": p["rate"], "weighted": p["rate_weighted"], "status": p["status"],
                      "total": p["budget"]["total"]} for p in ward["pledges"]}


def _site(folder: Path) -> dict[str, dict]:
    rows = json.loads((folder / "중랑구" / AS_OF.isoformat() / "data" / "공약.json").read_text("utf-8"))["자료"]
    return {r["공약번호"]: {"rate": r["이행률"], "weighted": r["예산가중이행률"], "status": r["상태"],
                          "total": r["총소요예산_원"]} for r in rows}


def _report(store) -> dict[str, dict]:
    book = openpyxl.load_workbook(io.BytesIO(documents.report_xlsx(store, "중랑구", AS_OF)))
    sheet = book["공약별 현황"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[:2] == ["번호", "공약명"])
    columns = [c for c in rows[header] if c is not None]
    unit = next(c for c in columns if c.startswith("소요예산(")).removeprefix("소요예산(").removesuffix(")")
    found = {}
    for row in rows[header + 1:]:
        if row[0] is None:
            break
        cell = dict(zip(columns, row, strict=False))
        total = cell[f"소요예산({unit})"]
        found[str(cell["번호"])] = {
            "rate": cell["이행률(%)"] if isinstance(cell["이행률(%)"], float | int) else None,
            "weighted": cell["예산가중 이행률(%)"] if isinstance(cell["예산가중 이행률(%)"], float | int) else None,
            "status": cell["상태"],
            "total": round(total * BUDGET_UNITS[unit]) if isinstance(total, float | int) else 0,
        }
    return found


def test_every_pledge_reads_the_same_in_the_summary_the_open_data_and_the_report(stored, capsys):
    summary = _summary(stored["url"], capsys)
    assert len(summary) == 40
    assert _site(stored["site"]) == summary
    assert _report(stored["store"]) == summary
    # the figures were kept: some rates have decimals the three must carry alike
    assert any(v["rate"] is not None and v["rate"] != round(v["rate"], 1) for v in summary.values())
