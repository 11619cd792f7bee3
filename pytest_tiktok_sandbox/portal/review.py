"""App review: what a submission needs, demo videos, and the record of each review.

A production version goes Draft → In review → Live or Not approved
[tiktok-api.md §6]. :meth:`App.submit_for_review` checks the Draft with
:func:`submission_problems` and refuses it with one :class:`SubmissionIncomplete` naming
every problem; the decision comes from :meth:`App.approve_review` /
:meth:`App.reject_review`, or is scheduled on the portal clock (``decide_after=``) and
taken lazily, the next time the app's state is read (no thread runs in the background).

Where TikTok does not say, the fake decides (each is documented where it applies):

- Android needs its package name, at least one signature and its Google Play URL (for
  that package, when the URL names one), iOS its bundle ID and its App Store URL (a
  TestFlight link is accepted), Web and Desktop their website URL: TikTok's App Review FAQ
  says a mobile app "must be available in the Apple and/or Google Play App Stores".
- Every product *and* every scope needs an explanation, ``user.info.basic`` included.
- Apps created on or after 2024-09-09 (on the portal clock) need every URL of the
  configuration under a verified URL property: Terms of Service, Privacy Policy, Web/Desktop
  website URLs, Login Kit's redirect URIs and the Webhooks callback URL (store URLs, and
  desktop redirect URIs on localhost/127.0.0.1, which nobody can verify, aside). The
  Content Posting API always needs at least one verified URL property.
- An app with no product, or Webhooks without its callback URL, cannot be submitted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal
from urllib.parse import parse_qs, urlsplit, urlunsplit

from .config import is_loopback_uri
from .errors import InvalidConfiguration
from .products import PRODUCTS, Product
from .uploads import MB
from .url_properties import url_is_verified

if TYPE_CHECKING:
    from .config import AppConfig

MAX_DEMO_VIDEOS: Final = 5
MAX_DEMO_VIDEO_SIZE: Final = 50 * MB
"""A demo video is at most 50 MB (1024² bytes a MB, as elsewhere in the fake)."""
URL_VERIFICATION_SINCE: Final = dt.datetime(2024, 9, 9, tzinfo=dt.timezone.utc).timestamp()
"""Apps created from this day on verify every URL of their production configuration."""

Outcome = Literal["approve", "reject"]
ReviewStatus = Literal["in_review", "approved", "not_approved", "recalled"]

_PLATFORM_TITLES: Final = {"web": "Web", "desktop": "Desktop", "android": "Android", "ios": "iOS"}


@dataclass(frozen=True)
class DemoVideo:
    """A demo video uploaded with a submission: only its name and size (bytes) matter.
    The 50 MB cap is checked when submitting, with every other problem."""

    name: str
    size: int = 10 * MB

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidConfiguration(f"a demo video has a file name, got {self.name!r}")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size <= 0:
            raise InvalidConfiguration(f"a demo video's size is a positive number of bytes, got {self.size!r}")


def review_comments(comments: object, *, label: str = "comments") -> tuple[str, ...]:
    """``comments`` as a tuple of non-empty strings, at least one."""
    if isinstance(comments, str) or not isinstance(comments, Iterable):
        raise InvalidConfiguration(f"{label} is a list of strings, got {comments!r}")
    items = tuple(comments)
    if not items or not all(isinstance(c, str) and c.strip() for c in items):
        raise InvalidConfiguration(f"{label}: a rejection comes with at least one review comment, got {comments!r}")
    return items


def demo_video_list(videos: object) -> tuple[DemoVideo, ...]:
    if isinstance(videos, (str, DemoVideo)) or not isinstance(videos, Iterable):
        raise InvalidConfiguration(f"demo_videos is a list of DemoVideo, got {videos!r}")
    items = tuple(videos)
    wrong = [v for v in items if not isinstance(v, DemoVideo)]
    if wrong:
        raise InvalidConfiguration(f"demo videos are DemoVideo(name, size), got {wrong!r}")
    return items


def submission_problems(
    config: AppConfig,
    demo_videos: Sequence[DemoVideo],
    url_properties: Sequence[str],
    *,
    verify_urls: bool,
) -> list[str]:
    """Everything that keeps ``config`` from being submitted, one sentence each, in the
    order of the portal's pages (App details, platforms, products, explanations, demo
    videos, URL properties). Empty when it can be submitted."""
    problems: list[str] = []
    details = config.details
    for value, label in (
        (details.name, "the app name"),
        (details.icon, "the app icon"),
        (details.category, "the category"),
        (details.description, "the description"),
        (details.terms_of_service_url, "the Terms of Service URL"),
        (details.privacy_policy_url, "the Privacy Policy URL"),
    ):
        if not value:
            problems.append(f"App details: {label} is missing")

    if not config.platforms:
        problems.append("Platforms: add at least one platform (web, desktop, android or ios)")
    for platform, settings in config.platforms.items():
        title = _PLATFORM_TITLES[platform]
        if platform in ("web", "desktop") and not settings.website_url:
            problems.append(f"Platforms: {title} needs its website URL")
        if platform == "android":
            if not settings.package_name:
                problems.append("Platforms: Android needs its package name")
            if not settings.signatures:
                problems.append("Platforms: Android needs at least one app signature")
            if not settings.play_store_url:
                problems.append("Platforms: Android needs its Google Play URL (the app must be published)")
            else:
                listed = parse_qs(urlsplit(settings.play_store_url).query).get("id", [])
                if settings.package_name and listed and listed[0] != settings.package_name:
                    problems.append(
                        f"Platforms: the Google Play URL lists {listed[0]}, not the package {settings.package_name}"
                    )
        if platform == "ios":
            if not settings.bundle_id:
                problems.append("Platforms: iOS needs its bundle ID")
            if not settings.app_store_url:
                problems.append(
                    "Platforms: iOS needs its App Store URL (the app must be published; TestFlight is accepted)"
                )

    if not config.products:
        problems.append("Products: add at least one product")
    if Product.LOGIN_KIT in config.products:
        for platform in config.platforms:
            if not config.redirect_uris.get(platform):
                problems.append(f"Login Kit: {_PLATFORM_TITLES[platform]} has no redirect URI")
    if Product.WEBHOOKS in config.products and not config.webhook_callback_url:
        problems.append("Webhooks: the callback URL is missing")

    explained = {k for k, v in config.product_explanations.items() if v and v.strip()}
    for product in sorted((Product(p) for p in config.products), key=list(PRODUCTS).index):
        if product.value not in explained:
            problems.append(f"Explanations: product {product.value} ({PRODUCTS[product].title}) is not explained")
    for scope in sorted(config.scopes):
        if scope not in explained:
            problems.append(f"Explanations: scope {scope} is not explained")

    if not 1 <= len(demo_videos) <= MAX_DEMO_VIDEOS:
        problems.append(f"Demo videos: upload 1 to {MAX_DEMO_VIDEOS}, got {len(demo_videos)}")
    for video in demo_videos:
        if video.size > MAX_DEMO_VIDEO_SIZE:
            problems.append(f"Demo videos: {video.name!r} is {video.size / MB:.1f} MB, over 50 MB")

    if Product.CONTENT_POSTING_API in config.products and not url_properties:
        problems.append("URL properties: the Content Posting API needs at least one verified URL property")
    if verify_urls:
        urls = [
            ("the Terms of Service URL", details.terms_of_service_url),
            ("the Privacy Policy URL", details.privacy_policy_url),
            *(
                (f"the {_PLATFORM_TITLES[p]} website URL", s.website_url)
                for p, s in config.platforms.items()
                if p in ("web", "desktop")
            ),
            *(
                (f"the {_PLATFORM_TITLES[p]} redirect URI", uri)
                for p, uris in config.redirect_uris.items()
                for uri in uris
                if not is_loopback_uri(uri)
            ),
            ("the Webhooks callback URL", config.webhook_callback_url),
        ]
        for label, url in urls:
            if url and not url_is_verified(_with_path(url), url_properties):
                problems.append(f"URL properties: {label} {url} is not under a verified URL property")
    return problems


def _with_path(url: str) -> str:
    """``https://example.com`` is ``https://example.com/`` (under the prefix ``https://example.com/``)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/")) if not parts.path else url
