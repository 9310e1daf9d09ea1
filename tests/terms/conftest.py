"""The pledge-25 workbook fixtures of the loader tests, for the rules of terms and 공약조정."""

from tests.loaders.conftest import book, read  # noqa: F401
