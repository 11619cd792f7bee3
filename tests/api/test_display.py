"""The Display API over HTTP: ``/v2/user/info/``, ``/v2/video/list/`` and ``/v2/video/query/``.

Only plain ``requests`` calls to TikTok's URLs, with tokens obtained through Login Kit the
way an app's backend gets them (``login_kit_client.py``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import requests
import time_machine

from pytest_tiktok_sandbox import Account, ApiSettings, App, Clock, Portal, Sandbox, TikTokSandbox
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.payloads.display import (
    ApiErrorBody,
    Envelope,
    UserInfo,
    UserInfoData,
    VideoListData,
    VideoListRequest,
    VideoQueryRequest,
)
from pytest_tiktok_sandbox.videos import VIDEO_FIELDS, Video

from .login_kit_client import LOG_ID, LoginKitClient

API = "https://open.tiktokapis.com/v2"
USER_INFO_URL = f"{API}/user/info/"
VIDEO_LIST_URL = f"{API}/video/list/"
VIDEO_QUERY_URL = f"{API}/video/query/"
ALL_SCOPES = "user.info.basic,user.info.profile,user.info.stats,video.list"

BASIC = ("open_id", "union_id", "avatar_url", "avatar_url_100", "avatar_large_url", "display_name")
PROFILE = ("bio_description", "profile_deep_link", "is_verified", "username", "profile_web_link")
STATS = ("follower_count", "following_count", "likes_count", "video_count")
GROUPS = {"user.info.basic": BASIC, "user.info.profile": PROFILE, "user.info.stats": STATS}
USER_FIELDS = (*BASIC, *PROFILE, *STATS)


# -- helpers ------------------------------------------------------------------------------------
def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def user_info(token: str, fields: str | None = ",".join(USER_FIELDS), **headers: str) -> requests.Response:
    params = {"fields": fields} if fields is not None else None
    return requests.get(USER_INFO_URL, params=params, headers={**auth(token), **headers}, timeout=5)


def video_list(token: str, body: Any = None, fields: str | None = "id,create_time", **kwargs: Any) -> requests.Response:
    params = {"fields": fields} if fields is not None else None
    return requests.post(VIDEO_LIST_URL, params=params, json=body, headers=auth(token), timeout=5, **kwargs)


def video_query(token: str, body: Any, fields: str | None = "id,title") -> requests.Response:
    params = {"fields": fields} if fields is not None else None
    return requests.post(VIDEO_QUERY_URL, params=params, json=body, headers=auth(token), timeout=5)


def ok_data(response: requests.Response) -> dict[str, Any]:
    """``data`` of a success, after checking TikTok's envelope, status and log id."""
    assert response.headers["Content-Type"].split(";")[0] == "application/json"
    body = response.json()
    assert response.status_code == 200, body
    assert sorted(body) == ["data", "error"]
    assert body["error"] == {"code": "ok", "message": "", "log_id": response.headers["x-tt-logid"]}
    assert LOG_ID.match(body["error"]["log_id"])
    return dict(body["data"])


def api_error(response: requests.Response, status: int) -> tuple[str, str]:
    """``(code, message)`` of a refusal, after checking its envelope (empty ``data``)."""
    body = response.json()
    assert response.status_code == status, body
    assert body["data"] == {}
    assert body["error"]["log_id"] == response.headers["x-tt-logid"]
    return body["error"]["code"], body["error"]["message"]


def listed(account: Account) -> list[Video]:
    return [v for v in account.videos if v.is_listed]


def walk(token: str, max_count: int, fields: str = "id") -> tuple[list[str], list[dict[str, Any]]]:
    """Every page of /video/list/ by following the cursor: (ids in order, the pages' data)."""
    ids: list[str] = []
    pages: list[dict[str, Any]] = []
    body: dict[str, Any] = {"max_count": max_count}
    while True:
        data = ok_data(video_list(token, body, fields))
        pages.append(data)
        ids += [v["id"] for v in data["videos"]]
        if not data["has_more"]:
            return ids, pages
        assert len(pages) < 100, "the cursor does not move"
        body = {"max_count": max_count, "cursor": data["cursor"]}


# -- fixtures -----------------------------------------------------------------------------------
SHORT_PAGES = pytest.mark.parametrize("tiktok_api_settings", [ApiSettings()], indirect=True, ids=["short_pages"])
"""Run a test with the default settings: short pages on."""


@pytest.fixture
def tiktok_api_settings(request: pytest.FixtureRequest) -> ApiSettings:
    """Full pages (``short_pages=False``), for the tests of exact pages; ``SHORT_PAGES``
    gives a test the defaults."""
    return getattr(request, "param", ApiSettings(short_pages=False))


@pytest.fixture
def token(login_kit: LoginKitClient) -> str:
    """An access token of the target user with every Display scope."""
    return str(login_kit.sign_in(ALL_SCOPES)["access_token"])


