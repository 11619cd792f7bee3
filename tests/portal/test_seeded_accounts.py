"""Seeded accounts, pinned: the values a seed gives never change (users' snapshots depend on them),
and the mechanisms that keep an account cheap until it is read.

The pins were taken before the per-account work of issue 18 (round two) and must hold after
it: ids, passwords, profiles, stats, posting settings and videos, of accounts made one by one
on a portal and of the target users the plugin's sandbox builds. Names, bios and video
descriptions come from faker's en_US lists: a faker release that changed those lists would
change them (and these pins) too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

import pytest

from pytest_tiktok_sandbox import Account, Clock, DuplicateAccount, Portal, TikTokSandbox

START = 1_735_689_600  # 2025-01-01T00:00:00Z


def _pinned_portal(seed: int) -> Portal:
    return Portal(seed=seed, clock=Clock(START, frozen=True))


def _everything(account: Account) -> dict[str, Any]:
    return {
        "profile": account.profile(),
        "password": str(account.password),
        "is_private": account.is_private,
        "created_at": account.created_at,
        "seed": account.seed,
        "settings": [
            account.comment_disabled,
            account.duet_disabled,
            account.stitch_disabled,
            account.max_video_post_duration_sec,
        ],
        "videos": [{**video.field_values(), "privacy_level": video.privacy_level} for video in account.videos],
    }


def _digest(accounts: list[Account]) -> str:
    text = json.dumps([_everything(account) for account in accounts], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_a_seeded_accounts_fields_are_pinned() -> None:
    portal = _pinned_portal(7)
    account = portal.create_account()
    assert account.open_id == "-00040MsKnNY3nEMoNtLqKJMq_CmZVlsKi_s"
    assert account.union_id == "9531985d-5d9d-49f8-9818-e811892f902b"
    assert account.password == "3eFoyFOU7qTf82"
    assert account.seed == 1585446675937841368
    assert account.created_at == START
    assert (account.display_name, account.username) == ("Mary Berger", "mary.berger1368")
    assert account.bio_description == "Describe picture gas half news ahead travel them strategy."
    assert account.avatar_url == (
        "https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/40MsKnNY3nEMoNtL~c5_168x168.jpeg"
    )
    assert account.profile_deep_link == "https://vm.tiktok.com/mZVlsKiYs/"
    assert account.profile_web_link == "https://www.tiktok.com/@mary.berger1368"
    assert (account.is_verified, account.follower_count, account.following_count, account.likes_count) == (
        False,
        236864,
        1695,
        1757949,
    )
    assert account.video_count == len(account.videos) == 9
    assert (account.comment_disabled, account.duet_disabled, account.stitch_disabled) == (False, False, False)
    assert account.max_video_post_duration_sec == 300


def test_a_seeded_accounts_videos_are_pinned() -> None:
    account = _pinned_portal(7).create_account(is_private=True)
    first, last = account.videos[0], account.videos[-1]
    assert first.field_values() == {
        "id": "7580396823945255198",
        "create_time": 1734557235,
        "cover_image_url": "https://p16-sign-va.tiktokcdn.com/obj/tos-maliva-p-0068/7580396823945255198"
        "?x-expires=1734557235",
        "share_url": "https://www.tiktok.com/@mary.berger1368/video/7580396823945255198",
        "video_description": "Behind happen practice peace act listen east first good together can person.",
        "duration": 171,
        "height": 1280,
        "width": 720,
        "title": "Behind happen practice peace act listen east first good together can person.",
        "embed_html": '<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@mary.berger1368/video/'
        '7580396823945255198" data-video-id="7580396823945255198"><section></section></blockquote>'
        '<script async src="https://www.tiktok.com/embed.js"></script>',
        "embed_link": "https://www.tiktok.com/static/profile-video?id=7580396823945255198",
        "like_count": 22289,
        "comment_count": 1265,
        "share_count": 497,
        "view_count": 100704,
    }
    assert first.privacy_level == "FOLLOWER_OF_CREATOR"
    assert first.create_time_ms == 1734557235000
    assert (last.id, last.create_time, last.video_description) == (
        "7728383898801994407",
        1728663827,
        "Chair claim support contain weight son network factor fund place blue after.",
    )


def test_a_sequence_of_seeded_accounts_is_pinned_whole() -> None:
    """Every value of five accounts in a row (public and private, with an override), then the
    next id the portal draws: the accounts took exactly as much randomness as before."""
    portal = _pinned_portal(12345)
    accounts = [portal.create_account(is_private=index % 2 == 1) for index in range(4)]
    accounts.append(portal.create_account(video_count=2, username="given.name", comment_disabled=True))
    assert _digest(accounts) == "c3c4e856bcf68e38"
    assert portal.ids.access_token() == "act.U5M3iK8c6gltLVqh2rAs0A0Vv0wVAycdWnZAyzfXwyVigHeWWTS7FzbHQsMk!3689.va"


def test_the_plugins_ten_seeded_target_users_are_pinned() -> None:
    """The target users a sandbox with ``target_users=10`` gets (what the marker builds)."""
    with TikTokSandbox(seed=99, target_users=10) as tt:
        users = tt.target_users
        assert len(users) == 10
        for user in users:  # the portal's clock ticks: pin what does not depend on when the test runs
            user.created_at = START
        assert [user.open_id[-6:] for user in users[:3]] == ["9F6Rds", "dgq06w", "2M1D1Y"]
        assert _digest(users) == "3094418fec66c685"


# -- the same values as faker's, without faker's cost ----------------------------------------------
SEEDS = [*range(200), 2**63 + 12345, 1585446675937841368, 7458347211211062513]


def test_names_and_bios_are_the_ones_a_seeded_faker_gives() -> None:
    """The profile's names and bio are what ``Faker("en_US")`` seeded with the account's seed
    draws (``first_name``, ``last_name``, ``sentence(nb_words=8)``), for any seed."""
    from faker import Faker

    from pytest_tiktok_sandbox.fake_data import make_profile

    fake = Faker("en_US")
    for seed in SEEDS:
        fake.seed_instance(seed)
        first, last, bio = fake.first_name(), fake.last_name(), fake.sentence(nb_words=8)
        profile = make_profile(seed, "-000" + "a" * 32)
        assert (profile["display_name"], profile["bio_description"]) == (f"{first} {last}", bio), seed


def test_video_descriptions_are_the_ones_a_seeded_faker_gives() -> None:
    from faker import Faker

    from pytest_tiktok_sandbox.fake_data import make_videos

    fake = Faker("en_US")
    for seed in SEEDS[:60]:
        fake.seed_instance(seed ^ 0x5EED)
        expected = [fake.sentence(nb_words=10)[:150] for _ in range(24)]
        videos = make_videos(seed, "user", START, False, 24)
        assert [video.video_description for video in videos] == expected, seed


def test_a_sentence_of_any_length_is_the_one_a_seeded_faker_gives() -> None:
    """One word (faker draws it with ``random.choice``, not ``choices``) up to many."""
    import random

    from faker import Faker

    from pytest_tiktok_sandbox.fake_data import _faker_lists, _sentence

    fake = Faker("en_US")
    for nb_words in (1, 2, 3, 8, 10, 30):
        for seed in range(40):
            fake.seed_instance(seed)
            assert _sentence(random.Random(seed), nb_words, _faker_lists().words) == fake.sentence(nb_words), seed


def test_profiles_and_videos_are_made_without_a_faker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building or seeding a Faker costs milliseconds, a weighted name ~65 µs: an account's
    profile and videos draw from faker's lists with their own random source instead."""
    import faker

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a Faker was built or seeded")

    monkeypatch.setattr(faker.Faker, "__init__", refused)
    monkeypatch.setattr(faker.Faker, "seed_instance", refused)
    account = _pinned_portal(7).create_account()
    assert account.display_name == "Mary Berger"
    assert account.videos[0].video_description.endswith(".")


