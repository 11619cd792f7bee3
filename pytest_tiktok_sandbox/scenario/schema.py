"""The schema of scenario files and how a checked scenario is built in a portal.

A scenario's apps and sandboxes are the sandbox spec's own models
(:class:`~pytest_tiktok_sandbox.spec.AppSettings`,
:class:`~pytest_tiktok_sandbox.spec.SandboxSettings`), so a scenario file and
``@pytest.mark.tiktok_sandbox(...)`` take the same fields with the same checks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, PrivateAttr, StrictBool, StrictInt

from ..portal import errors
from ..portal.products import MAX_SANDBOXES_PER_APP
from ..sandbox_setup import SetupRefused, add_url_properties, create_sandbox, finish_app
from ..spec import (
    DEFAULT_APP_NAME,
    DEFAULT_DEVELOPER_EMAIL,
    AppSettings,
    SandboxSettings,
    StrictModel,
    TargetUserSpec,
    field_path,
)

if TYPE_CHECKING:
    from ..accounts import Account
    from ..portal import App, Developer, Portal, Sandbox

Loc = tuple[str | int, ...]
MAX_SEED = 2**64 - 1

TargetUserModel = TargetUserSpec
"""An account to add as a target user (the spec's model)."""
SandboxModel = SandboxSettings
"""A sandbox of a scenario: the marker's sandbox fields."""


# -- errors ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScenarioIssue:
    """One problem of a scenario file: where (field path and line) and what."""

    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.field or '(top level)'}: {self.message}"


class ScenarioError(ValueError):
    """A scenario file that cannot be read, checked or built."""

    def __init__(self, source: str, issues: Sequence[ScenarioIssue], *, more: int = 0) -> None:
        self.source = source
        self.issues = list(issues)
        self.more = more
        """How many more problems there are than the issues listed."""
        lines = [f"{source}, {issue}" for issue in self.issues]
        if more:
            lines.append(f"{source}: and {more} more problems")
        super().__init__("invalid TikTok scenario: " + ("\n  ".join(["", *lines]) if len(lines) > 1 else lines[0]))


# -- the schema -----------------------------------------------------------------------------------
class AppModel(AppSettings):
    """An app: the marker's app fields (``app_live`` imports the app's first sandbox), its
    name and its sandboxes."""

    name: str = Field(default=DEFAULT_APP_NAME, min_length=1, max_length=100)
    sandboxes: list[SandboxSettings] = Field(
        default_factory=lambda: [SandboxSettings()], max_length=MAX_SANDBOXES_PER_APP
    )


class Scenario(StrictModel):
    """A whole portal set-up, as a scenario file describes it."""

    seed: Annotated[StrictInt, Field(ge=-MAX_SEED, le=MAX_SEED)] | None = None
    """The CLI's seed when ``--seed`` is not given (pytest seeds each test itself)."""
    developer: str = DEFAULT_DEVELOPER_EMAIL
    """The developer who owns the apps (signed up unless already there)."""
    login: StrictBool = True
    """pytest: log the first target user in to the in-process authorize page."""
    apps: list[AppModel] = Field(default_factory=lambda: [AppModel()])

    _source: str = PrivateAttr(default="<scenario>")
    _lines: dict[Loc, int] = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> str:
        return self._source

    def line_of(self, loc: Loc) -> int | None:
        """The file line of the field at ``loc`` (or of its closest parent), if known."""
        while True:
            if loc in self._lines:
                return self._lines[loc]
            if not loc:
                return None
            loc = loc[:-1]

    def error(self, loc: Loc, message: str) -> ScenarioError:
        return ScenarioError(self._source, [ScenarioIssue(field_path(loc), message, self.line_of(loc))])

    # -- building ---------------------------------------------------------------------------------
    def apply(self, portal: Portal) -> SeededScenario:
        """Build the scenario in ``portal``: :class:`ScenarioError` when a portal rule
        refuses part of it (naming the field and line)."""
        developer = self._developer(portal)
        seeded = SeededScenario(portal, developer)
        for a, app_model in enumerate(self.apps):
            loc: Loc = ("apps", a)
            try:
                app = portal.create_app(developer, app_model.name)
            except errors.PortalRuleError as error:
                raise self.error((*loc, "name"), str(error)) from None
            seeded.apps.append(app)
            where = loc
            try:
                add_url_properties(app, app_model)
                first: Sandbox | None = None
                for s, model in enumerate(app_model.sandboxes):
                    where = (*loc, "sandboxes", s)
                    sandbox, users = create_sandbox(app, model)
                    seeded.sandboxes.append(SeededSandbox(sandbox, users))
                    first = first or sandbox
                where = loc
                finish_app(app, app_model, first)
            except SetupRefused as refused:
                raise self.error((*where, *refused.loc), str(refused.error)) from None
        return seeded

    def _developer(self, portal: Portal) -> Developer:
        existing = next((d for d in portal.developers if d.email.lower() == self.developer.lower()), None)
        if existing is not None:
            return existing
        try:
            return portal.signup(self.developer)
        except errors.PortalRuleError as error:
            raise self.error(("developer",), str(error)) from None


# -- what a built scenario gives ---------------------------------------------------------------------
@dataclass
class SeededSandbox:
    sandbox: Sandbox
    target_users: list[Account]


@dataclass
class SeededScenario:
    """What :meth:`Scenario.apply` built: the developer, the apps, the sandboxes and their
    target users, in the file's order."""

    portal: Portal
    developer: Developer
    apps: list[App] = field(default_factory=list)
    sandboxes: list[SeededSandbox] = field(default_factory=list)

    def __iter__(self) -> Iterator[SeededSandbox]:
        return iter(self.sandboxes)

    def sandbox(self, name: str | None = None, app: str | None = None) -> Sandbox:
        """The sandbox called ``name`` (of the app called ``app``); the first one by default."""
        for entry in self.sandboxes:
            if (name is None or entry.sandbox.name == name) and (app is None or entry.sandbox.app.name == app):
                return entry.sandbox
        raise KeyError(f"the scenario has no sandbox {name!r}" + (f" in app {app!r}" if app else ""))

    def target_users(self, sandbox: str | None = None) -> list[Account]:
        """The target users of one sandbox (by name), or of every sandbox."""
        return [u for e in self.sandboxes if sandbox is None or e.sandbox.name == sandbox for u in e.target_users]
