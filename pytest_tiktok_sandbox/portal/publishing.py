"""A publish: one post started through an init endpoint, and the state machine of its status.

Its status moves on with the portal clock, worked out when it is read (nothing runs in the
background):

- ``FILE_UPLOAD``: ``PROCESSING_UPLOAD`` until every chunk has arrived, then processing
  (a few seconds, longer for big files);
- ``PULL_FROM_URL``: ``PROCESSING_DOWNLOAD`` while TikTok downloads the media (or fails
  with ``video_pull_failed`` / ``photo_pull_failed``), then processing;
- then ``PUBLISH_COMPLETE`` for a Direct Post, ``SEND_TO_USER_INBOX`` for an upload to the
  creator's inbox (``PUBLISH_COMPLETE`` once the creator posts it, :meth:`Publish.post_from_inbox`),
  or ``FAILED`` with a ``fail_reason`` where the media warrants one, or ``auth_removed``
  when the user's authorization of the client ends while the post is still processing.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal, Protocol

from ..videos import PrivacyLevel, Video
from .creators import max_video_duration
from .errors import PostingRefused
from .uploads import DEFAULT_VIDEO, MB, Media, Upload

if TYPE_CHECKING:
    from ..accounts import Account
    from .clients import ApiClient
    from .clock import Clock
    from .events import EventLog
    from .ids import IdSource

PROCESSING_SECONDS: Final = 5.0
"""Processing time of a small file; a big one adds ``PROCESSING_SECONDS_PER_MB`` a MB
(TikTok: about 30 s for 512 MB, a minute for 1 GB)."""
PROCESSING_SECONDS_PER_MB: Final = 30.0 / 512
DOWNLOAD_BYTES_PER_SECOND: Final = 50 * MB
MODERATION_SECONDS: Final = 10.0
"""Time from PUBLISH_COMPLETE to a public post id ("usually under a minute")."""

Status = Literal["PROCESSING_UPLOAD", "PROCESSING_DOWNLOAD", "SEND_TO_USER_INBOX", "PUBLISH_COMPLETE", "FAILED"]
Source = Literal["FILE_UPLOAD", "PULL_FROM_URL"]
PostMode = Literal["DIRECT_POST", "MEDIA_UPLOAD"]
MediaType = Literal["VIDEO", "PHOTO"]
FAIL_REASONS: Final = (
    "file_format_check_failed",
    "duration_check_failed",
    "frame_rate_check_failed",
    "picture_size_check_failed",
    "internal",
    "video_pull_failed",
    "photo_pull_failed",
    "publish_cancelled",
    "auth_removed",
    "spam_risk_too_many_posts",
    "spam_risk_user_banned_from_posting",
    "spam_risk_text",
    "spam_risk",
)
"""A failed post's ``fail_reason`` values, in the order of TikTok's Get Post Status reference."""


class PostingDesk(Protocol):
    """What a publish needs of the portal's Content Posting: its lock, clock, ids and webhook log."""

    @property
    def lock(self) -> threading.RLock: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def ids(self) -> IdSource: ...
    @property
    def events(self) -> EventLog: ...