def test_union_ids_are_written_as_uuid_writes_them() -> None:
    """``union_id`` formats its 128 random bits itself: the same text as
    ``str(uuid.UUID(int=bits, version=4))``."""
    import random
    import uuid

    from pytest_tiktok_sandbox.portal.ids import IdSource

    ids, bits = IdSource(5), random.Random(5)
    for _ in range(20_000):
        assert ids.union_id() == str(uuid.UUID(int=bits.getrandbits(128), version=4))


# -- nothing is made until it is read --------------------------------------------------------------
@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the fake-data makers called (profile, videos, posting settings)."""
    from pytest_tiktok_sandbox import accounts

    calls: list[str] = []
    for name in ("make_profile", "make_videos", "make_posting_settings"):
        real = getattr(accounts, name)
        monkeypatch.setattr(accounts, name, lambda *args, _name=name, _real=real: calls.append(_name) or _real(*args))
    return calls


def test_target_users_are_made_and_added_without_a_profile_or_videos(made: list[str]) -> None:
    """The plugin's ten target users (and the log-in of the first) read nothing made up: a test
    pays for a profile, posting settings or videos only when it reads them."""
    with TikTokSandbox(seed=99, target_users=10) as tt:
        users = tt.target_users
        assert made == []
        assert users[3].display_name
        assert made == ["make_profile"]
        assert users[3].videos
        assert made == ["make_profile", "make_videos"]
        assert users[3].comment_disabled in (True, False)
        assert made == ["make_profile", "make_videos", "make_posting_settings"]


def test_a_given_username_is_checked_without_making_the_other_accounts_profiles(made: list[str]) -> None:
    """A username given to create_account (a target user of the marker's list) must be free:
    the accounts already made are checked without making their profiles (a made-up username
    ends with the seed's last four digits), and a given one is compared as given."""
    portal = _pinned_portal(7)
    others = [portal.create_account() for _ in range(5)]
    named = portal.create_account(username="given.name")
    portal.create_account(username="another.name")
    assert portal.find_account("someone.else") is None
    assert portal.find_account("given.name") is named
    assert made == []
    with pytest.raises(DuplicateAccount):
        portal.create_account(username="given.name")
    with pytest.raises(DuplicateAccount):  # the made-up one, made to be compared
        portal.create_account(username=others[2].username)
    assert portal.find_account(others[4].username) is others[4]


def test_is_named_answers_for_made_up_given_and_read_usernames() -> None:
    portal = _pinned_portal(7)
    made_up, given = portal.create_account(), portal.create_account(username="given.name")
    assert made_up.is_named("mary.berger1368")  # made from the seed, on the way
    assert not made_up.is_named("mary.berger1369") and not made_up.is_named("given.name")
    assert made_up.is_named(made_up.username)  # the profile made already
    assert given.is_named("given.name") and not given.is_named(given.display_name)
    assert not made_up.is_named(1368)  # type: ignore[arg-type]


def test_the_video_count_is_read_without_making_the_videos(made: list[str]) -> None:
    """``/v2/user/info/`` with ``video_count`` (user.info.stats) reads the count: it is the
    number of videos the seed will make, and they are made only when listed."""
    portal = _pinned_portal(7)
    account, given = portal.create_account(), portal.create_account(video_count=4)
    assert given.video_count == 4 and made == []  # a given count needs no profile either
    assert account.video_count == 9
    assert made == ["make_profile"]
    assert len(account.videos) == 9 and made == ["make_profile", "make_videos"]
    account.add_video(dataclasses.replace(account.videos[-1], id="7000000000000000001"))
    assert account.video_count == 10
    assert len(given.videos) == given.video_count == 4


def test_an_unweighted_name_list_is_drawn_from_as_faker_draws_it() -> None:
    """Some faker releases or locales list names without weights: faker then uses
    ``random.choice``, and so does the profile."""
    import random
    from collections import OrderedDict

    from faker import Faker

    from pytest_tiktok_sandbox.fake_data import _name, _weighted

    fake = Faker("en_US")
    for names in (("Ann", "Bob", "Cy"), OrderedDict((("Ann", 0.5), ("Bob", 0.25), ("Cy", 0.25)))):
        listed, summed = _weighted(names)
        for seed in range(50):
            fake.seed_instance(seed)
            assert _name(random.Random(seed), listed, summed) == fake.random_element(names), seed
