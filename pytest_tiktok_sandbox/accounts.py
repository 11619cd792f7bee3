"""Fake TikTok accounts: profile, stats, videos and login credentials, stable under a seed.

Faker is the costliest thing in a test (tens of milliseconds to build, ~140 µs a name),
so one Faker serves the whole process, and an account's profile and videos are made only
when first read, from the account's own seed: the same seed gives the same account,
whatever order its fields are read in.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol

if TYPE_CHECKING:
    from faker import Faker

AccountStatus = Literal["active", "deleted", "banned"]
PrivacyLevel = Literal["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"]

PROFILE_FIELDS: Final = (
    "display_name",
    "username",
    "avatar_url",
    "avatar_url_100",
    "avatar_large_url",
    "bio_description",
    "profile_deep_link",
    "profile_web_link",
    "is_verified",
    "follower_count",
    "following_count",
    "likes_count",
    "video_count",
)
"""Fields made lazily from the account's seed (any of them can be given to create_account)."""

POSTING_SETTINGS: Final = ("comment_disabled", "duet_disabled", "stitch_disabled", "max_video_post_duration_sec")
"""The creator's own settings the Content Posting API answers in ``creator_info`` and enforces:
an interaction set to "No one" in the creator's privacy settings, and the longest video the
creator may post. Made lazily from the account's seed, without faker; settable (at
create_account, or on the account at any time)."""
MAX_VIDEO_POST_DURATIONS: Final = (180, 300, 600)
"""What ``max_video_post_duration_sec`` is drawn from: "all creators can post 3 minutes, some
5 or 10 minutes" through the API [TikTok's media transfer guide]."""


class ClientKeyHolder(Protocol):
    """An app's production side or a sandbox, as an account names it: by its client key."""

    @property
    def client_key(self) -> str: ...


class AccountHost(Protocol):
    """What an account asks of the :class:`~pytest_tiktok_sandbox.portal.Portal` that made it
    (accounts sit below the portal: they name it only through this protocol)."""

    def deauthorize(self, account: Account, reason: int, client: ClientKeyHolder | None = None) -> object: ...
    def close_account(self, account: Account, status: AccountStatus) -> object: ...


_faker: Faker | None = None
_faker_lock = threading.Lock()


def _shared_faker() -> Faker:
    global _faker
    if _faker is None:
        from faker import Faker

        _faker = Faker("en_US")
    return _faker


def _with_faker(seed: int, make: Callable[[Faker], Any]) -> Any:
    """Run ``make`` with the process-wide Faker reseeded to ``seed`` (one caller at a time)."""
    with _faker_lock:
        fake = _shared_faker()
        fake.seed_instance(seed)
        return make(fake)


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


