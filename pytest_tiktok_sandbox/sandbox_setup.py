"""A ready sandbox in one step: portal, app, sandbox with applied config, target users, mock.

The pytest fixtures and marker build on :func:`~pytest_tiktok_sandbox.spec.sandbox_spec` and
:func:`populate_sandbox` (scenario files on :func:`create_sandbox` and :func:`finish_app`);
:class:`TikTokSandbox` gives the same set-up as a context manager and decorator for
unittest suites and module- or session-wide set-ups.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .portal.errors import PortalRuleError, ProductRequired
from .spec_defaults import DEFAULT_APP_NAME, DEFAULT_DEVELOPER_EMAIL, DEFAULT_SPEC, DefaultSpec

if TYPE_CHECKING:
    from .spec import AppSettings, SandboxSettings, SandboxSpec

    Spec = SandboxSpec | DefaultSpec
    """What the set-up builds from: a checked spec, or the default one (no pydantic)."""
    from .accounts import Account
    from .api.service import ApiSettings
    from .api.webhooks import WebhookOutbox
    from .mock import TikTokMock
    from .portal import App, Clock, Developer, Portal, Sandbox

F = TypeVar("F", bound=Callable[..., Any])


def create_default_app(portal: Portal, app_name: str = DEFAULT_APP_NAME) -> App:
    """A developer signed up with ``developer@example.com`` and an app it owns."""
    developer = portal.signup(DEFAULT_DEVELOPER_EMAIL)
    return portal.create_app(developer, app_name)


class SetupRefused(Exception):
    """A portal rule refused part of a spec: ``loc`` is the argument (or scenario field path,
    relative to the sandbox or app) it belongs to, ``error`` the portal's refusal."""

    def __init__(self, loc: tuple[str | int, ...], error: PortalRuleError) -> None:
        from .spec import field_path

        super().__init__(f"{field_path(loc)}: {error}" if loc else str(error))
        self.loc = loc
        self.error = error


class _refusals_at:
    """Portal refusals raised inside as :class:`SetupRefused` at ``loc`` (within a sandbox's
    configuration or a target user: at the setting the refusal names). A class, not a
    ``contextmanager``: the set-up enters a dozen of these in every test."""

    __slots__ = ("loc",)

    def __init__(self, *loc: str | int) -> None:
        self.loc = loc

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: object) -> None:
        if isinstance(error, PortalRuleError):
            loc = self.loc
            detailed = error.field is not None and (not loc or loc[0] == "target_users")  # the setting within
            raise SetupRefused((*loc, error.field) if detailed and error.field else loc, error) from None


def populate_sandbox(app: App, spec: Spec) -> tuple[Sandbox, list[Account]]:
    """Build what ``spec`` describes in ``app``: its URL properties, the sandbox (see
    :func:`create_sandbox`), then the app's Live version and posting audit (see
    :func:`finish_app`). A portal rule's refusal is raised as it is (a
    :class:`~pytest_tiktok_sandbox.portal.errors.PortalRuleError`)."""
    try:
        return build_sandbox(app, spec)
    except SetupRefused as refused:
        raise refused.error from None


def build_sandbox(app: App, spec: Spec) -> tuple[Sandbox, list[Account]]:
    """:func:`populate_sandbox`, with a refusal raised as :class:`SetupRefused` naming the
    argument it belongs to."""
    add_url_properties(app, spec)
    sandbox, users = create_sandbox(app, spec)
    finish_app(app, spec, sandbox)
    return sandbox, users


def add_url_properties(app: App, settings: AppSettings | DefaultSpec) -> None:
    for index, prop in enumerate(settings.url_properties):
        with _refusals_at("url_properties", index):
            app.verify_url_property(prop)


