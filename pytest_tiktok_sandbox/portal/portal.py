"""The in-memory developer portal: developers, organizations, apps, accounts, Login Kit state."""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeAlias

from ..accounts import POSTING_SETTINGS, PROFILE_FIELDS, Account, ClientKeyHolder, check_posting_setting
from .apps import App
from .authorization import AUTHORIZATION_REMOVED_REASONS, Grant, LoginKit
from .clock import Clock
from .config import AppConfig, validate_details
from .developers import Developer, Organization, Owner
from .errors import (
    AccountClosed,
    DuplicateAccount,
    DuplicateDeveloper,
    InvalidConfiguration,
    NotAMember,
    NotAuthorized,
)
from .events import EventLog
from .ids import IdSource
from .posting import Posting
from .qrcode import QrCodeLogin

if TYPE_CHECKING:
    from ..accounts import AccountStatus
    from .sandbox import Sandbox
    from .signin import SignInService


_ACCOUNT_FIELDS = frozenset((*PROFILE_FIELDS, *POSTING_SETTINGS, "open_id", "union_id"))
"""What ``create_account`` may be given besides ``password`` and ``is_private``."""

AppOrSandbox: TypeAlias = "App | Sandbox"
r"""What a client key belongs to: an app's production side, or one of its sandboxes (both are
:class:`~.clients.ApiClient`\ s)."""


