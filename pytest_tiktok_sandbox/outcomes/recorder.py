"""Which of TikTok's documented outcomes the fake produced: a set of (endpoint, outcome) pairs.

The fake API records each answer at one point (:meth:`FakeTikTokAPI.handle`), only when a
recorder is installed: with none (the default) nothing is recorded and nothing is paid but a
None check. The pytest plugin installs one for ``--tiktok-coverage``; outside pytest use
``with recorder.recording():`` around the code that builds and uses the fake.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalogue import ROUTES, TOKEN, TOKEN_GRANTS, WEBHOOK

if TYPE_CHECKING:
    from ..api.http import ApiRequest, ApiResponse

_current: OutcomeRecorder | None = None


def current() -> OutcomeRecorder | None:
    """The recorder new fake APIs and webhook outboxes record into (None: recording is off)."""
    return _current


def install(recorder: OutcomeRecorder | None) -> OutcomeRecorder | None:
    """Make ``recorder`` the current one (None turns recording off); returns the previous one."""
    global _current
    previous, _current = _current, recorder
    return previous


class OutcomeRecorder:
    """The outcomes met so far. Adding to a set is atomic: safe from several threads."""

    def __init__(self, met: Iterable[tuple[str, str]] = ()) -> None:
        self._met: set[tuple[str, str]] = set(met)

    def __repr__(self) -> str:
        return f"OutcomeRecorder({len(self._met)} outcomes met)"

    @property
    def met(self) -> frozenset[tuple[str, str]]:
        """Every (endpoint, outcome) met, catalogued or not."""
        return frozenset(self._met)

    # -- recording ----------------------------------------------------------------------------
    def record(self, request: ApiRequest, response: ApiResponse, *, slow: bool = False) -> None:
        """One answer of the fake: its TikTok code (or ``ok``), plus what it says more
        precisely (``response.outcomes``: an expired token, a post's status...)."""
        method = "GET" if request.method == "HEAD" else request.method
        endpoint = ROUTES.get((method, request.path))
        if endpoint is None:
            return
        if endpoint == TOKEN:
            endpoint = _token_endpoint(request)
        met = self._met
        status = response.status
        if status >= 500:
            met.add((endpoint, "server_error"))
        elif response.error_code is not None:
            met.add((endpoint, response.error_code))
        elif status != 200 or not response.headers.get("Content-Type", "").startswith("text/html"):
            met.add((endpoint, "ok"))  # an HTML 200 is a page of the authorize flow, not an answer
        for name in response.outcomes:
            met.add((endpoint, name))
        if slow:
            met.add((endpoint, "slow_response"))

    def record_webhook(self, event: str, *, retried: bool = False) -> None:
        """TikTok delivered ``event`` to the app's callback (again, if ``retried``)."""
        self._met.add((WEBHOOK, event))
        if retried:
            self._met.add((WEBHOOK, "retried"))

    def merge(self, met: Iterable[Iterable[str]]) -> None:
        """Add another recorder's :meth:`export` (an xdist worker's)."""
        self._met.update((str(endpoint), str(name)) for endpoint, name in met)

    def export(self) -> list[list[str]]:
        """The pairs met, sorted, as JSON-able lists (what a worker hands its controller)."""
        return [list(pair) for pair in sorted(self._met)]

    def clear(self) -> None:
        self._met.clear()

    @contextmanager
    def recording(self) -> Iterator[OutcomeRecorder]:
        """Record what every fake API built inside the block answers (``TikTokSandbox``
        outside pytest)."""
        previous = install(self)
        try:
            yield self
        finally:
            install(previous)

    # -- reports (see report.py) ----------------------------------------------------------------
    # ``every``: count every endpoint of the catalogue, not only those called.
    def report(self, *, every: bool = False) -> str:
        """The terminal report: per endpoint, outcomes met / documented, then advice."""
        from .report import terminal_lines

        return "\n".join(terminal_lines(self.met, every))

    def as_json(self, *, every: bool = False) -> dict[str, Any]:
        from .report import as_json

        return as_json(self.met, every)

    def write_json(self, path: str | Path, *, every: bool = False) -> None:
        from .report import write_json

        write_json(self.met, Path(path), every)

    def write_html(self, path: str | Path, *, every: bool = False) -> None:
        from .report import write_html

        write_html(self.met, Path(path), every)


def _token_endpoint(request: ApiRequest) -> str:
    """The token endpoint of the form's ``grant_type`` (a split, not a full form parse: the
    grant types are plain ASCII, and ``&`` and ``=`` inside values arrive percent-encoded)."""
    for field in request.body.split(b"&"):
        if field.startswith(b"grant_type="):
            return TOKEN_GRANTS.get(field[11:].decode("ascii", "replace"), TOKEN)
    return TOKEN
