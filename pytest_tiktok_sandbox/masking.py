"""How a secret is shown anywhere a person may read it: a short recognisable prefix and "…".

Every token, code, client secret, upload token and password the portal issues is a
:class:`Secret`: a ``str`` (it works wherever a string does) whose ``repr`` is masked, so
every dataclass holding one (``TokenSet``, ``AccessToken``, ``WebhookEvent``...) has a safe
repr without a line of its own. Requests and responses mask their secret-bearing headers,
form fields, query parameters and JSON keys (:func:`mask_headers`, :func:`mask_text`).

Some output no repr controls: pytest's ``-vv`` diffs show dataclass fields and plain
strings (a token a client parsed from JSON is a plain ``str``). For those, every secret
issued by a live (or recent) portal is remembered (:class:`SecretRegistry`), and the plugin
replaces it, in any form a client writes it, in pytest's reports (:func:`scrub_report`) and
explains failing comparisons with masked values (:func:`explain_comparison`).

No dependency on the rest of the package: the portal, the API and the plugin all use it.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import re
import sys
import threading
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

ELLIPSIS = "…"
_PREFIX = re.compile(r"(?:act|rft|clt)\.|t=[0-9]+,s=")
"""Kept whole before the masked part: the kind of token (``act.``), a signature's time."""

SECRET_FIELDS = frozenset(
    {
        "access_token",
        "client_secret",
        "code",
        "code_verifier",
        "password",
        "refresh_token",
        "token",
        "upload_token",
    }
)
"""Form fields, query parameters and JSON keys whose value is a secret."""
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "tiktok-signature"})
_FIELDS = "|".join(sorted(SECRET_FIELDS))
_FORM_FIELD = re.compile(rf"(^|[?&;])({_FIELDS})=([^&;#\s'\"]*)")
_JSON_FIELDS = "|".join(sorted(SECRET_FIELDS - {"code"}))  # a JSON "code" is TikTok's error code
_JSON_FIELD = re.compile(rf'("(?:{_JSON_FIELDS})"\s*:\s*")((?:[^"\\]|\\.)*)"')
MIN_REMEMBERED = 8
"""Shorter values (a test's own password ``"pw"``) are masked in reprs but not scrubbed from
reports: replacing every occurrence of a short word would mangle the output."""


