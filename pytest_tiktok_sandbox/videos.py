"""A TikTok video as the Display API shows it (:class:`Video`), and who may see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

PrivacyLevel = Literal["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]


@dataclass
class Video:
    """A TikTok video with every field of the Display API's video object."""

    id: str
    create_time: int
    cover_image_url: str
    share_url: str
    video_description: str
    duration: int
    height: int
    width: int
    title: str
    embed_html: str
    embed_link: str
    like_count: int
    comment_count: int
    share_count: int
    view_count: int
    privacy_level: PrivacyLevel = "PUBLIC_TO_EVERYONE"
    create_time_ms: int = 0
    """When it was posted, in milliseconds: the Display API's paging cursor. Unique and
    decreasing along an account's list (defaults to ``create_time * 1000``)."""

    def __post_init__(self) -> None:
        if not self.create_time_ms:
            self.create_time_ms = self.create_time * 1000

    @property
    def is_listed(self) -> bool:
        """Whether the Display API lists it (everything but SELF_ONLY posts)."""
        return self.privacy_level != "SELF_ONLY"

    def field_values(self) -> dict[str, Any]:
        """The video object as the Display API returns it (all fields)."""
        return {name: getattr(self, name) for name in VIDEO_FIELDS}


VIDEO_FIELDS: Final = (
    "id",
    "create_time",
    "cover_image_url",
    "share_url",
    "video_description",
    "duration",
    "height",
    "width",
    "title",
    "embed_html",
    "embed_link",
    "like_count",
    "comment_count",
    "share_count",
    "view_count",
)
