"""The sandbox spec: what ``@pytest.mark.tiktok_sandbox(...)``, ``TikTokSandbox(...)`` and
scenario files ask for, written once as strict pydantic models.

:class:`SandboxSettings` is one sandbox (its products, scopes, redirect URIs, toggles and
target users); :class:`AppSettings` what the app around it holds (URL properties, a Live
version, the posting audit). The marker's :class:`SandboxSpec` is both plus the app's name and
the log-in; a scenario file's apps and sandboxes are the same two models (see
:mod:`pytest_tiktok_sandbox.scenario.schema`). The marker's help and the reference page's
argument table are made from the fields (:func:`marker_help`, :func:`arguments_table`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    Tag,
    ValidationError,
)

from .portal.config import PLATFORMS, Platform
from .portal.products import MAX_TARGET_USERS_PER_SANDBOX, SCOPES, Product
from .spec_defaults import (
    DEFAULT_APP_NAME as DEFAULT_APP_NAME,
    DEFAULT_DEVELOPER_EMAIL as DEFAULT_DEVELOPER_EMAIL,
    DEFAULT_PRODUCTS as DEFAULT_PRODUCTS,
    DEFAULT_REDIRECT_URI as DEFAULT_REDIRECT_URI,
    DEFAULT_SCOPES as DEFAULT_SCOPES,
)

UNION_TAGS = frozenset({"count", "accounts"})
"""The branch names pydantic adds to the location of an error in ``target_users``."""


def _scope(value: str) -> str:
    if value not in SCOPES:
        raise ValueError(f"{value!r} is not a TikTok scope (known: {', '.join(SCOPES)})")
    return value


Scope = Annotated[str, AfterValidator(_scope)]


def _default_redirect_uris() -> dict[Platform, list[str]]:
    return {"web": [DEFAULT_REDIRECT_URI]}


class StrictModel(BaseModel):
    """Unknown fields refused, values frozen once checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetUserSpec(StrictModel):
    """An account to add as a target user; unset fields are made up from the seed."""

    username: str | None = Field(default=None, min_length=1)
    password: str | None = Field(default=None, min_length=1, repr=False)  # a secret: never in a repr
    private: StrictBool = True
    display_name: str | None = Field(default=None, min_length=1)
    comment_disabled: StrictBool | None = None
    """The creator's comments set to "No one" (default: seeded)."""
    duet_disabled: StrictBool | None = None
    stitch_disabled: StrictBool | None = None
    max_video_post_duration_sec: StrictInt | None = None
    """The longest video, in seconds, the creator may post (default: seeded)."""

    def account_fields(self) -> dict[str, Any]:
        """The fields to give ``Portal.create_account`` (the unset ones left to the seed)."""
        fields = self.model_dump(exclude={"password", "private"}, exclude_none=True)
        return {"password": self.password, "is_private": self.private, **fields}


def _target_users_kind(value: Any) -> str:
    return "accounts" if isinstance(value, (list, tuple)) else "count"


TargetUsers = Annotated[
    Annotated[StrictInt, Field(ge=0, le=MAX_TARGET_USERS_PER_SANDBOX), Tag("count")]
    | Annotated[list[TargetUserSpec], Field(max_length=MAX_TARGET_USERS_PER_SANDBOX), Tag("accounts")],
    Discriminator(_target_users_kind),
]
"""How many target users to make up (0 to 10), or the accounts to add."""


