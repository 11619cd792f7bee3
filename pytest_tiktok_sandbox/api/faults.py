"""Fault injection: make chosen endpoints answer 429, 5xx or a TikTok error code, N times
or always, or answer late, so tests can exercise their retries and back-off."""

from __future__ import annotations

import difflib
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import envelope
from .envelope import ApiError
from .http import ApiRequest, ApiResponse

_DEFAULT_CODES = {429: "rate_limit_exceeded", 401: "access_token_invalid", 400: "invalid_params"}


def check_path(path: str, endpoints: Iterable[str]) -> None:
    """:class:`ValueError` naming the closest endpoint when ``path`` is no endpoint's path
    (``"*"``, every path, always is one): a fault there could never fire."""
    if not isinstance(path, str):
        raise TypeError(f"a fault's path is an endpoint's path or '*', got {path!r}")
    known = sorted(set(endpoints))
    if path == "*" or path in known:
        return
    close = difflib.get_close_matches(path.split("?", 1)[0], known, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}?" if close else f"the endpoints are {', '.join(known)}"
    raise ValueError(f"no endpoint has the path {path!r}, so this fault would never fire: {hint}")


@dataclass
class Fault:
    """One injected fault: requests to ``path`` (and ``method``) answer ``status``/``code``,
    ``times`` times (None: always), after ``latency`` seconds."""

    path: str
    status: int | None = 500
    code: str | None = None
    message: str | None = None
    times: int | None = 1
    method: str | None = None
    latency: float = 0.0
    hits: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        if self.status is not None and not 400 <= self.status <= 599:
            raise ValueError(f"a fault answers a 4xx or 5xx status, got {self.status}")
        if self.times is not None and self.times < 1:
            raise ValueError(f"times is a positive number of requests or None (always), got {self.times}")
        if not (math.isfinite(self.latency) and self.latency >= 0):  # NaN would fail in time.sleep
            raise ValueError(f"latency is a finite number of seconds, 0 or more, got {self.latency}")
        if self.method is not None:
            self.method = self.method.upper()

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    def matches(self, request: ApiRequest) -> bool:
        return (self.path == "*" or request.path == self.path) and (
            self.method is None or request.method == self.method
        )

    def answer(self, request: ApiRequest, log_id: str) -> ApiResponse | None:
        if self.status is None:
            return None
        code = self.code or _DEFAULT_CODES.get(self.status, "internal_error")
        if request.path.startswith("/v2/oauth/"):
            description = self.message or "Injected fault."
            return envelope.oauth_error(self.status, code, description, log_id)
        return envelope.error(ApiError(self.status, code, self.message), log_id)


class FaultPlan:
    """The faults of one fake API; safe to use from several threads."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self.sleep = sleep

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def __bool__(self) -> bool:
        return bool(self._faults)

    def take(self, request: ApiRequest) -> Fault | None:
        """The first live fault for ``request``, counted as used."""
        with self._lock:
            for fault in self._faults:
                if not fault.exhausted and fault.matches(request):
                    fault.hits += 1
                    return fault
        return None