@dataclass(eq=False)
class Publish:
    """One post, from init to its end state. ``status`` is current on the portal clock."""

    publish_id: str
    client: ApiClient
    account: Account
    media_type: MediaType
    post_mode: PostMode
    source: Source
    created_at: float
    privacy_level: PrivacyLevel | None = None
    title: str = ""
    description: str = ""
    disable_comment: bool = False
    disable_duet: bool = False
    disable_stitch: bool = False
    """Whether the post has each interaction turned off: where the init asked for it, and where
    the creator has turned it off (``disabled_interactions``). Always False for inbox uploads."""
    media: tuple[Media, ...] = ()
    """What a pull fetches (one video, or the photos), or what an upload turns out to be."""
    upload: Upload | None = None
    post_id: int | None = None
    _posting: PostingDesk | None = field(default=None, repr=False)
    _status: Status = "PROCESSING_UPLOAD"
    _fail_reason: str = ""
    _forced_failure: str | None = field(default=None, repr=False)
    _transfer_done_at: float | None = field(default=None, repr=False)
    _done_at: float | None = field(default=None, repr=False)
    _public_at: float | None = field(default=None, repr=False)
    _announced_public: bool = field(default=False, repr=False)

    def __repr__(self) -> str:
        return f"<Publish {self.publish_id} {self.status} of {self.account.open_id}>"

    @property
    def client_key(self) -> str:
        return self.client.client_key

    @property
    def publish_type(self) -> str:
        """``publish_type`` of the webhook events (TikTok documents only ``INBOX_SHARE``)."""
        return "DIRECT_PUBLISH" if self.post_mode == "DIRECT_POST" else "INBOX_SHARE"

    @property
    def size(self) -> int:
        if self.upload is not None:
            return self.upload.video_size
        return sum(m.size for m in self.media)

    # -- what the status endpoint shows ----------------------------------------------------------
    @property
    def status(self) -> Status:
        self._advance()
        return self._status

    @property
    def fail_reason(self) -> str:
        self._advance()
        return self._fail_reason

    @property
    def uploaded_bytes(self) -> int:
        return self.upload.uploaded_bytes if self.upload is not None else 0

    @property
    def downloaded_bytes(self) -> int:
        if self.source != "PULL_FROM_URL":
            return 0
        self._advance()
        if self._transfer_done_at is not None:  # the transfer ended (done, failed or cancelled)
            if self._fail_reason in ("video_pull_failed", "photo_pull_failed"):
                return 0
            return self._bytes_by(self._transfer_done_at)
        return self._bytes_by(self._now())

    def _bytes_by(self, moment: float) -> int:
        """What a pull had downloaded by ``moment``."""
        return min(self.size, int(max(0.0, moment - self.created_at) * DOWNLOAD_BYTES_PER_SECOND))

    @property
    def publicly_available_post_ids(self) -> list[int]:
        """Ids of the public post, once moderated (empty for private posts)."""
        self._advance()
        if self.post_id is not None and self._public_at is not None and self._now() >= self._public_at:
            return [self.post_id]
        return []

    # -- what tests (and creators) do ---------------------------------------------------------------
    def fail(self, reason: str = "internal") -> None:
        """Make this publish fail with ``reason`` (a TikTok ``fail_reason``) as soon as its
        processing ends, or now if it is already past it."""
        if reason not in FAIL_REASONS:
            raise PostingRefused("invalid_params", f"fail_reason must be one of {', '.join(sorted(FAIL_REASONS))}")
        with self._lock:
            self._advance()
            if self._status not in ("PROCESSING_UPLOAD", "PROCESSING_DOWNLOAD"):
                raise PostingRefused("invalid_params", f"only a post still processing can fail ({self._status})")
            self._forced_failure = reason
            if self._transfer_done_at is not None:
                self._finish_failed(reason)

    def post_from_inbox(self) -> None:
        """The creator finishes an inbox upload in the TikTok app: ``PUBLISH_COMPLETE``."""
        with self._lock:
            if self.status != "SEND_TO_USER_INBOX":
                raise PostingRefused(
                    "invalid_params", f"only an upload waiting in the inbox can be posted ({self.status})"
                )
            self._complete(
                "SELF_ONLY" if self.client.environment == "sandbox" else "PUBLIC_TO_EVERYONE", at=self._now()
            )

    def cancel(self) -> None:
        """Cancel a pull still downloading (``publish_cancelled``)."""
        with self._lock:
            if self.source != "PULL_FROM_URL" or self.status != "PROCESSING_DOWNLOAD":
                raise PostingRefused(
                    "publish_not_cancellable",
                    f"only a PULL_FROM_URL post still downloading can be cancelled ({self.status})",
                )
            self._finish_failed("publish_cancelled")

    # -- the state machine ----------------------------------------------------------------------------
    @property
    def _lock(self) -> threading.RLock:
        """The portal's lock: a status read may move the post on (and emit its events)."""
        assert self._posting is not None
        return self._posting.lock

    def _now(self) -> float:
        assert self._posting is not None
        return self._posting.clock.now()

    def _advance(self) -> None:
        with self._lock:
            self._advance_unlocked()

    def _advance_unlocked(self) -> None:
        if self._status in ("FAILED", "PUBLISH_COMPLETE") and (self._public_at is None or self._announced_public):
            return
        now = self._now()
        if self._status == "PROCESSING_UPLOAD" and self.upload is not None and self.upload.completed_at is not None:
            if self._transfer_done_at is None:
                self._transfer_done_at = self.upload.completed_at
                failure = self._forced_failure or self._media_failure()
                if failure:
                    self._finish_failed(failure, at=self._transfer_done_at)
                    return
                self._done_at = self._transfer_done_at + self._processing_time()
        elif self._status == "PROCESSING_DOWNLOAD" and self._transfer_done_at is None:
            download_ends = self.created_at + self.size / DOWNLOAD_BYTES_PER_SECOND
            if now >= download_ends:
                self._transfer_done_at = download_ends
                failure = self._forced_failure or self._media_failure()
                if failure:
                    self._finish_failed(failure, at=download_ends)
                    return
                self._done_at = download_ends + self._processing_time()
        if self._done_at is not None and now >= self._done_at and self._status.startswith("PROCESSING"):
            if self.post_mode == "DIRECT_POST":
                assert self.privacy_level is not None
                self._complete(self.privacy_level, at=self._done_at)
            else:
                self._status = "SEND_TO_USER_INBOX"
                content = {"publish_id": self.publish_id, "publish_type": "INBOX_SHARE"}
                self._emit("post.publish.inbox_delivered", content, at=self._done_at)
        if self._public_at is not None and not self._announced_public and now >= self._public_at:
            self._announced_public = True
            self._emit(
                "post.publish.publicly_available",
                {"publish_id": self.publish_id, "post_id": self.post_id, "publish_type": self.publish_type},
                at=self._public_at,
            )

    def _processing_time(self) -> float:
        return PROCESSING_SECONDS + self.size / MB * PROCESSING_SECONDS_PER_MB

    def _media_failure(self) -> str | None:
        if self.media_type == "PHOTO":
            return next((f for m in self.media if (f := m.photo_failure())), None)
        return self.media[0].video_failure(max_video_duration(self.account)) if self.media else None

    def _complete(self, privacy_level: PrivacyLevel, at: float) -> None:
        """Posted at ``at`` (on the portal clock, possibly before the read that noticed it)."""
        assert self._posting is not None
        self._status = "PUBLISH_COMPLETE"
        self.privacy_level = privacy_level
        self.post_id = self._posting.ids.post_id()
        if self.media_type == "VIDEO":
            self.account.add_video(self._video(at, privacy_level))
        if privacy_level == "PUBLIC_TO_EVERYONE":
            self._public_at = at + MODERATION_SECONDS
        else:
            self._announced_public = True
        content = {"publish_id": self.publish_id, "publish_type": self.publish_type}
        self._emit("post.publish.complete", content, at=at)

    def _video(self, now: float, privacy_level: PrivacyLevel) -> Video:
        video_id = str(self.post_id)
        media = self.media[0] if self.media else DEFAULT_VIDEO
        share_url = f"https://www.tiktok.com/@{self.account.username}/video/{video_id}"
        return Video(
            id=video_id,
            create_time=int(now),
            cover_image_url=f"https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/{video_id}",
            share_url=share_url,
            video_description=self.title[:150],
            duration=int(media.duration),
            height=media.height,
            width=media.width,
            title=self.title[:150],
            embed_html=(
                f'<blockquote class="tiktok-embed" cite="{share_url}" data-video-id="{video_id}">'
                f'<section></section></blockquote><script async src="https://www.tiktok.com/embed.js"></script>'
            ),
            embed_link=f"https://www.tiktok.com/static/profile-video?id={video_id}",
            like_count=0,
            comment_count=0,
            share_count=0,
            view_count=0,
            privacy_level=privacy_level,
            create_time_ms=int(now * 1000),
        )

    def _finish_failed(self, reason: str, at: float | None = None) -> None:
        """Failed at ``at`` (now by default)."""
        when = self._now() if at is None else at
        self._status = "FAILED"
        self._fail_reason = reason
        self._announced_public = True
        if self._transfer_done_at is None:
            self._transfer_done_at = when
        content = {"publish_id": self.publish_id, "reason": reason, "publish_type": self.publish_type}
        self._emit("post.publish.failed", content, at=when)

    def _emit(self, event: str, content: Mapping[str, object], at: float) -> None:
        assert self._posting is not None
        self._posting.events.emit(self.client, event, self.account.open_id, dict(content), at=at)
