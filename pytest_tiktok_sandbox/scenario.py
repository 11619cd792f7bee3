"""Scenario files: a portal's apps, sandboxes and target users, written down in YAML or JSON.

::

    seed: 7                      # the CLI's seed (pytest seeds each test itself)
    developer: developer@example.com
    apps:
      - name: Clip Uploader
        url_properties: [https://cdn.example.com/]
        sandboxes:
          - name: dev
            products: [login_kit, display_api, content_posting_api]
            scopes: [user.info.basic, video.list, video.upload, video.publish]
            redirect_uris:
              web: [https://example.com/auth/tiktok/callback]
              desktop: ["http://127.0.0.1:*/callback"]
            direct_post: true
            webhook_callback_url: https://example.com/tiktok/webhooks
            target_users:          # a count (0 to 10), or accounts:
              - username: alice
                password: alice-secret
              - {username: bob, private: false}

Every field has the default of ``@pytest.mark.tiktok_sandbox``. :func:`load_scenario` checks
the file with pydantic; :meth:`Scenario.apply` builds it in a portal with the portal's own
rules. Either raises :class:`ScenarioError`, naming the file, the field and the line (of
YAML and of JSON). A hostile file is refused the same way, quickly: over :data:`MAX_SCENARIO_BYTES`, nested
deeper than :data:`MAX_SCENARIO_DEPTH`, more than :data:`MAX_SCENARIO_VALUES` values once YAML
aliases are expanded, an alias loop, a duplicate key, a non-integer seed or a non-boolean flag.
YAML needs PyYAML (the ``server`` extra); JSON needs nothing.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    Tag,
    ValidationError,
)

from .environment import (
    DEFAULT_APP_NAME,
    DEFAULT_DEVELOPER_EMAIL,
    DEFAULT_PRODUCTS,
    DEFAULT_REDIRECT_URI,
    DEFAULT_SCOPES,
    populate_sandbox,
    sandbox_spec,
)
from .portal import errors
from .portal.config import Platform
from .portal.products import MAX_SANDBOXES_PER_APP, MAX_TARGET_USERS_PER_SANDBOX, SCOPES, Product

if TYPE_CHECKING:
    from .accounts import Account
    from .portal import App, Developer, Portal, Sandbox

Loc = tuple[str | int, ...]
MAX_SEED = 2**64 - 1


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


def field_path(loc: Loc) -> str:
    """``("apps", 0, "sandboxes", 1, "scopes")`` as ``apps[0].sandboxes[1].scopes``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# -- the schema -----------------------------------------------------------------------------------
def _scope(value: str) -> str:
    if value not in SCOPES:
        raise ValueError(f"{value!r} is not a TikTok scope (known: {', '.join(SCOPES)})")
    return value


Scope = Annotated[str, AfterValidator(_scope)]


def _default_redirect_uris() -> dict[Platform, list[str]]:
    return {"web": [DEFAULT_REDIRECT_URI]}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetUserModel(_Model):
    """An account to add as a target user; unset fields are made up from the seed."""

    username: str | None = Field(default=None, min_length=1)
    password: str | None = Field(default=None, min_length=1, repr=False)  # a secret: never in a repr
    private: StrictBool = True
    display_name: str | None = Field(default=None, min_length=1)


def _target_users_kind(value: Any) -> str:
    return "accounts" if isinstance(value, list) else "count"


TargetUsers = Annotated[
    Annotated[StrictInt, Field(ge=0, le=MAX_TARGET_USERS_PER_SANDBOX), Tag("count")]
    | Annotated[list[TargetUserModel], Field(max_length=MAX_TARGET_USERS_PER_SANDBOX), Tag("accounts")],
    Discriminator(_target_users_kind),
]
"""How many target users to make up (0 to 10), or the accounts to add."""
_UNION_TAGS = frozenset({"count", "accounts"})


class SandboxModel(_Model):
    name: str = Field(default="sandbox", min_length=1)
    products: list[Product] = Field(default_factory=lambda: [Product(p) for p in DEFAULT_PRODUCTS])
    scopes: list[Scope] = Field(default_factory=lambda: list(DEFAULT_SCOPES))
    redirect_uris: dict[Platform, list[str]] = Field(default_factory=_default_redirect_uris)
    direct_post: StrictBool = False
    webhook_callback_url: str | None = None
    target_users: TargetUsers = 1
    private_target_users: StrictBool = True
    """For a count of ``target_users``: whether their accounts are private."""
    clone_from: Literal["draft", "live"] | None = None


