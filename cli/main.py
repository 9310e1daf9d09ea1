"""`pledges`: the command line. Parses arguments and calls the same functions the pages call.

Each sub-command's parser is defined in a light module (cli/parsers.py, cli/parsers_admin.py)
and names its handler as "module:function"; only that module is imported, after parsing, so
`pledges --help` or a mistyped option loads no pandas, SQLAlchemy or plotly, and `validate`
no store (tests/cli/test_startup.py). The handler returns the exit code (0 ok, 1 the input or
the store had a problem, 2 usage error). Every message is Korean (argparse's own too, see
cli/korean.py), and no traceback ever reaches the terminal: expected problems
are `CliError`s, anything else is reported in one Korean line.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable

from cli import parsers, parsers_admin, parsers_evidence
from cli.common import CliError
from cli.korean import KoreanParser

#: the light function that defines each command module's parsers (its handlers live in the module)
REGISTER: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "cli.validate": parsers.validate,
    "cli.template": parsers.template,
    "cli.imports": parsers.imports,
    "cli.summary": parsers.summary,
    "cli.adjustments": parsers.adjustments,
    "cli.report": parsers.report,
    "cli.review": parsers.review,
    "cli.submissions": parsers.submissions,
    "cli.publish": parsers.publish,
    "cli.evidence": parsers_evidence.evidence,
    "cli.serve": parsers_admin.serve,
    "cli.users": parsers_admin.users,
    "cli.backup": parsers_admin.backup,
}
#: sub-command modules, in the order `pledges --help` lists them; a module not in REGISTER
#: defines its parsers itself with `register(subparsers)` (and is imported to build the parser)
COMMAND_MODULES = tuple(REGISTER)


def build_parser() -> argparse.ArgumentParser:
    parser = KoreanParser(
        prog="pledges",
        description="공약 이행 대시보드: 분기 공약 이행 현황 서식을 검사하고, 저장하고, 보여 줍니다.",
        epilog="각 명령의 도움말: pledges 명령 --help",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="명령")
    for name in COMMAND_MODULES:
        define = REGISTER.get(name) or importlib.import_module(name).register
        define(subparsers)
    return parser


def handler(func: str | Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The function a parsed command runs: "cli.imports:run_import" is imported now, not before parsing."""
    if callable(func):
        return func
    module, _, name = func.partition(":")
    return getattr(importlib.import_module(module), name)


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
    try:
        code = int(handler(args.func)(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's own flush at exit
        return code
    except CliError as problem:
        print(f"pledges: {problem}", file=sys.stderr)
        return problem.code
    except KeyboardInterrupt:
        print("pledges: 중단했습니다", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as problem:  # the last net: a Korean line, never a traceback
        print(f"pledges: 예기치 못한 문제로 끝냈습니다 ({type(problem).__name__}: {str(problem)[:200]}). "
              "저장된 내용은 바뀌지 않았습니다", file=sys.stderr)
        return 1


def _closed_pipe() -> int:
    """The reader of our output went away (`pledges history --json | head`): end quietly, as `cat` does.

    What is left in stdout's buffer would raise again when Python flushes it at exit, so
    stdout is pointed at /dev/null first. 141 is what a shell reports for a death by SIGPIPE.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout without a file descriptor (a test's capture)
        pass
    return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