@dataclass(eq=False)
class Account:
    """A TikTok account. Profile, stats and videos appear when first read."""

    open_id: str
    union_id: str
    password: str
    is_private: bool
    created_at: float
    seed: int
    overrides: Mapping[str, Any] = field(default_factory=dict, repr=False)
    _profile: dict[str, Any] | None = field(default=None, init=False, repr=False)
    _videos: list[Video] | None = field(default=None, init=False, repr=False)
    _status: AccountStatus = field(default="active", init=False, repr=False)
    _portal: AccountHost | None = field(default=None, init=False, repr=False)
    _settings: dict[str, Any] | None = field(default=None, init=False, repr=False)

    def _field(self, name: str) -> Any:
        if self._profile is None:
            self._profile = {**_make_profile(self.seed, self.open_id), **self.overrides}
        return self._profile[name]

    display_name = property(lambda self: self._field("display_name"))
    username = property(lambda self: self._field("username"))
    avatar_url = property(lambda self: self._field("avatar_url"))
    avatar_url_100 = property(lambda self: self._field("avatar_url_100"))
    avatar_large_url = property(lambda self: self._field("avatar_large_url"))
    bio_description = property(lambda self: self._field("bio_description"))
    profile_deep_link = property(lambda self: self._field("profile_deep_link"))
    profile_web_link = property(lambda self: self._field("profile_web_link"))
    is_verified = property(lambda self: self._field("is_verified"))
    follower_count = property(lambda self: self._field("follower_count"))
    following_count = property(lambda self: self._field("following_count"))
    likes_count = property(lambda self: self._field("likes_count"))

    # -- the creator's posting settings (see POSTING_SETTINGS) ---------------------------------------
    def _setting(self, name: str) -> Any:
        if self._settings is None:
            settings = _make_posting_settings(self.seed)
            settings.update((k, v) for k, v in self.overrides.items() if k in POSTING_SETTINGS)
            self._settings = settings
        return self._settings[name]

    def _set_setting(self, name: str, value: Any) -> None:
        check_posting_setting(name, value)
        self._setting(name)
        assert self._settings is not None
        self._settings[name] = value

    @property
    def comment_disabled(self) -> bool:
        """Comments set to "No one" in the creator's privacy settings."""
        return bool(self._setting("comment_disabled"))

    @comment_disabled.setter
    def comment_disabled(self, value: bool) -> None:
        self._set_setting("comment_disabled", value)

    @property
    def duet_disabled(self) -> bool:
        """Duets set to "No one" in the creator's privacy settings (a private account has no
        duets whatever this says)."""
        return bool(self._setting("duet_disabled"))

    @duet_disabled.setter
    def duet_disabled(self, value: bool) -> None:
        self._set_setting("duet_disabled", value)

    @property
    def stitch_disabled(self) -> bool:
        """Stitches set to "No one" in the creator's privacy settings (a private account has no
        stitches whatever this says)."""
        return bool(self._setting("stitch_disabled"))

    @stitch_disabled.setter
    def stitch_disabled(self, value: bool) -> None:
        self._set_setting("stitch_disabled", value)

    @property
    def max_video_post_duration_sec(self) -> int:
        """The longest video, in seconds, the creator may post."""
        return int(self._setting("max_video_post_duration_sec"))

    @max_video_post_duration_sec.setter
    def max_video_post_duration_sec(self, value: int) -> None:
        self._set_setting("max_video_post_duration_sec", value)

    @property
    def video_count(self) -> int:
        """How many videos the account has posted (all of them, private ones included)."""
        if "video_count" in self.overrides and self._videos is None:
            return int(self.overrides["video_count"])
        return len(self.videos)

    @property
    def videos(self) -> list[Video]:
        """The account's videos, newest first. Append to it (or post through the API) to add."""
        if self._videos is None:
            count = int(self.overrides.get("video_count", self._field("video_count")))
            self._videos = _make_videos(self, count)
        return self._videos

    def add_video(self, video: Video) -> None:
        """Put ``video`` first (it is the newest). Its millisecond timestamp is moved on, if
        need be, to stay after the previous newest video's, so paging never ties."""
        videos = self.videos
        if videos and video.create_time_ms <= videos[0].create_time_ms:
            video.create_time_ms = videos[0].create_time_ms + 1
        videos.insert(0, video)

    def profile(self) -> dict[str, Any]:
        """Every profile and stats field, as a dict (as the Display API would show them)."""
        values = {"open_id": self.open_id, "union_id": self.union_id}
        values.update({name: getattr(self, name) for name in PROFILE_FIELDS})
        return values

    # -- what the user does in TikTok, away from the app -------------------------------------------
    @property
    def status(self) -> AccountStatus:
        """``active``; ``deleted`` or ``banned`` once :meth:`delete` or :meth:`ban` ran: such an
        account can no longer log in, authorize an app or be added as a target user."""
        return self._status

    def disconnect(self, client: ClientKeyHolder) -> None:
        """The user removes ``client`` (an App or a Sandbox) in the TikTok app's settings: every token of this
        account for ``client`` dies at once, ``authorization.removed`` is sent with reason 1
        and the account's posts through ``client`` still processing fail with ``auth_removed``."""
        self._on_portal().deauthorize(self, 1, client)

    def delete(self) -> None:
        """The user deletes the account: every app loses it as :meth:`disconnect` does, with
        reason 2, and it can no longer log in."""
        self._on_portal().close_account(self, "deleted")

    def change_age(self) -> None:
        """The user's age changes (TikTok re-checks it): every app loses the authorization,
        reason 3. The account stays and may authorize again."""
        self._on_portal().deauthorize(self, 3)

    def ban(self) -> None:
        """TikTok bans the account: every app loses it, reason 4, and it can no longer log in."""
        self._on_portal().close_account(self, "banned")

    def _on_portal(self) -> AccountHost:
        if self._portal is None:
            from .portal.errors import InvalidConfiguration

            raise InvalidConfiguration(f"{self!r} was not made by a Portal (portal.create_account())")
        return self._portal

    def __repr__(self) -> str:
        return f"<Account {self.open_id} {'private' if self.is_private else 'public'}>"