@pytest.fixture
def creator(tiktok_portal: Portal, tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> Account:
    """A second target user with 45 videos (5 of them SELF_ONLY), logged in to tiktok.com."""
    account = tiktok_portal.create_account(is_private=True, video_count=45)
    for video in account.videos[3:45:9]:
        video.privacy_level = "SELF_ONLY"
    tiktok_sandbox.add_target_user(account, account.password)
    tiktok_api.login(account)
    return account


@pytest.fixture
def creator_token(creator: Account, tiktok_sandbox: Sandbox) -> str:
    return str(tiktok_sandbox.sign_in(creator, ALL_SCOPES)["access_token"])


def signed_in_creator(portal: Portal, sandbox: Sandbox, video_count: int) -> tuple[Account, str]:
    """A new private target user with ``video_count`` videos, and their access token."""
    account = portal.create_account(is_private=True, video_count=video_count)
    sandbox.add_target_user(account, account.password)
    return account, str(sandbox.sign_in(account, ALL_SCOPES)["access_token"])


# -- /v2/user/info/ -------------------------------------------------------------------------------
def test_user_info_returns_the_requested_fields_of_the_tokens_user(token: str, target_user: Account) -> None:
    user = ok_data(user_info(token, "open_id,display_name,follower_count"))["user"]
    assert user == {
        "open_id": target_user.open_id,
        "display_name": target_user.display_name,
        "follower_count": target_user.follower_count,
    }


def test_every_user_field_matches_the_account(token: str, target_user: Account) -> None:
    user = ok_data(user_info(token))["user"]
    assert list(user) == list(USER_FIELDS)
    assert user == {name: getattr(target_user, name) for name in USER_FIELDS}
    assert user["video_count"] == target_user.video_count
    assert isinstance(user["is_verified"], bool)
    assert all(isinstance(user[n], int) and not isinstance(user[n], bool) for n in STATS)


def test_another_target_users_token_shows_that_user(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, creator: Account, target_user: Account
) -> None:
    theirs = login_kit.sign_in(ALL_SCOPES)["access_token"]  # the creator is logged in
    tiktok_api.login(target_user)
    token = login_kit.sign_in(ALL_SCOPES)["access_token"]
    assert ok_data(user_info(theirs, "open_id,username"))["user"] == {
        "open_id": creator.open_id,
        "username": creator.username,
    }
    assert ok_data(user_info(token, "open_id"))["user"]["open_id"] == target_user.open_id


@pytest.mark.parametrize("scope", list(GROUPS))
def test_each_field_group_works_with_its_scope_alone(login_kit: LoginKitClient, scope: str) -> None:
    token = login_kit.sign_in(scope)["access_token"]
    user = ok_data(user_info(token, ",".join(GROUPS[scope])))["user"]
    assert list(user) == list(GROUPS[scope])


@pytest.mark.parametrize("scope", list(GROUPS))
def test_each_field_needs_its_scope(login_kit: LoginKitClient, tiktok_api: TikTokMock, scope: str) -> None:
    others = ",".join(s for s in ALL_SCOPES.split(",") if s != scope)
    token = login_kit.sign_in(others)["access_token"]
    for field in GROUPS[scope]:
        code, message = api_error(user_info(token, f"{field}"), 401)
        assert code == "scope_not_authorized"
        assert field in message and scope in message
    assert tiktok_api.calls.to("/v2/user/info/")[-1].error_code == "scope_not_authorized"
    # the other groups still answer with the same token
    other_fields = [f for s, fs in GROUPS.items() if s != scope for f in fs]
    assert list(ok_data(user_info(token, ",".join(other_fields)))["user"]) == other_fields


def test_one_field_without_its_scope_refuses_the_whole_call(login_kit: LoginKitClient) -> None:
    token = login_kit.sign_in("user.info.basic")["access_token"]
    code, message = api_error(user_info(token, "open_id,display_name,likes_count,username"), 401)
    assert code == "scope_not_authorized"
    assert "likes_count" in message and "user.info.stats" in message
    assert "username" in message and "user.info.profile" in message
    assert "open_id" not in message


def test_fields_tolerate_spaces_empty_items_and_repeats(token: str, target_user: Account) -> None:
    user = ok_data(user_info(token, " display_name , open_id,,display_name, "))["user"]
    assert list(user) == ["display_name", "open_id"]
    assert user["open_id"] == target_user.open_id


def test_repeated_fields_parameters_add_up(token: str) -> None:
    response = requests.get(f"{USER_INFO_URL}?fields=open_id&fields=username", headers=auth(token), timeout=5)
    assert list(ok_data(response)["user"]) == ["open_id", "username"]


@pytest.mark.parametrize("fields", [None, "", " , ,"])
def test_user_info_without_fields_is_refused(token: str, fields: str | None) -> None:
    code, message = api_error(user_info(token, fields), 400)
    assert code == "invalid_params"
    assert message.startswith("fields is required")
    assert "display_name" in message  # the valid names are listed


@pytest.mark.parametrize("unknown", ["nope", "title", "Open_ID", "open_id;display_name"])
def test_an_unknown_user_field_is_refused_by_name(token: str, unknown: str) -> None:
    code, message = api_error(user_info(token, f"display_name,{unknown}"), 400)
    assert code == "invalid_params"
    assert unknown in message
    assert all(name in message for name in USER_FIELDS)


def test_head_is_answered_like_get_without_a_body(token: str) -> None:
    url = f"{USER_INFO_URL}?fields=open_id"
    head = requests.head(url, headers=auth(token), timeout=5)
    get = requests.get(url, headers=auth(token), timeout=5)
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert LOG_ID.match(head.headers["x-tt-logid"])


def test_an_extra_client_id_header_is_ignored(token: str, tiktok_sandbox: Sandbox, target_user: Account) -> None:
    response = user_info(token, "open_id", **{"Client-ID": tiktok_sandbox.client_key})
    assert ok_data(response)["user"] == {"open_id": target_user.open_id}


@pytest.mark.parametrize(
    ("method", "url"),
    [("POST", USER_INFO_URL), ("GET", VIDEO_LIST_URL), ("PUT", VIDEO_QUERY_URL), ("DELETE", USER_INFO_URL)],
)
def test_a_wrong_method_is_405(token: str, method: str, url: str) -> None:
    response = requests.request(method, url, params={"fields": "id"}, headers=auth(token), timeout=5)
    code, message = api_error(response, 405)
    assert code == "invalid_params"
    assert "allowed" in message


# -- tokens -----------------------------------------------------------------------------------------
def _all_endpoints(token: str | None) -> list[requests.Response]:
    headers = auth(token) if token is not None else {}
    return [
        requests.get(USER_INFO_URL, params={"fields": "open_id"}, headers=headers, timeout=5),
        requests.post(VIDEO_LIST_URL, params={"fields": "id"}, json={}, headers=headers, timeout=5),
        requests.post(
            VIDEO_QUERY_URL, params={"fields": "id"}, json={"filters": {"video_ids": ["1"]}}, headers=headers, timeout=5
        ),
    ]


def _assert_token_refused(responses_: list[requests.Response]) -> None:
    for response in responses_:
        code, message = api_error(response, 401)
        assert code == "access_token_invalid"
        assert message == "The access token is invalid or not found in the request."


def test_no_token_is_refused(tiktok_sandbox: Sandbox) -> None:
    _assert_token_refused(_all_endpoints(None))


@pytest.mark.parametrize("bad", ["act.garbage", "", "clt.nope"])
def test_an_unknown_token_is_refused(tiktok_sandbox: Sandbox, bad: str) -> None:
    _assert_token_refused(_all_endpoints(bad))


def test_a_refresh_token_or_client_token_is_not_an_access_token(login_kit: LoginKitClient) -> None:
    tokens = login_kit.sign_in(ALL_SCOPES)
    _assert_token_refused(_all_endpoints(tokens["refresh_token"]))
    client_token = login_kit.client_credentials().json()["access_token"]
    _assert_token_refused(_all_endpoints(client_token))


def test_a_token_in_another_scheme_is_refused(token: str) -> None:
    response = requests.get(
        USER_INFO_URL, params={"fields": "open_id"}, headers={"Authorization": f"Basic {token}"}, timeout=5
    )
    assert api_error(response, 401)[0] == "access_token_invalid"


def test_a_revoked_token_is_refused(login_kit: LoginKitClient, token: str) -> None:
    assert ok_data(user_info(token, "open_id"))
    assert login_kit.revoke(token).status_code == 200
    _assert_token_refused(_all_endpoints(token))


def test_an_expired_token_is_refused_and_a_refreshed_one_works(
    login_kit: LoginKitClient, tiktok_clock: Clock, target_user: Account
) -> None:
    tiktok_clock.freeze()
    tokens = login_kit.sign_in(ALL_SCOPES)
    tiktok_clock.advance(hours=1, minutes=59)
    assert ok_data(user_info(tokens["access_token"], "open_id"))
    tiktok_clock.advance(minutes=1)  # 2 hours ("Manage OAuth Access Tokens"): the access token is dead
    _assert_token_refused(_all_endpoints(tokens["access_token"]))
    fresh = login_kit.refresh(tokens["refresh_token"]).json()["access_token"]
    assert ok_data(user_info(fresh, "open_id"))["user"]["open_id"] == target_user.open_id


def test_a_token_of_a_deleted_sandbox_is_refused(tiktok_app: App, tiktok_sandbox: Sandbox, token: str) -> None:
    assert ok_data(video_list(token))
    tiktok_app.delete_sandbox(tiktok_sandbox)
    _assert_token_refused(_all_endpoints(token))


def test_a_token_of_another_sandbox_reads_its_own_user(
    other_login_kit: LoginKitClient, other_sandbox: Sandbox, tiktok_api: TikTokMock
) -> None:
    theirs = other_sandbox.all_target_users[0]
    tiktok_api.login(theirs)
    token = other_login_kit.sign_in("user.info.basic")["access_token"]
    assert ok_data(user_info(token, "open_id"))["user"] == {"open_id": theirs.open_id}
    # that sandbox has no Display API: video.list was never granted
    assert api_error(video_list(token), 401)[0] == "scope_not_authorized"


# -- scopes and the applied configuration --------------------------------------------------------------
def test_a_scope_removed_from_the_sandbox_stops_working_once_applied(tiktok_sandbox: Sandbox, token: str) -> None:
    tiktok_sandbox.remove_scope("user.info.stats")
    assert ok_data(user_info(token, "follower_count"))  # staged only: nothing changed yet
    tiktok_sandbox.apply_changes()
    code, message = api_error(user_info(token, "open_id,follower_count"), 401)
    assert code == "scope_not_authorized"
    assert "user.info.stats" in message and "follower_count" in message
    assert ok_data(user_info(token, "open_id,username"))  # the other scopes still work
    tiktok_sandbox.add_scope("user.info.stats")
    tiktok_sandbox.apply_changes()
    assert ok_data(user_info(token, "follower_count"))  # the user's grant still had it


def test_disabling_the_display_api_stops_the_video_endpoints(tiktok_sandbox: Sandbox, token: str) -> None:
    assert ok_data(video_list(token))
    tiktok_sandbox.disable_product("display_api")
    tiktok_sandbox.apply_changes()
    for response in _all_endpoints(token)[1:]:
        code, message = api_error(response, 401)
        assert code == "scope_not_authorized"
        assert "video.list" in message
    assert ok_data(user_info(token, "open_id"))


@pytest.mark.parametrize("call", [video_list, lambda t: video_query(t, {"filters": {"video_ids": ["1"]}})])
def test_the_video_endpoints_need_video_list(login_kit: LoginKitClient, call: Any) -> None:
    token = login_kit.sign_in("user.info.basic,user.info.profile,user.info.stats")["access_token"]
    code, message = api_error(call(token), 401)
    assert code == "scope_not_authorized"
    assert "video.list" in message


def test_a_scope_the_user_unticked_is_refused(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, target_user: Account
) -> None:
    tiktok_api.login(target_user, grant=["user.info.basic", "user.info.profile"])
    token = login_kit.sign_in(ALL_SCOPES)["access_token"]
    assert ok_data(user_info(token, "username"))
    assert api_error(user_info(token, "video_count"), 401)[0] == "scope_not_authorized"
    assert api_error(video_list(token), 401)[0] == "scope_not_authorized"


# -- the order of the checks --------------------------------------------------------------------------
def test_a_bad_token_wins_over_bad_fields_and_bodies(tiktok_sandbox: Sandbox) -> None:
    assert api_error(user_info("act.garbage", "nope"), 401)[0] == "access_token_invalid"
    assert api_error(video_list("act.garbage", {"max_count": 99}, "nope"), 401)[0] == "access_token_invalid"


def test_bad_fields_and_bodies_win_over_a_missing_scope(login_kit: LoginKitClient) -> None:
    token = login_kit.sign_in("user.info.basic")["access_token"]
    assert api_error(user_info(token, "follower_count,nope"), 400)[0] == "invalid_params"
    assert api_error(video_list(token, {"max_count": 0}), 400)[0] == "invalid_params"
    assert api_error(video_list(token, {}, None), 400)[0] == "invalid_params"
    assert api_error(video_query(token, {"filters": {}}), 400)[0] == "invalid_params"


# -- /v2/video/list/ ----------------------------------------------------------------------------------------
def test_video_list_defaults_to_the_ten_newest_listed_videos(creator_token: str, creator: Account) -> None:
    data = ok_data(video_list(creator_token))
    expected = listed(creator)[:10]
    assert [v["id"] for v in data["videos"]] == [v.id for v in expected]
    assert [v["create_time"] for v in data["videos"]] == [v.create_time for v in expected]
    assert data["cursor"] == expected[-1].create_time_ms
    assert data["has_more"] is True


@pytest.mark.parametrize("body", [None, {}, {"cursor": 0}, {"cursor": None, "max_count": None}, {"other": 1}])
def test_an_empty_body_or_nulls_mean_the_defaults(creator_token: str, creator: Account, body: Any) -> None:
    data = ok_data(video_list(creator_token, body, "id"))
    assert [v["id"] for v in data["videos"]] == [v.id for v in listed(creator)[:10]]


def test_video_list_returns_only_the_requested_fields(creator_token: str, creator: Account) -> None:
    data = ok_data(video_list(creator_token, {"max_count": 3}, "title,view_count"))
    assert [list(v) for v in data["videos"]] == [["title", "view_count"]] * 3
    assert data["videos"][0] == {"title": listed(creator)[0].title, "view_count": listed(creator)[0].view_count}


def test_every_video_field_matches_the_video(creator_token: str, creator: Account) -> None:
    data = ok_data(video_list(creator_token, {"max_count": 5}, ",".join(VIDEO_FIELDS)))
    assert data["videos"] == [v.field_values() for v in listed(creator)[:5]]
    first = data["videos"][0]
    assert isinstance(first["id"], str)
    assert first["create_time"] == listed(creator)[0].create_time_ms // 1000
    assert first["embed_link"] == f"https://www.tiktok.com/static/profile-video?id={first['id']}"


@pytest.mark.parametrize("max_count", [1, 7, 20])
def test_without_short_pages_walking_the_cursor_fills_every_page(
    creator_token: str, creator: Account, max_count: int
) -> None:
    ids, pages = walk(creator_token, max_count)
    assert ids == [v.id for v in listed(creator)]
    assert len(ids) == 40
    assert all(len(p["videos"]) == max_count for p in pages[:-1])
    assert all(p["has_more"] for p in pages[:-1]) and not pages[-1]["has_more"]
    assert len(pages) == -(-40 // max_count)


# -- short pages ------------------------------------------------------------------------------------------
# TikTok's "List Videos" reference: the endpoint "may return less than max_count videos even if
# has_more is true" (tiktok-api-v2-video-list). The fake answers short pages by default, from the
# seed, always on a first page, so a client that stops on a short page misses videos.
@SHORT_PAGES
def test_a_first_page_is_short_while_has_more_is_true(creator_token: str, creator: Account) -> None:
    data = ok_data(video_list(creator_token, {"max_count": 10}, "id"))
    assert 5 <= len(data["videos"]) < 10
    assert data["has_more"] is True
    assert [v["id"] for v in data["videos"]] == [v.id for v in listed(creator)[: len(data["videos"])]]
    assert data["cursor"] == listed(creator)[len(data["videos"]) - 1].create_time_ms


@SHORT_PAGES
def test_even_when_every_video_fits_the_first_page_is_short(tiktok_portal: Portal, tiktok_sandbox: Sandbox) -> None:
    account, token = signed_in_creator(tiktok_portal, tiktok_sandbox, video_count=3)
    first = ok_data(video_list(token, {"max_count": 20}, "id"))
    assert len(first["videos"]) in (1, 2) and first["has_more"] is True
    ids, _ = walk(token, 20)
    assert ids == [v.id for v in account.videos]


@SHORT_PAGES
@pytest.mark.parametrize("max_count", [1, 2, 7, 10, 20])
def test_walking_the_cursor_yields_every_listed_video_once(
    creator_token: str, creator: Account, max_count: int
) -> None:
    ids, pages = walk(creator_token, max_count)
    assert ids == [v.id for v in listed(creator)]
    assert len(ids) == 40
    assert all(1 <= len(p["videos"]) <= max_count for p in pages)
    assert all(p["has_more"] for p in pages[:-1]) and not pages[-1]["has_more"]
    if max_count > 1:
        assert len(pages[0]["videos"]) < max_count, "the first page is always short"


@SHORT_PAGES
def test_a_client_that_stops_on_a_short_page_misses_videos(creator_token: str, creator: Account) -> None:
    seen: list[str] = []
    body: dict[str, Any] = {"max_count": 10}
    while True:  # the bug: "fewer than max_count means the end"
        data = ok_data(video_list(creator_token, body, "id"))
        seen += [v["id"] for v in data["videos"]]
        if len(data["videos"]) < 10:
            break
        body["cursor"] = data["cursor"]
    assert len(seen) < 40


@SHORT_PAGES
def test_the_same_request_gets_the_same_page(creator_token: str) -> None:
    pages = [ok_data(video_list(creator_token, {"max_count": 20}, "id")) for _ in range(3)]
    assert pages[0] == pages[1] == pages[2]


def sixty_videos_in_pages_of_20(tt: TikTokSandbox) -> list[int]:
    """The page sizes of a new target user's 60 public videos, walked 20 at a time."""
    user = tt.portal.create_account(is_private=False, video_count=60)
    tt.sandbox.add_target_user(user, user.password)
    tt.api.login(user)
    token = LoginKitClient(tt.sandbox.client_key, tt.sandbox.client_secret).sign_in(ALL_SCOPES)
    _, pages = walk(token["access_token"], 20)
    return [len(p["videos"]) for p in pages]


def test_short_pages_come_from_the_seed() -> None:
    def page_sizes(seed: int) -> list[int]:
        with TikTokSandbox(seed=seed) as tt:
            return sixty_videos_in_pages_of_20(tt)

    runs = {seed: page_sizes(seed) for seed in (1, 2, 3, 4)}
    assert page_sizes(1) == runs[1], "reproducible under the seed"
    assert len({tuple(sizes) for sizes in runs.values()}) > 1, "and different under another seed"
    assert all(sum(sizes) == 60 for sizes in runs.values())
    every_page = [size for sizes in runs.values() for size in sizes[:-1]]
    assert any(size == 20 for size in every_page), "later pages are full half of the time"
    assert any(size < 20 for sizes in runs.values() for size in sizes[1:-1]), "and short the other half"


def test_short_pages_are_cut_the_same_way_on_any_day() -> None:
    """Regression: the cut was keyed by the cursor, a timestamp that follows the clock, so the
    same seed gave other page sizes a second later (a flaky test in CI)."""

    def page_sizes(when: str) -> list[int]:
        with time_machine.travel(when, tick=False), TikTokSandbox(seed=7) as tt:
            return sixty_videos_in_pages_of_20(tt)

    days = ["2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "2026-06-30T12:34:56Z", "2027-03-03T03:03:03Z"]
    sizes = {day: page_sizes(day) for day in days}
    assert len({tuple(s) for s in sizes.values()}) == 1, sizes


@pytest.mark.parametrize("seed", range(12))
def test_short_pages_never_lose_or_repeat_a_video(seed: int) -> None:
    with TikTokSandbox(seed=seed) as tt:
        user = tt.portal.create_account(is_private=False, video_count=37)
        for video in user.videos[::4]:
            video.privacy_level = "SELF_ONLY"
        tt.sandbox.add_target_user(user, user.password)
        tt.api.login(user)
        token = LoginKitClient(tt.sandbox.client_key, tt.sandbox.client_secret).sign_in(ALL_SCOPES)
        for max_count in (1, 3, 10, 20):
            ids, _ = walk(token["access_token"], max_count)
            assert ids == [v.id for v in user.videos if v.is_listed], (seed, max_count)


def test_max_count_boundaries(creator_token: str) -> None:
    assert len(ok_data(video_list(creator_token, {"max_count": 1}))["videos"]) == 1
    assert len(ok_data(video_list(creator_token, {"max_count": 20}))["videos"]) == 20
    for bad in (0, 21, -1):
        code, message = api_error(video_list(creator_token, {"max_count": bad}), 400)
        assert code == "invalid_params"
        assert "max_count" in message and str(bad) in message


def test_a_page_that_ends_the_list_has_no_more(creator_token: str, creator: Account) -> None:
    videos = listed(creator)
    last_page = ok_data(video_list(creator_token, {"max_count": 20, "cursor": videos[19].create_time_ms}))
    assert [v["id"] for v in last_page["videos"]] == [v.id for v in videos[20:40]]
    assert last_page["has_more"] is False
    assert last_page["cursor"] == videos[39].create_time_ms


def test_the_cursor_means_posted_strictly_before(creator_token: str, creator: Account) -> None:
    videos = listed(creator)
    pivot = videos[4].create_time_ms
    after = ok_data(video_list(creator_token, {"cursor": pivot, "max_count": 2}, "id"))
    assert [v["id"] for v in after["videos"]] == [videos[5].id, videos[6].id]
    including = ok_data(video_list(creator_token, {"cursor": pivot + 1, "max_count": 2}, "id"))
    assert [v["id"] for v in including["videos"]] == [videos[4].id, videos[5].id]


def test_any_timestamp_works_as_a_cursor(creator_token: str, creator: Account, tiktok_clock: Clock) -> None:
    videos = listed(creator)
    future = int(tiktok_clock.now() * 1000) + 86_400_000
    assert [v["id"] for v in ok_data(video_list(creator_token, {"cursor": future}, "id"))["videos"]] == [
        v.id for v in videos[:10]
    ]
    between = (videos[2].create_time_ms + videos[3].create_time_ms) // 2
    assert ok_data(video_list(creator_token, {"cursor": between}, "id"))["videos"][0]["id"] == videos[3].id


def test_a_cursor_older_than_every_video_gives_an_empty_last_page(creator_token: str, creator: Account) -> None:
    oldest = listed(creator)[-1].create_time_ms
    data = ok_data(video_list(creator_token, {"cursor": oldest}))
    assert data == {"videos": [], "cursor": oldest, "has_more": False}
    assert ok_data(video_list(creator_token, {"cursor": 1})) == {"videos": [], "cursor": 1, "has_more": False}


def test_an_account_without_videos_lists_nothing(tiktok_portal: Portal, tiktok_sandbox: Sandbox) -> None:
    _, token = signed_in_creator(tiktok_portal, tiktok_sandbox, video_count=0)
    assert ok_data(video_list(token)) == {"videos": [], "cursor": 0, "has_more": False}
    assert ok_data(user_info(token, "video_count"))["user"] == {"video_count": 0}


def test_self_only_videos_are_never_listed(creator_token: str, creator: Account) -> None:
    hidden = {v.id for v in creator.videos if not v.is_listed}
    assert len(hidden) == 5
    ids, _ = walk(creator_token, 20)
    assert hidden.isdisjoint(ids)
    assert len(ids) == len(creator.videos) - 5
    # video_count is the account's own count, whatever the Display API lists
    assert ok_data(user_info(creator_token, "video_count"))["user"]["video_count"] == creator.video_count


def test_a_video_made_private_disappears_and_the_walk_stays_consistent(creator_token: str, creator: Account) -> None:
    first = ok_data(video_list(creator_token, {"max_count": 5}, "id"))
    listed(creator)[7].privacy_level = "SELF_ONLY"
    rest, _ = walk_from(creator_token, first["cursor"])
    assert [v["id"] for v in first["videos"]] + rest == [v.id for v in listed(creator)]


def walk_from(token: str, cursor: int) -> tuple[list[str], int]:
    ids: list[str] = []
    pages = 0
    while True:
        data = ok_data(video_list(token, {"max_count": 6, "cursor": cursor}, "id"))
        pages += 1
        ids += [v["id"] for v in data["videos"]]
        if not data["has_more"]:
            return ids, pages
        cursor = data["cursor"]


def test_a_video_posted_while_paging_shows_on_the_first_page_only(creator_token: str, creator: Account) -> None:
    before = [v.id for v in listed(creator)]
    first = ok_data(video_list(creator_token, {"max_count": 5}, "id"))
    newest = creator.videos[0]
    creator.add_video(dataclasses.replace(newest, id="7999999999999999999", create_time=newest.create_time))
    rest, _ = walk_from(creator_token, first["cursor"])
    assert [v["id"] for v in first["videos"]] + rest == before
    top = ok_data(video_list(creator_token, {"max_count": 1}, "id"))
    assert top["videos"] == [{"id": "7999999999999999999"}]
    assert top["cursor"] == newest.create_time_ms + 1


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"max_count": "ten"}, "max_count"),
        ({"max_count": "10"}, "max_count"),
        ({"max_count": True}, "max_count"),
        ({"max_count": 10.0}, "max_count"),
        ({"max_count": [10]}, "max_count"),
        ({"cursor": "1700000000000"}, "cursor"),
        ({"cursor": -1}, "cursor"),
        ({"cursor": 2**63}, "cursor"),
        ({"cursor": 1.5}, "cursor"),
        ([], "JSON object"),
        ("max_count", "JSON object"),
        (10, "JSON object"),
    ],
)
def test_a_bad_video_list_body_is_refused(creator_token: str, body: Any, named: str) -> None:
    code, message = api_error(video_list(creator_token, body), 400)
    assert code == "invalid_params"
    assert named in message


