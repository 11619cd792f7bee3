"""The Display API's payloads: ``/v2/user/info/``, ``/v2/video/list/`` and ``/v2/video/query/``.

Request models are strict (a ``"10"`` where an int belongs is refused, as is a bool) and
ignore keys they do not know; the fake validates every request body with them. Answer
models accept what TikTok documents, every field optional (only the requested ``fields``
come back), and keep keys they do not know in ``model_extra``::

    answer = Envelope[VideoListData].model_validate(response.json())
    assert answer.ok
    for video in answer.data.videos: ...
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from pydantic import Field, field_validator

from .common import Answer, ApiErrorBody, Envelope, Request

INT64_MAX: Final = 2**63 - 1
DEFAULT_MAX_COUNT: Final = 10
MAX_COUNT: Final = 20
"""``max_count`` of /video/list/ and the number of ``video_ids`` of /video/query/: 1 to 20."""

__all__ = [
    "DEFAULT_MAX_COUNT",
    "MAX_COUNT",
    "ApiErrorBody",
    "Envelope",
    "UserInfo",
    "UserInfoData",
    "Video",
    "VideoListData",
    "VideoListRequest",
    "VideoQueryFilters",
    "VideoQueryRequest",
]


# -- requests -------------------------------------------------------------------------------------
class VideoListRequest(Request):
    """The body of ``POST /v2/video/list/``; an empty body means the defaults."""

    cursor: Annotated[int, Field(ge=0, le=INT64_MAX)] | None = None
    """A millisecond timestamp: list the videos posted strictly before it. ``None`` or 0:
    from the newest."""
    max_count: Annotated[int, Field(ge=1, le=MAX_COUNT)] = DEFAULT_MAX_COUNT
    """How many videos a page holds at most (1 to 20, default 10; ``null`` means 10)."""

    @field_validator("max_count", mode="before")
    @classmethod
    def _null_is_default(cls, value: Any) -> Any:
        return DEFAULT_MAX_COUNT if value is None else value


class VideoQueryFilters(Request):
    video_ids: Annotated[list[str], Field(min_length=1, max_length=MAX_COUNT)]
    """The ids (strings) of the videos wanted: 1 to 20."""


class VideoQueryRequest(Request):
    """The body of ``POST /v2/video/query/``: ``{"filters": {"video_ids": [...]}}``."""

    filters: VideoQueryFilters


# -- answers --------------------------------------------------------------------------------------
class UserInfo(Answer):
    """``data.user`` of ``/v2/user/info/``: only the requested fields are set."""

    open_id: str | None = None
    union_id: str | None = None
    avatar_url: str | None = None
    avatar_url_100: str | None = None
    avatar_large_url: str | None = None
    display_name: str | None = None
    bio_description: str | None = None
    profile_deep_link: str | None = None
    is_verified: bool | None = None
    username: str | None = None
    profile_web_link: str | None = None
    follower_count: int | None = None
    following_count: int | None = None
    likes_count: int | None = None
    video_count: int | None = None


class Video(Answer):
    """A video object of ``/v2/video/list/`` and ``/v2/video/query/``: only the requested
    fields are set. ``create_time`` is in seconds; the paging cursor is in milliseconds."""

    id: str | None = None
    create_time: int | None = None
    cover_image_url: str | None = None
    share_url: str | None = None
    video_description: str | None = None
    duration: int | None = None
    height: int | None = None
    width: int | None = None
    title: str | None = None
    embed_html: str | None = None
    embed_link: str | None = None
    like_count: int | None = None
    comment_count: int | None = None
    share_count: int | None = None
    view_count: int | None = None


class UserInfoData(Answer):
    """``data`` of ``/v2/user/info/`` (``user`` is None in an error answer's empty ``data``)."""

    user: UserInfo | None = None


class VideoListData(Answer):
    """``data`` of ``/v2/video/list/`` and ``/v2/video/query/``. ``cursor`` is the
    millisecond timestamp to send for the next page; the defaults read an error's ``{}``."""

    videos: list[Video] = Field(default_factory=list)
    cursor: int = 0
    has_more: bool = False
