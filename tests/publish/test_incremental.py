"""Publishing again writes only what changed: kept files stay byte for byte, untouched, and a new quarter
costs its own pages and cards (and the pledge pages of its set, whose path gains a point)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from documents.site import build, publish

DATA = Path(__file__).resolve().parents[2] / "data"
YDP = "영등포구"
Q2019, Q2020 = dt.date(2019, 12, 31), dt.date(2020, 12, 31)


def _files(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of a publication: (mtime in ns, bytes), by path."""
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(out.rglob("*"))
            if p.is_file()}


def _changed(before: dict, after: dict) -> set[str]:
    return {name for name in after if name not in before or before[name][0] != after[name][0]}


@pytest.fixture
def store(tmp_path):
    """The sample quarters, all approved but 영등포구's newest (2020-12-31)."""
    from store import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    for path in sorted(DATA.glob("*.xlsx")):
        assert opened.import_file(path, by="kim").ok
    for ward in opened.wards():
        for as_of in opened.as_of_dates(ward):
            if (ward, as_of) != (YDP, Q2020):
                opened.approve(ward, as_of, by="총괄")
    yield opened
    opened.engine.dispose()


SHARED = {"index.html", "feed.xml", build.MANIFEST}


def _shared(name: str) -> bool:
    """The pages that list several quarters (always written), the assets and the manifest."""
    return name in SHARED or name.startswith("assets/") or name.count("/") == 1


def test_a_second_publish_with_nothing_changed_writes_no_quarter_file(store, tmp_path):
    out = tmp_path / "site"
    first = publish(store, out, pdf=True)
    assert (first.quarters, first.kept, first.pdfs) == (5, 0, 8)  # the newest quarters: 3 + 2 + 2 + 1 pledges
    before = _files(out)
    assert f"{YDP}/2019-12-31/pledge-25.pdf" in before  # the newest approved quarter's card
    second = publish(store, out, pdf=True)
    after = _files(out)
    assert (second.quarters, second.kept, second.written) == (5, 5, 0)
    assert {name: data for name, (_, data) in after.items()} == {name: data for name, (_, data) in before.items()}
    assert sorted(name for name in _changed(before, after) if not _shared(name)) == []
    manifest = json.loads((out / build.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == build.output_format()
    assert manifest["quarters"][f"{YDP}/2019-12-31"]["cards"]["files"] == ["pledge-25.pdf"]


def test_a_new_quarter_costs_its_own_files_and_its_sets_pledge_pages(store, tmp_path):
    out = tmp_path / "site"
    publish(store, out, pdf=True)
    before = _files(out)
    store.approve(YDP, Q2020, by="총괄")
    result = publish(store, out, pdf=True)
    after = _files(out)
    changed = {name for name in _changed(before, after) if not _shared(name)}
    new = {name for name in changed if name.startswith(f"{YDP}/2020-12-31/")}
    assert {"영등포구/2020-12-31/index.html", "영등포구/2020-12-31/pledge-25.html",
            "영등포구/2020-12-31/pledge-25.pdf", "영등포구/2020-12-31/data/공약.json"} <= new
    # the same set's earlier quarters: their pledge page shows the path across the set, now with 2020
    assert changed - new == {"영등포구/2018-12-31/pledge-25.html", "영등포구/2019-12-31/pledge-25.html"}
    assert "2020. 12. 31." in (out / YDP / "2019-12-31" / "pledge-25.html").read_text(encoding="utf-8")
    # 2019 is no longer the newest: its card is gone (a fresh publication would not have it)
    assert f"{YDP}/2019-12-31/pledge-25.pdf" not in after
    assert (result.quarters, result.kept, result.pdfs) == (6, 3, 8)
    fresh = tmp_path / "fresh"
    publish(store, fresh, pdf=True)
    made = _files(fresh)
    assert sorted(made) == sorted(after)
    assert {n: d for n, (_, d) in made.items() if not n.endswith(".pdf")} == \
        {n: d for n, (_, d) in after.items() if not n.endswith(".pdf")}


def test_another_output_format_or_a_missing_file_is_written_again(store, tmp_path, monkeypatch):
    out = tmp_path / "site"
    publish(store, out, pdf=False)
    (out / "서초구" / "2025-03-31" / "data" / "공약.csv").unlink()
    again = publish(store, out, pdf=False)
    assert (out / "서초구" / "2025-03-31" / "data" / "공약.csv").is_file()
    assert again.kept == 4  # only 서초구's quarter was written again
    monkeypatch.setattr(build, "OUTPUT_FORMAT", "다음 형식")
    assert publish(store, out, pdf=False).kept == 0
