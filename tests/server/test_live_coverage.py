"""--tiktok-coverage sees what the live authorize page answers a person's browser: the
redirect with a code or with ``access_denied`` (its POSTed forms), not its HTML pages."""

from __future__ import annotations

from live_helpers import CALLBACK, PageClient, redirect_query

from pytest_tiktok_sandbox import Account, Sandbox
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.outcomes import OutcomeRecorder
from pytest_tiktok_sandbox.server import LiveServer

SCOPES = "user.info.basic,video.list"


def test_the_live_authorize_page_is_recorded(
    person: PageClient,
    tiktok_server: LiveServer,
    tiktok_sandbox: Sandbox,
    tiktok_target_users: list[Account],
    tiktok_api: TikTokMock,
) -> None:
    recorder = OutcomeRecorder()
    tiktok_api.api.outcomes = recorder
    url = tiktok_server.authorize_url(tiktok_sandbox, SCOPES, CALLBACK, "s")
    person.log_in(url, tiktok_target_users[0])  # the login form and the consent page: HTML 200s
    assert recorder.met == frozenset()
    assert "code" in redirect_query(person.answer(url))
    person.open(url)  # the consent page again: its form is bound to this session
    person.answer(url, "decline")
    assert recorder.met == {("GET /v2/auth/authorize/", "ok"), ("GET /v2/auth/authorize/", "access_denied")}
