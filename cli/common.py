"""Arguments and helpers shared by the commands (`--db`, `--ward`, `--as-of`, output files).

Every mistake a person can make on the command line ends in `CliError`: a Korean
sentence and an exit code (2 usage, 1 the input or the store), never a traceback.

This module is imported to build the parser, so it imports nothing heavy at the top:
SQLAlchemy and the store come in only when `store_from` opens one (`pledges --help` and a
mistyped option must answer at once; tests/cli/test_startup.py holds that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store import Store


class CliError(Exception):
    """A Korean message for the person at the terminal, with the exit code to end on."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def iso_date(text: str) -> dt.date:
    """A day as officials type it (`2020-12-31`, `2020.12.31`, `2020. 12. 31.`): the loader's one rule."""
    from loaders.dates import not_a_day, typed_day  # only once a date is given: --help stays light

    found = typed_day(text.strip())
    if found is None:
        raise argparse.ArgumentTypeError(not_a_day(text))
    return found


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}'는 숫자가 아닙니다") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}': 1 이상의 숫자를 적어 주세요")
    return value


def add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="URL",
        help="저장소 주소 (예: postgresql+psycopg://user:pw@host/db). 없으면 환경변수 PLEDGES_DB, "
             "그것도 없으면 data/pledges.sqlite",
    )


def add_ward(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    parser.add_argument("--ward", required=required, metavar="구", help="자치구 이름 (예: 영등포구)")


def add_as_of(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument(
        "--as-of", type=iso_date, metavar="YYYY-MM-DD", required=required,
        help="기준일" + ("" if required else " (없으면 가장 최근 기준일)"),
    )


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(//[^:/@]+:)[^@]*@", r"\1***@", url)


def store_from(args: argparse.Namespace) -> Store:
    """Open the store named by --db / PLEDGES_DB / the default file, or say in Korean why not."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

    from store import open_store

    url = getattr(args, "db", None) or os.environ.get("PLEDGES_DB")
    try:
        return open_store(url)
    except (ArgumentError, NoSuchModuleError, ValueError):
        raise CliError(
            f"저장소 주소를 알아볼 수 없습니다: {_shown(url or '')} "
            "(예: sqlite:///data/pledges.sqlite 또는 postgresql+psycopg://사용자:비밀번호@서버/이름)",
            2,
        ) from None
    except (OperationalError, DBAPIError) as problem:
        reason = str(getattr(problem, "orig", problem)).strip().splitlines()[0][:200]
        raise CliError(
            f"저장소에 연결할 수 없습니다: {_shown(url or '기본 저장소 data/pledges.sqlite')} "
            f"(서버가 켜져 있는지, 주소·계정이 맞는지 확인해 주세요. 원인: {reason})",
            1,
        ) from None


def output_path(text: str, *, suffixes: tuple[str, ...], force: bool = True) -> Path:
    """A file we may write: right suffix, not a directory, its folder exists and is writable."""
    path = Path(text)
    if path.suffix.lower() not in suffixes:
        raise CliError(f"{text}: 파일 이름은 {' 또는 '.join(suffixes)} 로 끝나야 합니다", 2)
    if path.is_dir():
        raise CliError(f"{text}: 폴더입니다. 만들 파일의 이름을 적어 주세요", 2)
    if path.exists() and not force:
        raise CliError(f"{text}: 이미 있는 파일입니다. 덮어쓰려면 --force 를 붙여 주세요", 1)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"{text}: 폴더 '{folder}'가 없습니다", 1)
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CliError(f"{text}: 이 위치에 파일을 쓸 권한이 없습니다", 1)
    return path


def input_path(text: str) -> Path:
    """A file we may read, or a Korean reason why not."""
    path = Path(text)
    if path.is_dir():
        raise CliError(f"{text}: 폴더입니다. 서식 파일(.xlsx)을 적어 주세요", 2)
    if not path.exists():
        raise CliError(f"{text}: 파일이 없습니다", 1)
    if not os.access(path, os.R_OK):
        raise CliError(f"{text}: 파일을 읽을 권한이 없습니다", 1)
    return path


def write_bytes(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as problem:
        raise CliError(f"{path}: 파일을 쓰지 못했습니다 ({problem.strerror or problem})", 1) from None
