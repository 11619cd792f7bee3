"""Content Posting: publishes, uploads, pulled media and the rules of unaudited clients.

A *publish* is one post started through an init endpoint. Its status moves on with the
portal clock, worked out when it is read (nothing runs in the background):

- ``FILE_UPLOAD``: ``PROCESSING_UPLOAD`` until every chunk has arrived, then processing
  (a few seconds, longer for big files);
- ``PULL_FROM_URL``: ``PROCESSING_DOWNLOAD`` while TikTok downloads the media (or fails
  with ``video_pull_failed`` / ``photo_pull_failed``), then processing;
- then ``PUBLISH_COMPLETE`` for a Direct Post, ``SEND_TO_USER_INBOX`` for an upload to the
  creator's inbox (``PUBLISH_COMPLETE`` once the creator posts it, :meth:`Publish.post_from_inbox`),
  or ``FAILED`` with a ``fail_reason`` where the media warrants one, or ``auth_removed``
  when the user's authorization of the client ends while the post is still processing.

Sandbox clients, and production clients until they pass the Content Posting audit (a step
after app review, :meth:`App.pass_posting_audit`), may post only ``SELF_ONLY`` content to
private accounts, for at most 5 creators a day [TikTok's Content Sharing Guidelines].
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal, TypeAlias
from urllib.parse import urlsplit

from ..accounts import PrivacyLevel, Video
from .errors import InvalidURLProperty, PostingRefused, UploadRefused

if TYPE_CHECKING:
    from ..accounts import Account
    from .apps import App
    from .clock import Clock
    from .events import EventLog
    from .ids import IdSource
    from .sandbox import Sandbox

    Client: TypeAlias = App | Sandbox

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
DAY: Final = 86_400.0
POSTS_PER_CREATOR_PER_DAY: Final = 15
"""'Typically around 15 posts a day' per creator, across every client."""
UNAUDITED_CREATORS_PER_DAY: Final = 5
PENDING_SHARES_PER_DAY: Final = 5
MAX_VIDEO_POST_DURATION_SEC: Final = 600
"""The longest video the API takes ("up to 10 minutes"), whatever the creator's own maximum
(``Account.max_video_post_duration_sec``) says."""
PROCESSING_SECONDS: Final = 5.0
"""Processing time of a small file; a big one adds ``PROCESSING_SECONDS_PER_MB`` a MB
(TikTok: about 30 s for 512 MB, a minute for 1 GB)."""
PROCESSING_SECONDS_PER_MB: Final = 30.0 / 512
DOWNLOAD_BYTES_PER_SECOND: Final = 50 * MB
MODERATION_SECONDS: Final = 10.0
"""Time from PUBLISH_COMPLETE to a public post id ("usually under a minute")."""

PRIVATE_OPTIONS: Final[tuple[PrivacyLevel, ...]] = ("FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
PUBLIC_OPTIONS: Final[tuple[PrivacyLevel, ...]] = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
VIDEO_FORMATS: Final = ("mp4", "webm", "mov")
PHOTO_FORMATS: Final = ("jpeg", "jpg", "webp")

Status = Literal["PROCESSING_UPLOAD", "PROCESSING_DOWNLOAD", "SEND_TO_USER_INBOX", "PUBLISH_COMPLETE", "FAILED"]
Source = Literal["FILE_UPLOAD", "PULL_FROM_URL"]
PostMode = Literal["DIRECT_POST", "MEDIA_UPLOAD"]
MediaType = Literal["VIDEO", "PHOTO"]
Interaction = Literal["comment", "duet", "stitch"]
FAIL_REASONS: Final = frozenset(
    {
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
    }
)


def privacy_level_options(account: Account) -> tuple[PrivacyLevel, ...]:
    """What the creator may pick: a private account cannot post to everyone."""
    return PRIVATE_OPTIONS if account.is_private else PUBLIC_OPTIONS


def disabled_interactions(account: Account) -> dict[Interaction, bool]:
    """Which interactions the creator has turned off, as ``creator_info`` answers them: those set
    to "No one" in the creator's privacy settings, and duets and stitches of a private account
    [TikTok's creator_info reference]."""
    return {
        "comment": account.comment_disabled,
        "duet": account.is_private or account.duet_disabled,
        "stitch": account.is_private or account.stitch_disabled,
    }


def max_video_duration(account: Account) -> int:
    """The longest video ``account`` may post through the API, in seconds."""
    return min(account.max_video_post_duration_sec, MAX_VIDEO_POST_DURATION_SEC)


# -- URL properties -----------------------------------------------------------------------------
def parse_url_property(value: str) -> str:
    """A verified domain (``example.com``, covering its subdomains) or URL prefix
    (``https://example.com/media/``), normalised; :class:`InvalidURLProperty` otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidURLProperty(f"got {value!r}")
    value = value.strip()
    if "://" in value:
        parts = urlsplit(value)
        if parts.scheme != "https" or not parts.hostname or not value.endswith("/") or parts.query or parts.fragment:
            raise InvalidURLProperty(f"a URL prefix looks like https://example.com/media/, got {value!r}")
        host = parts.hostname
    else:
        host = value.lower().rstrip(".")
        if "/" in host or "." not in host or " " in host:
            raise InvalidURLProperty(f"a domain looks like example.com, got {value!r}")
        value = host
    if _is_ip(host):
        raise InvalidURLProperty(f"{value!r} is an IP address")
    return value


def url_is_verified(url: str, properties: Iterable[str]) -> bool:
    """Whether ``url`` is an https URL under one of the verified ``properties``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or _is_ip(host):
        return False
    for prop in properties:
        if "://" in prop:
            if url.startswith(prop):
                return True
        elif host == prop or host.endswith("." + prop):
            return True
    return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


# -- media a pull fetches --------------------------------------------------------------------------
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


# -- uploads ---------------------------------------------------------------------------------------
@dataclass(eq=False)
class Upload:
    """The upload URL of a ``FILE_UPLOAD`` publish: counts bytes, stores none."""

    upload_id: str
    upload_token: str
    publish: Publish
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


# -- publishes -------------------------------------------------------------------------------------
@dataclass(eq=False)
class Publish:
    """One post, from init to its end state. ``status`` is current on the portal clock."""

    publish_id: str
    client: Client
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
    _posting: Posting | None = field(default=None, repr=False)
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


class Posting:
    """Every publish and upload of a portal, the media pulls fetch, and the daily caps."""

    def __init__(self, clock: Clock, ids: IdSource, events: EventLog, lock: threading.RLock | None = None) -> None:
        self.clock = clock
        self.ids = ids
        self.events = events
        self._publishes: dict[str, Publish] = {}
        self._uploads: dict[str, Upload] = {}
        self._media: dict[str, Media] = {}
        self._uploaded: Media = DEFAULT_VIDEO
        self.lock = lock or threading.RLock()
        """The portal's lock (shared with the API): every change of a post happens under it."""

    def __iter__(self) -> Iterator[Publish]:
        return iter(list(self._publishes.values()))

    def __len__(self) -> int:
        return len(self._publishes)

    def get(self, publish_id: str) -> Publish | None:
        return self._publishes.get(publish_id)

    def upload(self, upload_id: str) -> Upload | None:
        return self._uploads.get(upload_id)

    def settle(self) -> None:
        """Move every publish on to the portal clock's now (emitting its webhook events)."""
        with self.lock:
            for publish in self._publishes.values():
                publish._advance_unlocked()

    def authorization_removed(self, client_key: str, open_id: str | None = None) -> list[Publish]:
        """The authorization of ``client_key`` by ``open_id`` (by every user, with None) ended:
        each of their posts still processing ends ``FAILED`` with ``auth_removed`` now, and
        ``post.publish.failed`` is sent [TikTok: content-posting-api-reference-get-video-status,
        "auth_removed"]. A post that finished before, on the portal clock, keeps its end."""
        failed = []
        with self.lock:
            for publish in self._publishes.values():
                if publish.client_key != client_key or (open_id is not None and publish.account.open_id != open_id):
                    continue
                publish._advance_unlocked()
                if publish._status in ("PROCESSING_UPLOAD", "PROCESSING_DOWNLOAD"):
                    publish._finish_failed("auth_removed")
                    failed.append(publish)
        return failed

    # -- media on the internet --------------------------------------------------------------------
    def host_media(self, url: str, **properties: object) -> Media:
        """What a pull of ``url`` finds: ``size``, ``duration``, ``frame_rate``, ``width``,
        ``height``, ``format`` and ``reachable`` (see :class:`Media`)."""
        media = Media(**properties)  # type: ignore[arg-type]
        self._media[url] = media
        return media

    def upload_media(
        self,
        *,
        duration: float = DEFAULT_VIDEO.duration,
        frame_rate: float = DEFAULT_VIDEO.frame_rate,
        width: int = DEFAULT_VIDEO.width,
        height: int = DEFAULT_VIDEO.height,
        format: str = DEFAULT_VIDEO.format,
    ) -> Media:
        """What the videos uploaded (``FILE_UPLOAD``) by posts started from now on turn out to be
        once received; their size is the init's ``video_size``. The fake keeps no bytes, so it
        cannot tell: a valid 30 s MP4 unless you say otherwise here. Bad media fails with
        TikTok's ``fail_reason`` when the last chunk arrives (a video over the creator's
        ``max_video_post_duration_sec``: ``duration_check_failed``)."""
        media = Media(duration=duration, frame_rate=frame_rate, width=width, height=height, format=format)
        self._uploaded = media
        return media

    def media_at(self, url: str, media_type: MediaType = "VIDEO") -> Media:
        return self._media.get(url) or (DEFAULT_PHOTO if media_type == "PHOTO" else DEFAULT_VIDEO)

    # -- init ---------------------------------------------------------------------------------------
    def start(
        self,
        client: Client,
        account: Account,
        *,
        media_type: MediaType,
        post_mode: PostMode,
        source: Source,
        privacy_level: PrivacyLevel | None = None,
        title: str = "",
        description: str = "",
        interactions: Mapping[Interaction, bool] | None = None,
        refuse_disabled_interactions: bool = False,
        video_size: int = 0,
        chunk_size: int = 0,
        total_chunk_count: int = 0,
        urls: Iterable[str] = (),
        url_properties: Iterable[str] = (),
    ) -> Publish:
        """Start a post, or refuse it with :class:`PostingRefused` and TikTok's code.

        ``interactions`` says which interactions the init turns off (True, ``disable_comment: true``)
        or on (False); one left out is neither. TikTok's server turns off what the creator has
        turned off (``disabled_interactions``); with ``refuse_disabled_interactions``, a post that
        turns on such an interaction is refused (``invalid_params``) instead."""
        urls = list(urls)
        disabled = _post_interactions(account, post_mode, interactions or {}, refuse_disabled_interactions)
        with self.lock:
            now = self.clock.now()
            if source == "FILE_UPLOAD":
                check_chunks(video_size, chunk_size, total_chunk_count)
            else:
                properties = list(url_properties)
                for url in urls:
                    if not url_is_verified(url, properties):
                        raise PostingRefused(
                            "url_ownership_unverified",
                            f"{url} is not under a domain or URL prefix verified in the app's URL properties",
                        )
            self._check_caps(client, account, post_mode, privacy_level, now)
            publish = Publish(
                publish_id=self._publish_id(media_type, post_mode, source),
                client=client,
                account=account,
                media_type=media_type,
                post_mode=post_mode,
                source=source,
                created_at=now,
                privacy_level=privacy_level,
                title=title,
                description=description,
                disable_comment=disabled["comment"],
                disable_duet=disabled["duet"],
                disable_stitch=disabled["stitch"],
                media=(self._uploaded,)
                if source == "FILE_UPLOAD"
                else tuple(self.media_at(u, media_type) for u in urls),
                _posting=self,
                _status="PROCESSING_UPLOAD" if source == "FILE_UPLOAD" else "PROCESSING_DOWNLOAD",
            )
            if source == "FILE_UPLOAD":
                upload = Upload(
                    upload_id=self.ids.upload_id(),
                    upload_token=self.ids.upload_token(),
                    publish=publish,
                    video_size=video_size,
                    chunk_size=chunk_size,
                    total_chunk_count=total_chunk_count,
                    expires_at=now + UPLOAD_URL_LIFETIME,
                )
                publish.upload = upload
                self._uploads[upload.upload_id] = upload
            self._publishes[publish.publish_id] = publish
            return publish

    def _publish_id(self, media_type: MediaType, post_mode: PostMode, source: Source) -> str:
        kind = "p" if media_type == "PHOTO" else "v"
        where = "pub" if post_mode == "DIRECT_POST" else "inbox"
        how = "file" if source == "FILE_UPLOAD" else "url"
        return f"{kind}_{where}_{how}~v2.{self.ids.post_id()}"

    def _check_caps(
        self, client: Client, account: Account, post_mode: PostMode, privacy_level: PrivacyLevel | None, now: float
    ) -> None:
        self.settle()  # a post that failed since it was last read no longer counts
        recent = [p for p in self._publishes.values() if p.created_at > now - DAY and p._status != "FAILED"]
        mine = [p for p in recent if p.account is account]
        if post_mode == "MEDIA_UPLOAD":
            pending = [p for p in mine if p.post_mode == "MEDIA_UPLOAD" and p._status != "PUBLISH_COMPLETE"]
            if len(pending) >= PENDING_SHARES_PER_DAY:
                raise PostingRefused(
                    "spam_risk_too_many_pending_share",
                    f"the creator already has {len(pending)} uploads waiting in the inbox from the last 24 hours",
                )
            return
        if self.creator_posts_today(account) >= POSTS_PER_CREATOR_PER_DAY:
            raise PostingRefused(
                "spam_risk_too_many_posts", f"the creator has posted {POSTS_PER_CREATOR_PER_DAY} times in 24 hours"
            )
        unaudited = not is_audited(client)
        if unaudited and not account.is_private:
            raise PostingRefused(
                "unaudited_client_can_only_post_to_private_accounts",
                "an unaudited client (every sandbox, and an app until it passes the Content Posting audit) "
                "can only post to private accounts",
            )
        options = privacy_level_options(account)
        if privacy_level is None:
            raise PostingRefused(
                "privacy_level_option_mismatch",
                f"post_info.privacy_level is not specified; a Direct Post needs one of the creator's options: "
                f"{', '.join(options)}",
            )
        if privacy_level not in options:
            raise PostingRefused(
                "privacy_level_option_mismatch",
                f"privacy_level {privacy_level} is not one of the creator's options: {', '.join(options)}",
            )
        if unaudited and privacy_level != "SELF_ONLY":
            raise PostingRefused(
                "unaudited_client_can_only_post_to_private_accounts",
                "an unaudited client (every sandbox, and an app until it passes the Content Posting audit) "
                f"can only post SELF_ONLY content, got {privacy_level}",
            )
        if unaudited:
            creators = {p.account.open_id for p in recent if p.client is client and p.post_mode == "DIRECT_POST"}
            if account.open_id not in creators and len(creators) >= UNAUDITED_CREATORS_PER_DAY:
                raise PostingRefused(
                    "unaudited_client_can_only_post_to_private_accounts",
                    f"an unaudited client can have at most {UNAUDITED_CREATORS_PER_DAY} creators posting in 24 hours",
                )

    def creator_posts_today(self, account: Account) -> int:
        """Direct Posts of ``account`` in the last 24 hours, across clients, failed ones left out."""
        self.settle()
        now = self.clock.now()
        return sum(
            1
            for p in self._publishes.values()
            if p.account is account
            and p.post_mode == "DIRECT_POST"
            and p.created_at > now - DAY
            and p._status != "FAILED"
        )


def _post_interactions(
    account: Account, post_mode: PostMode, asked: Mapping[Interaction, bool], refuse: bool
) -> dict[Interaction, bool]:
    """Which interactions a Direct Post turns off: those it asks to, and those the creator has
    turned off (refused instead, with ``refuse``, where the post asks to turn them on). An inbox
    upload turns none off: the creator picks them in the app."""
    if post_mode != "DIRECT_POST":
        return {"comment": False, "duet": False, "stitch": False}
    creator = disabled_interactions(account)
    turned_on = [name for name, off in asked.items() if off is False and creator[name]]
    if refuse and turned_on:
        fields = " and ".join(f"post_info.disable_{name}" for name in turned_on)
        raise PostingRefused(
            "invalid_params",
            f"{fields} cannot be false: the creator has turned off {', '.join(f'{n}s' for n in turned_on)} "
            f"(creator_info answers {', '.join(f'{n}_disabled' for n in turned_on)}: true)",
        )
    return {name: bool(asked.get(name)) or off for name, off in creator.items()}


def is_audited(client: Client) -> bool:
    """Whether ``client`` may post publicly: a production app whose Live version has the
    Content Posting API and which passed the Content Posting audit (app review alone is not
    enough: :meth:`App.pass_posting_audit`). A sandbox never does."""
    if client.environment == "sandbox" or not client.app.posting_audited:
        return False
    config = client.api_config
    return config is not None and "content_posting_api" in config.products
