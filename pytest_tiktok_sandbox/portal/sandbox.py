"""A sandbox: its own client key, a staged and an applied configuration, and target users."""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from .config import (
    PLATFORMS,
    AppConfig,
    Platform,
    fields_of,
    staged_view,
    validate_details,
    validate_platform_settings,
    validate_redirect_uri,
)
from .errors import (
    AccountClosed,
    DuplicateTargetUser,
    InvalidConfiguration,
    InvalidCredentials,
    NotATargetUser,
    PlatformNotConfigured,
    ProductNotAvailableInSandbox,
    ProductRequired,
    RedirectURILimitExceeded,
    SandboxDeleted,
    ScopeRequiresProduct,
    TargetUserLimitExceeded,
    TermsNotAccepted,
)
from .products import (
    MAX_REDIRECT_URIS_PER_PLATFORM,
    MAX_TARGET_USERS_PER_SANDBOX,
    PRODUCTS,
    Product,
    product,
    scope_product,
)

if TYPE_CHECKING:
    from ..accounts import Account
    from .apps import App


@dataclass(frozen=True)
class TargetUser:
    """An account added to a sandbox, and when (on the portal clock)."""

    account: Account
    added_at: float


F = TypeVar("F", bound=Callable[..., Any])


def _alive(method: F) -> F:
    """A sandbox edit: refused with :class:`SandboxDeleted` before anything else once the
    sandbox is deleted."""

    @functools.wraps(method)
    def checked(self: Sandbox, *args: Any, **kwargs: Any) -> Any:
        self._check_alive()
        return method(self, *args, **kwargs)

    return checked  # type: ignore[return-value]


