"""An app: its owner, client key, the Production/Sandbox toggle and Import menu, URL
properties, the Content Posting audit, and its sandboxes.

Its versions and app review are its production side (:class:`~.versions.ProductionSide`,
``versions.py``): :attr:`App.draft`, :attr:`App.live`, :meth:`App.approve`,
:meth:`App.submit_for_review` and the rest are documented there.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, Literal

from .config import AppConfig, AppDetails
from .errors import (
    DuplicateSandboxName,
    ForeignObject,
    InvalidConfiguration,
    InvalidURLProperty,
    NoLiveVersion,
    ProductRequired,
    SandboxDeleted,
    SandboxLimitExceeded,
    WrongMode,
)
from .products import MAX_SANDBOXES_PER_APP, PRODUCTS
from .sandbox import Sandbox
from .url_properties import parse_url_property
from .versions import AppVersion, ProductionSide

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..accounts import Account
    from .developers import Owner
    from .portal import Portal

Mode = Literal["production", "sandbox"]


class App(ProductionSide):
    """An app on the developer portal, owned by a developer or an organization."""

    environment = "production"

    def __init__(self, portal: Portal, owner: Owner, config: AppConfig, client_key: str, client_secret: str) -> None:
        super().__init__(portal.clock, portal.lock, config)
        self.portal = portal
        self.owner = owner
        self.client_key = client_key
        self.client_secret = client_secret
        self._mode: Mode = "production"
        self._sandboxes: list[Sandbox] = []
        self._posting_audited = False

    def __repr__(self) -> str:
        return f"<App {self.name!r} {self.client_key}>"

    @property
    def app(self) -> App:
        return self

    @property
    def mode(self) -> Mode:
        """The Production/Sandbox toggle next to the app's name."""
        return self._mode

    @mode.setter
    def mode(self, value: Mode) -> None:
        if value not in ("production", "sandbox"):
            raise InvalidConfiguration(f"mode is 'production' or 'sandbox', got {value!r}")
        self._mode = value

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

    # -- the Content Posting audit ------------------------------------------------------------------
    @property
    def posting_audited(self) -> bool:
        """Whether the app's API client has passed TikTok's Content Posting audit. Until it
        has, even a Live app is an unaudited client: private accounts only, ``SELF_ONLY``
        only, 5 creators a day (TikTok's Content Sharing Guidelines). Sandboxes never are."""
        return self._posting_audited

    def pass_posting_audit(self) -> None:
        """Pass the Content Posting audit, a step of its own that TikTok runs after app
        review: the production client key may then post publicly. Needs a Live version with
        the Content Posting API; the audit stays with the app's client through later
        versions."""
        live = self.live
        if live is None:
            raise NoLiveVersion(
                f"{self.name!r} has no Live version: the Content Posting audit follows app review (app.approve())"
            )
        if "content_posting_api" not in live.config.products:
            raise ProductRequired(
                f"the Content Posting audit is for the Content Posting API, which {self.name!r}'s Live version lacks"
            )
        self._posting_audited = True

    # -- production ---------------------------------------------------------------------------
    @property
    def api_config(self) -> AppConfig | None:
        """What the production client key can do: the Live version only."""
        return self.live.config if self.live else None

    def may_authorize(self, account: Account) -> bool:
        return self.live is not None

    def import_sandbox(self, sandbox: Sandbox) -> AppVersion:
        """Overwrite the Draft with the sandbox's applied configuration (Production mode only).
        The Draft's review explanations stay (a sandbox has none to give), unless the
        sandbox's configuration carries its own."""
        self._own(sandbox)
        if sandbox.deleted:
            raise SandboxDeleted(f"{sandbox.name!r} was deleted")
        if self._mode != "production":
            raise WrongMode("switch the toggle to Production first (app.mode = 'production')")
        draft = self._editable_draft()
        explanations = {**draft.config.product_explanations, **sandbox.config.product_explanations}
        draft.config = sandbox.config.model_copy(update={"product_explanations": explanations})
        return draft

    def revert_draft_to_live(self) -> AppVersion:
        """Overwrite the Draft with the Live version's configuration ("Revert to Live version")."""
        live = self.live
        if live is None:
            raise NoLiveVersion(f"{self.name!r} has never been approved")
        if self._mode != "production":
            raise WrongMode("Revert to Live version is in Production mode's Import menu")
        draft = self._editable_draft()
        draft.config = live.config
        return draft

    def sign_in(
        self, user: Account, scopes: str | Iterable[str] | None = None, *, redirect_uri: str | None = None
    ) -> dict[str, Any]:
        """Sign ``user`` in with the production client key, as :meth:`Sandbox.sign_in` does for
        a sandbox: the Live version's scopes and first web redirect URI by default. Raises
        :class:`SignInFailed` where TikTok refuses (no Live version, an account that may not
        authorize the app...)."""
        from .signin import sign_in

        return sign_in(self.portal.sign_in_service, self, user, scopes, redirect_uri)

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
            return AppConfig(details=name or AppDetails(name="app"))
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
