"""Webhook events the portal produces, at the moments TikTok sends them.

An event is recorded only for a client whose applied configuration has the Webhooks
product and a callback URL (registering the URL subscribes the app to every event).
Delivering and signing them is the API layer's job (``api/webhooks.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .products import Product

if TYPE_CHECKING:
    from .clock import Clock


@dataclass(frozen=True)
class WebhookEvent:
    """One event, as TikTok would POST it to ``callback_url``."""

    client_key: str
    client_secret: str
    callback_url: str
    event: str
    create_time: int
    user_openid: str
    content: dict[str, Any]


class EventLog:
    """Every webhook event produced so far, in order."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._events: list[WebhookEvent] = []
        self._lock = threading.Lock()

    def emit(
        self, client: Any, event: str, user_openid: str, content: dict[str, Any], *, at: float | None = None
    ) -> WebhookEvent | None:
        """Record ``event`` for ``client`` (a Sandbox or App) if it subscribes to webhooks.
        ``at`` is when it happened on the portal clock (now by default): an event noticed
        lazily, when a post's status is next read, keeps the time it really happened."""
        config = client.api_config
        if config is None or Product.WEBHOOKS not in config.products or not config.webhook_callback_url:
            return None
        record = WebhookEvent(
            client_key=client.client_key,
            client_secret=client.client_secret,
            callback_url=config.webhook_callback_url,
            event=event,
            create_time=int(self._clock.now() if at is None else at),
            user_openid=user_openid,
            content=dict(content),
        )
        with self._lock:
            self._events.append(record)
        return record

    def __iter__(self) -> Iterator[WebhookEvent]:
        return iter(list(self._events))

    def __len__(self) -> int:
        return len(self._events)

    def of(self, event: str) -> list[WebhookEvent]:
        return [e for e in self if e.event == event]
