"""argparse in Korean: its own messages (usage, errors, help headings) and a parser that says them.

argparse looks its texts up through the module-level `_` / `ngettext` it imported
from gettext, at call time; Python ships no Korean catalogue for it, so the
catalogue lives here and is put in place of those two names. Officials read
Korean only, so "usage:" or "the following arguments are required" is a defect.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from typing import NoReturn

MESSAGES = {
    "usage: ": "사용법: ",
    "options": "선택 사항",
    "positional arguments": "필수 인자",
    "show this help message and exit": "이 도움말을 보여 주고 끝냅니다",
    "show program's version number and exit": "버전을 보여 주고 끝냅니다",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 오류: %(message)s\n",
    "the following arguments are required: %s": "다음 인자가 필요합니다: %s",
    "unrecognized arguments: %s": "알 수 없는 인자입니다: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "'%(value)s'는 고를 수 없는 값입니다 (%(choices)s 중 하나)",
    "invalid %(type)s value: %(value)r": "'%(value)s'는 올바른 값이 아닙니다",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "값 하나가 필요합니다",
    "expected at least one argument": "값이 하나 이상 필요합니다",
    "expected at most one argument": "값은 하나까지입니다",
    "ambiguous option: %(option)s could match %(matches)s":
        "모호한 옵션입니다: %(option)s (%(matches)s 중 무엇인지 알 수 없습니다)",
    "not allowed with argument %s": "%s 와(과) 함께 쓸 수 없습니다",
    "one of the arguments %s is required": "%s 중 하나가 필요합니다",
    "ignored explicit argument %r": "값을 받지 않는 옵션입니다: %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "'%(parser_name)s'는 없는 명령입니다 (%(choices)s 중 하나)",
    "can't open '%(filename)s': %(error)s": "'%(filename)s'를 열 수 없습니다: %(error)s",
}
PLURALS = {"expected %s argument": "값 %s개가 필요합니다"}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


def install() -> None:
    """Put the Korean catalogue in place of argparse's gettext lookups."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


def _extra_columns(text: str) -> int:
    """Columns a terminal gives `text` beyond its length: a Hangul (wide) character takes two."""
    return sum(unicodedata.east_asian_width(c) in "WF" for c in text)


class KoreanHelpFormatter(argparse.HelpFormatter):
    """Help lined up by the columns a terminal draws, not by characters: argparse pads by `len`, so an
    option with a Korean metavar (`--out 폴더`) pushed its description two columns right of the others."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            widths = [len(h) + _extra_columns(h) for h in (
                self._format_action_invocation(a) for a in [action, *self._iter_indented_subactions(action)])]
            self._action_max_length = max(self._action_max_length, max(widths) + self._current_indent)

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        header = " " * self._current_indent + self._format_action_invocation(action)
        extra = _extra_columns(header)
        if not extra or not text.startswith(header + "  "):  # all narrow, or the help already below it
            return text
        help_text = text[len(header):].lstrip(" ")
        help_position = min(self._action_max_length + 2, self._max_help_position)
        width = len(header) + extra
        if width + 2 <= help_position:
            return header + " " * (help_position - width) + help_text
        return header + "\n" + " " * help_position + help_text  # too wide: the help on the next line


class KoreanParser(argparse.ArgumentParser):
    """Errors end with where to look for help, in Korean, and exit 2 (a usage mistake); help lined up
    by display width."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", KoreanHelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 오류: {message}\n도움말: {self.prog} --help\n")


install()