class SandboxSettings(StrictModel):
    """One sandbox: its configuration (applied) and its target users."""

    name: str = Field(default="sandbox", min_length=1, description="The sandbox's name.")
    products: list[Product] = Field(
        default_factory=lambda: [Product(p) for p in DEFAULT_PRODUCTS],
        description="Products to add (values of `Product`).",
    )
    scopes: list[Scope] = Field(
        default_factory=lambda: list(DEFAULT_SCOPES), description="Scopes to add; each needs its product."
    )
    redirect_uris: dict[Platform, list[str]] = Field(
        default_factory=_default_redirect_uris,
        description="`{platform: [uri, ...]}` for `web`, `desktop`, `android` or `ios`. Each platform is added "
        "for you. Giving it without `login_kit` in `products` is an error.",
    )
    target_users: TargetUsers = Field(
        default=1,
        description="How many target users to add, 0 to 10, or a list of accounts (`{username, password, "
        "private, display_name, comment_disabled, duet_disabled, stitch_disabled, "
        "max_video_post_duration_sec}`, every key optional) to add in that order.",
    )
    clone_from: Literal["draft", "live"] | None = Field(
        default=None,
        description='`"draft"` or `"live"`: clone that production version first (`"live"` approves the Draft '
        "when there is no Live version).",
    )
    private_target_users: StrictBool = Field(
        default=True, description="Whether the target users' accounts are private (for a number of target users)."
    )
    direct_post: StrictBool = Field(
        default=False,
        description="Turn on the Content Posting API's Direct Post toggle (needs `content_posting_api` in `products`).",
    )
    webhook_callback_url: str | None = Field(
        default=None, description="The Webhooks callback URL (https). Adds the `webhooks` product."
    )

    def product_names(self) -> list[str]:
        """The products to add: ``products``, and Webhooks when a callback URL is given."""
        names = [p.value for p in self.products]
        if self.webhook_callback_url is not None and Product.WEBHOOKS.value not in names:
            names.append(Product.WEBHOOKS.value)
        return names


class AppSettings(StrictModel):
    """What the app around the sandboxes holds."""

    url_properties: list[str] = Field(
        default_factory=list,
        description="Domains (`example.com`) or https URL prefixes (`https://cdn.example.com/media/`) verified "
        "on the app: where `PULL_FROM_URL` posts may fetch media from.",
    )
    app_live: StrictBool = Field(
        default=False,
        description="Start from an app already Live with the sandbox's configuration (imported into the Draft "
        "and approved): the production key serves any account. Its posts are still bound by the "
        "unaudited-client rules until the Content Posting audit is passed (`posting_audited`).",
    )
    posting_audited: StrictBool = Field(
        default=False,
        description="Pass the app's Content Posting audit (`App.pass_posting_audit()`), a step after app review: "
        "the production key may then post publicly. Needs a Live version with the Content Posting API, so give "
        "`app_live=True` too; it makes nothing Live by itself. Sandboxes are never audited.",
    )


class SandboxSpec(SandboxSettings, AppSettings):
    """What ``@pytest.mark.tiktok_sandbox(...)`` and ``TikTokSandbox(...)`` ask for: one
    sandbox, its app, and whether its first target user is logged in."""

    app_name: str = Field(default=DEFAULT_APP_NAME, min_length=1, max_length=100, description="The app's name.")
    login: StrictBool = Field(default=True, description="Log the first target user in to the authorize page.")


ARGUMENTS: tuple[str, ...] = (
    *SandboxSettings.model_fields,
    *AppSettings.model_fields,
    "app_name",
    "login",
)
"""The marker's arguments, in the order its help and the reference table list them."""


# -- refusals -------------------------------------------------------------------------------------
class SpecError(TypeError, ValueError):
    """Arguments of the marker or of ``TikTokSandbox(...)`` that the spec refuses (one line
    per problem, each naming its argument)."""


def sandbox_spec(**arguments: Any) -> SandboxSpec:
    """Check the marker's (or ``TikTokSandbox``'s) keyword arguments: :class:`SpecError`
    naming each bad argument (and the closest known one for a misspelt name)."""
    try:
        return SandboxSpec.model_validate(arguments)
    except ValidationError as error:
        raise SpecError("; ".join(describe_issue(issue) for issue in error.errors())) from None


def real_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Pydantic's location without the union branch names it adds."""
    return tuple(part for part in loc if not (isinstance(part, str) and part in UNION_TAGS))


