"""The body TikTok POSTs to a webhook callback URL [TikTok's webhook docs].

``content`` arrives as a JSON *string*; :attr:`WebhookBody.content_data` decodes it::

    body = WebhookBody.model_validate_json(request.body)
    if body.event == "post.publish.complete":
        publish_id = body.content_data["publish_id"]
"""

from __future__ import annotations

import json
from typing import Any

from .common import Answer

__all__ = ["WebhookBody"]


class WebhookBody(Answer):
    client_key: str
    event: str
    create_time: int
    """Unix seconds."""
    user_openid: str
    content: str
    """A JSON document, as a string."""

    @property
    def content_data(self) -> dict[str, Any]:
        decoded = json.loads(self.content)
        return decoded if isinstance(decoded, dict) else {"value": decoded}
