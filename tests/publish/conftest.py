"""The published site's browser test uses the same Debian chromium fixture as the app's."""

from tests.browser.conftest import browser  # noqa: F401
