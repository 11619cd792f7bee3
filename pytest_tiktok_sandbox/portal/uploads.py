"""Media and uploads: what a pull fetches (:class:`Media`), TikTok's chunk rules for a
``FILE_UPLOAD`` init (:func:`check_chunks`) and the upload URL that counts the chunks
(:class:`Upload`). No bytes are kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Protocol

from .errors import PostingRefused, UploadRefused

MB: Final = 1024 * 1024
"""TikTok's "MB" in the chunk rules (undefined by TikTok; clients use 1024²)."""
MIN_CHUNK: Final = 5 * MB
MAX_CHUNK: Final = 64 * MB
MAX_LAST_CHUNK: Final = 128 * MB
MAX_CHUNKS: Final = 1000
MAX_VIDEO_SIZE: Final = 4 * 1024 * MB
MAX_PHOTOS: Final = 35
UPLOAD_URL_LIFETIME: Final = 3600.0
"""An upload URL (and a pull) is valid for one hour."""
VIDEO_FORMATS: Final = ("mp4", "webm", "mov")
PHOTO_FORMATS: Final = ("jpeg", "jpg", "webp")


class UploadOwner(Protocol):
    """What an upload asks of its publish: whether it has failed, and why."""

    @property
    def status(self) -> str: ...
    @property
    def fail_reason(self) -> str: ...


@dataclass(frozen=True)
class Media:
    """A file TikTok would download for a ``PULL_FROM_URL`` post. Unknown URLs serve a
    valid 10 MB, 30 s, 30 fps 1080x1920 MP4 (or JPEG for photos)."""

    size: int = 10 * MB
    duration: float = 30.0
    frame_rate: float = 30.0
    width: int = 1080
    height: int = 1920
    format: str = "mp4"
    reachable: bool = True
    """False: the URL answers an error or a redirect (TikTok follows no redirects)."""

    def video_failure(self, max_duration: int) -> str | None:
        if not self.reachable:
            return "video_pull_failed"
        if self.format.lower() not in VIDEO_FORMATS:
            return "file_format_check_failed"
        if not 0 < self.duration <= max_duration:
            return "duration_check_failed"
        if not 23 <= self.frame_rate <= 60:
            return "frame_rate_check_failed"
        if not (360 <= self.width <= 4096 and 360 <= self.height <= 4096):
            return "picture_size_check_failed"
        return None

    def photo_failure(self) -> str | None:
        if not self.reachable:
            return "photo_pull_failed"
        if self.format.lower() not in PHOTO_FORMATS or self.size > 20 * MB:
            return "file_format_check_failed"
        if max(self.width, self.height) > 1920:
            return "picture_size_check_failed"
        return None


DEFAULT_VIDEO = Media()
DEFAULT_PHOTO = Media(size=1 * MB, duration=0.0, frame_rate=0.0, width=1080, height=1080, format="jpeg")


@dataclass(eq=False)
class Upload:
    """The upload URL of a ``FILE_UPLOAD`` publish: counts bytes, stores none."""

    upload_id: str
    upload_token: str
    publish: UploadOwner
    video_size: int
    chunk_size: int
    total_chunk_count: int
    expires_at: float
    uploaded_bytes: int = 0
    chunks_received: int = 0
    completed_at: float | None = None

    def expected_chunk(self, index: int) -> tuple[int, int]:
        """First and last byte of chunk ``index`` (the last chunk takes the remainder)."""
        first = index * self.chunk_size
        last = self.video_size - 1 if index == self.total_chunk_count - 1 else first + self.chunk_size - 1
        return first, last

    def receive(self, first: int, last: int, total: int, length: int, now: float) -> bool:
        """Take one chunk (``Content-Range: bytes first-last/total`` with ``length`` body
        bytes). True when it was the last. :class:`UploadRefused` otherwise."""
        if now >= self.expires_at:
            raise UploadRefused("expired", "the upload URL is valid for one hour after init")
        if self.publish.status == "FAILED":
            raise UploadRefused("expired", f"the publish has failed ({self.publish.fail_reason})")
        if total != self.video_size:
            raise UploadRefused("bad_chunk", f"Content-Range total {total} is not the video_size {self.video_size}")
        if last - first + 1 != length:
            raise UploadRefused("bad_chunk", f"Content-Range covers {last - first + 1} bytes but the body has {length}")
        if self.completed_at is not None:
            raise UploadRefused("out_of_order", "every chunk has already been received")
        expected_first, expected_last = self.expected_chunk(self.chunks_received)
        if (first, last) != (expected_first, expected_last):
            raise UploadRefused(
                "out_of_order",
                f"expected chunk {self.chunks_received + 1} of {self.total_chunk_count}: "
                f"bytes {expected_first}-{expected_last}/{self.video_size}, got bytes {first}-{last}/{total}",
            )
        self.chunks_received += 1
        self.uploaded_bytes += length
        if self.chunks_received == self.total_chunk_count:
            self.completed_at = now
            return True
        return False


def check_chunks(video_size: int, chunk_size: int, total_chunk_count: int) -> None:
    """TikTok's chunk rules for a ``FILE_UPLOAD`` init; ``PostingRefused(invalid_params)``."""

    def refuse(detail: str) -> None:
        raise PostingRefused("invalid_params", detail)

    if not 0 < video_size <= MAX_VIDEO_SIZE:
        refuse(f"video_size must be between 1 byte and 4 GB, got {video_size}")
    if chunk_size <= 0:
        refuse(f"chunk_size must be positive, got {chunk_size}")
    if video_size < MIN_CHUNK:
        if chunk_size != video_size:
            refuse(f"a video under 5 MB is uploaded whole: chunk_size must be video_size ({video_size})")
    elif chunk_size > video_size:
        refuse(f"chunk_size ({chunk_size}) cannot exceed video_size ({video_size})")
    elif not MIN_CHUNK <= chunk_size <= MAX_CHUNK and chunk_size != video_size:
        refuse(f"chunk_size must be between 5 MB and 64 MB ({MIN_CHUNK}-{MAX_CHUNK} bytes), got {chunk_size}")
    elif chunk_size == video_size and video_size > MAX_CHUNK:
        refuse(f"a video over 64 MB must be uploaded in chunks of 5-64 MB, got one chunk of {video_size}")
    expected = max(1, video_size // chunk_size)
    if total_chunk_count != expected:
        refuse(
            f"total_chunk_count must be floor(video_size / chunk_size) = {expected} "
            f"(the last chunk takes the remainder), got {total_chunk_count}"
        )
    if not 1 <= expected <= MAX_CHUNKS:
        refuse(f"a video is uploaded in 1 to 1000 chunks, this one needs {expected}")
    last_chunk = video_size - (expected - 1) * chunk_size
    if expected > 1 and last_chunk > MAX_LAST_CHUNK:
        refuse(f"the last chunk would be {last_chunk} bytes; at most 128 MB")
