"""`pledges template OUT.xlsx [--ward W [--as-of D] [--department X]]`: the blank workbook, or next quarter's.

With `--ward` the stored quarter is written back as a format-1 workbook (every
sheet, every figure, the drop-down lists), so next quarter starts from what was
submitted last time instead of a blank sheet. `--department X` writes department X's
form: its pledges only, 개요 saying 제출단위 부서 and 작성부서 X (docs/spec.md "Department
submissions"); `--all-departments` writes every department's form into one zip for the
coordinating office to send out.
"""

from __future__ import annotations

import argparse

from cli.common import CliError, output_path, store_from, write_bytes
from figures.formatting import format_date
from loaders.template import department_forms_zip, department_snapshot, departments, template_bytes


def run(args: argparse.Namespace) -> int:
    out = output_path(args.out, suffixes=(".zip",) if args.all_departments else (".xlsx",), force=args.force)
    if args.ward is None:
        if args.as_of or args.db or args.department or args.all_departments:
            raise CliError("--as-of, --db, --department, --all-departments 는 --ward 와 함께 씁니다", 2)
        write_bytes(out, template_bytes(None))
        print(f"{out}: 빈 서식을 만들었습니다 ('작성 예시' 시트를 보고 각 시트에 내용을 적어 주세요)")
        return 0
    snapshot = store_from(args).snapshot(args.ward, args.as_of)
    if snapshot is None:
        when = f" {format_date(args.as_of)} 기준" if args.as_of else ""
        raise CliError(f"{args.ward}{when} 저장된 자료가 없습니다", 1)
    where = f"{snapshot.ward} {format_date(snapshot.as_of)} 기준"
    if args.all_departments:
        write_bytes(out, department_forms_zip(snapshot))
        print(f"{out}: {where} 자료로 부서 서식 {len(departments(snapshot))}개를 묶었습니다 "
              f"({', '.join(departments(snapshot))})")
        return 0
    if args.department is not None:
        department = " ".join(args.department.split())
        if department not in departments(snapshot):
            raise CliError(f"{where} 자료에 '{department}' 부서의 공약이 없습니다 "
                           f"(부서: {', '.join(departments(snapshot)) or '없음'})", 1)
        write_bytes(out, template_bytes(department_snapshot(snapshot, department)))
        print(f"{out}: {where} 자료로 {department}의 부서 서식을 만들었습니다 (공약 "
              f"{len(department_snapshot(snapshot, department).pledges)}건; 개요의 기준일을 새 분기로 바꾸고 "
              "달라진 내용을 고쳐 올려 주세요)")
        return 0
    write_bytes(out, template_bytes(snapshot))
    print(f"{out}: {where} 자료로 서식을 만들었습니다 (개요의 기준일을 새 분기로 바꾸고 달라진 내용을 고쳐 올려 주세요)")
    return 0