def check_posting_setting(name: str, value: Any) -> None:
    """``ValueError`` naming ``name`` unless ``value`` is a valid value of that posting setting."""
    if name == "max_video_post_duration_sec":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"max_video_post_duration_sec is a positive number of seconds, got {value!r}")
    elif name in POSTING_SETTINGS:
        if not isinstance(value, bool):
            raise ValueError(f"{name} is True or False, got {value!r}")
    else:
        raise ValueError(f"unknown posting setting {name!r} (known: {', '.join(POSTING_SETTINGS)})")


def _make_posting_settings(seed: int) -> dict[str, Any]:
    """The creator's posting settings: most creators allow every interaction (cheap: no faker)."""
    rng = random.Random(seed ^ 0xC0FFEE)
    return {
        "comment_disabled": rng.random() < 0.1,
        "duet_disabled": rng.random() < 0.15,
        "stitch_disabled": rng.random() < 0.15,
        "max_video_post_duration_sec": rng.choice(MAX_VIDEO_POST_DURATIONS),
    }


def _make_profile(seed: int, open_id: str) -> dict[str, Any]:
    def make(fake: Faker) -> dict[str, Any]:
        first, last = fake.first_name(), fake.last_name()
        username = f"{first}.{last}{seed % 10_000}".lower().replace("'", "")
        bio = fake.sentence(nb_words=8)
        return {"display_name": f"{first} {last}", "username": username, "bio_description": bio}

    values: dict[str, Any] = _with_faker(seed, make)
    rng = random.Random(seed)
    avatar = f"https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/{open_id[4:20]}~c5"
    username = values["username"]
    values.update(
        avatar_url=f"{avatar}_168x168.jpeg",
        avatar_url_100=f"{avatar}_100x100.jpeg",
        avatar_large_url=f"{avatar}_1080x1080.jpeg",
        profile_deep_link=f"https://vm.tiktok.com/{open_id[-9:].replace('-', 'Z').replace('_', 'Y')}/",
        profile_web_link=f"https://www.tiktok.com/@{username}",
        is_verified=rng.random() < 0.05,
        follower_count=rng.randint(0, 250_000),
        following_count=rng.randint(0, 2_000),
        likes_count=rng.randint(0, 3_000_000),
        video_count=rng.randint(3, 24),
    )
    return values


def _make_videos(account: Account, count: int) -> list[Video]:
    rng = random.Random(account.seed ^ 0x5EED)
    descriptions: list[str] = _with_faker(
        account.seed ^ 0x5EED, lambda fake: [fake.sentence(nb_words=10)[:150] for _ in range(count)]
    )
    level: PrivacyLevel = "FOLLOWER_OF_CREATOR" if account.is_private else "PUBLIC_TO_EVERYONE"
    videos = []
    moment = int(account.created_at)
    for description in descriptions:
        moment -= rng.randint(3_600, 14 * 86_400)
        video_id = str(rng.randrange(7_000_000_000_000_000_000, 7_999_999_999_999_999_999))
        share_url = f"https://www.tiktok.com/@{account.username}/video/{video_id}"
        width, height = rng.choice(((1080, 1920), (720, 1280), (1080, 1080)))
        views = rng.randint(100, 2_000_000)
        videos.append(
            Video(
                id=video_id,
                create_time=moment,
                cover_image_url=(
                    f"https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/{video_id}?x-expires={moment}"
                ),
                share_url=share_url,
                video_description=description,
                duration=rng.randint(5, 180),
                height=height,
                width=width,
                title=description[:150],
                embed_html=(
                    f'<blockquote class="tiktok-embed" cite="{share_url}" data-video-id="{video_id}">'
                    f'<section></section></blockquote><script async src="https://www.tiktok.com/embed.js"></script>'
                ),
                embed_link=f"https://www.tiktok.com/static/profile-video?id={video_id}",
                like_count=rng.randint(0, views // 4),
                comment_count=rng.randint(0, views // 50),
                share_count=rng.randint(0, views // 100),
                view_count=views,
                privacy_level=level,
            )
        )
    return videos
