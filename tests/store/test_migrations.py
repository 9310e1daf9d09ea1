"""Migrations stand alone: a store made at revision 0001, with data in it, upgrades to today's schema.

A migration uses only its own table definitions (never the application's modules), so a later
change to a table the application reads cannot break the upgrade of an old store halfway.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, insert, select

from figures.snapshot import snapshot_figures
from loaders import read_workbook
from store import open_store
from store.engine import MIGRATIONS, make_engine
from store.models import SnapshotFigures
from tests.uploads.test_uploads import P25

PROJECT_PACKAGES = {"loaders", "store", "figures", "documents", "dashboard", "cli", "tests", "bench"}


def test_no_migration_imports_the_application():
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        tree = ast.parse(script.read_text(encoding="utf-8"))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)}
        assert not imported & PROJECT_PACKAGES, f"{script.name} imports {sorted(imported & PROJECT_PACKAGES)}"


def _at_revision(url: str, revision: str) -> None:
    engine = make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def _rows(items, snapshot_id: int, columns: set[str]) -> list[dict]:
    rows = []
    for item in items:
        row = {("position" if k == "order" else k): v for k, v in dataclasses.asdict(item).items()}
        if "quarters" in row:
            row["quarters"] = ",".join(row["quarters"])
        row["snapshot_id"] = snapshot_id
        rows.append({k: v for k, v in row.items() if k in columns})
    return rows


def test_a_store_made_at_revision_0001_with_data_upgrades_and_reads(store_url):
    """Pledge 25 written into revision 0001's own tables (found by reflection), then opened today."""
    _at_revision(store_url, "0001_initial")
    snapshot = read_workbook(P25).snapshot
    engine = make_engine(store_url)
    tables = MetaData()
    tables.reflect(engine)
    assert "snapshot_figures" not in tables.tables and "reviews" not in tables.tables
    with engine.begin() as conn:
        snapshot_id = conn.execute(insert(tables.tables["snapshots"]).returning(tables.tables["snapshots"].c.id), dict(
            ward=snapshot.ward, as_of=snapshot.as_of, version=1, file_name="옛날.xlsx", sha256="0" * 64,
            imported_by="옛 담당", imported_at=dt.datetime(2026, 11, 22, tzinfo=dt.UTC), budget_unit="백만원",
            author_department=None, author=None, sample=False)).scalar_one()
        for name, items in (("pledges", snapshot.pledges), ("subprojects", snapshot.subprojects),
                            ("budget_rows", [r for r in snapshot.budget if r.kind == "계획"]),
                            ("indicators", snapshot.indicators), ("indicator_points", snapshot.points),
                            ("achievements", snapshot.achievements)):
            table = tables.tables[name]
            conn.execute(insert(table), _rows(items, snapshot_id, set(table.c.keys())))
        conn.execute(insert(tables.tables["current_versions"]), dict(
            ward=snapshot.ward, as_of=snapshot.as_of, snapshot_id=snapshot_id,
            changed_at=dt.datetime(2026, 11, 22, tzinfo=dt.UTC)))
    engine.dispose()

    store = open_store(store_url)  # every migration to head, then the figures filled in
    try:
        frames = store.frames("영등포구", dt.date(2020, 12, 31))
        assert frames.pledges["title"].tolist() == ["경인·문래 테크노(퓨처)밸리 미래4차산업 거점 육성"]
        with store.engine.connect() as conn:
            kept = json.loads(conn.execute(select(SnapshotFigures.document)).scalar_one())
        assert kept == json.loads(json.dumps(snapshot_figures(frames), ensure_ascii=False))
        assert kept["rate"] == 75.0 and kept["summary"]["ward"] == "영등포구"
        assert store.history("영등포구")["file_name"].tolist() == ["옛날.xlsx"]
        assert store.review_state("영등포구", dt.date(2020, 12, 31)) == ("검토 전", "")
    finally:
        store.engine.dispose()


def test_shape_of_the_code():
    """No module over 400 lines and no function over 100 in the rooms (Alembic's generated schema aside)."""
    root = Path(__file__).resolve().parents[2]
    long_modules, long_functions = [], []
    for room in ("loaders", "store", "figures", "documents", "dashboard", "cli"):
        for path in sorted((root / room).rglob("*.py")):
            if path.name.startswith("0001_initial"):
                continue
            text = path.read_text(encoding="utf-8")
            if text.count("\n") > 400:
                long_modules.append(f"{path.relative_to(root)} ({text.count(chr(10))})")
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 100:
                    long_functions.append(f"{path.relative_to(root)}:{node.name} ({node.end_lineno - node.lineno + 1})")
    assert (long_modules, long_functions) == ([], [])
