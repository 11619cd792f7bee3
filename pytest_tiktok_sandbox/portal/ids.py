"""Every identifier, key, token and code of the fake, drawn from one seeded source.

The shapes copy what TikTok hands out (formats seen in real captures): a test that checks
"looks like a TikTok access token" passes, and a failing test replays exactly under
the same seed. Nothing here derives one value from another: each is fresh randomness.
"""

from __future__ import annotations

import math
import random
import string
import threading
import time

from ..masking import Secret, SecretRegistry

_LOWER_ALNUM = string.ascii_lowercase + string.digits
_ALNUM = string.ascii_letters + string.digits
_B64URL = _ALNUM + "-_"
_HEX = "0123456789ABCDEF"


def _table(alphabet: str) -> bytes:
    """A ``bytes.translate`` table sending each byte value to a character of ``alphabet``."""
    return bytes(ord(alphabet[value % len(alphabet)]) for value in range(256))


_TABLES: dict[str, bytes] = {}

_UUID_KEEP = ~((0xC000 << 48) | (0xF000 << 64))
_UUID_V4 = (0x8000 << 48) | (4 << 76)
"""What ``uuid.UUID(int=..., version=4)`` clears and sets: the RFC 4122 variant and the version."""


class IdSource:
    """A seeded random source with one method per kind of identifier."""

    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._log_stamp: tuple[int | None, str] = (None, "")
        """The last log_id's second and its UTC timestamp (one tuple: threads read it whole)."""
        self.secrets = SecretRegistry()
        """Every secret drawn here (and every password given to the portal): they are
        :class:`Secret` strings, masked in reprs, and scrubbed from pytest's reports."""

    def _text(self, alphabet: str, length: int) -> str:
        # Random bytes mapped onto the alphabet: a tenth of random.choices' cost (ids are drawn
        # on every test and log_ids on every request). Alphabets not dividing 256 favour their
        # first characters slightly (5/256 against 4/256), which no shape check can see.
        table = _TABLES.get(alphabet) or _TABLES.setdefault(alphabet, _table(alphabet))
        with self._lock:
            return self._random.randbytes(length).translate(table).decode("ascii")

    def _digits(self, length: int) -> str:
        with self._lock:
            return str(self._random.randrange(10 ** (length - 1), 10**length))

    def child_seed(self) -> int:
        """A seed for a dependent generator (an account's lazily made profile)."""
        with self._lock:
            return self._random.getrandbits(64)

    def production_client_key(self) -> str:
        return "aw" + self._text(_LOWER_ALNUM, 14)

    def sandbox_client_key(self) -> str:
        return "sbaw" + self._text(_LOWER_ALNUM, 14)

    def client_secret(self) -> Secret:
        return self.secrets.issue(self._text(_ALNUM, 32))

    def open_id(self) -> str:
        return "-000" + self._text(_B64URL, 32)

    def union_id(self) -> str:
        """A version-4 UUID: ``str(uuid.UUID(int=bits, version=4))``, written out directly
        (a fifth of its cost; every account has one)."""
        with self._lock:
            bits = self._random.getrandbits(128)
        text = f"{bits & _UUID_KEEP | _UUID_V4:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def password(self) -> Secret:
        return self.secrets.issue(self._text(_ALNUM, 14))

    def _token(self, prefix: str) -> Secret:
        # act. + 60 alphanumerics + ! + 4 digits + . + region: 72 characters
        return self.secrets.issue(f"{prefix}.{self._text(_ALNUM, 60)}!{self._digits(4)}.va")

    def access_token(self) -> Secret:
        return self._token("act")

    def refresh_token(self) -> Secret:
        return self._token("rft")

    def client_access_token(self) -> Secret:
        return self._token("clt")

    def authorization_code(self) -> Secret:
        """Opaque base64url text ending ``*0!NNNN``; ``*`` and ``!`` must be URL-encoded."""
        return self.secrets.issue(f"{self._text(_B64URL, 104)}*0!{self._digits(4)}")

    def log_id(self, now: float) -> str:
        """34 characters: UTC ``YYYYMMDDhhmmss`` and 20 uppercase hex digits."""
        second = math.floor(now)  # the second gmtime shows
        stamp = self._log_stamp
        if stamp[0] != second:  # formatted once a second: every request has a log_id
            stamp = self._log_stamp = (second, time.strftime("%Y%m%d%H%M%S", time.gmtime(second)))
        return stamp[1] + self._text(_HEX, 20)

    def post_id(self) -> int:
        """A 19-digit int64, as TikTok's video and post ids."""
        with self._lock:
            return self._random.randrange(7_000_000_000_000_000_000, 7_999_999_999_999_999_999)

    def upload_id(self) -> str:
        return self._digits(19)

    def upload_token(self) -> Secret:
        return self.secrets.issue(self._text(_B64URL, 48))

    def qrcode_token(self) -> str:
        """The ``token`` of a QR code login (opaque; its shape is undocumented)."""
        return self._text(_B64URL, 64)
