"""Arguments and helpers shared by the store commands (`--db`, `--ward`, `--as-of`)."""

from __future__ import annotations

import argparse
import datetime as dt

from store import Store, open_store


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}'는 날짜가 아닙니다 (YYYY-MM-DD로 적어 주세요)") from None


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="URL",
        help="저장소 주소 (예: postgresql+psycopg://user:pw@host/db). 없으면 환경변수 PLEDGES_DB, "
             "그것도 없으면 data/pledges.sqlite",
    )


def store_from(args: argparse.Namespace) -> Store:
    return open_store(getattr(args, "db", None))
