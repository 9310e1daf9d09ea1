"""An address with no page (an old bookmark, a typo) opens 현황 with a Korean note, not Streamlit's English.

Streamlit 1.67 answers a path no page has with a modal "Page not found … Running the app's
main page" in English, and has no Korean locale or hook to change it. `st.navigation` sends
that message through one module function, `streamlit.commands.navigation.send_page_not_found`;
`install` puts ours in its place (the version is pinned in constraints.txt, and
tests/browser/test_legibility.py fails should a new version send the dialog another way).
Ours sends nothing and remembers the address asked for, and the app says in Korean what happened.
"""

from __future__ import annotations

import threading

from streamlit.commands import navigation

#: the app's default page also answers to its own name (`/overview`, from before it became `/`)
DEFAULT_ALIASES = ("overview",)
_asked = threading.local()  # each session's script runs in its own thread


def _remember(ctx) -> None:
    _asked.name = ctx.pages_manager.intended_page_name or ""


def install() -> None:
    """Replace Streamlit's English "Page not found" message by `_remember` (idempotent)."""
    navigation.send_page_not_found = _remember


def asked_for_unknown_page() -> str | None:
    """The address of this run that matched no page (None when it matched one); read once."""
    name = getattr(_asked, "name", None)
    _asked.name = None
    if name is None or name.strip("/") in DEFAULT_ALIASES:
        return None
    return name


def notice(name: str) -> str:
    return (f"주소 '/{name.strip('/')}'에 해당하는 화면이 없어 첫 화면(현황)을 보여 드립니다. "
            "왼쪽 메뉴에서 보려는 화면을 골라 주세요.")
