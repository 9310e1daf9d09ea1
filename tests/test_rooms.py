"""The rooms' one-way arrows (docs/architecture.md): which room may import which, read from the code."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("loaders", "figures", "store", "documents", "dashboard", "cli")
#: what each room may import of the others: loaders nothing, figures only loaders (no I/O, no store),
#: store the pure rooms, documents the store and the pure rooms; the pages and the command line anything
#: but each other
ALLOWED = {
    "loaders": set(),
    "figures": {"loaders"},
    "store": {"loaders", "figures"},
    "documents": {"loaders", "figures", "store"},
    "dashboard": {"loaders", "figures", "store", "documents"},
    "cli": {"loaders", "figures", "store", "documents"},
}


def _imports(room: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / room).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            for name in names:
                top = name.split(".")[0]
                if top in ROOMS and top != room:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_arrow_points_the_allowed_way():
    wrong = {room: {other: sorted(files) for other, files in _imports(room).items() if other not in ALLOWED[room]}
             for room in ROOMS}
    assert {room: found for room, found in wrong.items() if found} == {}


def test_no_streamlit_outside_the_dashboard_and_no_io_libraries_in_figures():
    for room in ("loaders", "figures", "store", "documents", "cli"):
        for path in (ROOT / room).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "import streamlit" not in text and "from streamlit" not in text, path
    for path in (ROOT / "figures").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "sqlalchemy" not in text and "open(" not in text.replace("Image.open(", ""), path