class AppModel(_Model):
    name: str = Field(default=DEFAULT_APP_NAME, min_length=1, max_length=100)
    url_properties: list[str] = Field(default_factory=list)
    sandboxes: list[SandboxModel] = Field(default_factory=lambda: [SandboxModel()], max_length=MAX_SANDBOXES_PER_APP)


class Scenario(_Model):
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
            for p, prop in enumerate(app_model.url_properties):
                try:
                    app.verify_url_property(prop)
                except errors.PortalRuleError as error:
                    raise self.error((*loc, "url_properties", p), str(error)) from None
            seeded.apps.append(app)
            for s, model in enumerate(app_model.sandboxes):
                seeded.sandboxes.append(self._sandbox(portal, app, model, (*loc, "sandboxes", s)))
        return seeded

    def _developer(self, portal: Portal) -> Developer:
        existing = next((d for d in portal.developers if d.email.lower() == self.developer.lower()), None)
        if existing is not None:
            return existing
        try:
            return portal.signup(self.developer)
        except errors.PortalRuleError as error:
            raise self.error(("developer",), str(error)) from None

    def _sandbox(self, portal: Portal, app: App, model: SandboxModel, loc: Loc) -> SeededSandbox:
        count = model.target_users if isinstance(model.target_users, int) else 0
        uris: dict[str, list[str]] = dict(model.redirect_uris.items())
        try:
            spec = sandbox_spec(
                name=model.name,
                products=[p.value for p in model.products],
                scopes=model.scopes,
                redirect_uris=uris if "redirect_uris" in model.model_fields_set else None,
                target_users=count,
                clone_from=model.clone_from,
                private_target_users=model.private_target_users,
                direct_post=model.direct_post,
                webhook_callback_url=model.webhook_callback_url,
                app_name=app.name,
            )
            sandbox, users = populate_sandbox(app, spec)
        except (errors.PortalRuleError, TypeError, ValueError) as error:
            where = _field_of(error)
            raise self.error((*loc, where) if where else loc, str(error)) from None
        if isinstance(model.target_users, list):
            for u, user in enumerate(model.target_users):
                user_loc = (*loc, "target_users", u)
                fields = {"username": user.username, "display_name": user.display_name}
                try:
                    account = portal.create_account(
                        password=user.password,
                        is_private=user.private,
                        **{k: v for k, v in fields.items() if v is not None},
                    )
                    sandbox.add_target_user(account, account.password)
                except errors.PortalRuleError as error:
                    where = "username" if isinstance(error, errors.DuplicateAccount) else None
                    raise self.error((*user_loc, where) if where else user_loc, str(error)) from None
                users.append(account)
        return SeededSandbox(sandbox, users)


_FIELD_OF_RULE: tuple[tuple[type[Exception], str], ...] = (
    (errors.UnknownScope, "scopes"),
    (errors.ScopeRequiresProduct, "scopes"),
    (errors.UnknownProduct, "products"),
    (errors.ProductNotAvailableInSandbox, "products"),
    (errors.InvalidRedirectURI, "redirect_uris"),
    (errors.RedirectURILimitExceeded, "redirect_uris"),
    (errors.PlatformNotConfigured, "redirect_uris"),
    (errors.DuplicateSandboxName, "name"),
    (errors.SandboxLimitExceeded, "name"),
    (errors.NoLiveVersion, "clone_from"),
)


def _field_of(error: Exception) -> str | None:
    """The sandbox field whose setting a portal rule refused (None: the sandbox as a whole)."""
    for kind, name in _FIELD_OF_RULE:
        if isinstance(error, kind):
            return name
    text = str(error)
    if not isinstance(error, errors.PortalRuleError):  # sandbox_spec's checks name their argument
        return next((name for name in SandboxModel.model_fields if text.startswith(name)), None)
    if isinstance(error, (errors.ProductRequired, errors.InvalidConfiguration)):
        if "Direct Post" in text:
            return "direct_post"
        if "callback URL" in text:
            return "webhook_callback_url"
        return "products"
    return None


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