@pytest.mark.parametrize("raw", [b"{bad json", b"max_count=5", b"null", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_refused(creator_token: str, raw: bytes) -> None:
    response = requests.post(
        VIDEO_LIST_URL,
        params={"fields": "id"},
        data=raw,
        headers={**auth(creator_token), "Content-Type": "application/json"},
        timeout=5,
    )
    code, message = api_error(response, 400)
    assert code == "invalid_params"
    assert message.startswith("Invalid request body")


@pytest.mark.parametrize("content_type", ["application/json; charset=UTF-8", "text/plain", None])
def test_a_json_body_is_read_whatever_its_content_type(creator_token: str, content_type: str | None) -> None:
    headers = auth(creator_token)
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = requests.post(
        VIDEO_LIST_URL, params={"fields": "id"}, data=b'{"max_count": 3}', headers=headers, timeout=5
    )
    assert len(ok_data(response)["videos"]) == 3


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        (None, "fields is required"),
        ("", "fields is required"),
        ("id,nope", "nope"),
        ("id,display_name", "display_name"),
    ],
)
def test_video_fields_are_checked(creator_token: str, fields: str | None, named: str) -> None:
    for response in (
        video_list(creator_token, {}, fields),
        video_query(creator_token, {"filters": {"video_ids": ["1"]}}, fields),
    ):
        code, message = api_error(response, 400)
        assert code == "invalid_params"
        assert named in message
        assert "cover_image_url" in message  # the valid video fields are listed


