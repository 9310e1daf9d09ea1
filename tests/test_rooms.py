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


def _architecture() -> str:
    return (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_architecture_names_every_module():
    """docs/architecture.md drifted from the code within an hour of its last edit: every module of a room
    is named there (as `room/module.py`, `module.py` or `sub/module.py` within its room, or `room.module`)."""
    text = _architecture()
    missing = []
    for room in ROOMS:
        for path in sorted((ROOT / room).rglob("*.py")):
            if "migrations" in path.parts or path.name == "__init__.py":
                continue
            relative = path.relative_to(ROOT).as_posix()
            dotted = relative.removesuffix(".py").replace("/", ".")
            inside = path.relative_to(ROOT / room).as_posix()
            if relative not in text and dotted not in text and inside not in text:
                missing.append(relative)
    assert missing == []


def test_the_architecture_names_every_public_store_method():
    from store.api import Store

    text = _architecture()
    methods = sorted(name for name in dir(Store) if not name.startswith("_") and callable(getattr(Store, name)))
    assert [m for m in methods if f"`{m}`" not in text] == []