# -- reading files --------------------------------------------------------------------------------
MAX_SCENARIO_BYTES = 64 * 1024
"""A scenario file larger than this is refused before it is parsed (a real one is a few KiB;
PyYAML reads some 50 to 100 KiB a second)."""
MAX_SCENARIO_DEPTH = 32
"""How deeply values may nest (a real scenario nests 8 levels), aliases counted."""
MAX_SCENARIO_VALUES = 50_000
"""How many values a scenario may hold once YAML aliases are expanded ("billion laughs")."""
MAX_INTEGER_DIGITS = 40
"""An integer written with more characters is refused (Python refuses to read 4 300 digits)."""
MAX_LISTED_ISSUES = 20
"""How many problems a refusal lists (the rest are counted)."""


class _Refused(Exception):
    """A file refused while reading it (before the schema): where and why."""

    def __init__(self, message: str, line: int | None, loc: Loc = ()) -> None:
        super().__init__(message)
        self.issue = ScenarioIssue(field_path(loc), message, line)


def _deeper() -> str:
    return f"nested deeper than {MAX_SCENARIO_DEPTH} levels (aliases counted)"


def _too_big() -> str:
    return f"the file is larger than {MAX_SCENARIO_BYTES} bytes"


def _too_long() -> str:
    return f"an integer of more than {MAX_INTEGER_DIGITS} digits"


def _too_many() -> str:
    return f"more than {MAX_SCENARIO_VALUES} values, aliases expanded (an alias repeats all that it names)"


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file (``.json`` as JSON, anything else as YAML)."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SCENARIO_BYTES + 1)
        if len(raw) > MAX_SCENARIO_BYTES:
            raise ScenarioError(str(path), [ScenarioIssue("", _too_big())])
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(str(path), [ScenarioIssue("", f"cannot read the file: {error}")]) from None
    kind: Literal["json", "yaml"] = "json" if path.suffix.lower() == ".json" else "yaml"
    return parse_scenario(text, kind, source=str(path))


def parse_scenario(text: str, kind: Literal["yaml", "json"] = "yaml", *, source: str = "<scenario>") -> Scenario:
    """Check a scenario given as text. Files larger than :data:`MAX_SCENARIO_BYTES`, nested
    deeper than :data:`MAX_SCENARIO_DEPTH`, holding more than :data:`MAX_SCENARIO_VALUES`
    values (YAML aliases expanded), with an alias loop or a duplicate key are refused."""
    lines: dict[Loc, int] = {}
    try:
        if len(text) > MAX_SCENARIO_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_SCENARIO_BYTES:
            raise _Refused(_too_big(), None)
        if kind == "json":
            data, lines = _read_json(text)
        else:
            data, lines = _read_yaml(text, source)
    except _Refused as refusal:
        raise ScenarioError(source, [refusal.issue]) from None
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ScenarioError(source, [ScenarioIssue("", "a scenario is a mapping (apps:, seed:…)", lines.get(()))])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        issues = []
        for issue in error.errors()[:MAX_LISTED_ISSUES]:
            loc = _real_loc(issue["loc"])
            line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
            issues.append(ScenarioIssue(field_path(loc), _message(issue), line))
        raise ScenarioError(source, issues, more=error.error_count() - len(issues)) from None
    scenario._source = source
    scenario._lines = lines
    return scenario


def _real_loc(loc: tuple[str | int, ...]) -> Loc:
    """Pydantic's location without the union branch names it adds."""
    return tuple(part for part in loc if not (isinstance(part, str) and part in _UNION_TAGS))


def _message(issue: Any) -> str:
    message = str(issue["msg"])
    if issue["type"] == "extra_forbidden":
        return "unknown field"
    if issue["loc"] and issue["loc"][-1] == "count" and issue["type"].startswith("int"):
        limit = MAX_TARGET_USERS_PER_SANDBOX
        return f"a number of target users (0 to {limit}) or a list of accounts, got {issue['input']!r}"
    if issue["type"] in ("literal_error", "enum") or issue["type"].endswith(("_type", "_parsing")):
        got = repr(issue["input"])
        return f"{message}, got {got if len(got) <= 60 else got[:57] + '...'}"
    return message.removeprefix("Value error, ")


# -- JSON -----------------------------------------------------------------------------------------
_JSON_SPECIAL = re.compile(r'[\[\]{}:,\n"\\tfn0-9-]')


