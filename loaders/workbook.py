"""Reading one quarterly workbook: file checks, then every sheet, all findings in one pass.

`read_workbook` never raises for bad input: an official gets a list of
findings naming sheet and cell, fixes them all at once, and uploads again.
"""

from __future__ import annotations

import gc
import hashlib
import io
import posixpath
import re
import warnings
import zipfile
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

import openpyxl

from loaders.achievements import read_achievements
from loaders.budget import read_budget
from loaders.cells import header_key
from loaders.findings import Findings
from loaders.grid import Grid, grid_from_sheet
from loaders.indicators import read_indicators
from loaders.model import Finding, LoadResult, Snapshot
from loaders.overview import read_overview
from loaders.pledges import read_pledges
from loaders.safety import MAX_SHEET_ROWS, FileRefused, check_bytes, scan_sheet
from loaders.schedule import read_schedule

REQUIRED_SHEETS = ("개요", "공약", "추진일정", "확인지표")
SHEETS = ("개요", "공약", "추진일정", "소요예산", "확인지표", "추진실적")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')


def read_workbook(source: str | Path | bytes | BinaryIO, *, file_name: str | None = None) -> LoadResult:
    # openpyxl allocates a few hundred thousand short-lived objects; the cycle collector's
    # passes over them are pure overhead (refcounting frees them), so it rests meanwhile
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(source, file_name)
    finally:
        if was_enabled:
            gc.enable()


def _read(source: str | Path | bytes | BinaryIO, file_name: str | None) -> LoadResult:
    if isinstance(source, str | Path):
        path = Path(source)
        file_name = file_name or path.name
        try:
            data = path.read_bytes()
        except OSError:
            return LoadResult(file_name, "", None, [_file_error("파일을 찾을 수 없거나 열 수 없습니다")])
    elif isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        data = source.read()
    file_name = file_name or "업로드.xlsx"
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        archive = check_bytes(data)
        uncached: dict[str, set[tuple[int, int]]] = {}
        for title, part in _sheet_parts(archive).items():
            rows, formulas = scan_sheet(archive, part)
            if rows > MAX_SHEET_ROWS:
                raise FileRefused(
                    f"시트 '{title}'의 행이 너무 많습니다 (최대 {MAX_SHEET_ROWS:,}행). "
                    "공약 이행 현황에 필요한 행만 남기고 다시 올려 주세요"
                )
            if formulas and header_key(title) in SHEETS:
                uncached[title] = _uncached_formulas(archive, part)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except FileRefused as refused:
        return LoadResult(file_name, sha256, None, [_file_error(str(refused))])
    except Exception:  # openpyxl's many ways of failing on a damaged file
        return LoadResult(
            file_name,
            sha256,
            None,
            [_file_error("엑셀 파일을 읽을 수 없습니다. 파일이 손상되었을 수 있으니 Excel에서 열어 다시 저장해 주세요")],
        )
    grids: dict[str, Grid] = {}
    for ws in book.worksheets:
        key = header_key(ws.title)
        if key in SHEETS and key not in grids:
            grids[key] = grid_from_sheet(ws, uncached.get(ws.title))
    findings = Findings()
    snapshot = _read_sheets(grids, findings)
    return LoadResult(file_name, sha256, None if findings.has_errors else snapshot, findings.items)


def _read_sheets(grids: dict[str, Grid], findings: Findings) -> Snapshot | None:
    for name in REQUIRED_SHEETS:
        if name not in grids:
            findings.error(name, f"필수 시트 '{name}'이(가) 없습니다 (서식의 시트 이름을 그대로 두어 주세요)")
    for grid in grids.values():
        for row, col in sorted(grid.uncached_formulas):
            findings.error(
                grid.title,
                "수식의 계산 결과가 저장되어 있지 않습니다 (Excel에서 파일을 열고 저장한 뒤 다시 올려 주세요)",
                row,
                col,
            )
    overview = read_overview(grids["개요"], findings) if "개요" in grids else None
    ward = overview.ward if overview else None
    pledges = read_pledges(grids["공약"], ward, findings) if "공약" in grids else []
    pledge_ids = {p.pledge_id for p in pledges}
    subprojects = read_schedule(grids["추진일정"], pledge_ids, findings) if "추진일정" in grids else []
    names: dict[str, set[str]] | None = {}
    for sub in subprojects:
        names.setdefault(sub.pledge_id, set()).add(sub.name)
    if "추진일정" not in grids:
        names = None  # no schedule to check names against; its absence is already an error
    budgeted = [p.pledge_id for p in pledges if p.budget_kind == "예산"]
    budget = []
    if "소요예산" in grids:
        unit = overview.budget_unit if overview else "백만원"
        budget = read_budget(grids["소요예산"], unit, pledge_ids, names, findings)
    elif budgeted:
        findings.error(
            "소요예산",
            f"예산구분이 '예산'인 공약({', '.join(budgeted)})이 있는데 소요예산 시트가 없습니다 "
            "(소요예산 시트를 추가해 주세요)",
        )
    with_budget = {row.pledge_id for row in budget}
    for pid in budgeted:
        if "소요예산" in grids and pid not in with_budget:
            findings.warning(
                "소요예산", f"공약 {pid}은(는) 예산구분이 '예산'인데 소요예산에 금액이 없습니다"
            )
    indicators, points = [], []
    if "확인지표" in grids:
        errors_before = sum(f.level == "error" for f in findings.items)
        indicators, points = read_indicators(grids["확인지표"], pledge_ids, names, findings)
        indicator_errors = sum(f.level == "error" for f in findings.items) > errors_before
    rated = {(i.pledge_id, i.subproject) for i in indicators if i.has_plan and i.has_actual}
    for sub in subprojects:
        if "확인지표" in grids and not indicator_errors and (sub.pledge_id, sub.name) not in rated:
            findings.warning(
                "확인지표",
                f"공약 {sub.pledge_id}의 세부사업 '{sub.name}'에 계획·실적 행이 모두 있지 않아 "
                "'지표 없음'으로 표시되고 이행률에서 빠집니다",
            )
    achievements = []
    if "추진실적" in grids:
        achievements = read_achievements(grids["추진실적"], pledge_ids, names, findings)
    if overview is None or overview.ward is None or overview.as_of is None:
        return None
    return Snapshot(
        ward=overview.ward,
        as_of=overview.as_of,
        budget_unit=overview.budget_unit,
        author_department=overview.author_department,
        author=overview.author,
        pledges=tuple(pledges),
        subprojects=tuple(subprojects),
        budget=tuple(budget),
        indicators=tuple(indicators),
        points=tuple(points),
        achievements=tuple(achievements),
    )


def _file_error(message: str) -> Finding:
    return Finding("error", "", "", message)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title → its XML part in the archive (from workbook.xml and its relationships)."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        raise FileRefused(
            "엑셀 통합 문서의 구조를 읽을 수 없습니다. Excel에서 열어 다시 저장해 주세요"
        ) from None
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.findall("rel:Relationship", _NS)
    }
    names = set(archive.namelist())
    parts = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target)
        )
        if part in names:
            parts[sheet.get("name", "")] = part
    return parts


def _uncached_formulas(archive: zipfile.ZipFile, part: str) -> set[tuple[int, int]]:
    """Formula cells with no saved result: data_only reading would silently give blank."""
    xml = archive.read(part)
    found = set()
    for match in _CELL.finditer(xml):
        inner = match.group(2) or b""
        if b"<f" in inner and not re.search(rb"<v>[^<]", inner):
            ref = _REF.search(match.group(1))
            if ref:
                found.add((int(ref.group(2)), _column_number(ref.group(1).decode())))
    return found


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number