# -- /v2/video/query/ ---------------------------------------------------------------------------------------
def test_query_returns_own_listed_videos_in_the_order_asked(
    creator_token: str, creator: Account, target_user: Account
) -> None:
    own = listed(creator)
    hidden = next(v for v in creator.videos if not v.is_listed)
    foreign = target_user.videos[0]
    wanted = [own[5].id, foreign.id, own[0].id, "123", hidden.id, own[17].id, own[0].id]
    data = ok_data(video_query(creator_token, {"filters": {"video_ids": wanted}}, "id,title,cover_image_url"))
    assert data["videos"] == [
        {"id": v.id, "title": v.title, "cover_image_url": v.cover_image_url} for v in (own[5], own[0], own[17])
    ]
    assert data["cursor"] == 0
    assert data["has_more"] is False


@pytest.mark.parametrize("filters", ["x", 5, ["a"], None])
def test_a_query_whose_filters_are_no_object_is_told_so_in_json_terms(creator_token: str, filters: object) -> None:
    """pydantic's message named the fake's model class ("a valid dictionary or instance of
    VideoQueryFilters"); the client sent JSON."""
    code, message = api_error(video_query(creator_token, {"filters": filters}), 400)
    assert code == "invalid_params"
    assert "filters" in message
    if filters is not None:
        assert "should be a JSON object" in message
    assert "VideoQueryFilters" not in message and "instance of" not in message


