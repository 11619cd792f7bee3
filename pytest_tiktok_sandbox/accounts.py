"""TikTok accounts: profile, stats, videos, posting settings, login credentials and status.

Profiles and videos are made lazily from the account's seed (``fake_data.py``); the
account names the portal that made it only through :class:`AccountHost`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Protocol

from .fake_data import make_posting_settings, make_profile, make_videos, may_be_username
from .videos import Video

AccountStatus = Literal["active", "deleted", "banned"]

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


class ClientKeyHolder(Protocol):
    """An app's production side or a sandbox, as an account names it: by its client key."""

    @property
    def client_key(self) -> str: ...


class AccountHost(Protocol):
    """What an account asks of the :class:`~pytest_tiktok_sandbox.portal.Portal` that made it
    (accounts sit below the portal: they name it only through this protocol)."""

    def deauthorize(self, account: Account, reason: int, client: ClientKeyHolder | None = None) -> object: ...
    def close_account(self, account: Account, status: AccountStatus) -> object: ...


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
            self._profile = {**make_profile(self.seed, self.open_id), **self.overrides}
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
            settings = make_posting_settings(self.seed)
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
        """How many videos the account has posted (all of them, private ones included). Until
        the videos are read, the number that will be made (the videos are not made for it)."""
        if self._videos is None:
            return self._videos_to_make()
        return len(self._videos)

    def _videos_to_make(self) -> int:
        given = self.overrides.get("video_count")
        return int(given if given is not None else self._field("video_count"))

    @property
    def videos(self) -> list[Video]:
        """The account's videos, newest first. Append to it (or post through the API) to add."""
        if self._videos is None:
            count = self._videos_to_make()
            self._videos = make_videos(self.seed, self.username, self.created_at, self.is_private, count)
        return self._videos

    def add_video(self, video: Video) -> None:
        """Put ``video`` first (it is the newest). Its millisecond timestamp is moved on, if
        need be, to stay after the previous newest video's, so paging never ties."""
        videos = self.videos
        if videos and video.create_time_ms <= videos[0].create_time_ms:
            video.create_time_ms = videos[0].create_time_ms + 1
        videos.insert(0, video)

    def is_named(self, username: str) -> bool:
        """Whether ``username`` is this account's username: answered without making the
        profile when ``username`` cannot be the one the seed makes (looking an account up by
        username reads every account)."""
        if self._profile is not None:
            return bool(self._profile["username"] == username)
        if "username" in self.overrides:
            return bool(self.overrides["username"] == username)
        return may_be_username(self.seed, username) and self.username == username

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
