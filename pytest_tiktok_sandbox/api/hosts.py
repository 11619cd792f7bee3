"""TikTok's host names: which hosts the fake answers (and the network guard keeps closed).

Kept apart from the router so the session-wide guard, installed when pytest starts, imports
nothing else of the package.
"""

from __future__ import annotations

API_HOST = "open.tiktokapis.com"
WEB_HOST = "www.tiktok.com"
UPLOAD_HOST = "open-upload.tiktokapis.com"
TIKTOK_DOMAINS = ("tiktokapis.com", "tiktok.com")


def is_tiktok_host(host: str) -> bool:
    """Whether ``host`` is TikTok's (any case, with or without a trailing dot)."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in TIKTOK_DOMAINS)
