"""A temporary SQLite store holding the 영등포구 samples, and poppler's tools to read the PDFs back.

pdftotext/pdffonts/pdfinfo come from poppler-utils. Locally a machine without them
skips the tests that need them; in CI (env CI set) they fail, because CI must prove
the PDFs are searchable and their fonts embedded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
WARD = "영등포구"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (apt-get install poppler-utils)")
        pytest.skip(f"{name} not installed (poppler-utils)")
    return found


@pytest.fixture(scope="package")
def samples_store(tmp_path_factory):
    from store import open_store

    folder = tmp_path_factory.mktemp("documents_store")
    store = open_store(f"sqlite:///{folder / 'store.sqlite'}")
    for name in ("영등포구_2019-12-31.xlsx", "영등포구_2020-12-31.xlsx", "금천구_2025-09-30.xlsx",
                 "서초구_2025-03-31.xlsx"):
        assert store.import_file(DATA / name).status == "stored"
    yield store
    store.engine.dispose()


@pytest.fixture
def pdf_text(tmp_path):
    """The text poppler extracts from PDF bytes, in drawing order (`-raw`).

    In its default mode poppler guesses spaces from gaps and drops them inside a short
    isolated string ("3 / 3" → "3/3"); `-raw` keeps the text as written.
    """
    tool = _tool("pdftotext")

    def read(content: bytes) -> str:
        path = tmp_path / "document.pdf"
        path.write_bytes(content)
        args = [tool, "-raw", str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout

    return read


@pytest.fixture
def pdf_fonts(tmp_path):
    tool = _tool("pdffonts")

    def read(content: bytes) -> list[list[str]]:
        path = tmp_path / "fonts.pdf"
        path.write_bytes(content)
        out = subprocess.run([tool, str(path)], check=True, capture_output=True, text=True).stdout
        return [line.split() for line in out.splitlines()[2:] if line.strip()]

    return read


@pytest.fixture
def pdf_pages(tmp_path):
    tool = _tool("pdfinfo")

    def read(content: bytes) -> int:
        path = tmp_path / "info.pdf"
        path.write_bytes(content)
        out = subprocess.run([tool, str(path)], check=True, capture_output=True, text=True).stdout
        return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))

    return read


def squeeze(text: str) -> str:
    """Text without any white space: titles wrap over lines in tables, and a wrap is a space."""
    return "".join(text.split())
