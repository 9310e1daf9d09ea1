"""The store's one exception for a refused request, so every caller catches one kind.

`PermissionDenied` (store.permissions) is one of these: a request refused for the account
that made it reads to the caller as any other refused request, in Korean.
"""

from __future__ import annotations


class StoreError(Exception):
    """A request the store cannot carry out; `str()` is the Korean message."""