def describe_issue(issue: Mapping[str, Any]) -> str:
    """One pydantic issue in the words of this plugin: the argument, what was wrong, what was given."""
    loc = real_loc(issue["loc"])
    name = field_path(loc)
    kind = str(issue["type"])
    got = shown_input(issue)
    if kind == "extra_forbidden":
        known = TargetUserSpec.model_fields if "target_users" in loc else ARGUMENTS
        return f"unknown argument {str(loc[-1])!r}" + did_you_mean(str(loc[-1]), known, always=True)
    if loc[:1] == ("redirect_uris",) and loc[-1:] == ("[key]",):
        return f"redirect_uris platforms must be among {', '.join(PLATFORMS)}, got {got}"
    if issue["loc"][-1:] == ("count",):
        message = f"must be between 0 and {MAX_TARGET_USERS_PER_SANDBOX} (or a list of accounts), got {got}"
    elif kind.startswith("bool"):
        message = f"must be True or False, got {got}"
    elif kind == "list_type":
        message = f"must be a list of strings, got {got}"
    elif kind == "literal_error":
        expected = str(issue.get("ctx", {}).get("expected", ""))
        if len(loc) == 1 and SandboxSpec.model_fields[str(loc[0])].default is None:
            expected = expected.replace(" or ", ", ") + " or None"
        message = f"must be {expected}, got {got}"
    elif kind == "enum" or kind.endswith(("_type", "_parsing")):
        message = f"{_must(issue['msg'])}, got {got}"
    elif kind == "value_error":  # a sentence of its own
        return f"{name}: {str(issue['msg']).removeprefix('Value error, ')}"
    else:
        message = _must(issue["msg"])
    return f"{name} {message}"


def shown_input(issue: Mapping[str, Any]) -> str:
    """The value an issue refused, shortened, and hidden for a password (a secret)."""
    if issue["loc"][-1:] == ("password",):
        return "(hidden)"
    got = repr(issue["input"])
    return got if len(got) <= 60 else got[:57] + "..."


def _must(message: object) -> str:
    """Pydantic's "Input should be..." as "must be..." (after the argument's name)."""
    return re.sub(r"^\w+ should\b", "must", str(message))


def field_path(loc: tuple[str | int, ...]) -> str:
    """``("apps", 0, "sandboxes", 1, "scopes")`` as ``apps[0].sandboxes[1].scopes``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def did_you_mean(name: str, known: Iterable[str], *, always: bool = False) -> str:
    """`` (did you mean X?)`` for the closest of ``known`` to a misspelt ``name``; with
    ``always``, `` (known: ...)`` when none is close."""
    known = list(known)
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f" (did you mean {close[0]}?)"
    return f" (known: {', '.join(known)})" if always else ""


# -- generated text -------------------------------------------------------------------------------
def _default(name: str) -> Any:
    value = SandboxSpec.model_fields[name].get_default(call_default_factory=True)
    return _plain(value)


def _plain(value: Any) -> Any:
    if isinstance(value, Product):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _literal(value: Any) -> str:
    """A Python literal with double-quoted strings, as the docs show values."""
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def marker_help() -> str:
    """The ``tiktok_sandbox`` line of ``pytest --markers``."""
    arguments = ", ".join(f"{name}={_default(name)!r}" for name in ARGUMENTS)
    return (
        f"tiktok_sandbox(*, {arguments}): configure the tiktok_sandbox fixture (the closest marker wins per "
        "argument); a test with this marker gets tiktok_sandbox even without asking for it."
    )


def arguments_table() -> str:
    """The reference page's Markdown table of the marker's arguments."""
    rows = ["| argument | default | meaning |", "|---|---|---|"]
    for name in ARGUMENTS:
        description = SandboxSpec.model_fields[name].description or ""
        rows.append(f"| `{name}` | `{_literal(_default(name))}` | {description} |")
    return "\n".join(rows)
