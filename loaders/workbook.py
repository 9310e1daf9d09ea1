"""Reading one quarterly workbook: file checks, then every sheet, all findings in one pass.

`read_workbook` never raises for bad input: an official gets a list of
findings naming sheet and cell, fixes them all at once, and uploads again.
Only the sheets of the spec are read (loaders/xlsx.py streams them); every
other part of the file is left unread, however large.
"""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path
from typing import BinaryIO

from loaders.achievements import read_achievements
from loaders.adjustment_rows import read_adjustment_rows
from loaders.budget import read_budget
from loaders.cells import forget_long_texts, header_key
from loaders.findings import Findings
from loaders.grid import Grid
from loaders.indicators import read_indicators
from loaders.model import Finding, LoadResult, Snapshot
from loaders.overview import read_overview
from loaders.pledges import read_pledges
from loaders.safety import FileRefused, OtherFormat, check_bytes, check_csv, check_drm
from loaders.schedule import read_schedule
from loaders.xlsx import Damaged, SheetEntry, load_styles, open_package, read_sheets

REQUIRED_SHEETS = ("개요", "공약", "추진일정", "확인지표")
SHEETS = ("개요", "공약", "추진일정", "소요예산", "확인지표", "추진실적", "공약조정")
DAMAGED = "엑셀 파일을 읽을 수 없습니다. 파일이 손상되었을 수 있으니 Excel에서 열어 다시 저장해 주세요"


def read_workbook(source: str | Path | bytes | BinaryIO, *, file_name: str | None = None) -> LoadResult:
    # a read allocates a few hundred thousand short-lived tuples; the cycle collector's
    # passes over them are pure overhead (refcounting frees them), so it rests meanwhile
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(source, file_name)
    finally:
        forget_long_texts()
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
    findings = Findings()
    try:
        if data:
            check_drm(data)  # a DRM container named 자료.csv is locked, not a CSV
            check_csv(data, file_name)
        try:
            archive = check_bytes(data)
        except OtherFormat as other:
            from loaders.calamine import read_other  # only for the rare .xls/.xlsb/.ods

            grids = read_other(data, other, _choose_sheets, findings)
        else:
            package = open_package(archive)
            wanted = _choose_sheets(package.sheets, findings)
            grids = read_sheets(package, wanted, load_styles(package))
    except FileRefused as refused:
        return LoadResult(file_name, sha256, None, [_file_error(str(refused))])
    except Damaged:
        return LoadResult(file_name, sha256, None, [_file_error(DAMAGED)])
    for grid in grids.values():
        _warn_hidden_rows(grid, findings)
    snapshot = _read_sheets(grids, findings)
    return LoadResult(file_name, sha256, None if findings.has_errors else snapshot, findings.items)


def _choose_sheets(sheets: list[SheetEntry], findings: Findings) -> dict[str, SheetEntry]:
    """The sheet read for each name of the spec; two sheets answering one name are an error.

    Names match with spaces removed, so an old hidden `공약 ` beside `공약` would
    otherwise be read silently in its place. The visible one is still read, so
    its own findings come out in the same pass. A name of the spec that no
    worksheet answers is said here too: missing, or there only as a chart sheet
    (or another sheet without cells), which is named as such.
    """
    matches: dict[str, list[SheetEntry]] = {}
    cell_less: dict[str, list[SheetEntry]] = {}
    for entry in sheets:
        key = header_key(entry.title)
        if key in SHEETS:
            (matches if entry.kind == "worksheet" else cell_less).setdefault(key, []).append(entry)
    chosen = {}
    for key in SHEETS:
        entries = matches.get(key)
        if not entries:
            _say_absent(key, cell_less.get(key), findings)
            continue
        if len(entries) > 1:
            names = ", ".join(f"'{e.title}'" for e in entries)
            findings.error(
                key,
                f"시트 {names}이(가) 모두 '{key}' 시트로 읽힙니다 (이름에서 띄어쓰기를 빼면 같습니다). "
                "하나만 남기고 지우거나 이름을 바꿔 주세요",
            )
        entry = next((e for e in entries if e.state == "visible"), entries[0])
        if entry.state != "visible":
            findings.warning(
                key,
                f"시트 '{entry.title}'이(가) 숨겨져 있습니다. 숨긴 시트도 그대로 읽으니 내용을 확인해 주세요 "
                "(시트 탭에서 마우스 오른쪽 단추 → 숨기기 취소)",
            )
        chosen[key] = entry
    return chosen


#: what a sheet without cells is called in Excel's Korean interface
CELL_LESS = {"chartsheet": "차트 시트", "dialogsheet": "대화 상자 시트", "macrosheet": "매크로 시트",
             "module": "모듈 시트"}


def _say_absent(key: str, cell_less: list[SheetEntry] | None, findings: Findings) -> None:
    """No worksheet answers `key`: an error for a required sheet, a warning for another
    that is there only as a chart sheet (its absence has consequences of its own)."""
    if cell_less:
        entry = cell_less[0]
        kind = CELL_LESS[entry.kind]
        say = findings.error if key in REQUIRED_SHEETS else findings.warning
        say(
            key,
            f"시트 '{entry.title}'은(는) {kind}라서 셀이 없어 읽을 수 없습니다. '{key}' 자료는 일반 "
            f"워크시트에 있어야 합니다: {kind}의 이름을 다른 이름으로 바꾸고, 자료를 담은 일반 "
            f"워크시트의 이름을 '{key}'(으)로 해 주세요",
        )
    elif key in REQUIRED_SHEETS:
        findings.error(key, f"필수 시트 '{key}'이(가) 없습니다 (서식의 시트 이름을 그대로 두어 주세요)")


def _warn_hidden_rows(grid: Grid, findings: Findings) -> None:
    """Hidden rows are read like any other: an official should know what is being read."""
    if not grid.hidden_rows:
        return
    with_data = sorted({row for row, _ in grid.values if row in grid.hidden_rows})
    if with_data:
        findings.warning(
            grid.title,
            f"숨겨진 행 {_row_list(with_data)}에 내용이 있습니다. 숨긴 행도 그대로 읽으니, 필요 없는 행이면 "
            "지우고 필요한 행이면 숨기기를 취소해 확인해 주세요",
        )


def _row_list(rows: list[int]) -> str:
    """`3, 5~7, 10`: runs of consecutive rows written as ranges."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return ", ".join(f"{a}" if a == b else f"{a}~{b}" for a, b in runs)


def _read_sheets(grids: dict[str, Grid], findings: Findings) -> Snapshot | None:
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
    pledge_cells: list[tuple[str, str, str]] = []  # where each pledge's 공약번호 and 담당부서 are (department files)
    pledges = read_pledges(grids["공약"], ward, findings, pledge_cells) if "공약" in grids else []
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
    adjustment_rows = read_adjustment_rows(grids["공약조정"], findings) if "공약조정" in grids else []
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
        term=overview.term,
        mayor=overview.mayor,
        adjustment_rows=tuple(adjustment_rows),
        submission=overview.submission,
        pledge_cells=tuple(pledge_cells),
    )


def _file_error(message: str) -> Finding:
    return Finding("error", "", "", message)