@dataclass
class _JsonLevel:
    """One open bracket of a JSON text: an object's keys (and their lines) or an array's index."""

    keys: dict[str, int] | None
    part: str | int | None


def _read_json(text: str) -> tuple[Any, dict[Loc, int]]:
    """JSON and the line of each field, refused when nested too deeply (checked before
    parsing: no RecursionError), with a duplicate key, or with too many values."""
    duplicate, lines = _scan_json(text)

    def integer(digits: str) -> int:
        if len(digits) > MAX_INTEGER_DIGITS:
            raise _Refused(_too_long(), text.count("\n", 0, text.find(digits)) + 1)
        return int(digits)

    try:
        data = json.loads(text, parse_int=integer) if text.strip() else {}
    except json.JSONDecodeError as error:
        raise _Refused(f"not valid JSON: {error.msg}", error.lineno) from None
    if duplicate is not None:
        raise duplicate
    _count_values(data)
    return data, lines


def _scan_json(text: str) -> tuple[_Refused | None, dict[Loc, int]]:
    """One pass over the JSON's strings, punctuation and the first character of other values:
    :class:`_Refused` raised at the first bracket nested too deeply (before ``json``
    recurses); the first duplicate key (reported only once the text is known to be JSON) and
    the line of each field and list item."""
    line = 1
    lines: dict[Loc, int] = {}
    levels: list[_JsonLevel] = []
    in_string = False
    start = skip = 0
    string: str | None = None  # the string just closed, while it may still be a key
    item = True  # a value starts next (the document, or an item of a list): note its line
    duplicate: _Refused | None = None
    for match in _JSON_SPECIAL.finditer(text):  # linear: each special character once
        at = match.start()
        char = text[at]
        if char == "\n":
            line += 1
            continue
        if at < skip:  # the character after a backslash
            continue
        if in_string:
            if char == "\\":
                skip = at + 2
            elif char == '"':
                in_string = False
                string = text[start : at + 1]
            continue
        if item and char not in ",]}:":
            lines.setdefault(_json_loc(levels), line)
            item = False
        if char == '"':
            in_string, start = True, at
            continue
        if char in "[{":
            if len(levels) >= MAX_SCENARIO_DEPTH:
                raise _Refused(_deeper(), line, _json_loc(levels)[:1])
            levels.append(_JsonLevel({}, None) if char == "{" else _JsonLevel(None, 0))
            item = char == "["
        elif char in "]}":
            if levels:
                levels.pop()
            item = False
        elif char == "," and levels and levels[-1].keys is None and isinstance(levels[-1].part, int):
            levels[-1].part += 1
            item = True
        elif char == ":" and string is not None and levels and (keys := levels[-1].keys) is not None:
            try:
                key = str(json.loads(string))
            except ValueError:
                key = string
            levels[-1].part = key
            lines.setdefault(_json_loc(levels), line)
            if key not in keys:
                keys[key] = line
            elif duplicate is None:
                first = keys[key]
                duplicate = _Refused(f"duplicate key (first on line {first})", line, _json_loc(levels))
        string = None
    return duplicate, lines


def _json_loc(levels: list[_JsonLevel]) -> Loc:
    return tuple(level.part for level in levels if level.part is not None)


def _count_values(data: Any) -> None:
    """:class:`_Refused` when ``data`` (known to nest shallowly) holds too many values."""
    count = 0
    pending = [data]
    while pending:
        value = pending.pop()
        count += 1
        if count > MAX_SCENARIO_VALUES:
            raise _Refused(_too_many(), None)
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