def test_query_of_nothing_known_is_empty(creator_token: str) -> None:
    assert ok_data(video_query(creator_token, {"filters": {"video_ids": ["1", "2"]}})) == {
        "videos": [],
        "cursor": 0,
        "has_more": False,
    }


def test_query_takes_up_to_20_ids(creator_token: str, creator: Account) -> None:
    ids = [v.id for v in listed(creator)]
    assert len(ok_data(video_query(creator_token, {"filters": {"video_ids": ids[:20]}}, "id"))["videos"]) == 20
    code, message = api_error(video_query(creator_token, {"filters": {"video_ids": ids[:21]}}), 400)
    assert code == "invalid_params"
    assert "video_ids" in message and "20" in message


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (None, "filters"),
        ({}, "filters"),
        ({"video_ids": ["1"]}, "filters"),
        ({"filters": None}, "filters"),
        ({"filters": {}}, "video_ids"),
        ({"filters": {"video_ids": []}}, "video_ids"),
        ({"filters": {"video_ids": "7000000000000000001"}}, "video_ids"),
        ({"filters": {"video_ids": [7000000000000000001]}}, "video_ids"),
        ({"filters": ["x"]}, "filters"),
        (["x"], "JSON object"),
    ],
)
def test_a_bad_query_body_is_refused(creator_token: str, body: Any, named: str) -> None:
    code, message = api_error(video_query(creator_token, body), 400)
    assert code == "invalid_params"
    assert named in message


