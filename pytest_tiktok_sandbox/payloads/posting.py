"""Content Posting API payloads: the request bodies the fake validates and the answers' data.

Request models are strict (no ``"5"`` for 5, no ``1`` for ``true``), as TikTok's typed
JSON decoding is; unknown keys are ignored.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from .common import Answer, Request

__all__ = [
    "ContentInitRequest",
    "CreatorInfo",
    "InboxVideoInitRequest",
    "PhotoPostInfo",
    "PhotoSourceInfo",
    "PublishIdRequest",
    "PublishInit",
    "PublishStatus",
    "VideoInitRequest",
    "VideoPostInfo",
    "VideoSourceInfo",
    "utf16_length",
]

PrivacyLevel = Literal["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]
PublishStatusValue = Literal[
    "PROCESSING_UPLOAD", "PROCESSING_DOWNLOAD", "SEND_TO_USER_INBOX", "PUBLISH_COMPLETE", "FAILED"
]


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of TikTok's caption limits."""
    return len(text.encode("utf-16-le")) // 2


class VideoPostInfo(Request):
    """A Direct Post's ``post_info``. ``None`` is a field the body left out: a missing
    ``privacy_level`` is refused (403 ``privacy_level_option_mismatch``), a missing ``disable_*``
    leaves the interaction as the creator has it, a missing brand toggle is false."""

    privacy_level: PrivacyLevel | None = None
    title: str = ""
    disable_duet: bool | None = None
    disable_stitch: bool | None = None
    disable_comment: bool | None = None
    video_cover_timestamp_ms: int = Field(default=0, ge=0)
    brand_content_toggle: bool | None = None
    brand_organic_toggle: bool | None = None
    is_aigc: bool = False

    @field_validator("title")
    @classmethod
    def _caption_length(cls, title: str) -> str:
        if utf16_length(title) > 2200:
            raise ValueError("the caption is at most 2200 UTF-16 code units")
        return title


class VideoSourceInfo(Request):
    source: Literal["FILE_UPLOAD", "PULL_FROM_URL"]
    video_size: int | None = None
    chunk_size: int | None = None
    total_chunk_count: int | None = None
    video_url: str | None = None

    @model_validator(mode="after")
    def _source_fields(self) -> VideoSourceInfo:
        if self.source == "FILE_UPLOAD":
            missing = [n for n in ("video_size", "chunk_size", "total_chunk_count") if getattr(self, n) is None]
            if missing:
                raise ValueError(f"FILE_UPLOAD needs {', '.join(missing)}")
        elif not self.video_url:
            raise ValueError("PULL_FROM_URL needs video_url")
        return self


class VideoInitRequest(Request):
    """``POST /v2/post/publish/video/init/`` (Direct Post)."""

    post_info: VideoPostInfo = Field(default_factory=VideoPostInfo)
    source_info: VideoSourceInfo


class InboxVideoInitRequest(Request):
    """``POST /v2/post/publish/inbox/video/init/`` (upload to the creator's inbox)."""

    source_info: VideoSourceInfo


class PhotoPostInfo(Request):
    """A photo post's ``post_info`` (``None``: left out, as in :class:`VideoPostInfo`)."""

    privacy_level: PrivacyLevel | None = None
    title: str = ""
    description: str = ""
    disable_comment: bool | None = None
    auto_add_music: bool = False
    brand_content_toggle: bool | None = None
    brand_organic_toggle: bool | None = None

    @field_validator("title")
    @classmethod
    def _title_length(cls, title: str) -> str:
        if utf16_length(title) > 90:
            raise ValueError("a photo post's title is at most 90 UTF-16 code units")
        return title

    @field_validator("description")
    @classmethod
    def _description_length(cls, description: str) -> str:
        if utf16_length(description) > 4000:
            raise ValueError("a photo post's description is at most 4000 UTF-16 code units")
        return description


class PhotoSourceInfo(Request):
    source: Literal["PULL_FROM_URL"]
    photo_images: list[str] = Field(min_length=1, max_length=35)
    photo_cover_index: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _cover_in_range(self) -> PhotoSourceInfo:
        if self.photo_cover_index >= len(self.photo_images):
            raise ValueError(f"photo_cover_index must be below the {len(self.photo_images)} photo_images")
        return self


class ContentInitRequest(Request):
    """``POST /v2/post/publish/content/init/`` (photos)."""

    media_type: Literal["PHOTO"]
    post_mode: Literal["DIRECT_POST", "MEDIA_UPLOAD"]
    post_info: PhotoPostInfo = PhotoPostInfo()
    source_info: PhotoSourceInfo


class PublishIdRequest(Request):
    """``POST /v2/post/publish/status/fetch/`` and ``/v2/post/publish/cancel/``."""

    publish_id: str = Field(min_length=1)


# -- answers ------------------------------------------------------------------------------------------
class CreatorInfo(Answer):
    creator_avatar_url: str
    creator_username: str
    creator_nickname: str
    privacy_level_options: list[PrivacyLevel]
    comment_disabled: bool
    duet_disabled: bool
    stitch_disabled: bool
    max_video_post_duration_sec: int


class PublishInit(Answer):
    publish_id: str
    upload_url: str | None = None


class PublishStatus(Answer):
    status: PublishStatusValue
    fail_reason: str | None = None
    publicaly_available_post_id: list[int] = Field(default_factory=list)
    uploaded_bytes: int | None = None
    downloaded_bytes: int | None = None
