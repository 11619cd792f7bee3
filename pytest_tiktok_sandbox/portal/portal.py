"""The in-memory developer portal: developers, organizations, apps, accounts, Login Kit state."""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..accounts import PROFILE_FIELDS, Account
from .apps import App
from .authorization import LoginKit
from .clock import Clock
from .config import AppConfig, validate_details
from .developers import Developer, Organization, Owner
from .errors import DuplicateAccount, DuplicateDeveloper, InvalidConfiguration, NotAMember
from .events import EventLog
from .ids import IdSource
from .posting import Posting

if TYPE_CHECKING:
    from .sandbox import Sandbox


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
        self.login_kit = LoginKit(self.clock, self.ids, self.events)
        self.posting = Posting(self.clock, self.ids, self.events, self.lock)
        """Content Posting: publishes, uploads and the media pulls fetch (``portal/posting.py``)."""
        self._developers: dict[str, Developer] = {}
        self._organizations: list[Organization] = []
        self._apps: list[App] = []
        self._accounts: dict[str, Account] = {}
        self._clients: dict[str, App | Sandbox] = {}

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

    def client(self, client_key: str) -> App | Sandbox | None:
        """The production app or the sandbox that ``client_key`` belongs to."""
        return self._clients.get(client_key)

    def _register_client(self, client: App | Sandbox) -> None:
        self._clients[client.client_key] = client

    def _unregister_client(self, client: App | Sandbox) -> None:
        self._clients.pop(client.client_key, None)
        self.login_kit.end_authorization(client.client_key)

    # -- TikTok accounts ---------------------------------------------------------------------
    def create_account(self, *, password: str | None = None, is_private: bool = False, **fields: Any) -> Account:
        """A new TikTok account. Any profile or stats field can be fixed (``username=``,
        ``follower_count=``, ``video_count=``...); the rest is made by faker from the
        portal's seed, lazily."""
        unknown = set(fields) - set(PROFILE_FIELDS) - {"open_id", "union_id"}
        if unknown:
            raise InvalidConfiguration(f"unknown account fields {sorted(unknown)} (known: {', '.join(PROFILE_FIELDS)})")
        username = fields.get("username")
        if username is not None and any(a.username == username for a in self._accounts.values()):
            raise DuplicateAccount(f"{username!r} is taken")
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
        self._accounts[open_id] = account
        return account

    @property
    def accounts(self) -> list[Account]:
        return list(self._accounts.values())

    def account(self, open_id: str) -> Account:
        return self._accounts[open_id]

    def find_account(self, username: str) -> Account | None:
        """The account logging in as ``username`` (or by its open_id)."""
        if username in self._accounts:
            return self._accounts[username]
        return next((a for a in self._accounts.values() if a.username == username), None)

    def __iter__(self) -> Iterator[App]:
        return iter(self._apps)
