"""`pledges validate FILE... [--json]`: check workbooks without storing anything.

Exit 0 when no file has an error (warnings allowed), 1 when any has; argparse
exits 2 on a usage error. Each file is read in a bounded worker process
(loaders/bounded.py): a file that makes the reader run out of memory or time is an
error like any other, in Korean, and the command still ends normally.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from loaders.bounded import read_bounded
from loaders.model import Finding, LoadResult


def _finding_json(finding: Finding) -> dict[str, str]:
    return {"sheet": finding.sheet, "cell": finding.cell, "message": finding.message}


def result_json(result: LoadResult, file: str) -> dict[str, object]:
    return {
        "file": file,
        "ok": not result.errors,
        "errors": [_finding_json(f) for f in result.errors],
        "warnings": [_finding_json(f) for f in result.warnings],
    }


def format_result(result: LoadResult, file: str) -> str:
    """Findings grouped by sheet, errors first: the order an official fixes them in."""
    errors, warnings = result.errors, result.warnings
    if not errors and not warnings:
        return f"{file}: 이상 없음"
    lines = [f"{file}: 오류 {len(errors)}건, 경고 {len(warnings)}건"]
    for label, items in (("오류", errors), ("경고", warnings)):
        by_sheet: dict[str, list[Finding]] = defaultdict(list)
        for finding in items:
            by_sheet[finding.sheet or "파일"].append(finding)
        for sheet, sheet_items in by_sheet.items():
            lines.append(f"  [{label}] {sheet}")
            for finding in sheet_items:
                where = f"{finding.cell}: " if finding.cell else ""
                lines.append(f"    {where}{finding.message}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    results = [(file, read_bounded(file)) for file in args.files]
    if args.json:
        print(json.dumps([result_json(r, f) for f, r in results], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_result(r, f) for f, r in results))
    return 1 if any(r.errors for _, r in results) else 0
