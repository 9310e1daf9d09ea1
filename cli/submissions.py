"""`pledges submissions` and `pledges deadline`: which department has handed in its part of a ward's quarter.

`submissions --json` prints {"ward", "as_of", "deadline" (YYYY-MM-DD or null), "departments":
[{"department", "state" (미제출|제출|반려|승인), "pledges": [공약번호], "submitted_by", "submitted_at"
(ISO 8601 in Korea time, with its offset), "file_name", "reason"}]}, null where there is none
(docs/spec.md "Department submissions"). `deadline` (admins) sets a 기준일's 제출 기한.
"""

from __future__ import annotations

import argparse
import json

from cli.common import CliError, store_from
from cli.table import table
from cli.users import signed_in
from figures.formatting import format_date
from store import StoreError
from store.accounts import AccountError
from store.audit import KST, korean_time
from store.submissions import Board, DepartmentState


def board_json(board: Board) -> dict:
    """The `pledges submissions --json` document."""
    return {
        "ward": board.ward,
        "as_of": board.as_of.isoformat(),
        "deadline": board.deadline.isoformat() if board.deadline else None,
        "departments": [{
            "department": d.department,
            "state": d.state,
            "pledges": [pid for pid, _ in d.pledges],
            "submitted_by": d.submitted_by,
            "submitted_at": d.submitted_at.astimezone(KST).isoformat() if d.submitted_at else None,
            "file_name": d.file_name,
            "reason": d.reason,
        } for d in board.departments],
    }


def _row(d: DepartmentState) -> tuple[str, str, str, str]:
    """The department, its state, its pledges (and where carried ones come from), then who, when, which file and why."""
    pledges = "공약 " + ", ".join(pid for pid, _ in d.pledges)
    if d.carried_from:
        pledges += f"  ({format_date(d.carried_from)} 자료)"
    rest = []
    if d.submitted_by:
        whole = " (구 전체 파일)" if d.whole_ward else ""
        rest.append(f"{d.submitted_by} · {korean_time(d.submitted_at)} · {d.file_name}{whole}")
    if d.reason:
        rest.append(f"반려 이유: {d.reason}")
    if d.warnings:
        rest.append(f"경고 {len(d.warnings)}건")
    if d.late:
        rest.append("기한 지남")
    return d.department, d.state, pledges, "  ".join(rest)


def run_submissions(args: argparse.Namespace) -> int:
    store = store_from(args)
    as_of = args.as_of
    if as_of is None:
        dates = store.as_of_dates(args.ward)
        if not dates:
            raise CliError(f"{args.ward}: 저장된 자료가 없습니다", 1)
        as_of = dates[-1]
    board = store.submissions(args.ward, as_of)
    if args.json:
        print(json.dumps(board_json(board), ensure_ascii=False, indent=2))
        return 0
    due = ""
    if board.deadline:
        left = board.days_left or 0
        when = f"{left}일 남음" if left > 0 else ("오늘까지" if left == 0 else f"{-left}일 지남")
        due = f" · 제출 기한 {format_date(board.deadline)} ({when})"
    print(f"{board.ward} {format_date(board.as_of)} 기준 부서 제출 현황{due}")
    if not board.departments:
        print("  부서가 없습니다 (이 기준일이나 그 전 분기에 저장된 자료가 없습니다)")
    for line in table([_row(d) for d in board.departments], "llll", flexible=[2, 3]):
        print(line)
    if board.locked:
        print("  이 기준일은 승인되어 부서 제출을 받지 않습니다 (다시 받으려면 pledges reopen)")
    return 0


def run_deadline(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        print(store.set_deadline(args.ward, args.as_of, args.date, by=args.by, user=signed_in(store, args.user)))
    except (StoreError, AccountError) as problem:
        raise CliError(str(problem), 1) from None
    return 0
