"""Hostile files under a 1 GiB address-space limit: refused quickly with a Korean finding, nothing stored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.loaders.test_files import _bomb, _million_rows, _valid_bytes

ROOT = Path(__file__).resolve().parents[2]
LIMITED_READ = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from loaders import read_workbook
started = time.perf_counter()
result = read_workbook(open(sys.argv[1], "rb").read())
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "ok": result.ok, "messages": [f.message for f in result.errors]}, ensure_ascii=False))
"""


def _read_limited(path: Path) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", LIMITED_READ, str(path)], capture_output=True, text=True, cwd=ROOT,
        timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return json.loads(completed.stdout)


def _truncated() -> bytes:
    data = _valid_bytes()
    return data[: len(data) * 2 // 3]


def _random_bytes() -> bytes:
    return os.urandom(300_000)


def _zip_of_garbage() -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really xml")
    return buffer.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(
    "make,expected",
    [
        (_bomb, "압축을 풀면 비정상적으로 커지는 파일이라 읽지 않았습니다"),
        (_million_rows, "시트 '공약'의 행이 너무 많습니다"),
        (_truncated, "파일이 손상되었거나 끝까지 저장되지 않았습니다"),
        (_random_bytes, "엑셀 통합 문서(.xlsx)가 아닌 파일입니다"),
        (_zip_of_garbage, "엑셀 통합 문서의 구조를 읽을 수 없습니다"),
    ],
)
def test_refused_within_bounded_memory_and_time(tmp_path, make, expected):
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(make())
    report = _read_limited(path)
    assert report["ok"] is False
    assert report["messages"][0].startswith(expected)
    assert report["seconds"] < 10
    assert report["peak_kb"] < 1024 * 1024


def test_hostile_file_stores_nothing(store):
    outcome = store.import_file(_bomb(), file_name="bomb.xlsx")
    assert outcome.status == "rejected"
    assert store.is_empty()
