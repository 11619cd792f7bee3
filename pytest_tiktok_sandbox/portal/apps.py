"""An app: its production side (Draft and Live versions), its mode toggle and its sandboxes."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .config import AppConfig
from .errors import (
    DuplicateSandboxName,
    ForeignObject,
    InvalidConfiguration,
    InvalidURLProperty,
    NoDraft,
    NoLiveVersion,
    SandboxDeleted,
    SandboxLimitExceeded,
    WrongMode,
)
from .posting import parse_url_property
from .products import MAX_SANDBOXES_PER_APP, PRODUCTS
from .sandbox import Sandbox

if TYPE_CHECKING:
    from ..accounts import Account
    from .developers import Owner
    from .portal import Portal

Mode = Literal["production", "sandbox"]
VersionStatus = Literal["draft", "live", "archived"]


@dataclass(eq=False)
class AppVersion:
    """A production version of an app: the Draft, the Live version, or an archived one."""

    app: App
    number: int
    config: AppConfig
    status: VersionStatus

    def __repr__(self) -> str:
        return f"<AppVersion {self.number} {self.status} of {self.app.name!r}>"


class App:
    """An app on the developer portal, owned by a developer or an organization."""

    environment = "production"

    def __init__(self, portal: Portal, owner: Owner, config: AppConfig, client_key: str, client_secret: str) -> None:
        self.portal = portal
        self.owner = owner
        self.client_key = client_key
        self.client_secret = client_secret
        self._mode: Mode = "production"
        self._versions: list[AppVersion] = []
        self.draft: AppVersion | None = self._new_version(config, "draft")
        self.live: AppVersion | None = None
        self._sandboxes: list[Sandbox] = []
        self._url_properties: list[str] = []

    def __repr__(self) -> str:
        return f"<App {self.name!r} {self.client_key}>"

    @property
    def app(self) -> App:
        return self

    @property
    def name(self) -> str:
        current = self.live or self.draft
        return current.config.details.name if current else ""

    @property
    def mode(self) -> Mode:
        """The Production/Sandbox toggle next to the app's name."""
        return self._mode

    @mode.setter
    def mode(self, value: Mode) -> None:
        if value not in ("production", "sandbox"):
            raise InvalidConfiguration(f"mode is 'production' or 'sandbox', got {value!r}")
        self._mode = value

    @property
    def versions(self) -> list[AppVersion]:
        return list(self._versions)

    def _new_version(self, config: AppConfig, status: VersionStatus) -> AppVersion:
        version = AppVersion(self, len(self._versions) + 1, config, status)
        self._versions.append(version)
        return version

    # -- URL properties ---------------------------------------------------------------------------
    @property
    def url_properties(self) -> tuple[str, ...]:
        """Verified domains and URL prefixes: where ``PULL_FROM_URL`` may fetch media from,
        for production and every sandbox of the app."""
        return tuple(self._url_properties)

    def verify_url_property(self, value: str) -> str:
        """Verify a domain (``example.com``, covering its subdomains) or an https URL prefix
        (``https://cdn.example.com/media/``), as "URL properties" does once its DNS record or
        signature file is found. Returns the normalised property."""
        prop = parse_url_property(value)
        if prop not in self._url_properties:
            self._url_properties.append(prop)
        return prop

    def remove_url_property(self, value: str) -> None:
        prop = parse_url_property(value)
        if prop not in self._url_properties:
            raise InvalidURLProperty(f"{value!r} is not a URL property of {self.name!r}")
        self._url_properties.remove(prop)

    # -- production ---------------------------------------------------------------------------
    @property
    def api_config(self) -> AppConfig | None:
        """What the production client key can do: the Live version only."""
        return self.live.config if self.live else None

    def may_authorize(self, account: Account) -> bool:
        return self.live is not None

    def approve(self) -> AppVersion:
        """Approve the Draft (a shortcut past app review): it becomes the Live version, and a
        new Draft, a copy of it, is opened for further changes."""
        if self.draft is None:
            raise NoDraft("there is no Draft to approve")
        if self.live is not None:
            self.live.status = "archived"
        self.draft.status = "live"
        self.live, self.draft = self.draft, None
        self.draft = self._new_version(self.live.config, "draft")
        return self.live

    def create_revision(self) -> AppVersion:
        """Clone the Live version into a new Draft ("Create revision")."""
        if self.live is None:
            raise NoLiveVersion("there is no Live version to revise")
        if self.draft is None:
            self.draft = self._new_version(self.live.config, "draft")
        return self.draft

    def update_draft(self, config: AppConfig) -> None:
        """Replace the Draft's configuration."""
        if self.draft is None:
            raise NoDraft("create a revision first")
        self.draft.config = config

    def import_sandbox(self, sandbox: Sandbox) -> AppVersion:
        """Overwrite the Draft with the sandbox's applied configuration (Production mode only)."""
        self._own(sandbox)
        if sandbox.deleted:
            raise SandboxDeleted(f"{sandbox.name!r} was deleted")
        if self._mode != "production":
            raise WrongMode("switch the toggle to Production first (app.mode = 'production')")
        if self.draft is None:
            raise NoDraft("there is no Draft to import into")
        self.draft.config = sandbox.config
        return self.draft

    def revert_draft_to_live(self) -> AppVersion:
        """Overwrite the Draft with the Live version's configuration ("Revert to Live version")."""
        if self.live is None:
            raise NoLiveVersion(f"{self.name!r} has never been approved")
        if self._mode != "production":
            raise WrongMode("Revert to Live version is in Production mode's Import menu")
        if self.draft is None:
            self.draft = self._new_version(self.live.config, "draft")
        else:
            self.draft.config = self.live.config
        return self.draft

    # -- sandboxes -------------------------------------------------------------------------------
    @property
    def sandboxes(self) -> list[Sandbox]:
        return list(self._sandboxes)

    def sandbox(self, name: str) -> Sandbox:
        """The sandbox called ``name``."""
        for sandbox in self._sandboxes:
            if sandbox.name == name:
                return sandbox
        raise KeyError(f"{self.name!r} has no sandbox {name!r}")

    def create_sandbox(self, name: str, clone_from: Sandbox | AppVersion | None = None) -> Sandbox:
        """Create a sandbox, empty or cloned from a production version or another sandbox."""
        if not isinstance(name, str) or not name.strip():
            raise InvalidConfiguration("a sandbox needs a name")
        if any(s.name == name for s in self._sandboxes):
            raise DuplicateSandboxName(f"{self.name!r} already has a sandbox {name!r}")
        if len(self._sandboxes) >= MAX_SANDBOXES_PER_APP:
            raise SandboxLimitExceeded(f"{self.name!r} already has {len(self._sandboxes)}")
        config = self._clone_source(clone_from)
        ids = self.portal.ids
        sandbox = Sandbox(self, name, config, ids.sandbox_client_key(), ids.client_secret())
        self._sandboxes.append(sandbox)
        self.portal._register_client(sandbox)
        return sandbox

    def delete_sandbox(self, sandbox: Sandbox) -> None:
        """Delete a sandbox: its client key stops working and its authorizations end."""
        self._own(sandbox)
        if sandbox.deleted:
            raise SandboxDeleted(f"{sandbox.name!r} was already deleted")
        self._sandboxes.remove(sandbox)
        sandbox.deleted = True
        self.portal._unregister_client(sandbox)

    def _clone_source(self, source: Sandbox | AppVersion | None) -> AppConfig:
        if source is None:
            draft = self.draft or self.live
            name = draft.config.details if draft else None
            return AppConfig(details=name) if name else AppConfig.model_validate({"details": {"name": "app"}})
        self._own(source)
        if isinstance(source, Sandbox):
            if source.deleted:
                raise SandboxDeleted(f"{source.name!r} was deleted")
            return source.config
        config = source.config
        unavailable = {p for p in config.products if PRODUCTS[p].sandbox == "unavailable"}
        if unavailable:
            names = ", ".join(PRODUCTS[p].title for p in sorted(unavailable))
            warnings.warn(
                f"sandbox mode does not offer {names}: left out of the cloned configuration",
                stacklevel=3,
            )
            dropped_scopes = {s for p in unavailable for s in PRODUCTS[p].scopes}
            config = config.model_copy(
                update={"products": config.products - unavailable, "scopes": config.scopes - dropped_scopes}
            )
        return config

    def _own(self, thing: Sandbox | AppVersion) -> None:
        if thing.app is not self:
            raise ForeignObject(f"{thing!r} belongs to another app")