def mask(value: str) -> str:
    """``act.1a2b…``: the kind prefix, at most 4 more characters (a quarter of the rest, for
    short values), then ``…``."""
    text = str(value)
    head = _PREFIX.match(text)
    prefix = head.group() if head else ""
    rest = text[len(prefix) :]
    return prefix + rest[: min(4, len(rest) // 4)] + ELLIPSIS


class Secret(str):
    """A secret string: equal to, hashed and formatted as its text (``f"{s}"`` and
    ``str(s)`` give it whole, for a header or a form), but ``repr`` shows :func:`mask`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(mask(self))


def _dump_as_str_in_yaml() -> None:
    """PyYAML represents only exact ``str`` as a string (``safe_dump`` refuses a subclass):
    teach it :class:`Secret`, when the test suite has imported it (importing it here would
    cost every session)."""
    yaml = sys.modules.get("yaml")
    if yaml is not None:
        for dumper in (yaml.SafeDumper, yaml.Dumper):
            dumper.add_representer(Secret, yaml.representer.SafeRepresenter.represent_str)


_dump_as_str_in_yaml()


def mask_text(text: str) -> str:
    """``text`` (a URL, a form or JSON body, a ``Location``) with the value of every
    secret field masked."""
    if "=" in text:
        text = _FORM_FIELD.sub(lambda m: f"{m[1]}{m[2]}={mask(m[3]) if m[3] else ''}", text)
    if '"' in text:
        text = _JSON_FIELD.sub(lambda m: f'{m[1]}{mask(m[2]) if m[2] else ""}"', text)
    return text


def mask_header(name: str, value: str) -> str:
    lowered = name.lower()
    if lowered in ("authorization", "proxy-authorization"):
        scheme, space, credentials = value.partition(" ")
        return f"{scheme} {mask(credentials)}" if space and credentials else mask(value)
    if lowered in ("cookie", "set-cookie"):
        cookie, equals, rest = value.partition("=")
        crumb, semicolon, attributes = rest.partition(";")
        return f"{cookie}={mask(crumb)}{semicolon}{attributes}" if equals else mask(value)
    if lowered in SECRET_HEADERS:
        return mask(value)
    if lowered == "location":
        return mask_text(value)
    return value


def mask_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: mask_header(name, str(value)) for name, value in headers.items()}


def mask_body(body: bytes, limit: int = 2000) -> str:
    """The repr of a request or response body, secret fields masked, cut at ``limit`` bytes."""
    text = mask_text(body[:limit].decode("utf-8", "surrogateescape"))
    more = f" + {len(body) - limit} bytes" if len(body) > limit else ""
    return f"b{text!r}{more}"


# -- what a live portal issued ------------------------------------------------------------------
_REGISTRIES: weakref.WeakSet[SecretRegistry] = weakref.WeakSet()
_REGISTRIES_LOCK = threading.Lock()
_SERIALS = itertools.count()
_RECENT: collections.deque[SecretRegistry] = collections.deque(maxlen=32)
"""The last registries made, kept alive: a test's portal may be gone (``TikTokSandbox``
stopped, garbage collected) before its failure is reported, its secrets still in the output.
Bounded: memory stays flat over a session."""


class SecretRegistry:
    """The secrets one portal issued, remembered (while the portal lives, or is one of the
    32 newest) so that the plugin can scrub them from reports: appending is the whole cost
    of issuing one."""

    def __init__(self) -> None:
        self._values: list[str] = []
        self._forms: list[tuple[str, str]] = []
        self._formed = 0
        self._lock = threading.Lock()
        with _REGISTRIES_LOCK:
            self.serial = next(_SERIALS)  # not id(): a new registry may reuse a dead one's
            _REGISTRIES.add(self)
            _RECENT.append(self)

    def issue(self, value: str) -> Secret:
        """``value`` as a :class:`Secret`, remembered if it is long enough to scrub safely."""
        secret = value if isinstance(value, Secret) else Secret(value)
        if len(secret) >= MIN_REMEMBERED:
            self._values.append(secret)  # list.append is atomic: no lock needed
        return secret

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._values))

    def __len__(self) -> int:
        return len(self._values)

    def written_forms(self) -> list[tuple[str, str]]:
        """``(form, mask)`` for every written form of every secret (computed once each)."""
        with self._lock:
            values = self._values[self._formed :]
            self._formed += len(values)
            for secret in values:
                masked = mask(secret)
                self._forms.extend((form, masked) for form in _written_forms(str(secret)))
            return list(self._forms)


_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")
_RUN = re.compile(r"[A-Za-z0-9._~!*%+-]{8,}")
"""Where a generated secret can be, in any written form: runs of its characters."""
_HEAD = MIN_REMEMBERED


def _written_forms(secret: str) -> set[str]:
    """The ways a client writes ``secret``: as is, and percent-encoded as form bodies, query
    strings and browsers encode it (``*`` and ``!`` each kept or escaped)."""
    if _UNRESERVED.fullmatch(secret):
        return {secret}  # nothing to encode
    return {
        secret,
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        quote(secret, safe="*"),
        quote(secret, safe="!"),
        quote(secret, safe="!*'()~"),
    }


class Scrubber:
    """Replaces every written form of every secret that a live portal issued with its mask.

    Fast whatever the number of secrets: forms are indexed by their first characters, and
    only runs of the characters generated secrets are made of are looked at (forms with
    other characters, a test's own passwords, are searched for one by one)."""

    def __init__(self, extra: Iterable[str] = ()) -> None:
        with _REGISTRIES_LOCK:
            registries = list(_REGISTRIES)
        pairs = {form: masked for registry in registries for form, masked in registry.written_forms()}
        for secret in extra:
            pairs.update(dict.fromkeys(_written_forms(secret), mask(secret)))
        self._heads: dict[str, list[tuple[str, str]]] = {}
        self._others: list[tuple[str, str]] = []
        for form, masked in sorted(pairs.items(), key=lambda pair: -len(pair[0])):  # longest first
            if _RUN.fullmatch(form):
                self._heads.setdefault(form[:_HEAD], []).append((form, masked))
            else:
                self._others.append((form, masked))

    def __bool__(self) -> bool:
        return bool(self._heads or self._others)

    def __call__(self, text: str) -> str:
        for form, masked in self._others:
            if form in text:
                text = text.replace(form, masked)
        if not self._heads:
            return text
        pieces: list[str] = []
        done = 0
        for run in _RUN.finditer(text):
            at, end = run.start(), run.end()
            while at <= end - _HEAD:
                for form, masked in self._heads.get(text[at : at + _HEAD], ()):
                    if text.startswith(form, at) and at + len(form) <= end:
                        pieces += (text[done:at], masked)
                        at = done = at + len(form)
                        break
                else:
                    at += 1
        return "".join(pieces) + text[done:] if pieces else text


_CURRENT: tuple[tuple[tuple[int, int], ...], Scrubber] | None = None


def current_scrubber() -> Scrubber:
    """A :class:`Scrubber` of every live portal's secrets, rebuilt only when one was issued
    (or a portal came or went) since the last call."""
    global _CURRENT
    with _REGISTRIES_LOCK:
        key = tuple(sorted((registry.serial, len(registry)) for registry in _REGISTRIES))
    cached = _CURRENT
    if cached is not None and cached[0] == key:
        return cached[1]
    scrubber = Scrubber()
    _CURRENT = (key, scrubber)
    return scrubber


def issued_secrets() -> set[str]:
    """Every secret issued by a portal still alive in this process."""
    with _REGISTRIES_LOCK:
        registries = list(_REGISTRIES)
    return {str(value) for registry in registries for value in registry}


# -- pytest's output -------------------------------------------------------------------------------
def holds_secrets(value: object, depth: int = 0) -> bool:
    """Whether ``value`` is a :class:`Secret`, or a dataclass holding one (a token, an
    account, a webhook event) or an HTTP exchange (``headers``, ``body``: a call, a request):
    pytest's own comparison would show their fields unmasked at ``-vv``."""
    if isinstance(value, Secret):
        return True
    if depth > 2 or not dataclasses.is_dataclass(value) or isinstance(value, type):
        return False
    return any(
        f.name in ("headers", "body") or holds_secrets(getattr(value, f.name, None), depth + 1)
        for f in dataclasses.fields(value)
    )


def _field_repr(name: str, value: object) -> str:
    if isinstance(value, (bytes, bytearray)):
        return mask_body(bytes(value))
    if isinstance(value, Mapping) and name == "headers":
        return repr(mask_headers(value))
    if isinstance(value, str) and not isinstance(value, Secret):
        return repr(mask_text(value) if name in ("url", "location") else value)
    return repr(value)


def explain_comparison(op: str, left: object, right: object) -> list[str] | None:
    """What a failing ``left <op> right`` shows when either side is one of ours, or a string
    a live portal issued: masked reprs (both strings masked: pytest's own diff would show
    the rest of a secret that differs by one character), and for two dataclasses of one
    type, each differing field (masked). None: pytest's own explanation (then scrubbed)."""
    if isinstance(left, str) and isinstance(right, str):
        if isinstance(left, Secret) or isinstance(right, Secret) or {left, right} & issued_secrets():
            return [f"{mask(left)!r} {op} {mask(right)!r}", "(secrets masked by pytest-tiktok-sandbox)"]
        scrubber = current_scrubber()
        shown = scrubber(left), scrubber(right)
        if shown == (left, right):
            return None
        # Whole, scrubbed: pytest would cut a long string in the middle, leaving a secret's tail.
        return [f"{shown[0]!r} {op} {shown[1]!r}", "(secrets masked by pytest-tiktok-sandbox)"]
    if not (holds_secrets(left) or holds_secrets(right)):
        return None
    lines = [f"{left!r} {op} {right!r}"]
    if type(left) is type(right) and dataclasses.is_dataclass(left) and not isinstance(left, type):
        differing = [f for f in dataclasses.fields(left) if getattr(left, f.name) != getattr(right, f.name)]
        if differing:
            lines.append("Differing attributes (secrets masked by pytest-tiktok-sandbox):")
        for f in differing:
            lines.append(
                f"  {f.name}: {_field_repr(f.name, getattr(left, f.name))}"
                f" != {_field_repr(f.name, getattr(right, f.name))}"
            )
    return lines


def scrub_report(report: Any, scrubber: Scrubber) -> None:
    """Scrub a pytest report in place: the failure's representation (traceback lines,
    assertion explanations, locals, the crash message) and the captured output sections."""
    longrepr = report.longrepr
    if longrepr is not None:
        structured = isinstance(longrepr, (str, tuple)) or dataclasses.is_dataclass(longrepr)
        if structured:
            report.longrepr = _scrub_tree(longrepr, scrubber, 0)
        else:  # another plugin's representation: its text, scrubbed, if it holds a secret
            text = str(longrepr)
            scrubbed = scrubber(text)
            if scrubbed != text:
                report.longrepr = scrubbed
    if report.sections:
        report.sections = [(title, scrubber(content)) for title, content in report.sections]


def _scrub_tree(value: Any, scrubber: Scrubber, depth: int) -> Any:
    """Strings in lists, tuples and dataclasses (pytest's ``ReprEntry``, ``ReprLocals``...)."""
    if isinstance(value, str):
        return scrubber(value)
    if depth > 12:
        return value
    if isinstance(value, list):
        value[:] = [_scrub_tree(item, scrubber, depth + 1) for item in value]
    elif isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_scrub_tree(item, scrubber, depth + 1) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            current = getattr(value, f.name, None)
            scrubbed = _scrub_tree(current, scrubber, depth + 1)
            if scrubbed is not current:
                object.__setattr__(value, f.name, scrubbed)
    return value
