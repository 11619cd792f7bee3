"""Fake data for TikTok accounts: profiles, videos and posting settings, stable under a seed.

Faker is the costliest thing in a test (tens of milliseconds to build, ~140 µs a name),
so one Faker serves the whole process, and an account's profile and videos are made only
when first read, from the account's own seed: the same seed gives the same account,
whatever order its fields are read in.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from .videos import PrivacyLevel, Video

if TYPE_CHECKING:
    from faker import Faker

MAX_VIDEO_POST_DURATIONS: Final = (180, 300, 600)
"""What ``max_video_post_duration_sec`` is drawn from: "all creators can post 3 minutes, some
5 or 10 minutes" through the API [TikTok's media transfer guide]."""


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


def make_posting_settings(seed: int) -> dict[str, Any]:
    """The creator's posting settings: most creators allow every interaction (cheap: no faker)."""
    rng = random.Random(seed ^ 0xC0FFEE)
    return {
        "comment_disabled": rng.random() < 0.1,
        "duet_disabled": rng.random() < 0.15,
        "stitch_disabled": rng.random() < 0.15,
        "max_video_post_duration_sec": rng.choice(MAX_VIDEO_POST_DURATIONS),
    }


def make_profile(seed: int, open_id: str) -> dict[str, Any]:
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


def make_videos(seed: int, username: str, created_at: float, is_private: bool, count: int) -> list[Video]:
    """``count`` videos of an account, newest first, posted before ``created_at``."""
    rng = random.Random(seed ^ 0x5EED)
    descriptions: list[str] = _with_faker(
        seed ^ 0x5EED, lambda fake: [fake.sentence(nb_words=10)[:150] for _ in range(count)]
    )
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
