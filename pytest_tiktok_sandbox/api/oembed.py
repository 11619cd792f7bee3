"""Embed Videos over HTTP: TikTok's oEmbed endpoint, ``GET https://www.tiktok.com/oembed?url=…``.

It answers for the portal's videos, with no key or token (oEmbed is public), the fields of
TikTok's Embed Videos page [D]: ``version``, ``type``, ``title``, ``author_url``,
``author_name``, ``width``, ``height``, ``html``, ``thumbnail_width``, ``thumbnail_height``,
``thumbnail_url``, ``provider_url`` and ``provider_name``; plus ``author_unique_id``,
``embed_product_id`` and ``embed_type``, which TikTok's answers carry and clients read [C].

A video is embeddable only while it is public: ``PUBLIC_TO_EVERYONE`` on a public account
that was not deleted or banned (TikTok: "A video's availability is consistent with its
availability on TikTok"), and, for a post of the Content Posting API, once moderated
(``post.publish.publicly_available``). Anything else (a private or unknown video, a closed
account's, a URL that is not a video page, no ``url``) gets TikTok's
error body ``{"status_code": 10101, "status_msg": "Something went wrong"}`` [C], with HTTP
400 (``ApiSettings.oembed_error_status``).

Choices where TikTok's contract is unknown [I]:

- The video is found by the id in ``/@<username>/video/<id>`` on any ``tiktok.com`` host,
  http or https; the username need not be the owner's (clients send ``@_``), and a query
  string or fragment on the video URL is ignored. Short links (``vm.tiktok.com/…``) are not
  resolved: they get the error.
- ``width`` and ``height`` are the strings ``"100%"``; the thumbnail's size is the video's.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from . import envelope
from .hosts import WEB_HOST
from .router import Router

if TYPE_CHECKING:
    from ..accounts import Account
    from ..videos import Video
    from .context import ApiContext
    from .http import ApiRequest, ApiResponse

OEMBED_PATH: Final = "/oembed"
ERROR_STATUS_CODE: Final = 10101
ERROR_MESSAGE: Final = "Something went wrong"
_VIDEO_PATH = re.compile(r"^/@(?P<username>[^/]+)/video/(?P<video_id>[0-9]{1,20})/?$")


class OEmbedEndpoint:
    def __init__(self, service: ApiContext) -> None:
        self.service = service
        self.portal = service.portal

    def register(self, router: Router) -> None:
        router.add("GET", WEB_HOST, OEMBED_PATH, self.oembed, "embed.oembed")

    def oembed(self, request: ApiRequest, log_id: str) -> ApiResponse:
        found = self._find(request.query_value("url"))
        if isinstance(found, str):  # why it cannot be embedded, for the call log
            body = {"status_code": ERROR_STATUS_CODE, "status_msg": ERROR_MESSAGE}
            return envelope.json_response(self.service.settings.oembed_error_status, body, log_id, found)
        account, video = found
        return envelope.json_response(200, oembed_answer(account, video), log_id)

    def _find(self, url: str | None) -> tuple[Account, Video] | str:
        """The public video ``url`` names, or why there is none (``oembed:…``)."""
        if not url:
            return "oembed:no_url"
        try:
            parts = urlsplit(url.strip())
            host = (parts.hostname or "").rstrip(".")  # lower case already
        except ValueError:  # "Invalid IPv6 URL" and the like: not a video page either
            return "oembed:not_a_video_url"
        match = _VIDEO_PATH.match(parts.path)
        on_tiktok = host == "tiktok.com" or host.endswith(".tiktok.com")  # video pages; not the API hosts
        if parts.scheme not in ("http", "https") or not on_tiktok or match is None:
            return "oembed:not_a_video_url"
        video_id = match["video_id"]
        named = self.portal.find_account(match["username"])
        owners = [named] if named is not None else []
        owners += [a for a in self.portal.accounts if a is not named]  # "@_" and stale handles
        for account in owners:
            video = next((v for v in account.videos if v.id == video_id), None)
            if video is not None:
                if account.status != "active":  # deleted or banned: its videos are gone from TikTok
                    return "oembed:account_closed"
                if account.is_private or video.privacy_level != "PUBLIC_TO_EVERYONE":
                    return "oembed:video_not_public"
                if self._in_moderation(video):
                    return "oembed:video_in_moderation"
                return account, video
        return "oembed:unknown_video"

    def _in_moderation(self, video: Video) -> bool:
        """Whether ``video`` was posted through the Content Posting API and is not yet publicly
        available (``post.publish.publicly_available`` not reached): not on TikTok for others yet."""
        publish = next((p for p in self.portal.posting if str(p.post_id) == video.id), None)
        return (
            publish is not None
            and publish.privacy_level == "PUBLIC_TO_EVERYONE"
            and not publish.publicly_available_post_ids
        )


def oembed_answer(account: Account, video: Video) -> dict[str, Any]:
    """TikTok's oEmbed answer for ``video`` of ``account``, in TikTok's key order."""
    username = account.username
    author_url = f"https://www.tiktok.com/@{username}"
    page = f"{author_url}/video/{video.id}"
    caption = video.video_description or video.title
    html = (
        f'<blockquote class="tiktok-embed" cite="{escape(page)}" data-video-id="{video.id}" '
        'data-embed-from="oembed" style="max-width:605px; min-width:325px;"> <section> '
        f'<a target="_blank" title="@{escape(username)}" href="{escape(author_url)}?refer=embed">'
        f"@{escape(username)}</a> <p>{escape(caption)}</p> </section> </blockquote> "
        '<script async src="https://www.tiktok.com/embed.js"></script>'
    )
    return {
        "version": "1.0",
        "type": "video",
        "title": caption,
        "author_url": author_url,
        "author_name": account.display_name,
        "width": "100%",
        "height": "100%",
        "html": html,
        "thumbnail_width": video.width,
        "thumbnail_height": video.height,
        "thumbnail_url": video.cover_image_url,
        "provider_url": "https://www.tiktok.com",
        "provider_name": "TikTok",
        "author_unique_id": username,
        "embed_product_id": video.id,
        "embed_type": "video",
    }