# -- YAML -----------------------------------------------------------------------------------------
def _read_yaml(text: str, source: str) -> tuple[Any, dict[Loc, int]]:
    try:
        import yaml
    except ImportError:  # pragma: no cover - the server extra brings it
        raise ScenarioError(
            source, [ScenarioIssue("", "reading YAML needs PyYAML: pip install 'pytest-tiktok-sandbox[server]'")]
        ) from None
    loader = _bounded_loader()(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_graph(node, loader.aliases)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark is not None else None
        raise _Refused(f"not valid YAML: {problem}", line) from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return data, lines


@functools.cache
def _bounded_loader() -> Any:
    """PyYAML's safe loader, refusing to compose values nested deeper than the bound (its
    composer recurses) and remembering where each alias is used."""
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0
            self.top_key: str | None = None
            self.aliases: dict[tuple[int, int], tuple[str, int]] = {}
            """(id of the parent node, index or id of the key node) -> the alias there and its line."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            event: Any = self.peek_event()  # type: ignore[no-untyped-call]
            if self.depth == 1 and isinstance(index, yaml.ScalarNode):
                self.top_key = index.value
            line = int(event.start_mark.line) + 1
            if isinstance(event, yaml.AliasEvent) and parent is not None:
                slot = index if isinstance(index, int) else id(index)
                self.aliases[(id(parent), slot)] = (str(event.anchor), line)
            if self.depth >= MAX_SCENARIO_DEPTH:
                raise _Refused(_deeper(), line, (self.top_key,) if self.top_key else ())
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return BoundedLoader


_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"


def _check_graph(root: Any, aliases: Mapping[tuple[int, int], tuple[str, int]]) -> None:
    """Refuse a composed YAML graph with an alias loop, a duplicate key, or more values or
    depth than the bounds once aliases are expanded. Linear in the file: each node is
    measured once (the values it expands to, its height), however often aliases repeat it."""
    import yaml

    measured: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()  # the nodes being measured: the path from the root

    def walk(node: Any, depth: int, loc: Loc) -> tuple[int, int]:
        known = measured.get(id(node))
        if known is None:
            if depth > MAX_SCENARIO_DEPTH:
                raise _Refused(_deeper(), node.start_mark.line + 1, loc[:1])
            open_nodes.add(id(node))
            count, height = 1, 0
            children: list[tuple[Any, int, Loc]] = []  # (child, its slot in ``aliases``, its location)
            if isinstance(node, yaml.MappingNode):
                seen: dict[tuple[str, str], int] = {}
                for key, value in node.value:
                    part = key.value if isinstance(key, yaml.ScalarNode) else None
                    if part is not None and key.tag != _MERGE:
                        line = key.start_mark.line + 1
                        if (key.tag, part) in seen:
                            first = seen[(key.tag, part)]
                            raise _Refused(f"duplicate key (first on line {first})", line, (*loc, part))
                        seen[(key.tag, part)] = line
                    children.append((key, -1, loc))
                    children.append((value, id(key), loc if part is None else (*loc, part)))
            elif isinstance(node, yaml.SequenceNode):
                children = [(item, index, (*loc, index)) for index, item in enumerate(node.value)]
            elif node.tag == _INT and len(node.value) > MAX_INTEGER_DIGITS:
                raise _Refused(_too_long(), node.start_mark.line + 1, loc)
            for child, slot, child_loc in children:
                if id(child) in open_nodes:
                    anchor, line = aliases.get((id(node), slot), ("", node.start_mark.line + 1))
                    raise _Refused(f"the alias *{anchor} refers to a value that contains it", line, child_loc)
                size, child_height = walk(child, depth + 1, child_loc)
                count += size
                height = max(height, child_height)
                if count > MAX_SCENARIO_VALUES:
                    raise _Refused(_too_many(), node.start_mark.line + 1, loc[:4])
            open_nodes.discard(id(node))
            known = measured[id(node)] = (count, height + 1)
        if depth - 1 + known[1] > MAX_SCENARIO_DEPTH:
            raise _Refused(_deeper(), node.start_mark.line + 1, loc[:1])
        return known

    walk(root, 1, ())


def _index_lines(node: Any, loc: Loc, lines: dict[Loc, int]) -> None:
    import yaml

    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = (*loc, key.value)
                _index_lines(value, child, lines)
                lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*loc, index), lines)


def scenario_for_marker(args: tuple[Any, ...], kwargs: Mapping[str, Any], base: Path) -> Scenario:
    """The scenario of ``@pytest.mark.tiktok_scenario(path)`` (a relative path is read
    from ``base``, the test file's folder)."""
    if len(args) != 1 or kwargs or not isinstance(args[0], (str, Path)):
        raise ScenarioError(
            "@pytest.mark.tiktok_scenario",
            [ScenarioIssue("", f"takes one path, got args={args!r} kwargs={dict(kwargs)!r}")],
        )
    path = Path(args[0])
    return load_scenario(path if path.is_absolute() else base / path)
