"""Content Posting: every publish and upload of a portal, the media pulls fetch, and the caps.

The rules of unaudited clients live here: sandbox clients, and production clients until they
pass the Content Posting audit (a step after app review, :meth:`App.pass_posting_audit`), may
post only ``SELF_ONLY`` content to private accounts, for at most 5 creators a day [TikTok's
Content Sharing Guidelines]. A publish's own life is in ``publishing.py``, media and chunks
in ``uploads.py``, URL properties in ``url_properties.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Final

from ..videos import PrivacyLevel
from .creators import Interaction, disabled_interactions, privacy_level_options
from .errors import PostingRefused
from .publishing import MediaType, PostMode, Publish, Source
from .uploads import DEFAULT_PHOTO, DEFAULT_VIDEO, UPLOAD_URL_LIFETIME, Media, Upload, check_chunks
from .url_properties import url_is_verified

if TYPE_CHECKING:
    from ..accounts import Account
    from .clients import ApiClient
    from .clock import Clock
    from .events import EventLog
    from .ids import IdSource

DAY: Final = 86_400.0
POSTS_PER_CREATOR_PER_DAY: Final = 15
"""'Typically around 15 posts a day' per creator, across every client."""
UNAUDITED_CREATORS_PER_DAY: Final = 5
PENDING_SHARES_PER_DAY: Final = 5


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
        client: ApiClient,
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
        self, client: ApiClient, account: Account, post_mode: PostMode, privacy_level: PrivacyLevel | None, now: float
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


def is_audited(client: ApiClient) -> bool:
    """Whether ``client`` may post publicly: a production app whose Live version has the
    Content Posting API and which passed the Content Posting audit (app review alone is not
    enough: :meth:`App.pass_posting_audit`). A sandbox never does."""
    if not client.posting_audited:
        return False
    config = client.api_config
    return config is not None and "content_posting_api" in config.products