class Sandbox:
    """A sandbox of an app. Edits are staged in :attr:`pending`; the API sees :attr:`config`
    only after :meth:`apply_changes`."""

    environment = "sandbox"

    def __init__(self, app: App, name: str, config: AppConfig, client_key: str, client_secret: str) -> None:
        self.app = app
        self.name = name
        self.client_key = client_key
        self.client_secret = client_secret
        self._config = config
        self._pending = config
        self._target_users: list[TargetUser] = []
        self.deleted = False
        self._staging: dict[str, Any] | None = None
        """The staged fields while :meth:`configure` runs (one frozen copy at its end)."""

    def __repr__(self) -> str:
        return f"<Sandbox {self.name!r} of {self.app.name!r} {self.client_key}>"

    # -- configuration ---------------------------------------------------------------------
    @property
    def config(self) -> AppConfig:
        """The applied configuration: what the API sees."""
        return self._config

    @property
    def pending(self) -> AppConfig:
        """The staged configuration: what :meth:`apply_changes` will make visible."""
        return self._pending

    @property
    def api_config(self) -> AppConfig | None:
        return None if self.deleted else self._config

    @property
    def url_properties(self) -> tuple[str, ...]:
        """The app's verified domains and URL prefixes: a sandbox pulls media from them too."""
        return self.app.url_properties

    @property
    def posting_audited(self) -> bool:
        """Always False: a sandbox never passes the Content Posting audit (an unaudited client)."""
        return False

    @property
    def has_unapplied_changes(self) -> bool:
        return self._pending != self._config

    def unapplied_changes(self) -> dict[str, tuple[Any, Any]]:
        """What :meth:`apply_changes` would change: ``{field: (applied, staged)}``."""
        applied, staged = self._config.model_dump(), self._pending.model_dump()
        return {k: (applied[k], staged[k]) for k in staged if staged[k] != applied[k]}

    def apply_changes(self) -> AppConfig:
        """Make the staged configuration take effect ("Apply changes")."""
        self._check_alive()
        self._config = self._pending
        return self._config

    @_alive
    def discard_changes(self) -> None:
        """Drop every staged edit."""
        self._pending = self._config

    def _stage(self, **changes: Any) -> None:
        self._check_alive()
        staging = self._staging
        if staging is not None:  # inside configure(): one frozen copy at the end
            staging.update(changes)
            self._pending = staged_view(staging)
        else:
            self._pending = self._pending.model_copy(update=changes)

    @_alive
    def update_details(self, **fields: Any) -> None:
        """Stage changes to App details (name, category, description, icon, URLs)."""
        self._stage(details=validate_details(**{**self._pending.details.model_dump(), **fields}))

    @_alive
    def add_platform(self, platform: Platform, **settings: Any) -> None:
        """Stage a platform (web, desktop, android, ios) with its App details settings."""
        validated = validate_platform_settings(platform, **settings)
        self._stage(platforms={**self._pending.platforms, platform: validated})

    @_alive
    def remove_platform(self, platform: Platform) -> None:
        """Stage the removal of a platform and its redirect URIs."""
        platforms = {k: v for k, v in self._pending.platforms.items() if k != platform}
        uris = {k: v for k, v in self._pending.redirect_uris.items() if k != platform}
        self._stage(platforms=platforms, redirect_uris=uris)

    @_alive
    def enable_product(self, name: str | Product) -> None:
        """Stage a product. Its default scopes come with it (``user.info.basic`` with Login Kit)."""
        wanted = product(name)
        spec = PRODUCTS[wanted]
        if spec.sandbox == "unavailable":
            raise ProductNotAvailableInSandbox(f"{spec.title}: {spec.sandbox_note}")
        missing = [p.value for p in spec.requires if p not in self._pending.products]
        if missing:
            raise ProductRequired(f"{spec.title} needs {', '.join(missing)} first")
        self._stage(
            products=self._pending.products | {wanted},
            scopes=self._pending.scopes | set(spec.default_scopes),
        )

    @_alive
    def disable_product(self, name: str | Product) -> None:
        """Stage the removal of a product, with its scopes and settings."""
        gone = product(name)
        dependants = [p.value for p in self._pending.products if gone in PRODUCTS[p].requires]
        if dependants:
            raise ProductRequired(f"{', '.join(dependants)} needs {gone.value}; remove it first")
        changes: dict[str, Any] = {
            "products": self._pending.products - {gone},
            "scopes": frozenset(s for s in self._pending.scopes if scope_product(s) != gone),
        }
        if gone is Product.LOGIN_KIT:
            changes["redirect_uris"] = {}
        if gone is Product.CONTENT_POSTING_API:
            changes["direct_post"] = False
        if gone is Product.WEBHOOKS:
            changes["webhook_callback_url"] = None
        self._stage(**changes)

    @_alive
    def add_scope(self, scope: str) -> None:
        """Stage a scope; its product must be added first."""
        needed = scope_product(scope)
        if needed not in self._pending.products:
            raise ScopeRequiresProduct(f"{scope} needs the {PRODUCTS[needed].title} product")
        self._stage(scopes=self._pending.scopes | {scope})

    @_alive
    def remove_scope(self, scope: str) -> None:
        """Stage the removal of a scope (removing one that is not there changes nothing)."""
        owner = scope_product(scope)
        if owner in self._pending.products and scope in PRODUCTS[owner].default_scopes:
            raise ScopeRequiresProduct(f"{scope} comes with {PRODUCTS[owner].title} and stays while it is added")
        self._stage(scopes=self._pending.scopes - {scope})

    @_alive
    def add_redirect_uri(self, platform: Platform, uri: str) -> None:
        """Stage a Login Kit redirect URI for ``platform`` (the platform must be added)."""
        if Product.LOGIN_KIT not in self._pending.products:
            raise ProductRequired("redirect URIs belong to Login Kit: enable_product('login_kit') first")
        validate_redirect_uri(platform, uri)
        if platform not in self._pending.platforms:
            raise PlatformNotConfigured(f"add the {platform} platform first (add_platform({platform!r}, ...))")
        current = self._pending.redirect_uris.get(platform, ())
        if uri in current:
            return
        if len(current) >= MAX_REDIRECT_URIS_PER_PLATFORM:
            raise RedirectURILimitExceeded(f"{platform} already has {len(current)}")
        self._stage(redirect_uris={**self._pending.redirect_uris, platform: (*current, uri)})

    @_alive
    def remove_redirect_uri(self, platform: Platform, uri: str) -> None:
        """Stage the removal of a redirect URI (removing one that is not there changes nothing)."""
        current = self._pending.redirect_uris.get(platform, ())
        if uri not in current:
            return
        kept = tuple(u for u in current if u != uri)
        uris = {k: v for k, v in self._pending.redirect_uris.items() if k != platform}
        self._stage(redirect_uris={**uris, platform: kept} if kept else uris)

    @_alive
    def set_direct_post(self, enabled: bool = True) -> None:
        """Stage the Content Posting API's Direct Post toggle."""
        if Product.CONTENT_POSTING_API not in self._pending.products:
            raise ProductRequired("Direct Post is a setting of the Content Posting API", field="direct_post")
        self._stage(direct_post=bool(enabled))

    @_alive
    def set_webhook_callback_url(self, url: str | None) -> None:
        """Stage the Webhooks callback URL (one HTTPS URL)."""
        if Product.WEBHOOKS not in self._pending.products:
            raise ProductRequired("the callback URL is a setting of the Webhooks product", field="webhook_callback_url")
        if url is not None and not url.startswith("https://"):
            raise InvalidConfiguration(
                f"the webhook callback URL must be https, got {url!r}", field="webhook_callback_url"
            )
        self._stage(webhook_callback_url=url)

    @_alive
    def configure(
        self,
        *,
        products: Iterable[str] = (),
        scopes: Iterable[str] = (),
        redirect_uris: dict[str, list[str]] | None = None,
        apply: bool = True,
    ) -> None:
        """Stage products, scopes and redirect URIs in one go (adding the platforms the
        URIs need), then apply them unless ``apply=False``. Each step is checked as its own
        method checks it; a refused step leaves the steps before it staged."""
        self._check_alive()
        with self.app.portal.lock:  # readers (the portal UI) never see the staging view
            self._configure(products, scopes, redirect_uris)
        if apply:
            self.apply_changes()

    def _configure(
        self, products: Iterable[str], scopes: Iterable[str], redirect_uris: dict[str, list[str]] | None
    ) -> None:
        self._staging = fields_of(self._pending)
        try:
            for name in products:
                if product(name) not in self._pending.products:
                    self.enable_product(name)
            for scope in scopes:
                self.add_scope(scope)
            for platform, uris in (redirect_uris or {}).items():
                if platform not in PLATFORMS:
                    raise InvalidConfiguration(f"platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
                if platform not in self._pending.platforms:
                    self.add_platform(platform)
                for uri in uris:
                    self.add_redirect_uri(platform, uri)
        finally:
            staged, self._staging = self._staging, None
            self._pending = AppConfig(**staged)

    # -- target users ------------------------------------------------------------------------
    @_alive
    def add_target_user(self, account: Account, password: str, accept_terms: bool = True) -> TargetUser:
        """Add ``account`` as a target user: log in with its credentials and agree to the
        TikTok Developer Terms of Service."""
        if account.status != "active":
            raise AccountClosed(f"{account.open_id} was {account.status}")
        if not hmac.compare_digest(str(password).encode(), account.password.encode()):
            raise InvalidCredentials(f"wrong password for {account.open_id}")
        if not accept_terms:
            raise TermsNotAccepted(f"{account.open_id} did not agree")
        if any(t.account is account for t in self._target_users):
            raise DuplicateTargetUser(f"{account.open_id} is already a target user of {self.name!r}")
        if len(self._target_users) >= MAX_TARGET_USERS_PER_SANDBOX:
            raise TargetUserLimitExceeded(f"{self.name!r} already has {len(self._target_users)}")
        added = TargetUser(account, self.app.portal.clock.now())
        self._target_users.append(added)
        return added

    def remove_target_user(self, account: Account) -> None:
        """Remove a target user; their authorization of this sandbox ends."""
        self._check_alive()
        for entry in self._target_users:
            if entry.account is account:
                self._target_users.remove(entry)
                self.app.portal.login_kit.end_authorization(self.client_key, account.open_id)
                return
        raise NotATargetUser(f"{account.open_id} is not a target user of {self.name!r}")

    @property
    def target_users(self) -> list[Account]:
        """The target users the app page shows now. An added user shows only once the
        portal's ``target_user_delay`` has passed ("may take up to an hour to show")."""
        shown_before = self.app.portal.clock.now() - self.app.portal.target_user_delay
        return [t.account for t in self._target_users if t.added_at <= shown_before]

    @property
    def all_target_users(self) -> list[Account]:
        """Every target user, shown on the page yet or not: they can authorize at once."""
        return [t.account for t in self._target_users]

    def is_target_user(self, account: Account) -> bool:
        return any(t.account is account for t in self._target_users)

    def may_authorize(self, account: Account) -> bool:
        return not self.deleted and self.is_target_user(account)

    # -- Login Kit ------------------------------------------------------------------------------
    def authorize(
        self,
        user: Account,
        scopes: str | Iterable[str],
        redirect_uri: str,
        state: str | None = None,
        code_challenge: str | None = None,
        code_challenge_method: str | None = None,
        decline: bool = False,
        grant: Iterable[str] | None = None,
    ) -> str:
        """What TikTok's authorize page does when ``user`` logs in and consents (or declines):
        the full redirect URL, with ``code``, ``scopes`` and ``state`` (or ``error`` and
        ``error_description``). Where TikTok shows its error page instead of redirecting,
        raises :class:`AuthorizationRefused`. ``grant`` is the subset of scopes the user
        leaves ticked (all by default)."""
        return self.app.portal.login_kit.authorize(
            self,
            user,
            scopes,
            redirect_uri,
            state=state,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            decline=decline,
            grant=grant,
        )

    def sign_in(
        self, user: Account, scopes: str | Iterable[str] | None = None, *, redirect_uri: str | None = None
    ) -> dict[str, Any]:
        """Sign ``user`` in to this sandbox in one call, as a test's set-up: TikTok's authorize
        page (``user`` logged in, consenting to ``scopes``: all the sandbox's scopes by default)
        then the token exchange at ``/v2/oauth/token/``, both through the fake's HTTP endpoints
        (logged and rule-checked like a client's calls). Returns the token answer
        (``access_token``, ``refresh_token``, ``open_id``, ``scope``, ``expires_in``...).
        ``redirect_uri``: one of the sandbox's (its first web one by default; a desktop one
        signs in with PKCE). Raises :class:`SignInFailed` with TikTok's error where it refuses."""
        from .signin import sign_in

        return sign_in(self.app.portal.sign_in_service, self, user, scopes, redirect_uri)

    def _check_alive(self) -> None:
        if self.deleted:
            raise SandboxDeleted(f"{self.name!r} was deleted")
