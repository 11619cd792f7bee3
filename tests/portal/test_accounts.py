"""Fake TikTok accounts: identifiers, profile and stats, videos, overrides and seeding."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from pytest_tiktok_sandbox import (
    Account,
    Clock,
    DuplicateAccount,
    InvalidConfiguration,
    Portal,
    PortalRuleError,
    Video,
)

OPEN_ID = re.compile(r"^-000[A-Za-z0-9_-]{32}$")

# tiktok-api.md §2.1: the user object's fields.
PROFILE_FIELDS = {
    "open_id",
    "union_id",
    "avatar_url",
    "avatar_url_100",
    "avatar_large_url",
    "display_name",
    "bio_description",
    "profile_deep_link",
    "is_verified",
    "username",
    "profile_web_link",
    "follower_count",
    "following_count",
    "likes_count",
    "video_count",
}
COUNTS = ("follower_count", "following_count", "likes_count", "video_count")

# tiktok-api.md §2.4: the video object's fields.
VIDEO_FIELDS = {
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
}
VIDEO_INTS = ("duration", "height", "width", "like_count", "comment_count", "share_count", "view_count")


def _pinned_portal(seed: int | None) -> Portal:
    return Portal(seed=seed, clock=Clock(1_735_689_600, frozen=True))


def _snapshot(account: Account) -> dict[str, Any]:
    return {
        "profile": account.profile(),
        "password": account.password,
        "is_private": account.is_private,
        "videos": [video.field_values() for video in account.videos],
    }


# -- identifiers ----------------------------------------------------------------------------------------
def test_open_id_has_tiktoks_shape(portal: Portal) -> None:
    for account in (portal.create_account() for _ in range(20)):
        assert OPEN_ID.match(account.open_id), account.open_id


def test_union_id_is_a_uuid(portal: Portal) -> None:
    account = portal.create_account()
    parsed = uuid.UUID(account.union_id)
    assert str(parsed) == account.union_id, "canonical lowercase hyphenated form"


def test_every_account_gets_its_own_ids(portal: Portal) -> None:
    accounts = [portal.create_account() for _ in range(20)]
    assert len({a.open_id for a in accounts}) == 20
    assert len({a.union_id for a in accounts}) == 20
    assert portal.accounts == accounts
    assert all(portal.account(a.open_id) is a for a in accounts)


def test_a_given_open_id_and_union_id_are_kept(portal: Portal) -> None:
    union = str(uuid.UUID(int=1, version=4))
    account = portal.create_account(open_id="-000" + "a" * 32, union_id=union)
    assert account.open_id == "-000" + "a" * 32
    assert account.union_id == union
    assert portal.account("-000" + "a" * 32) is account


def test_an_open_id_is_taken_once(portal: Portal) -> None:
    portal.create_account(open_id="-000" + "a" * 32)
    with pytest.raises(DuplicateAccount):
        portal.create_account(open_id="-000" + "a" * 32)
    assert len(portal.accounts) == 1


# -- profile and stats ---------------------------------------------------------------------------------
def test_every_profile_and_stats_field_is_present(portal: Portal) -> None:
    account = portal.create_account()
    profile = account.profile()
    assert set(profile) == PROFILE_FIELDS
    for name in PROFILE_FIELDS:
        assert getattr(account, name) == profile[name]
    assert isinstance(profile["display_name"], str) and profile["display_name"]
    assert isinstance(profile["username"], str) and profile["username"]
    assert isinstance(profile["bio_description"], str)
    assert isinstance(profile["is_verified"], bool)
    for url in ("avatar_url", "avatar_url_100", "avatar_large_url", "profile_deep_link", "profile_web_link"):
        assert profile[url].startswith("https://"), url
    for count in COUNTS:
        assert isinstance(profile[count], int) and not isinstance(profile[count], bool), count
        assert profile[count] >= 0, count
    assert profile["video_count"] == len(account.videos)


def test_an_account_is_public_unless_made_private(portal: Portal) -> None:
    assert portal.create_account().is_private is False
    assert portal.create_account(is_private=True).is_private is True


def test_overrides_are_honoured(portal: Portal) -> None:
    account = portal.create_account(
        username="cool.creator",
        display_name="Cool Creator",
        follower_count=42,
        video_count=3,
        is_verified=True,
        bio_description="hi",
    )
    assert account.username == "cool.creator"
    assert account.display_name == "Cool Creator"
    assert account.follower_count == 42
    assert account.is_verified is True
    assert account.bio_description == "hi"
    assert account.video_count == 3
    assert len(account.videos) == 3
    assert account.video_count == 3
    profile = account.profile()
    assert profile["username"] == "cool.creator"
    assert profile["follower_count"] == 42
    assert profile["video_count"] == 3
    assert all("/@cool.creator/" in video.share_url for video in account.videos)
    assert portal.find_account("cool.creator") is account


def test_an_account_may_have_no_videos(portal: Portal) -> None:
    account = portal.create_account(video_count=0)
    assert account.videos == []
    assert account.video_count == 0


def test_overrides_only_change_what_they_name() -> None:
    plain = _pinned_portal(7).create_account()
    overridden = _pinned_portal(7).create_account(follower_count=1)
    assert overridden.follower_count == 1
    assert overridden.display_name == plain.display_name
    assert overridden.following_count == plain.following_count


@pytest.mark.parametrize("field", ["nickname", "email", "password_hash", "privacy_level"])
def test_an_unknown_field_is_refused(portal: Portal, field: str) -> None:
    with pytest.raises(PortalRuleError):
        portal.create_account(**{field: "x"})
    with pytest.raises(InvalidConfiguration):
        portal.create_account(**{field: "x"})
    assert portal.accounts == []


def test_a_username_is_taken_once(portal: Portal) -> None:
    first = portal.create_account(username="taken")
    with pytest.raises(DuplicateAccount):
        portal.create_account(username="taken")
    assert portal.accounts == [first]
    assert portal.create_account(username="free").username == "free"


def test_a_generated_username_is_taken_too(portal: Portal) -> None:
    first = portal.create_account()
    with pytest.raises(DuplicateAccount):
        portal.create_account(username=first.username)
    assert portal.accounts == [first]
    assert portal.find_account(first.username) is first


# -- videos -------------------------------------------------------------------------------------------------
def test_videos_have_every_display_api_field(portal: Portal) -> None:
    account = portal.create_account(video_count=8)
    assert len(account.videos) == 8
    for video in account.videos:
        assert isinstance(video, Video)
        values = video.field_values()
        assert set(values) == VIDEO_FIELDS
        assert isinstance(video.id, str) and re.fullmatch(r"[1-9][0-9]{18}", video.id), video.id
        assert isinstance(video.create_time, int) and not isinstance(video.create_time, bool)
        assert video.create_time <= account.created_at, "seconds, before the account joined the portal"
        assert video.create_time > account.created_at - 10 * 365 * 86_400, "seconds, not milliseconds"
        assert video.embed_link == f"https://www.tiktok.com/static/profile-video?id={video.id}"
        assert video.share_url == f"https://www.tiktok.com/@{account.username}/video/{video.id}"
        assert video.cover_image_url.startswith("https://")
        assert video.id in video.embed_html
        assert isinstance(video.video_description, str) and len(video.video_description) <= 150
        assert isinstance(video.title, str) and len(video.title) <= 150
        for name in VIDEO_INTS:
            value = values[name]
            assert isinstance(value, int) and not isinstance(value, bool), name
            assert value >= 0, name
        assert video.duration > 0
        assert video.height > 0 and video.width > 0


def test_videos_come_newest_first_with_distinct_ids(portal: Portal) -> None:
    account = portal.create_account(video_count=15)
    times = [video.create_time for video in account.videos]
    assert times == sorted(times, reverse=True)
    assert len({video.id for video in account.videos}) == 15


def test_add_video_puts_it_first(portal: Portal) -> None:
    account = portal.create_account(video_count=2)
    newest = Video(**{**account.videos[0].field_values(), "id": "7000000000000000001"})
    account.add_video(newest)
    assert account.videos[0] is newest
    assert account.video_count == 3


# -- seeding ---------------------------------------------------------------------------------------------------
def test_the_same_seed_makes_the_same_account() -> None:
    first = _pinned_portal(7).create_account()
    second = _pinned_portal(7).create_account()
    assert first is not second
    assert first.open_id == second.open_id
    assert first.union_id == second.union_id
    assert first.display_name == second.display_name
    assert _snapshot(first) == _snapshot(second)


def test_the_same_seed_makes_the_same_account_whatever_is_read_first() -> None:
    first = _pinned_portal(7).create_account()
    second = _pinned_portal(7).create_account()
    videos_first = [v.field_values() for v in second.videos]
    assert first.display_name == second.display_name
    assert [v.field_values() for v in first.videos] == videos_first


def test_the_same_seed_makes_the_same_accounts_in_sequence() -> None:
    def make(seed: int) -> list[dict[str, Any]]:
        portal = _pinned_portal(seed)
        return [_snapshot(portal.create_account()) for _ in range(3)]

    assert make(7) == make(7)


def test_the_same_seed_on_default_clocks_gives_the_same_profile_and_videos() -> None:
    first, second = Portal(seed=7).create_account(), Portal(seed=7).create_account()
    assert first.profile() == second.profile()
    assert first.password == second.password
    assert [(v.id, v.title, v.view_count) for v in first.videos] == [
        (v.id, v.title, v.view_count) for v in second.videos
    ]


def test_different_seeds_make_different_accounts() -> None:
    first = _pinned_portal(7).create_account()
    second = _pinned_portal(8).create_account()
    assert first.open_id != second.open_id
    assert first.union_id != second.union_id
    assert first.password != second.password
    assert first.display_name != second.display_name
    assert [v.id for v in first.videos] != [v.id for v in second.videos]


def test_no_seed_makes_fresh_accounts() -> None:
    assert _pinned_portal(None).create_account().open_id != _pinned_portal(None).create_account().open_id