# -- rate limit ---------------------------------------------------------------------------------------------
def test_600_calls_a_minute_per_app_then_429_then_recovery(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, tiktok_clock: Clock, creator: Account, target_user: Account
) -> None:
    tiktok_clock.freeze()
    mine = login_kit.sign_in(ALL_SCOPES)["access_token"]  # the creator's
    session = requests.Session()
    session.headers.update(auth(mine))

    def info() -> requests.Response:
        return session.get(USER_INFO_URL, params={"fields": "open_id"})

    statuses = [info().status_code for _ in range(600)]
    assert statuses == [200] * 600
    code, message = api_error(info(), 429)
    assert code == "rate_limit_exceeded"
    assert message == "The API rate limit was exceeded. Please try again later."
    # refusals that come first in the order of checks are still answered as such, uncounted
    assert api_error(session.get(USER_INFO_URL, params={"fields": "nope"}), 400)[0] == "invalid_params"
    assert api_error(user_info("act.garbage", "open_id"), 401)[0] == "access_token_invalid"
    # the limit is per app: another user's token of the same sandbox is refused too
    tiktok_api.login(target_user)
    other = login_kit.sign_in("user.info.basic")["access_token"]
    assert api_error(user_info(other, "open_id"), 429)[0] == "rate_limit_exceeded"
    # the window slides: 60 seconds after the first calls, the app may call again
    tiktok_clock.advance(59)
    assert api_error(info(), 429)[0] == "rate_limit_exceeded"
    tiktok_clock.advance(1)
    assert ok_data(info())["user"] == {"open_id": creator.open_id}