def create_sandbox(app: App, settings: SandboxSettings | DefaultSpec) -> tuple[Sandbox, list[Account]]:
    """Create the sandbox ``settings`` describes, apply its configuration, add its target users."""
    source = None
    with _refusals_at("clone_from"):
        if settings.clone_from == "live":
            source = app.live or app.approve()
        elif settings.clone_from == "draft":
            source = app.draft
    with _refusals_at("name"):
        sandbox = app.create_sandbox(settings.name, clone_from=source)
    products = settings.product_names()
    if "redirect_uris" in settings.model_fields_set and "login_kit" not in products:
        refusal = ProductRequired("redirect_uris belong to Login Kit: add 'login_kit' to products")
        raise SetupRefused(("redirect_uris",), refusal)
    with _refusals_at():
        sandbox.configure(
            products=products,
            scopes=settings.scopes,
            redirect_uris={p: list(u) for p, u in settings.redirect_uris.items()} if "login_kit" in products else None,
            apply=False,
        )
        if settings.direct_post:
            sandbox.set_direct_post(True)
        if settings.webhook_callback_url is not None:
            sandbox.set_webhook_callback_url(settings.webhook_callback_url)
        sandbox.apply_changes()
    portal = app.portal
    users = []
    if isinstance(settings.target_users, int):
        for _ in range(settings.target_users):
            with _refusals_at("target_users"):
                account = portal.create_account(is_private=settings.private_target_users)
                sandbox.add_target_user(account, account.password)
            users.append(account)
    else:
        for index, user in enumerate(settings.target_users):
            with _refusals_at("target_users", index):
                account = portal.create_account(**user.account_fields())
                sandbox.add_target_user(account, account.password)
            users.append(account)
    return sandbox, users


def finish_app(app: App, settings: AppSettings | DefaultSpec, sandbox: Sandbox | None) -> None:
    """With ``app_live``, import ``sandbox`` (if any) into the app's Draft and approve it;
    with ``posting_audited``, pass the app's Content Posting audit."""
    if settings.app_live:
        with _refusals_at("app_live"):
            app.mode = "production"
            if sandbox is not None:
                app.import_sandbox(sandbox)
            app.approve()
    if settings.posting_audited:
        with _refusals_at("posting_audited"):
            app.pass_posting_audit()


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
        if spec:
            from .spec import sandbox_spec

            self._spec: Spec = sandbox_spec(**spec)
        else:
            self._spec = DEFAULT_SPEC  # checked once, no pydantic: what SandboxSpec() holds
        self.seed = seed
        self.target_user_delay = target_user_delay
        self.settings = settings
        self._mock: TikTokMock | None = None
        self._portal: Portal | None = None
        self._sandbox: Sandbox | None = None
        self._target_users: list[Account] = []
        self._webhooks: WebhookOutbox | None = None

    def start(self) -> TikTokSandbox:
        """Build the portal, app, sandbox and target users, and start answering TikTok's hosts."""
        from .mock import TikTokMock
        from .portal import Portal

        if self._mock is not None:
            raise RuntimeError("this TikTokSandbox is already started")
        portal = Portal(self.seed, target_user_delay=self.target_user_delay)
        app = create_default_app(portal, self._spec.app_name)
        sandbox, users = populate_sandbox(app, self._spec)
        mock = TikTokMock(portal, self.settings).start()
        if self._spec.login and users:
            mock.login(users[0])
        self._portal, self._sandbox, self._target_users, self._mock = portal, sandbox, users, mock
        return self

    @property
    def spec(self) -> SandboxSpec:
        """The checked spec (``SandboxSpec()`` when no argument was given)."""
        from .spec import SandboxSpec

        return self._spec if isinstance(self._spec, SandboxSpec) else SandboxSpec()

    def stop(self) -> None:
        """Stop answering TikTok's hosts and let go of the portal (a no-op when not started)."""
        mock, self._mock = self._mock, None
        if mock is not None:
            mock.stop()
        self._portal, self._sandbox, self._target_users, self._webhooks = None, None, [], None

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

    @property
    def webhooks(self) -> WebhookOutbox:
        """The webhook events the portal produced, as the ``tiktok_webhooks`` fixture gives
        them: read ``events`` or ``pending``, or ``deliver(...)`` them signed as TikTok does."""
        portal = self._need().portal
        if self._webhooks is None:
            from .api.webhooks import WebhookOutbox

            self._webhooks = WebhookOutbox(portal)
        return self._webhooks

    def __enter__(self) -> TikTokSandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        from .mock import active_during

        return active_during(self, func)
