"""The `Store`'s account methods: signing in and out, sessions, passwords, rights.

Every method that changes an account takes the acting `user` and is judged by
store.permissions (action `accounts`: admins only, open while the store has no admin so
the first one can be made), on the acting account as it stands at that moment.
"""

from __future__ import annotations

from sqlalchemy import Engine

from store import accounts, signin
from store.accounts import Account, AccountError
from store.permissions import PermissionDenied, authorize


class AccountDoor:
    engine: Engine

    def _admin(self, user: Account | None, by: str) -> str:
        """The actor's name once `user` may manage accounts; AccountError (audited) otherwise."""
        try:
            authorize(self.engine, "accounts", None, user, actor=by)
        except PermissionDenied as refused:
            raise AccountError(str(refused)) from None
        return user.name if user else by

    # --- signing in ----------------------------------------------------------------------
    def authenticate(self, name: str, password: str) -> Account:
        """The account for a command (no session); LoginFailed in Korean."""
        return signin.authenticate(self.engine, name, password)

    def sign_in(self, name: str, password: str) -> Account:
        """The account with a session for a dashboard tab (its `session` token)."""
        return signin.sign_in(self.engine, name, password)

    def sso_sign_in(self, email: str | None, names: tuple[str, ...]) -> Account | None:
        """The account the city's single sign-on names (by e-mail, then name), with a session; None: no account."""
        return signin.sso_sign_in(self.engine, email=email, names=names)

    def session_account(self, token: str) -> tuple[Account | None, str | None]:
        """The tab's account as it stands now, or None and the Korean reason its session ended."""
        return signin.session_account(self.engine, token)

    def sign_out(self, user: Account) -> None:
        """End every open session of the account, on every app process."""
        signin.sign_out(self.engine, user)

    def change_password(self, name: str, old: str, new: str) -> None:
        """The owner's new password (rules of store.passwords); every session of the account ends."""
        signin.change_password(self.engine, name, old, new)

    # --- managing accounts (admins) ---------------------------------------------------------
    def has_accounts(self) -> bool:
        return accounts.has_accounts(self.engine)

    def has_admin(self) -> bool:
        return accounts.has_admin(self.engine)

    def users(self) -> list[Account]:
        return accounts.list_users(self.engine)

    def account(self, name: str) -> Account | None:
        """The account named `name` as it stands now."""
        return accounts.current(self.engine, name)

    def add_user(self, name: str, password: str, role: str, wards: tuple[str, ...] = (), *, by: str,
                 department: str | None = None, email: str | None = None, user: Account | None = None) -> Account:
        """A new account (the first must be an admin); audited. `AccountError` in Korean when refused.

        `department`: an editor of one ward limited to that department's part of it."""
        by = self._admin(user, by)
        return accounts.add_user(self.engine, name, password, role, wards, by=by, department=department,
                                 email=email)

    def set_user(self, name: str, *, by: str, user: Account | None = None, role: str | None = None,
                 wards: tuple[str, ...] | None = None, department: str | None = None,
                 email: str | None = None) -> Account:
        """Change rights in place (what is None stays); the account's open sessions end; audited."""
        by = self._admin(user, by)
        return accounts.set_user(self.engine, name, by=by, role=role, wards=wards, department=department,
                                 email=email)

    def remove_user(self, name: str, *, by: str, user: Account | None = None) -> None:
        by = self._admin(user, by)
        accounts.remove_user(self.engine, name, by=by)

    def reset_password(self, name: str, new: str, *, by: str, user: Account | None = None) -> None:
        """An admin's reset: a temporary password the person must replace at the next sign-in."""
        by = self._admin(user, by)
        signin.reset_password(self.engine, name, new, by=by)
