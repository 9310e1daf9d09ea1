"""Password rules and hashing: what a Korean public-sector security review expects.

The rules are those of the 행정안전부/KISA guidance that ward offices follow: at least 10
characters of two kinds (영문 대문자, 영문 소문자, 숫자, 특수문자) or 8 of three; not the account's
name; not a commonly used password (the list shipped beside this module,
`common-passwords.txt`, with its origin in its header). A refusal names every rule that failed.

Hashes are argon2id (argon2-cffi). When this module's parameters are raised, a hash made with
older ones is replaced at the next successful sign-in (`needs_rehash`).
"""

from __future__ import annotations

import functools
import string
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

COMMON_FILE = Path(__file__).resolve().parent / "common-passwords.txt"
#: argon2-cffi's defaults (RFC 9106's low-memory choice); raise them here and old hashes follow
HASHER = PasswordHasher()

KINDS = {
    "영문 대문자": set(string.ascii_uppercase),
    "영문 소문자": set(string.ascii_lowercase),
    "숫자": set(string.digits),
}
SPECIAL = "특수문자"
#: the sentence every form and prompt shows before a password is typed
RULE_TEXT = ("비밀번호는 영문 대문자·영문 소문자·숫자·특수문자 중 두 종류 이상을 섞어 10자 이상, 또는 세 종류 "
             "이상을 섞어 8자 이상으로 정해 주세요. 계정 이름이나 흔히 쓰는 비밀번호는 쓸 수 없습니다.")


class PasswordRefused(ValueError):
    """A new password that breaks a rule; `str()` names every rule that failed, in Korean."""


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def kinds_of(password: str) -> list[str]:
    """The kinds of character in `password`: any character that is not an English letter or a digit
    (punctuation, a space, Hangul) counts as 특수문자."""
    found = [name for name, chars in KINDS.items() if any(c in chars for c in password)]
    if any(not any(c in chars for chars in KINDS.values()) for c in password):
        found.append(SPECIAL)
    return found


def _is_common(password: str) -> bool:
    """On the list as typed, or once the symbols people add at the end to pass a rule are taken off
    (`qwer1234!` is `qwer1234`)."""
    lowered = password.lower()
    trimmed = lowered.rstrip(string.punctuation + " ")
    listed = common_passwords()
    return lowered in listed or (len(trimmed) >= 8 and trimmed in listed)


def problems(name: str, password: str) -> list[str]:
    """Every rule `password` breaks for the account `name` (empty: it may be used)."""
    found: list[str] = []
    kinds = kinds_of(password)
    length = len(password)
    if not ((len(kinds) >= 2 and length >= 10) or (len(kinds) >= 3 and length >= 8)):
        found.append(f"영문 대문자·영문 소문자·숫자·특수문자 중 두 종류 이상이면 10자 이상, 세 종류 이상이면 "
                     f"8자 이상이어야 합니다 (지금 {length}자, {len(kinds)}종류"
                     + (f": {', '.join(kinds)}" if kinds else "") + ")")
    account = name.strip().lower()
    if account and len(account) >= 3 and account in password.lower():
        found.append("계정 이름이 들어 있습니다")
    if _is_common(password):
        found.append("흔히 쓰는 비밀번호 목록에 있습니다")
    return found


def check(name: str, password: str) -> None:
    """PasswordRefused naming every failed rule, or nothing."""
    found = problems(name, password)
    if found:
        raise PasswordRefused("비밀번호를 쓸 수 없습니다: " + "; ".join(found))


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def matches(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than HASHER's (raised since)."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False
