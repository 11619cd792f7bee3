"""A ready sandbox in one step: portal, app, sandbox with applied config, target users, mock.

The pytest fixtures and marker build on :func:`sandbox_spec` and :func:`populate_sandbox`;
:class:`TikTokSandbox` gives the same set-up as a context manager and decorator for
unittest suites and module- or session-wide set-ups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from .portal.config import PLATFORMS
from .portal.products import MAX_TARGET_USERS_PER_SANDBOX

if TYPE_CHECKING:
    from .accounts import Account
    from .api.service import ApiSettings
    from .mock import TikTokMock
    from .portal import App, Clock, Developer, Portal, Sandbox

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_PRODUCTS = ("login_kit", "display_api")
DEFAULT_SCOPES = ("user.info.basic", "user.info.profile", "user.info.stats", "video.list")
DEFAULT_REDIRECT_URI = "https://example.com/auth/tiktok/callback"
DEFAULT_DEVELOPER_EMAIL = "developer@example.com"
DEFAULT_APP_NAME = "Test app"


@dataclass(frozen=True)
class SandboxSpec:
    """What ``@pytest.mark.tiktok_sandbox(...)`` asks for (see :func:`sandbox_spec`)."""

    name: str = "sandbox"
    products: tuple[str, ...] = DEFAULT_PRODUCTS
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    redirect_uris: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: {"web": (DEFAULT_REDIRECT_URI,)})
    target_users: int = 1
    clone_from: str | None = None
    private_target_users: bool = True
    direct_post: bool = False
    webhook_callback_url: str | None = None
    url_properties: tuple[str, ...] = ()
    app_name: str = DEFAULT_APP_NAME
    login: bool = True
    app_live: bool = False
    posting_audited: bool = False


def sandbox_spec(
    *,
    name: str = "sandbox",
    products: Iterable[str] = DEFAULT_PRODUCTS,
    scopes: Iterable[str] = DEFAULT_SCOPES,
    redirect_uris: Mapping[str, Iterable[str]] | None = None,
    target_users: int = 1,
    clone_from: str | None = None,
    private_target_users: bool = True,
    direct_post: bool = False,
    webhook_callback_url: str | None = None,
    url_properties: Iterable[str] = (),
    app_name: str = DEFAULT_APP_NAME,
    login: bool = True,
    app_live: bool = False,
    posting_audited: bool = False,
) -> SandboxSpec:
    """Check the marker's arguments and build a :class:`SandboxSpec`.

    - ``name``: the sandbox's name.
    - ``products``: products to add (default Login Kit and Display API).
    - ``scopes``: scopes to add (default ``user.info.basic``, ``user.info.profile``,
      ``user.info.stats``, ``video.list``).
    - ``redirect_uris``: ``{platform: [uri, ...]}`` (default one web URI,
      ``https://example.com/auth/tiktok/callback``); each platform is added for you.
    - ``target_users``: how many target users to add (0 to 10, default 1).
    - ``clone_from``: ``"draft"`` or ``"live"`` to clone that production version first
      (``"live"`` approves the app's Draft so there is one).
    - ``private_target_users``: whether the target users' accounts are private (default
      True: the sandbox only lets private accounts post).
    - ``direct_post``: turn on the Content Posting API's Direct Post toggle.
    - ``webhook_callback_url``: the Webhooks callback URL (adds the Webhooks product).
    - ``url_properties``: domains or https URL prefixes verified on the app, where
      ``PULL_FROM_URL`` posts may fetch media from.
    - ``app_name``: the app's name.
    - ``login``: log the first target user in to the authorize page (default True).
    - ``app_live``: start from an app already Live with the sandbox's configuration: it is
      imported into the Draft and approved (the shortcut past review), so the production
      client key serves it to any account, not only target users (default False).
    - ``posting_audited``: pass the app's Content Posting audit (default False), which lifts
      the unaudited-client rules from the production client key. It needs a Live version
      with the Content Posting API (give ``app_live=True`` too, or approve one yourself);
      it makes nothing Live by itself, and sandboxes stay unaudited.
    """

    def strings(label: str, value: object) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise TypeError(f"{label} must be a list of strings, got {value!r}")
        items = tuple(value)
        if not all(isinstance(v, str) for v in items):
            raise TypeError(f"{label} must be a list of strings, got {value!r}")
        return items

    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    if isinstance(target_users, bool) or not isinstance(target_users, int):
        raise TypeError(f"target_users must be an int, got {target_users!r}")
    if not 0 <= target_users <= MAX_TARGET_USERS_PER_SANDBOX:
        raise ValueError(f"target_users must be between 0 and {MAX_TARGET_USERS_PER_SANDBOX}, got {target_users}")
    if not isinstance(app_live, bool):
        raise TypeError(f"app_live must be True or False, got {app_live!r}")
    if not isinstance(posting_audited, bool):
        raise TypeError(f"posting_audited must be True or False, got {posting_audited!r}")
    if clone_from not in (None, "draft", "live"):
        raise ValueError(f"clone_from must be 'draft', 'live' or None, got {clone_from!r}")
    uris: dict[str, tuple[str, ...]] = {"web": (DEFAULT_REDIRECT_URI,)}
    if redirect_uris is not None:
        if not isinstance(redirect_uris, Mapping):
            raise TypeError(f"redirect_uris must be a dict of platform to URIs, got {redirect_uris!r}")
        unknown = [p for p in redirect_uris if p not in PLATFORMS]
        if unknown:
            raise ValueError(f"redirect_uris platforms must be among {', '.join(PLATFORMS)}, got {unknown}")
        uris = {p: strings(f"redirect_uris[{p!r}]", v) for p, v in redirect_uris.items()}
    product_names = strings("products", products)
    if redirect_uris is not None and "login_kit" not in product_names:
        raise ValueError("redirect_uris belong to Login Kit: add 'login_kit' to products")
    if webhook_callback_url is not None and "webhooks" not in product_names:
        product_names = (*product_names, "webhooks")
    return SandboxSpec(
        name=name,
        products=product_names,
        scopes=strings("scopes", scopes),
        redirect_uris=uris,
        target_users=target_users,
        clone_from=clone_from,
        private_target_users=bool(private_target_users),
        direct_post=bool(direct_post),
        webhook_callback_url=webhook_callback_url,
        url_properties=strings("url_properties", url_properties),
        app_name=app_name,
        login=bool(login),
        app_live=app_live,
        posting_audited=posting_audited,
    )


def create_default_app(portal: Portal, app_name: str = DEFAULT_APP_NAME) -> App:
    """A developer signed up with ``developer@example.com`` and an app it owns."""
    developer = portal.signup(DEFAULT_DEVELOPER_EMAIL)
    return portal.create_app(developer, app_name)


def populate_sandbox(app: App, spec: SandboxSpec) -> tuple[Sandbox, list[Account]]:
    """Create the sandbox ``spec`` describes, apply its configuration, add its target users;
    with ``app_live``, import it into the app's Draft and approve it; with
    ``posting_audited``, pass the app's Content Posting audit."""
    source = None
    if spec.clone_from == "live":
        source = app.live or app.approve()
    elif spec.clone_from == "draft":
        source = app.draft
    sandbox = app.create_sandbox(spec.name, clone_from=source)
    for prop in spec.url_properties:
        app.verify_url_property(prop)
    has_login_kit = "login_kit" in spec.products
    sandbox.configure(
        products=spec.products,
        scopes=spec.scopes,
        redirect_uris={p: list(u) for p, u in spec.redirect_uris.items()} if has_login_kit else None,
        apply=False,
    )
    if spec.direct_post:
        sandbox.set_direct_post(True)
    if spec.webhook_callback_url is not None:
        sandbox.set_webhook_callback_url(spec.webhook_callback_url)
    sandbox.apply_changes()
    portal = app.portal
    users = []
    for _ in range(spec.target_users):
        account = portal.create_account(is_private=spec.private_target_users)
        sandbox.add_target_user(account, account.password)
        users.append(account)
    if spec.app_live:
        app.mode = "production"
        app.import_sandbox(sandbox)
        app.approve()
    if spec.posting_audited:
        app.pass_posting_audit()
    return sandbox, users


class TikTokSandbox:
    """Everything ``tiktok_sandbox`` gives a pytest test, for any test runner.

    ``with TikTokSandbox(scopes=[...]) as tt:`` (or ``@TikTokSandbox(...)`` on a function
    or ``start()``/``stop()``) builds a portal, an app, a sandbox with its configuration
    applied and its target users, and answers TikTok's hosts until it stops. Keyword
    arguments are the marker's (see :func:`sandbox_spec`), plus ``seed``,
    ``target_user_delay`` and ``settings``.
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        target_user_delay: float = 0.0,
        settings: ApiSettings | None = None,
        **spec: Any,
    ) -> None:
        self.spec = sandbox_spec(**spec)
        self.seed = seed
        self.target_user_delay = target_user_delay
        self.settings = settings
        self._mock: TikTokMock | None = None
        self._portal: Portal | None = None
        self._sandbox: Sandbox | None = None
        self._target_users: list[Account] = []

    def start(self) -> TikTokSandbox:
        """Build the portal, app, sandbox and target users, and start answering TikTok's hosts."""
        from .mock import TikTokMock
        from .portal import Portal

        if self._mock is not None:
            raise RuntimeError("this TikTokSandbox is already started")
        portal = Portal(self.seed, target_user_delay=self.target_user_delay)
        app = create_default_app(portal, self.spec.app_name)
        sandbox, users = populate_sandbox(app, self.spec)
        mock = TikTokMock(portal, self.settings).start()
        if self.spec.login and users:
            mock.login(users[0])
        self._portal, self._sandbox, self._target_users, self._mock = portal, sandbox, users, mock
        return self

    def stop(self) -> None:
        """Stop answering TikTok's hosts and let go of the portal (a no-op when not started)."""
        mock, self._mock = self._mock, None
        if mock is not None:
            mock.stop()
        self._portal, self._sandbox, self._target_users = None, None, []

    def _need(self) -> TikTokMock:
        if self._mock is None:
            raise RuntimeError(
                "this TikTokSandbox is not started: use it in a with block, as a decorator or call start()"
            )
        return self._mock

    @property
    def api(self) -> TikTokMock:
        """The started mock: ``calls``, ``login()``, ``fail()``, ``settings``... (the ``tiktok_api`` fixture)."""
        return self._need()

    @property
    def portal(self) -> Portal:
        """The developer portal the sandbox lives in (the ``tiktok_portal`` fixture)."""
        return self._need().portal

    @property
    def clock(self) -> Clock:
        """The portal's clock: ``advance(hours=2)`` expires access tokens (the ``tiktok_clock`` fixture)."""
        return self.portal.clock

    @property
    def app(self) -> App:
        """The sandbox's app (the ``tiktok_app`` fixture)."""
        return self.sandbox.app

    @property
    def developer(self) -> Developer:
        """The developer who owns the app."""
        return self.portal.developers[0]

    @property
    def sandbox(self) -> Sandbox:
        """The sandbox, its configuration applied (the ``tiktok_sandbox`` fixture)."""
        self._need()
        assert self._sandbox is not None
        return self._sandbox

    @property
    def target_users(self) -> list[Account]:
        """The sandbox's target users, in the order they were added (``tiktok_target_users``)."""
        self._need()
        return list(self._target_users)

    def __enter__(self) -> TikTokSandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        from .mock import active_during

        return active_during(self, func)
