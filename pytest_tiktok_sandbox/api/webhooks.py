"""Webhook delivery: TikTok's request body and ``TikTok-Signature`` for each portal event.

TikTok POSTs JSON to the app's callback URL and expects an immediate 200; otherwise it
retries (with back-off, for 72 hours). The body is ``{"client_key", "event", "create_time",
"user_openid", "content"}`` with ``content`` a JSON *string*; the signature header is
``t=<unix seconds>,s=<hex HMAC-SHA256(client_secret, f"{t}.{raw body}")>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..masking import Secret
from ..outcomes.recorder import current as current_recorder

if TYPE_CHECKING:
    from ..portal import Portal
    from ..portal.events import WebhookEvent

SIGNATURE_HEADER = "TikTok-Signature"
_TIMESTAMP = re.compile(r"[0-9]{1,19}")
"""Unix seconds in ASCII digits (``int()`` would take fullwidth digits, ``1_000`` and ``+1``)."""


def event_body(event: WebhookEvent) -> bytes:
    """The exact bytes TikTok sends for ``event`` (``content`` is a JSON string): the keys of
    ``payloads.webhooks.WebhookBody`` in its order (a test holds the two together), built as
    a dict: delivering an event builds no pydantic model."""
    body = {
        "client_key": event.client_key,
        "event": event.event,
        "create_time": event.create_time,
        "user_openid": event.user_openid,
        "content": json.dumps(event.content, separators=(",", ":")),
    }
    return json.dumps(body, separators=(",", ":")).encode()


def sign(client_secret: str, body: bytes, timestamp: int) -> str:
    """The ``TikTok-Signature`` header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(client_secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},s={digest}"


def verify_signature(
    client_secret: str, header: str | None, body: bytes, *, tolerance: float = 300, now: float | None = None
) -> bool:
    """Check a ``TikTok-Signature`` header the way a receiver should: split on ``,`` then
    ``=``, recompute over the raw body, compare in constant time, and refuse a timestamp
    more than ``tolerance`` seconds from ``now`` (wall time by default).

    False for anything it cannot verify, never an exception: a header that is not text, a
    ``t`` that is not 1 to 19 ASCII digits, an ``s`` that is not ASCII, a NaN ``tolerance``."""
    if not (isinstance(header, str) and isinstance(client_secret, str) and isinstance(body, (bytes, bytearray))):
        return False
    parts: dict[str, str] = {}
    for item in header.split(","):
        key, equals, value = item.strip().partition("=")
        if not equals:
            return False
        parts[key] = value
    stamp, signature = parts.get("t"), parts.get("s")
    if stamp is None or signature is None or not _TIMESTAMP.fullmatch(stamp) or not signature.isascii():
        return False
    timestamp = int(stamp)
    current = time.time() if now is None else now
    try:
        if not abs(current - timestamp) <= tolerance:  # "not <=": a NaN refuses
            return False
    except (TypeError, OverflowError):
        return False
    expected = sign(client_secret, body, timestamp).rpartition("s=")[2]
    return hmac.compare_digest(expected.encode(), signature.encode())


@dataclass(frozen=True)
class WebhookDelivery:
    """One POST TikTok makes: to ``url``, with ``headers`` and the raw ``body``."""

    event: WebhookEvent
    url: str
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def content(self) -> Any:
        """``content`` decoded from its JSON string."""
        return json.loads(self.json()["content"])


@dataclass
class Attempt:
    delivery: WebhookDelivery
    status: int | None
    error: BaseException | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == 200


Receiver = Callable[[WebhookDelivery], Any]
"""A callable that receives a delivery and returns the HTTP status its handler answered (or
a response object with ``status_code`` / ``status``; ``None`` counts as 200)."""


@dataclass
class WebhookOutbox:
    """The portal's webhook events, ready to deliver to a test's own handler.

    ``events`` are all events produced; ``pending`` those not yet acknowledged with a 200.
    ``deliver(receiver)`` POSTs each pending event (to a callable, or to a URL with
    ``requests``) and keeps the ones that did not get a 200, as TikTok retries them;
    ``attempts`` lists every delivery made so far, with the status the receiver answered.
    ``delivery(event)`` is one event's POST (URL, headers with ``TikTok-Signature``, body)
    without sending it.

    The ``tiktok_webhooks`` fixture is one; outside pytest, ``TikTokSandbox(...).webhooks``
    is, or ``WebhookOutbox(portal)`` for any portal::

        with TikTokSandbox(webhook_callback_url="https://example.com/hooks") as tt:
            ...  # a revoke, a deauthorization or a post produces events
            for attempt in tt.webhooks.deliver(my_handler):  # my_handler(delivery) -> status
                assert attempt.succeeded
    """

    portal: Portal
    attempts: list[Attempt] = field(default_factory=list)
    _acknowledged: set[int] = field(default_factory=set)
    _tried: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def events(self) -> list[WebhookEvent]:
        """Every event the portal produced, oldest first (delivered or not)."""
        self.portal.posting.settle()
        return list(self.portal.events)

    @property
    def pending(self) -> list[WebhookEvent]:
        """The events no delivery has had a 200 for yet (TikTok would retry them)."""
        self.portal.posting.settle()
        return [e for i, e in enumerate(self.portal.events) if i not in self._acknowledged]

    def delivery(self, event: WebhookEvent, *, timestamp: int | None = None) -> WebhookDelivery:
        """How TikTok would POST ``event`` now (signed at the portal clock's time)."""
        body = event_body(event)
        sent_at = int(self.portal.clock.now()) if timestamp is None else timestamp
        signature = Secret(sign(event.client_secret, body, sent_at))  # its repr is masked
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature}
        return WebhookDelivery(event, event.callback_url, headers, body)

    def deliver(self, receiver: Receiver | str | None = None, *, timestamp: int | None = None) -> list[Attempt]:
        """Deliver every pending event once: to ``receiver`` (a callable or a URL), or to
        each event's registered callback URL. Returns this round's attempts."""
        self.portal.posting.settle()
        with self._lock:
            todo = [(i, e) for i, e in enumerate(self.portal.events) if i not in self._acknowledged]
        round_attempts = []
        recorder = current_recorder()
        for index, event in todo:
            delivery = self.delivery(event, timestamp=timestamp)
            attempt = _send(delivery, receiver)
            round_attempts.append(attempt)
            with self._lock:
                self.attempts.append(attempt)
                retried = index in self._tried
                self._tried.add(index)
                if attempt.succeeded:
                    self._acknowledged.add(index)
            if recorder is not None:
                recorder.record_webhook(event.event, retried=retried)
        return round_attempts


def _send(delivery: WebhookDelivery, receiver: Receiver | str | None) -> Attempt:
    try:
        if callable(receiver):
            return Attempt(delivery, _status_of(receiver(delivery)))
        import requests

        url = receiver or delivery.url
        answer = requests.post(url, data=delivery.body, headers=dict(delivery.headers), timeout=10)
        return Attempt(delivery, answer.status_code)
    except Exception as error:  # the receiver failed: TikTok would retry later
        return Attempt(delivery, None, error)


def _status_of(result: Any) -> int:
    if result is None:
        return 200
    if isinstance(result, int):
        return result
    for name in ("status_code", "status"):
        value = getattr(result, name, None)
        if isinstance(value, int):
            return value
    if isinstance(result, tuple) and len(result) >= 2 and isinstance(result[1], int):
        return result[1]
    return 200
