"""`pledges approve`, `pledges return` and `pledges reopen`: the coordinating office's review of a stored quarter.

Held to accounts like import and rollback: on a store with accounts, `--user` must be
an admin or a reviewer (검토) of the ward. `--department X` approves or returns one
department's part (docs/spec.md "Department submissions"); `reopen` (admins) takes
department submissions for an approved 기준일 again.
"""

from __future__ import annotations

import argparse

from cli.common import CliError, store_from
from cli.users import signed_in
from store import StoreError
from store.accounts import AccountError


def run_reopen(args: argparse.Namespace) -> int:
    store = store_from(args)
    try:
        print(store.reopen(args.ward, args.as_of, by=args.by, user=signed_in(store, args.user)))
    except (StoreError, AccountError) as problem:
        raise CliError(str(problem), 1) from None
    return 0


def _decide(args: argparse.Namespace, approve: bool) -> int:
    store = store_from(args)
    try:
        user = signed_in(store, args.user)
        department = " ".join(args.department.split()) if args.department else None
        if approve:
            message = store.approve(args.ward, args.as_of, by=args.by, user=user, version=args.version,
                                    department=department)
        else:
            message = store.return_version(args.ward, args.as_of, args.reason, by=args.by, user=user,
                                           version=args.version, department=department)
    except (StoreError, AccountError) as problem:
        raise CliError(str(problem), 1) from None
    print(message)
    return 0


def run_approve(args: argparse.Namespace) -> int:
    return _decide(args, True)


def run_return(args: argparse.Namespace) -> int:
    return _decide(args, False)