def test_each_display_endpoint_has_its_own_600_a_minute(
    login_kit: LoginKitClient, tiktok_api: TikTokMock, tiktok_clock: Clock
) -> None:
    # tiktok-api-v2-rate-limit: "Limits for each API are set and enforced separately":
    # /v2/user/info/, /v2/video/query/ and /v2/video/list/ allow 600 a minute each.
    tiktok_clock.freeze()
    token = login_kit.sign_in(ALL_SCOPES)["access_token"]
    limiter = tiktok_api.api.rate_limiter
    key = login_kit.client_key
    session = requests.Session()
    session.headers.update(auth(token))
    calls = {
        "user_info": lambda: session.get(USER_INFO_URL, params={"fields": "open_id"}),
        "video_list": lambda: session.post(VIDEO_LIST_URL, params={"fields": "id"}, json={"max_count": 1}),
        "video_query": lambda: session.post(
            VIDEO_QUERY_URL, params={"fields": "id"}, json={"filters": {"video_ids": ["1"]}}
        ),
    }
    order = list(calls)
    for index, full in enumerate(order):
        while limiter.count(full, key) < 600:
            limiter.hit(full, key)
        assert api_error(calls[full](), 429)[0] == "rate_limit_exceeded"
        for untouched in order[index + 1 :]:  # a full endpoint leaves the others open
            ok_data(calls[untouched]())
    tiktok_clock.advance(60)
    for call in calls.values():
        ok_data(call())


