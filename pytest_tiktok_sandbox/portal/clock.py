"""The portal's clock: every time the model reads comes from here, so tests can move it."""

from __future__ import annotations

import datetime as dt
import threading
import time
from datetime import timedelta, timezone


class Clock:
    """A clock that starts at the wall time (or ``start``) and can be moved forward.

    By default it ticks with real time from its start; ``frozen=True`` stops it, so only
    :meth:`advance` and :meth:`set` move it. It never goes backwards.
    """

    __slots__ = ("_anchor", "_base", "_frozen", "_lock")

    def __init__(self, start: float | dt.datetime | None = None, *, frozen: bool = False) -> None:
        self._base = _to_epoch(start) if start is not None else time.time()
        self._anchor = time.monotonic()
        self._frozen = frozen
        self._lock = threading.Lock()

    def now(self) -> float:
        """Seconds since the epoch, on the portal's clock."""
        if self._frozen:
            return self._base
        return self._base + (time.monotonic() - self._anchor)

    def datetime(self) -> dt.datetime:
        """The current time as an aware UTC datetime."""
        return dt.datetime.fromtimestamp(self.now(), tz=timezone.utc)

    @property
    def frozen(self) -> bool:
        return self._frozen

    def freeze(self) -> None:
        """Stop the clock at the current time."""
        with self._lock:
            self._base = self.now()
            self._frozen = True

    def unfreeze(self) -> None:
        """Let the clock tick with real time again, from where it stands."""
        with self._lock:
            self._base = self.now()
            self._anchor = time.monotonic()
            self._frozen = False

    def advance(self, seconds: float | timedelta = 0.0, **delta: float) -> float:
        """Move the clock forward: ``advance(30)``, ``advance(timedelta(hours=1))``
        or ``advance(minutes=10)``. Returns the new time."""
        step = seconds.total_seconds() if isinstance(seconds, timedelta) else float(seconds)
        if delta:
            step += timedelta(**delta).total_seconds()
        if step < 0:
            raise ValueError("the portal clock only moves forward")
        with self._lock:
            self._base += step
        return self.now()

    def set(self, when: float | dt.datetime) -> None:
        """Move the clock to ``when`` (not earlier than now)."""
        target = _to_epoch(when)
        current = self.now()
        if target < current:
            raise ValueError("the portal clock only moves forward")
        self.advance(target - current)

    def __repr__(self) -> str:
        state = "frozen" if self._frozen else "ticking"
        return f"<Clock {self.datetime().isoformat()} {state}>"


def _to_epoch(value: float | dt.datetime) -> float:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    return float(value)
