"""`pledges`: the command line. Parses arguments and calls the same functions the pages call.

Each sub-command lives in its own module with `register(subparsers)`; the
handler it sets as `func` returns the exit code (0 ok, 1 input had errors,
2 usage error — argparse itself exits 2 on bad usage).
"""

from __future__ import annotations

import argparse
import importlib
import sys

#: sub-command modules, in the order `pledges --help` lists them
COMMAND_MODULES = (
    "cli.validate",
    "cli.template",
    "cli.imports",
    "cli.summary",
    "cli.serve",
    "cli.users",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pledges",
        description="공약 이행 대시보드: 분기 공약 이행 현황 서식을 검사하고, 저장하고, 보여 줍니다.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Korean output must survive a terminal or pipe that is not UTF-8.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
