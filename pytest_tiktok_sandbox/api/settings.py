"""How the fake API answers (:class:`ApiSettings`) and who is logged in to its authorize page
(:class:`BrowserSession`): plain data, read by every endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..portal.authorization import ACCESS_TOKEN_LIFETIME, REFRESH_TOKEN_LIFETIME

if TYPE_CHECKING:
    from ..accounts import Account


@dataclass
class ApiSettings:
    """How the fake answers where TikTok's behaviour is undocumented or worth switching off."""

    oauth_error_status: int = 200
    """HTTP status of OAuth error bodies. Clients report 200 (the default); some expect 400."""
    rate_limits: bool = True
    """Enforce TikTok's rate limits (429 ``rate_limit_exceeded``)."""
    upload_base_url: str | None = None
    """Where the ``upload_url`` values of the init endpoints point (scheme, host and port,
    e.g. a live server's ``http://127.0.0.1:8765``); None: TikTok's
    ``https://open-upload.tiktokapis.com``."""
    require_brand_content_toggle: bool = False
    """Refuse a Direct Post whose ``post_info`` leaves out ``brand_content_toggle`` (and, for
    photos, ``brand_organic_toggle``) with 400 ``invalid_params``. TikTok's references mark them
    required, but TikTok's own example and real clients leave them out; by default a missing
    toggle is false."""
    refuse_disabled_interactions: bool = False
    """Refuse (400 ``invalid_params``) a post that turns on (``disable_comment``/``disable_duet``/
    ``disable_stitch``: ``false``) an interaction the creator has turned off. By default the
    interaction is turned off, as TikTok's Direct Post reference says its server does."""
    oembed_error_status: int = 400
    """HTTP status of oEmbed's error body (``GET https://www.tiktok.com/oembed``) for a video
    it cannot embed. Clients report 400 (the default); TikTok does not document it."""
    short_pages: bool = True
    """Let ``/v2/video/list/`` answer pages shorter than ``max_count`` while ``has_more`` is
    true, as TikTok says it may: seeded, always on a first page that could hold two videos
    or more. False: every page but the last is full."""
    access_token_lifetime: int = ACCESS_TOKEN_LIFETIME
    """Seconds a user access token lives (``expires_in``): 2 hours, as TikTok's token pages
    say since November 2026 (86400 gives their former 24 hours)."""
    refresh_token_lifetime: int = REFRESH_TOKEN_LIFETIME
    """Seconds a refresh token lives from the first grant (``refresh_expires_in``): 180 days
    (31536000 gives the former 365 days)."""

    def __post_init__(self) -> None:
        for name in ("access_token_lifetime", "refresh_token_lifetime"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"ApiSettings.{name} is a positive number of seconds, got {value!r}")


@dataclass
class BrowserSession:
    """Who is logged in to tiktok.com in the test's browser, and how they answer consent."""

    account: Account | None = None
    decline: bool = False
    grant: tuple[str, ...] | None = None
