"""Fake data for TikTok accounts: profiles, videos and posting settings, stable under a seed.

An account's profile and videos are made only when first read, from the account's own seed:
the same seed gives the same account, whatever order its fields are read in. Names and
sentences are drawn from faker's en_US lists exactly as ``Faker("en_US")`` seeded with the
same seed draws them (same values, tested against faker itself), without building a Faker:
its construction costs tens of milliseconds, and each weighted name ~65 µs (faker sums the
few thousand weights again on every call; here they are summed once, when first needed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Final

from .videos import PrivacyLevel, Video

MAX_VIDEO_POST_DURATIONS: Final = (180, 300, 600)
"""What ``max_video_post_duration_sec`` is drawn from: "all creators can post 3 minutes, some
5 or 10 minutes" through the API [TikTok's media transfer guide]."""


@dataclass(frozen=True)
class _FakerLists:
    """Faker's en_US first and last names (with their weights summed once, where faker
    weighs them) and lorem words."""

    first_names: tuple[str, ...]
    first_weights: tuple[float, ...] | None
    last_names: tuple[str, ...]
    last_weights: tuple[float, ...] | None
    words: tuple[str, ...]


_lists: _FakerLists | None = None


def _faker_lists() -> _FakerLists:
    """Read once per process (two threads reading it first both build the same lists)."""
    global _lists
    if _lists is None:
        from faker.providers.lorem.en_US import Provider as Lorem
        from faker.providers.person.en_US import Provider as Person

        first, first_weights = _weighted(Person.first_names)
        last, last_weights = _weighted(Person.last_names)
        _lists = _FakerLists(first, first_weights, last, last_weights, tuple(Lorem.word_list))
    return _lists


def _weighted(names: Any) -> tuple[tuple[str, ...], tuple[float, ...] | None]:
    """A faker list of names and its summed weights (None for a list faker does not weigh:
    a plain sequence, where an OrderedDict maps each name to its weight)."""
    if isinstance(names, dict):
        return tuple(names), tuple(accumulate(names.values()))
    return tuple(names), None


def _name(rng: random.Random, names: tuple[str, ...], summed: tuple[float, ...] | None) -> str:
    """Faker's ``random_element``: ``random.choices`` with the weights (here summed
    beforehand, which ``choices`` does itself from plain weights), ``random.choice`` of an
    unweighted list."""
    if summed is None:
        return rng.choice(names)
    return rng.choices(names, cum_weights=summed)[0]


def _sentence(rng: random.Random, nb_words: int, words: tuple[str, ...]) -> str:
    """Faker's ``sentence(nb_words)``: a word count within ±40% (at least one), the words
    drawn with replacement (``random.choice`` for a single one, as faker does), the first
    capitalised, a full stop."""
    count = max(int(nb_words * rng.randint(60, 140) / 100), 1)
    picked = [rng.choice(words)] if count == 1 else rng.choices(words, k=count)
    picked[0] = picked[0].title()
    return " ".join(picked) + "."


def make_posting_settings(seed: int) -> dict[str, Any]:
    """The creator's posting settings: most creators allow every interaction (cheap: no faker)."""
    rng = random.Random(seed ^ 0xC0FFEE)
    return {
        "comment_disabled": rng.random() < 0.1,
        "duet_disabled": rng.random() < 0.15,
        "stitch_disabled": rng.random() < 0.15,
        "max_video_post_duration_sec": rng.choice(MAX_VIDEO_POST_DURATIONS),
    }


def may_be_username(seed: int, username: object) -> bool:
    """False when ``username`` cannot be the username :func:`make_profile` makes from ``seed``
    (which ends with the seed's last four digits): checked without making the profile."""
    return isinstance(username, str) and username.endswith(str(seed % 10_000))


def make_profile(seed: int, open_id: str) -> dict[str, Any]:
    lists = _faker_lists()
    text = random.Random(seed)  # what Faker("en_US").seed_instance(seed) draws from
    first = _name(text, lists.first_names, lists.first_weights)
    last = _name(text, lists.last_names, lists.last_weights)
    username = f"{first}.{last}{seed % 10_000}".lower().replace("'", "")
    values: dict[str, Any] = {
        "display_name": f"{first} {last}",
        "username": username,
        "bio_description": _sentence(text, 8, lists.words),
    }
    rng = random.Random(seed)
    avatar = f"https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/{open_id[4:20]}~c5"
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


def make_videos(seed: int, username: str, created_at: float, is_private: bool, count: int) -> list[Video]:
    """``count`` videos of an account, newest first, posted before ``created_at``."""
    rng = random.Random(seed ^ 0x5EED)
    text, words = random.Random(seed ^ 0x5EED), _faker_lists().words
    descriptions = [_sentence(text, 10, words)[:150] for _ in range(count)]
    level: PrivacyLevel = "FOLLOWER_OF_CREATOR" if is_private else "PUBLIC_TO_EVERYONE"
    videos = []
    moment = int(created_at)
    for description in descriptions:
        moment -= rng.randint(3_600, 14 * 86_400)
        video_id = str(rng.randrange(7_000_000_000_000_000_000, 7_999_999_999_999_999_999))
        share_url = f"https://www.tiktok.com/@{username}/video/{video_id}"
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
