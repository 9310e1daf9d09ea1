"""`pledges evidence add|list|get|remove`: 증빙 from the command line, as on 공약 상세.

`list --json` prints {"evidence": [{"id", "pledge_id", "subproject", "caption", "date", "kind" (사진|문서),
"media_type", "bytes", "sha256", "file_name", "by", "added_at", "as_of"}]}: bytes and sha256 of the kept
file. A refused file is named with the reason and ends with exit status 1 (the others are still added).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.common import CliError, output_path, store_from, write_bytes
from cli.table import table
from cli.users import signed_in
from figures.formatting import file_size, format_date
from store import StoreError


def run(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        return {"add": _add, "list": _list, "get": _get, "remove": _remove}[args.evidence_command](store, args)
    finally:
        store.dispose()


def _add(store, args: argparse.Namespace) -> int:
    user = signed_in(store, args.user)
    refused = 0
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError:
            print(f"{path.name}: 파일을 읽을 수 없습니다 (경로를 확인해 주세요)")
            refused += 1
            continue
        try:
            piece = store.add_evidence(data, path.name, ward=args.ward, as_of=args.as_of, pledge_id=args.pledge,
                                       caption=args.caption, subproject=args.subproject, taken_on=args.date,
                                       by=args.by, user=user)
        except StoreError as problem:
            print(str(problem))
            refused += 1
            continue
        print(f"{path.name}: 증빙 #{piece.id}로 붙였습니다 ({piece.kind}, {file_size(piece.bytes)}, 검토 전)")
    return 1 if refused else 0


def _record(piece) -> dict:
    return {"id": piece.id, "pledge_id": piece.pledge_id, "subproject": piece.subproject, "caption": piece.caption,
            "date": piece.taken_on.isoformat() if piece.taken_on else None, "kind": piece.kind,
            "media_type": piece.media_type, "bytes": piece.bytes, "sha256": piece.sha256,
            "file_name": piece.file_name, "by": piece.added_by, "added_at": piece.added_at.isoformat(),
            "as_of": piece.as_of.isoformat()}


def _list(store, args: argparse.Namespace) -> int:
    if args.ward not in store.wards():
        raise CliError(f"'{args.ward}' 자료가 저장소에 없습니다", 1)
    pieces = store.evidence(args.ward, args.as_of, args.pledge)
    if args.json:
        print(json.dumps({"evidence": [_record(p) for p in pieces]}, ensure_ascii=False, indent=2))
        return 0
    if not pieces:
        print("증빙이 없습니다")
        return 0
    rows = [["번호", "기준일", "공약", "구분", "설명", "날짜", "검토", "파일"]]
    rows += [[f"#{p.id}", format_date(p.as_of), p.pledge_id + (f" {p.subproject}" if p.subproject else ""), p.kind,
              p.caption, format_date(p.taken_on) if p.taken_on else "-", p.state,
              f"{p.file_name} ({file_size(p.bytes)})"] for p in pieces]
    print("\n".join(table(rows, "lllllll" + "l", flexible=(2, 4, 7), indent="")))
    return 0


def _get(store, args: argparse.Namespace) -> int:
    try:
        piece, data = store.evidence_file(args.id)
    except StoreError as problem:
        raise CliError(str(problem), 1) from None
    out = output_path(args.out, suffixes=(Path(args.out).suffix.lower(),))  # any name: the bytes are the kept file
    write_bytes(out, data)
    print(f"{out}: 증빙 #{piece.id} '{piece.caption}'의 파일을 저장했습니다 ({file_size(len(data))}, sha256 {piece.sha256})")
    return 0


def _remove(store, args: argparse.Namespace) -> int:
    try:
        print(store.remove_evidence(args.id, args.reason, by=args.by, user=signed_in(store, args.user)))
    except StoreError as problem:
        raise CliError(str(problem), 1) from None
    return 0
