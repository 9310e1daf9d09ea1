"""Fault 2 of the store-safety issue: text a spreadsheet could run is neutralised by one rule in every
CSV and Excel file the project writes (loaders.safe_text), while JSON keeps it exact."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import openpyxl
import pandas as pd
import pytest

from loaders import read_workbook
from loaders.safe_text import neutralize, restore
from loaders.template import template_bytes
from tests.uploads.test_uploads import P25

LINK = '=HYPERLINK("http://example.com/x","클릭")'
AS_OF = dt.date(2020, 12, 31)


def test_the_one_rule():
    assert [neutralize(t) for t in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "정상", "- 글머리")] == [
        "'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1", "정상", "'- 글머리"]
    assert neutralize(-5) == -5 and neutralize(None) is None
    assert restore("'=1+1") == "=1+1" and restore("'25") == "'25" and restore("'") == "'"


@pytest.fixture(scope="module")
def linked_snapshot():
    snapshot = read_workbook(P25).snapshot
    pledge = dataclasses.replace(snapshot.pledges[0], title=LINK, plan="- 1단계: 용역\n- 2단계: 고시")
    return dataclasses.replace(snapshot, pledges=(pledge,))


def test_the_written_back_workbook_marks_the_text_and_reads_back_exact(linked_snapshot):
    data = template_bytes(linked_snapshot)
    cell = openpyxl.load_workbook(io.BytesIO(data))["공약"]["B2"]
    assert (cell.value, cell.data_type) == ("'" + LINK, "s")
    again = read_workbook(data).snapshot.pledges[0]
    assert (again.title, again.plan) == (LINK, "- 1단계: 용역\n- 2단계: 고시")


def test_a_typed_apostrophe_before_a_formula_is_the_mark_not_the_title(linked_snapshot):
    book = openpyxl.load_workbook(P25)
    book["공약"]["B2"] = "'=1+1"
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_workbook(buffer.getvalue()).snapshot.pledges[0].title == "=1+1"


@pytest.fixture(scope="module")
def published(tmp_path_factory, linked_snapshot):
    from documents.site import publish
    from store import open_store

    folder = tmp_path_factory.mktemp("formula")
    store = open_store(f"sqlite:///{folder / 'store.sqlite'}")
    assert store.import_file(template_bytes(linked_snapshot), file_name="링크.xlsx").status == "stored"
    store.approve("영등포구", AS_OF, by="총괄")
    publish(store, folder / "site", pdf=False)
    yield store, folder / "site" / "영등포구" / "2020-12-31" / "data"
    store.engine.dispose()


def test_open_data_csv_neutralises_and_json_keeps_it_exact(published):
    _, folder = published
    row = pd.read_csv(folder / "공약.csv", encoding="utf-8-sig", dtype=str).iloc[0]
    assert row["공약명"] == "'" + LINK
    records = json.loads((folder / "공약.json").read_text(encoding="utf-8"))["자료"]
    assert records[0]["공약명"] == LINK


def test_dashboard_exports_and_documents_use_the_same_rule(published):
    from documents import report_xlsx
    from figures.export import to_csv, to_xlsx

    store, _ = published
    frame = pd.DataFrame({"공약명": [LINK], "금액": [-5]})
    assert to_csv(frame).decode("utf-8-sig").splitlines()[1] == f"\"'{LINK.replace(chr(34), chr(34) * 2)}\",-5"
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx({"표": frame}))).active
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["B2"].value) == ("'" + LINK, "s", -5)
    report = openpyxl.load_workbook(io.BytesIO(report_xlsx(store, "영등포구", AS_OF)))
    texts = [c for ws in report for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == "'" + LINK or c.value.startswith("'25. " + LINK[:5]) for c in texts) or any(
        LINK in c.value and c.value.startswith("'") for c in texts)
    assert not any(c.value.startswith("=") or c.data_type == "f" for c in texts)
