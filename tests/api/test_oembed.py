"""Embed Videos: TikTok's oEmbed endpoint, ``GET https://www.tiktok.com/oembed?url=…``.

TikTok's page "Embed Videos" (developers.tiktok.com/doc/embed-videos) documents the request
(``url``, a TikTok video URL) and the answer's fields; the error body and its status come
from what clients see (differences.md, "oEmbed").
"""

from __future__ import annotations

import re

import pytest
import requests

from pytest_tiktok_sandbox import Account, ApiSettings, App, Clock, Portal, Sandbox
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.payloads.embed import OEmbed, OEmbedError
from pytest_tiktok_sandbox.server import LiveServer

from .posting_client import Poster, data, token_for

OEMBED_URL = "https://www.tiktok.com/oembed"
DOCUMENTED_FIELDS = [
    "version",
    "type",
    "title",
    "author_url",
    "author_name",
    "width",
    "height",
    "html",
    "thumbnail_width",
    "thumbnail_height",
    "thumbnail_url",
    "provider_url",
    "provider_name",
]


def oembed(url: str | None) -> requests.Response:
    return requests.get(OEMBED_URL, params={"url": url} if url is not None else None, timeout=5)


@pytest.fixture
def creator(tiktok_portal: Portal, tiktok_api: TikTokMock) -> Account:
    """A public account with public videos (the plugin is active: ``tiktok_api``)."""
    return tiktok_portal.create_account(is_private=False, username="embed.creator", video_count=3)


def test_oembed_answers_tiktoks_documented_fields_for_a_public_video(creator: Account) -> None:
    # Embed Videos page: GET https://www.tiktok.com/oembed?url=https://www.tiktok.com/@scout2015/video/<id>
    # answers version, type, title, author_url, author_name, width, height, html, thumbnail_*,
    # provider_url and provider_name.
    video = creator.videos[1]
    answer = oembed(f"https://www.tiktok.com/@embed.creator/video/{video.id}")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("application/json")
    body = answer.json()
    assert list(body)[: len(DOCUMENTED_FIELDS)] == DOCUMENTED_FIELDS
    parsed = OEmbed.model_validate(body)
    assert (parsed.version, parsed.type) == ("1.0", "video")
    assert parsed.title == video.video_description
    assert parsed.author_url == "https://www.tiktok.com/@embed.creator"
    assert parsed.author_name == creator.display_name
    assert (parsed.width, parsed.height) == ("100%", "100%")
    assert (parsed.thumbnail_width, parsed.thumbnail_height) == (video.width, video.height)
    assert parsed.thumbnail_url == video.cover_image_url
    assert (parsed.provider_url, parsed.provider_name) == ("https://www.tiktok.com", "TikTok")
    assert parsed.embed_product_id == video.id
    assert f'data-video-id="{video.id}"' in parsed.html
    assert f'cite="https://www.tiktok.com/@embed.creator/video/{video.id}"' in parsed.html
    assert '<script async src="https://www.tiktok.com/embed.js"></script>' in parsed.html


def test_the_video_is_found_by_id_whatever_the_handle_and_query(creator: Account) -> None:
    video = creator.videos[0]
    for url in (
        f"https://www.tiktok.com/@_/video/{video.id}",
        f"https://m.tiktok.com/@embed.creator/video/{video.id}/?is_from_webapp=1&sender_device=pc",
        f"http://tiktok.com/@embed.creator/video/{video.id}#comments",
    ):
        assert oembed(url).json()["embed_product_id"] == video.id, url


def test_the_caption_is_escaped_in_the_html(creator: Account) -> None:
    video = creator.videos[0]
    video.video_description = 'Tom & "Jerry" <b>'
    body = oembed(f"https://www.tiktok.com/@embed.creator/video/{video.id}").json()
    assert body["title"] == 'Tom & "Jerry" <b>'
    assert "<p>Tom &amp; &quot;Jerry&quot; &lt;b&gt;</p>" in body["html"]


def unavailable(answer: requests.Response) -> None:
    """TikTok's answer for a video it cannot embed: 400 and its error body."""
    assert answer.status_code == 400
    assert answer.json() == {"status_code": 10101, "status_msg": "Something went wrong"}
    OEmbedError.model_validate(answer.json())


@pytest.mark.parametrize("privacy", ["SELF_ONLY", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR"])
def test_a_video_that_is_not_public_cannot_be_embedded(creator: Account, privacy: str) -> None:
    # Embed Videos page: "A video's availability is consistent with its availability on TikTok."
    video = creator.videos[0]
    video.privacy_level = privacy  # type: ignore[assignment]
    unavailable(oembed(f"https://www.tiktok.com/@embed.creator/video/{video.id}"))


def test_a_private_accounts_videos_cannot_be_embedded(tiktok_portal: Portal, tiktok_api: TikTokMock) -> None:
    private = tiktok_portal.create_account(is_private=True, username="hidden", video_count=1)
    unavailable(oembed(f"https://www.tiktok.com/@hidden/video/{private.videos[0].id}"))


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://www.tiktok.com/@embed.creator/video/7000000000000000001",  # no such video
        "https://www.tiktok.com/@embed.creator",  # a profile, not a video
        "https://vm.tiktok.com/ZMabcdef/",  # a short link: not resolved
        "https://evil.example/@embed.creator/video/7000000000000000001",
        "not a url",
    ],
)
def test_anything_but_a_public_video_gets_tiktoks_error(creator: Account, url: str | None) -> None:
    unavailable(oembed(url))


