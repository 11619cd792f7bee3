"""The portal's clock: every time the model reads comes from here, so tests can move it.

It follows the wall time a test suite fakes with ``freezegun`` or ``time-machine``: while one of
them is active, the clock reads the faked ``time.time()`` (plus whatever :meth:`Clock.advance`
added), so a frozen or travelled test sees TikTok's clock frozen or travelled with it.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import threading
import time
from datetime import timedelta, timezone

_REAL = (time.time, time.monotonic)
"""The real ``time.time`` and ``time.monotonic``, kept in a tuple: freezegun swaps the
functions on the ``time`` module and on every module attribute holding them, not inside a
tuple, so these stay the real ones."""


_LAST_TIME = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
"""The last time a ``datetime`` (the portal's dates, pages, reprs) can show."""


def _faked_wall_time() -> float | None:
    """The wall time a time-faking tool shows, or None when none is active: freezegun replaces
    ``time.time``; time-machine keeps the function and says it is travelling."""
    if time.time is not _REAL[0]:
        return time.time()
    machine = sys.modules.get("time_machine")
    if machine is not None and machine.escape_hatch.is_travelling():
        return time.time()
    return None


class Clock:
    """A clock that starts at the wall time (or ``start``) and can be moved forward.

    By default it ticks with real time from its start; ``frozen=True`` stops it, so only
    :meth:`advance` and :meth:`set` move it. :meth:`advance` and :meth:`set` only move it
    forward.

    While ``freezegun`` or ``time-machine`` fakes the wall time, a ticking clock reads the faked
    time plus its own offset (what :meth:`advance` added, or how far ``start`` was from the wall
    time), so it stands still, jumps or goes back with the faked time; a ``frozen`` clock
    ignores them.
    """

    __slots__ = ("_anchor", "_base", "_frozen", "_lock", "_offset")

    def __init__(self, start: float | dt.datetime | None = None, *, frozen: bool = False) -> None:
        wall = time.time()
        self._base = _to_epoch(start) if start is not None else wall
        self._offset = self._base - wall  # the clock minus the wall time, read while a tool fakes it
        self._anchor = _REAL[1]()
        self._frozen = frozen
        self._lock = threading.Lock()

    def now(self) -> float:
        """Seconds since the epoch, on the portal's clock."""
        if self._frozen:
            return self._base
        faked = _faked_wall_time()
        if faked is not None:
            return faked + self._offset
        return self._base + (_REAL[1]() - self._anchor)

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
            self._anchor = _REAL[1]()
            self._offset = self._base - time.time()
            self._frozen = False

    def advance(self, seconds: float | timedelta = 0.0, **delta: float) -> float:
        """Move the clock forward: ``advance(30)``, ``advance(timedelta(hours=1))``
        or ``advance(minutes=10)``. Returns the new time."""
        try:
            step = seconds.total_seconds() if isinstance(seconds, timedelta) else float(seconds)
            if delta:
                step += timedelta(**delta).total_seconds()
        except OverflowError:
            raise ValueError(f"the portal clock cannot move that far (to after {_LAST_TIME.year})") from None
        if not math.isfinite(step):
            raise ValueError(f"the portal clock moves by a finite number of seconds, got {step}")
        if step < 0:
            raise ValueError("the portal clock only moves forward")
        if self.now() + step > _LAST_TIME.timestamp():
            raise ValueError(f"the portal clock cannot move that far (to after {_LAST_TIME.year})")
        with self._lock:
            self._base += step
            self._offset += step
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
