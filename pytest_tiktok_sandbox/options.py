"""The plugin's settings, read from the command line, then ini, then defaults."""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
import secrets
from dataclasses import dataclass

DEFAULT_SEED = 0


@dataclass(frozen=True)
class PluginOptions:
    seed: int = DEFAULT_SEED
    """The session seed; each test's data comes from it and the test's node id."""
    target_user_delay: float = 0.0
    oauth_error_status: int = 200
    rate_limits: bool = True
    block_network: bool = True
    """Keep TikTok's hosts from resolving for the whole session, outside the mocks too."""


def parse_seed(value: str | int | None) -> int:
    """An int, or ``random`` for a fresh one (printed in the header so it can be replayed)."""
    if value is None or value == "":
        return DEFAULT_SEED
    if isinstance(value, int):
        seed = value
    elif value.strip().lower() == "random":
        return secrets.randbelow(2**32)
    else:
        parsed: int | None = None
        with contextlib.suppress(ValueError):
            parsed = int(value.strip(), 0) if len(value.strip()) <= 100 else None
        if parsed is None:
            shown = repr(value[:40]) + (f" ({len(value)} characters)" if len(value) > 40 else "")
            raise ValueError(f"the TikTok seed is an integer or 'random', got {shown}")
        seed = parsed
    if not -(2**64) < seed < 2**64:
        raise ValueError("the TikTok seed is an integer from -(2**64 - 1) to 2**64 - 1 (or 'random')")
    return seed


def parse_network(value: str) -> bool:
    """``blocked`` (True: TikTok's hosts never resolve in the session) or ``allowed``."""
    lowered = value.strip().lower()
    if lowered in ("blocked", "allowed"):
        return lowered == "blocked"
    raise ValueError(f"expected blocked or allowed, got {value[:40]!r}")


def parse_bool(value: str | bool) -> bool:
    if isinstance(value, bool):
        return value
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected on/off (or true/false), got {value!r}")


_SECONDS = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
"""A number of seconds in ASCII digits (``float()`` would also take fullwidth digits and ``1_0``)."""


def parse_delay(value: str | float) -> float:
    """Seconds: a finite number, 0 or more."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("-") and _SECONDS.fullmatch(text[1:]):
            raise ValueError(f"the target user delay cannot be negative, got {value!r}")
        if not _SECONDS.fullmatch(text):
            raise ValueError(f"the target user delay is a number of seconds (ASCII digits), got {value!r}")
        delay = float(text)
    else:
        delay = float(value)
    if not math.isfinite(delay):
        raise ValueError(f"the target user delay must be a finite number of seconds, got {value!r}")
    if delay < 0:
        raise ValueError(f"the target user delay cannot be negative, got {value!r}")
    return delay


def parse_status(value: str | int) -> int:
    try:
        status = int(value)
    except ValueError:
        raise ValueError(f"the OAuth error status is an HTTP status code, got {value!r}") from None
    if not 200 <= status <= 599:
        raise ValueError(f"the OAuth error status is an HTTP status code, got {value!r}")
    return status


def test_seed(session_seed: int, nodeid: str) -> int:
    """A test's own seed: stable for the same session seed and test, different between tests
    (so one test's tokens are worthless in another)."""
    digest = hashlib.blake2b(f"{session_seed}\0{nodeid}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")