def test_refused_calls_do_not_count(login_kit: LoginKitClient, tiktok_api: TikTokMock, tiktok_clock: Clock) -> None:
    tiktok_clock.freeze()
    token = login_kit.sign_in("user.info.basic")["access_token"]
    limiter = tiktok_api.api.rate_limiter
    key = login_kit.client_key
    user_info(token, "nope")
    user_info(token, "follower_count")
    video_list(token)
    assert limiter.count("user_info", key) == 0
    ok_data(user_info(token, "open_id"))
    assert limiter.count("user_info", key) == 1


def test_another_apps_limit_is_its_own(
    login_kit: LoginKitClient,
    other_login_kit: LoginKitClient,
    other_sandbox: Sandbox,
    tiktok_api: TikTokMock,
    tiktok_clock: Clock,
) -> None:
    tiktok_clock.freeze()
    token = login_kit.sign_in("user.info.basic")["access_token"]
    for _ in range(600):
        tiktok_api.api.rate_limiter.hit("user_info", login_kit.client_key)
    assert api_error(user_info(token, "open_id"), 429)[0] == "rate_limit_exceeded"
    tiktok_api.login(other_sandbox.all_target_users[0])
    theirs = other_login_kit.sign_in("user.info.basic")["access_token"]
    assert ok_data(user_info(theirs, "open_id"))


# -- the payload models -------------------------------------------------------------------------------------
def test_user_info_answers_parse_into_the_models(token: str, target_user: Account) -> None:
    answer = Envelope[UserInfoData].model_validate(user_info(token, "open_id,is_verified,follower_count").json())
    assert answer.ok
    user = answer.data.user
    assert isinstance(user, UserInfo)
    assert user.model_fields_set == {"open_id", "is_verified", "follower_count"}
    assert user.open_id == target_user.open_id
    assert user.follower_count == target_user.follower_count
    assert user.display_name is None
    full = Envelope[UserInfoData].model_validate(user_info(token).json()).data.user
    assert full is not None
    assert full.model_dump() == {name: getattr(target_user, name) for name in USER_FIELDS}


def test_video_answers_parse_into_the_models(creator_token: str, creator: Account) -> None:
    page = Envelope[VideoListData].model_validate(video_list(creator_token, {"max_count": 4}, "id,view_count").json())
    assert page.ok and page.data.has_more
    assert [v.id for v in page.data.videos] == [v.id for v in listed(creator)[:4]]
    assert page.data.videos[0].view_count == listed(creator)[0].view_count
    assert page.data.videos[0].title is None
    assert page.data.cursor == listed(creator)[3].create_time_ms
    asked = VideoQueryRequest.model_validate({"filters": {"video_ids": [page.data.videos[1].id]}})
    found = Envelope[VideoListData].model_validate(video_query(creator_token, asked.model_dump()).json())
    assert [v.id for v in found.data.videos] == [page.data.videos[1].id]


def test_an_error_answer_parses_too(token: str) -> None:
    answer = Envelope[VideoListData].model_validate(video_list(token, {"max_count": 50}).json())
    assert not answer.ok
    assert isinstance(answer.error, ApiErrorBody)
    assert answer.error.code == "invalid_params"
    assert LOG_ID.match(answer.error.log_id)
    assert answer.data.videos == [] and answer.data.has_more is False
    generic = Envelope[dict[str, Any]].model_validate(user_info(token, "nope").json())
    assert generic.data == {} and generic.error.code == "invalid_params"


def test_a_request_model_builds_a_body_the_fake_accepts(creator_token: str, creator: Account) -> None:
    request = VideoListRequest(cursor=listed(creator)[1].create_time_ms, max_count=2)
    data = ok_data(video_list(creator_token, request.model_dump(exclude_none=True), "id"))
    assert [v["id"] for v in data["videos"]] == [v.id for v in listed(creator)[2:4]]


def test_the_request_models_are_strict() -> None:
    assert VideoListRequest.model_validate({}) == VideoListRequest(cursor=None, max_count=10)
    assert VideoListRequest.model_validate({"max_count": None}).max_count == 10
    for bad in ({"max_count": "ten"}, {"max_count": "5"}, {"max_count": 0}, {"max_count": 21}, {"cursor": -5}):
        with pytest.raises(ValueError, match=r"max_count|cursor"):
            VideoListRequest.model_validate(bad)
    with pytest.raises(ValueError, match="dictionary"):
        VideoListRequest.model_validate([])
    assert VideoQueryRequest.model_validate({"filters": {"video_ids": ["1"] * 20}}).filters.video_ids == ["1"] * 20
    bad_queries: list[Any] = [{"filters": {"video_ids": "1"}}, {"filters": {"video_ids": ["1"] * 21}}, {"filters": {}}]
    for bad_query in bad_queries:
        with pytest.raises(ValueError, match="video_ids"):
            VideoQueryRequest.model_validate(bad_query)


def test_rate_limits_switched_off_mid_test_stop_counting(
    token: str, tiktok_api: TikTokMock, tiktok_clock: Clock
) -> None:
    tiktok_clock.freeze()
    for _ in range(600):
        ok_data(user_info(token, "open_id"))
    assert api_error(user_info(token, "open_id"), 429)[0] == "rate_limit_exceeded"
    tiktok_api.settings.rate_limits = False
    ok_data(user_info(token, "open_id"))
