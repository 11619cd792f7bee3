"""Embed Videos' payloads: the answers of TikTok's oEmbed endpoint, ``GET https://www.tiktok.com/oembed``.

oEmbed answers without the v2 envelope [TikTok's Embed Videos page]::

    embed = OEmbed.model_validate(response.json())
    page.insert(embed.html)
"""

from __future__ import annotations

from .common import Answer

__all__ = ["OEmbed", "OEmbedError"]


class OEmbed(Answer):
    """The embed of one public video. ``width`` and ``height`` are strings (``"100%"``);
    ``embed_product_id`` (the video id) and the other undocumented keys TikTok adds are
    optional."""

    version: str
    type: str
    title: str
    author_url: str
    author_name: str
    width: str | int
    height: str | int
    html: str
    thumbnail_width: int
    thumbnail_height: int
    thumbnail_url: str
    provider_url: str
    provider_name: str
    author_unique_id: str | None = None
    embed_product_id: str | None = None
    embed_type: str | None = None


class OEmbedError(Answer):
    """What oEmbed answers for a video it cannot embed (unknown, private, deleted) or a URL
    that is not a video page: ``{"status_code": 10101, "status_msg": "Something went wrong"}``."""

    status_code: int
    status_msg: str
