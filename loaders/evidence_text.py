"""A text file handed in as 증빙, named: SVG, HTML, XML, a script, or plain text.

Why its own module: these kinds have no magic number a signature library could match (the
`filetype` package names binary kinds only), and they are the dangerous ones: an SVG or an
HTML page runs scripts in the browser of whoever opens it, so it must be named as what it is
whatever its name claims (사진.png, 보도자료.pdf). Only the first 4 KB are looked at; what is
found there is named, by the first tell-tale tag for markup, by a few plain marks for
scripts. Every text is refused either way: the name only makes the message exact.
"""

from __future__ import annotations

import codecs
import re

SVG = "SVG 그림 파일"
HTML = "HTML 웹 페이지"
_HEAD_BYTES = 4096
_TAGS = re.compile(r"<(svg|html|!doctype\s+html|head|body|iframe|frameset|script)\b", re.IGNORECASE)
_TAG_NAMES = {
    "svg": (SVG, "PNG나 JPEG로 저장해 올려 주세요"),
    "script": ("스크립트가 든 HTML 웹 페이지", ""),
}
_HTML = (HTML, "웹 페이지는 브라우저의 'PDF로 저장'(인쇄)으로 PDF를 만들어 올려 주세요")
#: (marks of a script language, what it is called), tried in this order
_SCRIPTS = (
    (re.compile(r"\$env:|\[CmdletBinding|\b(Write-Host|Write-Output|Invoke-[A-Z]\w+|New-Object|Get-[A-Z]\w+|"
                r"Set-ExecutionPolicy)\b"), "PowerShell 스크립트"),
    (re.compile(r"\bwscript\.|\bcreateobject\s*\(|^\s*option\s+explicit\b|^\s*end\s+(sub|function)\b",
                re.IGNORECASE | re.MULTILINE), "VBScript 스크립트"),
    (re.compile(r"^\s*@?echo\s+(off|on)\b|%~dp0|^\s*(rem|goto|setlocal)\b",
                re.IGNORECASE | re.MULTILINE), "Windows 배치 파일(BAT·CMD)"),
    (re.compile(r"\bfunction\s*\w*\s*\([^)]*\)\s*\{|\b(var|let|const)\s+\w+\s*=|\b(document|window)\.\w+|"
                r"\brequire\s*\(|\bconsole\.log\s*\(|\beval\s*\(|=>\s*\{"), "자바스크립트 파일"),
)
_TEXT = ("텍스트 파일", "한글이나 Word에서 HWPX·DOCX나 PDF로 저장해 올려 주세요")


def text_kind(data: bytes) -> tuple[str, str] | None:
    """(what it is, advice) of a text file; None if `data` does not start as text."""
    text = _as_text(data[:_HEAD_BYTES])
    if text is None:
        return None
    text = text.lstrip("\ufeff \t\r\n")
    if (tag := _TAGS.search(text)) is not None:
        name = tag.group(1).lower()
        return _TAG_NAMES.get(name, _HTML)
    if text.startswith("<"):
        return ("XML 파일", "")
    if text.startswith("#!"):
        return (f"실행 스크립트({_interpreter(text)})", "")
    for marks, what in _SCRIPTS:
        if marks.search(text):
            return (what, "")
    return _TEXT


def _interpreter(text: str) -> str:
    """The program a `#!` line names: `#!/usr/bin/env python3` → python3, `#!/bin/sh` → sh."""
    words = text[2:].splitlines()[0].split() if text[2:].strip() else []
    if not words:
        return "#!"
    program = words[0].rsplit("/", 1)[-1]
    if program == "env":
        program = next((word for word in words[1:] if not word.startswith("-")), program)
    return program[:40]


def _as_text(head: bytes) -> str | None:
    """The head decoded (UTF-16 with its mark, UTF-8, else CP949), if it reads as text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = codecs.getincrementaldecoder("utf-16")(errors="replace").decode(head)
    elif b"\0" in head:
        return None
    else:
        text = None
        for encoding in ("utf-8", "cp949"):
            try:  # incremental: a character cut at the 4 KB edge is no reason to call it binary
                text = codecs.getincrementaldecoder(encoding)().decode(head)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            return None
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\r\n\f\x1b")
    return text if text.strip() and controls * 100 <= len(text) else None