def test_a_video_page_is_on_tiktok_com_not_on_the_api_hosts(creator: Account) -> None:
    # Embed Videos page: the url is the video's page on TikTok, https://www.tiktok.com/@<user>/video/<id>;
    # open.tiktokapis.com serves the API, not video pages.
    video = creator.videos[0]
    for host in ("open.tiktokapis.com", "open-upload.tiktokapis.com", "tiktokapis.com"):
        unavailable(oembed(f"https://{host}/@embed.creator/video/{video.id}"))


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/@embed.creator/video/7000000000000000001",  # urlsplit: "Invalid IPv6 URL"
        "https://www.tiktok.com:99999/@embed.creator/video/7000000000000000001",
        "https://www.tiktok.com/@embed.creator/video/7000000000000000001\x00",
        "x" * 100_000,
    ],
)
def test_a_malformed_url_gets_tiktoks_error_not_a_traceback(creator: Account, url: str) -> None:
    unavailable(oembed(url))


@pytest.mark.parametrize("close", ["delete", "ban"])
def test_a_deleted_or_banned_accounts_videos_cannot_be_embedded(creator: Account, close: str) -> None:
    # Embed Videos page: "A video's availability is consistent with its availability on TikTok":
    # a deleted or banned account's videos are no longer on TikTok.
    video = next(v for v in creator.videos if v.privacy_level == "PUBLIC_TO_EVERYONE")
    getattr(creator, close)()
    for handle in ("embed.creator", "_"):
        unavailable(oembed(f"https://www.tiktok.com/@{handle}/video/{video.id}"))


@pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"],
    scopes=["user.info.basic", "video.publish"],
    direct_post=True,
    url_properties=["https://cdn.example.com/"],
)
def test_a_post_is_embeddable_once_publicly_available_not_before(
    tiktok_app: App, tiktok_sandbox: Sandbox, tiktok_portal: Portal, tiktok_clock: Clock, tiktok_api: TikTokMock
) -> None:
    # Webhooks events, post.publish.publicly_available: the post "is now publicly viewable on
    # TikTok" only after moderation (status fetch: publicaly_available_post_id is empty until
    # then); Embed Videos: "A video's availability is consistent with its availability on TikTok".
    tiktok_app.import_sandbox(tiktok_sandbox)
    tiktok_app.approve()
    tiktok_app.pass_posting_audit()
    public = tiktok_portal.create_account(is_private=False, username="fresh.poster", video_count=0)
    poster = Poster(token_for(tiktok_app, public, "user.info.basic,video.publish"))
    tiktok_clock.freeze()
    init = data(poster.direct_pull("https://cdn.example.com/a.mp4", privacy_level="PUBLIC_TO_EVERYONE"))
    tiktok_clock.advance(7)
    status = data(poster.status(init["publish_id"]))
    assert (status["status"], status["publicaly_available_post_id"]) == ("PUBLISH_COMPLETE", [])  # in moderation
    page = f"https://www.tiktok.com/@fresh.poster/video/{public.videos[0].id}"
    unavailable(oembed(page))
    tiktok_clock.advance(10)
    assert data(poster.status(init["publish_id"]))["publicaly_available_post_id"] == [int(public.videos[0].id)]
    assert oembed(page).json()["embed_product_id"] == public.videos[0].id


def test_a_video_removed_from_the_account_is_gone(creator: Account) -> None:
    video = creator.videos.pop(0)
    unavailable(oembed(f"https://www.tiktok.com/@embed.creator/video/{video.id}"))


def test_the_call_log_says_why_a_video_was_refused(creator: Account, tiktok_api: TikTokMock) -> None:
    video = creator.videos[0]
    video.privacy_level = "SELF_ONLY"
    oembed(f"https://www.tiktok.com/@embed.creator/video/{video.id}")
    oembed("https://www.tiktok.com/@embed.creator")
    assert [c.error_code for c in tiktok_api.calls.to("/oembed")] == [
        "oembed:video_not_public",
        "oembed:not_a_video_url",
    ]
    assert re.fullmatch(r"GET www\.tiktok\.com/oembed -> 400 oembed:video_not_public", str(tiktok_api.calls[0]))


class TestTheErrorStatusIsASetting:
    @pytest.fixture
    def tiktok_api_settings(self) -> ApiSettings:
        return ApiSettings(oembed_error_status=404)

    def test_a_user_who_sees_404_can_have_it(self, creator: Account) -> None:
        answer = oembed("https://www.tiktok.com/@embed.creator/video/1")
        assert answer.status_code == 404
        assert answer.json()["status_msg"] == "Something went wrong"


def test_the_live_server_answers_oembed_too(creator: Account, tiktok_server: LiveServer) -> None:
    video = creator.videos[0]
    answer = requests.get(
        tiktok_server.url + "/oembed", params={"url": f"https://www.tiktok.com/@_/video/{video.id}"}, timeout=5
    )
    assert answer.status_code == 200
    assert answer.json()["embed_product_id"] == video.id