class Portal:
    """A fresh developer portal with its own clock, seeded fake-data source and accounts.

    ``seed`` makes every id, key, token and fake profile reproducible. ``target_user_delay``
    is how many seconds an added target user takes to show on the app page (0 by default;
    TikTok says "up to an hour").
    """

    def __init__(
        self,
        seed: int | None = None,
        *,
        clock: Clock | None = None,
        target_user_delay: float = 0.0,
    ) -> None:
        self.seed = seed
        self.ids = IdSource(seed)
        self.clock = clock or Clock()
        self.target_user_delay = float(target_user_delay)
        if not 0 <= self.target_user_delay < math.inf:  # NaN fails too
            raise InvalidConfiguration(
                f"target_user_delay is a finite number of seconds, 0 or more, got {target_user_delay!r}"
            )
        self.lock = threading.RLock()
        """Held by the fake API around each request; hold it to change the portal from
        another thread while requests are served."""
        self.events = EventLog(self.clock)
        """Webhook events produced so far (see ``portal/events.py``)."""
        self.posting = Posting(self.clock, self.ids, self.events, self.lock)
        """Content Posting: publishes, uploads and the media pulls fetch (``portal/posting.py``)."""
        self.login_kit = LoginKit(self.clock, self.ids, self.events, self.posting.authorization_removed)
        self.qr_login = QrCodeLogin(self.login_kit, self.client, self.clock, self.ids)
        """Login Kit with QR code: the QR codes of ``get_qrcode`` (``portal/qrcode.py``)."""
        self.sign_in_service: SignInService | None = None
        """What ``sign_in`` on a sandbox or app goes through: the fake API made last for this
        portal registers itself (``portal/signin.py``)."""
        self._developers: dict[str, Developer] = {}
        self._organizations: list[Organization] = []
        self._apps: list[App] = []
        self._accounts: dict[str, Account] = {}
        self._clients: dict[str, AppOrSandbox] = {}

    def __repr__(self) -> str:
        return f"<Portal seed={self.seed} apps={len(self._apps)} accounts={len(self._accounts)}>"

    # -- developers and organizations --------------------------------------------------------
    def signup(self, email: str) -> Developer:
        """Create a developer account from the signup page, by email."""
        if not isinstance(email, str) or "@" not in email.strip("@"):
            raise InvalidConfiguration(f"a developer signs up with an email address, got {email!r}")
        key = email.lower()
        if key in self._developers:
            raise DuplicateDeveloper(f"{email} already has a developer account")
        developer = Developer(email)
        self._developers[key] = developer
        return developer

    def create_organization(self, name: str, owner: Developer) -> Organization:
        """Create an organization; its creator is its first member."""
        organization = Organization(name)
        organization.join(owner)
        self._organizations.append(organization)
        return organization

    @property
    def developers(self) -> list[Developer]:
        return list(self._developers.values())

    @property
    def organizations(self) -> list[Organization]:
        return list(self._organizations)

    # -- apps ------------------------------------------------------------------------------
    def create_app(self, owner: Owner, name: str, **details: Any) -> App:
        """Connect an app owned by ``owner`` (a developer or organization). ``details`` are App
        details: category, description, icon, terms_of_service_url, privacy_policy_url."""
        if not isinstance(owner, (Developer, Organization)):
            raise NotAMember(f"an app is owned by a Developer or an Organization, got {owner!r}")
        if isinstance(owner, Developer) and self._developers.get(owner.email.lower()) is not owner:
            raise NotAMember(f"{owner!r} has not signed up on this portal")
        if isinstance(owner, Organization) and owner not in self._organizations:
            raise NotAMember(f"{owner!r} was not created on this portal")
        config = AppConfig(details=validate_details(name=name, **details))
        app = App(self, owner, config, self.ids.production_client_key(), self.ids.client_secret())
        self._apps.append(app)
        self._register_client(app)
        return app

    @property
    def apps(self) -> list[App]:
        return list(self._apps)

    def client(self, client_key: str) -> AppOrSandbox | None:
        """The production app or the sandbox that ``client_key`` belongs to."""
        return self._clients.get(client_key)

    def _register_client(self, client: AppOrSandbox) -> None:
        self._clients[client.client_key] = client

    def _unregister_client(self, client: AppOrSandbox) -> None:
        self._clients.pop(client.client_key, None)
        self.login_kit.end_authorization(client.client_key)

    # -- TikTok accounts ---------------------------------------------------------------------
    def create_account(self, *, password: str | None = None, is_private: bool = False, **fields: Any) -> Account:
        """A new TikTok account. Any profile or stats field can be fixed (``username=``,
        ``follower_count=``, ``video_count=``...), and so can the creator's posting settings
        (``comment_disabled=``, ``max_video_post_duration_sec=``...); the rest is made from the
        portal's seed, lazily."""
        if fields:  # the plugin's target users give none: nothing to check
            self._check_account_fields(fields)
        open_id = fields.pop("open_id", None) or self.ids.open_id()
        if open_id in self._accounts:
            raise DuplicateAccount(f"open_id {open_id!r} is taken")
        account = Account(
            open_id=open_id,
            union_id=fields.pop("union_id", None) or self.ids.union_id(),
            password=self.ids.secrets.issue(password) if password is not None else self.ids.password(),
            is_private=bool(is_private),
            created_at=self.clock.now(),
            seed=self.ids.child_seed(),
            overrides=fields,
        )
        account._portal = self
        self._accounts[open_id] = account
        return account

    def _check_account_fields(self, fields: dict[str, Any]) -> None:
        unknown = fields.keys() - _ACCOUNT_FIELDS
        if unknown:
            known = ", ".join((*PROFILE_FIELDS, *POSTING_SETTINGS))
            raise InvalidConfiguration(f"unknown account fields {sorted(unknown)} (known: {known})")
        for name in fields.keys() & POSTING_SETTINGS:
            try:
                check_posting_setting(name, fields[name])
            except ValueError as error:
                raise InvalidConfiguration(str(error), field=name) from None
        username = fields.get("username")
        if username is not None and any(a.is_named(username) for a in self._accounts.values()):
            raise DuplicateAccount(f"{username!r} is taken")

    @property
    def accounts(self) -> list[Account]:
        return list(self._accounts.values())

    def account(self, open_id: str) -> Account:
        return self._accounts[open_id]

    def find_account(self, username: str) -> Account | None:
        """The account logging in as ``username`` (or by its open_id); None for a deleted or
        banned one, which can no longer log in."""
        found = self._accounts.get(username) or next((a for a in self._accounts.values() if a.is_named(username)), None)
        return found if found is not None and found.status == "active" else None

    # -- what users do away from the app ------------------------------------------------------
    def deauthorize(self, account: Account, reason: int, client: ClientKeyHolder | None = None) -> list[Grant]:
        """End ``account``'s authorization of ``client`` (of every app it authorized, with
        None) as TikTok does for ``reason`` (``authorization.removed``'s 0-5: 1 the user
        disconnected the app, 2 deleted the account, 3 age changed, 4 banned): every token
        dies at once, each client subscribed to webhooks gets ``authorization.removed`` with
        ``reason``, and the account's posts still processing fail with ``auth_removed``.
        :meth:`Account.disconnect`, :meth:`Account.delete`, :meth:`Account.change_age` and
        :meth:`Account.ban` call this. Returns the grants that ended."""
        if isinstance(reason, bool) or reason not in AUTHORIZATION_REMOVED_REASONS:
            raise InvalidConfiguration(
                f"reason is one of authorization.removed's {sorted(AUTHORIZATION_REMOVED_REASONS)}, got {reason!r}"
            )
        if self._accounts.get(account.open_id) is not account:
            raise NotAMember(f"{account!r} is not an account of this portal")
        with self.lock:
            if client is not None:
                registered = self._clients.get(client.client_key)
                if registered is None or registered is not client:
                    raise NotAuthorized(f"{client!r} is not a client of this portal (or it was deleted)")
                if not any(g.account is account for g in self.login_kit.grants(client.client_key)):
                    raise NotAuthorized(f"{account.open_id} has not authorized {client!r}")
                clients = [registered]
            else:
                keys = dict.fromkeys(g.client_key for g in self.login_kit.grants() if g.account is account)
                clients = [c for key in keys if (c := self._clients.get(key)) is not None]
            ended: list[Grant] = []
            for each in clients:
                ended += self.login_kit.remove_authorization(each, account.open_id, reason)
            return ended

    def close_account(self, account: Account, status: AccountStatus) -> list[Grant]:
        """Delete (``"deleted"``, reason 2) or ban (``"banned"``, reason 4) ``account``: it
        can no longer log in, and every app loses it as :meth:`deauthorize` says."""
        reasons = {"deleted": 2, "banned": 4}
        if status not in reasons:
            raise InvalidConfiguration(f"an account is closed as 'deleted' or 'banned', got {status!r}")
        if self._accounts.get(account.open_id) is not account:
            raise NotAMember(f"{account!r} is not an account of this portal")
        with self.lock:
            if account.status != "active":
                raise AccountClosed(f"{account.open_id} was already {account.status}")
            account._status = status
            return self.deauthorize(account, reasons[status])

    def __iter__(self) -> Iterator[App]:
        return iter(self._apps)
