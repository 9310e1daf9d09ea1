"""`pledges import`, `pledges history`, `pledges rollback`: putting quarters into the store.

`import` exits 0 when every file is stored or already stored, 1 when any file
has errors (that file stores nothing; the others are still imported and
reported one by one).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from contextlib import nullcontext

from cli.common import (
    CliError,
    input_path,
    output_path,
    store_from,
    write_bytes,
)
from cli.progress import progress
from cli.table import table as text_table
from cli.users import signed_in
from figures.formatting import format_date, object_particle
from figures.preview import diff_lines
from loaders.bounded import read_bounded
from loaders.model import Finding
from store import StoreError
from store.accounts import AccountError
from store.preview import Preview


def _print_findings(findings: list[Finding]) -> None:
    for finding in sorted(findings, key=lambda f: f.level != "error"):
        label = "오류" if finding.level == "error" else "경고"
        print(f"  [{label}] {finding}")


def preview_lines(preview: Preview) -> list[str]:
    """The dry run's report, the same facts the upload page shows before 저장."""
    where = f"{preview.ward} {format_date(preview.as_of)} 기준"
    if preview.same_file_version is not None:
        return [f"{where}: 이미 저장된 파일과 같습니다 (버전 {preview.same_file_version}). 저장해도 달라지는 것이 없습니다"]
    if preview.replaces_version is not None:
        old = preview.replaces_version
        lines = [f"{where}: 버전 {old}{object_particle(old)} 바꿉니다 (저장하면 새 버전 번호는 "
                 f"{preview.new_version}, 지금 보이는 버전 {old}은(는) 기록에 남습니다)"]
    else:
        lines = [f"{where}: 새 기준일입니다 (저장하면 버전 1)"]
    for diff in (preview.against_replaced, preview.against_previous):
        if diff is not None:
            lines.append(f"  [{diff.label}]")
            lines += [f"    {line}" for line in diff_lines(diff)]
    if preview.against_previous is None:
        lines.append("  [지난 분기 없음: 비교할 이전 기준일 자료가 없습니다]")
    lines.append(f"  경고 {len(preview.warnings)}건")
    lines += [f"    {w}" for w in preview.warnings]
    return lines


def run_import(args: argparse.Namespace) -> int:
    paths = [input_path(path) for path in args.files]
    store = store_from(args)
    try:
        user = signed_in(store, args.user)
    except AccountError as problem:
        raise CliError(str(problem), 1) from None
    failed = False
    # several files take a while: on a terminal, which file and how many are done (cli/progress.py)
    with progress(args, "가져오기") if len(paths) > 1 else nullcontext() as report:
        for n, path in enumerate(paths):
            if report:
                report(n, len(paths), path.name)
            failed = _import_one(store, path, args, user) or failed
        if report:
            report(len(paths), len(paths), "")
    return 1 if failed else 0


def _import_one(store, path, args: argparse.Namespace, user) -> bool:
    """Import (or with --dry-run preview) one file and print what happened; True when it failed."""
    if not args.dry_run:
        outcome = store.import_file(path, by=args.by, user=user)
        print(outcome.message)
        _print_findings(outcome.findings)
        return outcome.status == "rejected"
    result = read_bounded(path)  # a file handed in: read in a bounded worker
    found = store.preview(result)
    if found is None:
        print(f"{path.name}: 오류 {len(result.errors)}건이 있어 저장할 수 없습니다")
        _print_findings(result.findings)
        return True
    if found.errors:  # a department's part the ward's quarter refuses (another's pledge, one left out)
        print(f"{path.name}: 오류 {len(found.errors)}건이 있어 저장할 수 없습니다")
        _print_findings(found.errors)
        return True
    print("\n".join([f"{path.name}: 저장하지 않고 살펴봅니다 (--dry-run)", *preview_lines(found)]))
    return False


def run_original(args: argparse.Namespace) -> int:
    out = output_path(args.out, suffixes=(".xlsx", ".xlsm"), force=args.force)
    found = store_from(args).original_file(args.ward, args.as_of, args.version)
    if found is None:
        which = f"버전 {args.version}" if args.version else "지금 보이는 버전"
        raise CliError(f"{args.ward} {format_date(args.as_of)} 기준 {which}의 원본 파일이 없습니다 "
                       "(그런 버전이 없거나, 파일 보관 기능이 생기기 전에 올린 버전입니다)", 1)
    name, content = found
    write_bytes(out, content)
    print(f"{out}: '{name}'을(를) 올린 그대로 저장했습니다 (sha256 {hashlib.sha256(content).hexdigest()})")
    return 0


def run_history(args: argparse.Namespace) -> int:
    table = store_from(args).history(args.ward)
    if table.empty:
        print(f"{args.ward}: 저장된 자료가 없습니다")
        return 1
    if args.json:
        records = [
            {
                "ward": r["ward"], "as_of": r["as_of"].isoformat(), "version": int(r["version"]),
                "current": bool(r["current"]), "file_name": r["file_name"], "sha256": r["sha256"],
                "imported_by": r["imported_by"], "imported_at": r["imported_at"].isoformat(),
                "warnings": int(r["warnings"]), "sample": bool(r["sample"]),
            }
            for r in table.to_dict("records")
        ]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    rows = [("●" if r["current"] else "", format_date(r["as_of"]), f"버전 {r['version']}", r["file_name"],
             r["imported_by"], f"{r['imported_at']:%Y-%m-%d %H:%M}", f"경고 {r['warnings']}건")
            for r in table.to_dict("records")]
    for line in text_table(rows, "llrllll", flexible=[3, 4], indent=""):
        print(line)
    print("(● 현재 보이는 버전)")
    return 0


def run_rollback(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        print(store.rollback(args.ward, args.as_of, by=args.by, user=signed_in(store, args.user)))
    except (StoreError, AccountError) as problem:
        raise CliError(str(problem), 1) from None
    return 0
