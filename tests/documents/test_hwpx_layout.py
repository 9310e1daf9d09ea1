"""A ward's whole report in 한글 breaks its long tables across pages instead of cutting them off.

한글 draws a table placed as a character on one page and cuts off the rows past the paper's edge;
python-hwpx's layout check (`lint_layout`) says where a document would be cut. The 120-pledge ward
(bench/workbooks.py) has tables of several metres."""

from __future__ import annotations

import datetime as dt

from lxml import etree

import documents
from bench.workbooks import write_ward
from store import open_store

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"


def test_the_long_tables_of_a_120_pledge_report_flow_across_pages(tmp_path):
    import zipfile
    from io import BytesIO

    from hwpx.layout.lint import lint_layout

    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert store.import_file(write_ward(tmp_path / "ward.xlsx", "벤치구", dt.date(2024, 6, 30))).ok
    report = documents.report_hwpx(store, "벤치구", None)
    assert [f.message for f in lint_layout(report, check_overflow=False).findings] == []
    section = etree.fromstring(zipfile.ZipFile(BytesIO(report)).read("Contents/section0.xml"))
    placed = [t.find(f"{HP}pos").get("treatAsChar") for t in section.iter(f"{HP}tbl")]
    assert "0" in placed and "1" in placed  # the long ones flow; the short ones stay in their line
    card = documents.card_hwpx(store, "벤치구", None, "1")
    assert [f.message for f in lint_layout(card, check_overflow=False).findings] == []
    store.engine.dispose()
