"""Login Kit with QR code: ``/v2/oauth/get_qrcode/`` and ``/v2/oauth/check_qrcode/``.

TikTok's page "Login Kit with QR Code" (developers.tiktok.com/doc/login-kit-qr-code-authorization)
documents the two endpoints, the ``client_ticket`` the app puts in ``scan_qrcode_url`` and
must find echoed back, the statuses ``new``, ``scanned``, ``confirmed``, ``expired`` and
``utilised``, and the ``redirect_uri`` that carries the code once confirmed. Only plain
``requests`` calls, as an app's backend makes them; the scanning user is played by
``tiktok_api.scan_qrcode`` / ``confirm_qrcode``.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, ApiSettings, AuthorizationRefused, Clock, Portal, Sandbox
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.payloads.oauth import QrCodeResponse, QrCodeStatus

from .login_kit_client import CALLBACK, LOG_ID, LoginKitClient, oauth_error, tokens_of

GET_QRCODE_URL = "https://open.tiktokapis.com/v2/oauth/get_qrcode/"
CHECK_QRCODE_URL = "https://open.tiktokapis.com/v2/oauth/check_qrcode/"


class QrClient:
    """What a TV or desktop app's backend does: get a QR code, fill in its client_ticket, poll."""

    def __init__(self, sandbox: Sandbox, state: str = "qr-state") -> None:
        self.client_key, self.client_secret, self.state = sandbox.client_key, sandbox.client_secret, state
        self.ticket = secrets.token_urlsafe(24)
        self.token = ""
        self.scan_url = ""

    def get_qrcode(self, scope: str = "user.info.basic", **fields: str | None) -> requests.Response:
        form = {"client_key": self.client_key, "scope": scope, "state": self.state, **fields}
        return requests.post(GET_QRCODE_URL, data={k: v for k, v in form.items() if v is not None}, timeout=5)

    def start(self, scope: str = "user.info.basic") -> str:
        answer = self.get_qrcode(scope)
        assert answer.status_code == 200, answer.text
        body = QrCodeResponse.model_validate(answer.json())
        self.token = body.token
        self.scan_url = body.scan_qrcode_url.replace("tobefilled", self.ticket)
        return self.scan_url

    def check(self, **fields: str | None) -> requests.Response:
        form = {"client_key": self.client_key, "client_secret": self.client_secret, "token": self.token, **fields}
        return requests.post(CHECK_QRCODE_URL, data={k: v for k, v in form.items() if v is not None}, timeout=5)

    def status(self) -> dict[str, Any]:
        answer = self.check()
        assert answer.status_code == 200, answer.text
        assert answer.headers["Content-Type"].startswith("application/json")
        assert LOG_ID.match(answer.headers["x-tt-logid"])
        QrCodeStatus.model_validate(answer.json())
        return dict(answer.json())


@pytest.fixture
def qr(tiktok_sandbox: Sandbox) -> QrClient:
    return QrClient(tiktok_sandbox)


@pytest.fixture
def user(tiktok_target_users: list[Account]) -> Account:
    return tiktok_target_users[0]


def code_of(redirect_uri: str) -> dict[str, str]:
    base, _, query = redirect_uri.partition("?")
    assert base == CALLBACK
    return {k: v[0] for k, v in parse_qs(query).items()}


def test_the_whole_qr_code_login(qr: QrClient, user: Account, tiktok_api: TikTokMock, tiktok_sandbox: Sandbox) -> None:
    # Login Kit with QR Code: get_qrcode -> scan_qrcode_url + token; the app fills in its
    # client_ticket; check_qrcode goes new -> scanned -> confirmed, echoing the ticket, and the
    # confirmed answer's redirect_uri carries the code, exchanged at /v2/oauth/token/.
    answer = qr.get_qrcode("user.info.basic,video.list")
    assert sorted(answer.json()) == ["scan_qrcode_url", "token"]
    scan_url = answer.json()["scan_qrcode_url"]
    assert "client_ticket=tobefilled" in scan_url
    assert parse_qs(urlsplit(scan_url).query)["client_key"] == [tiktok_sandbox.client_key]
    qr.token = answer.json()["token"]
    qr.scan_url = scan_url.replace("tobefilled", qr.ticket)
    assert qr.status() == {"status": "new"}

    tiktok_api.scan_qrcode(qr.scan_url, user)
    assert qr.status() == {"status": "scanned", "client_ticket": qr.ticket}

    tiktok_api.confirm_qrcode(qr.scan_url)
    confirmed = qr.status()
    assert confirmed["status"] == "confirmed"
    assert confirmed["client_ticket"] == qr.ticket
    assert confirmed["state"] == "qr-state"
    params = code_of(confirmed["redirect_uri"])
    assert params["state"] == "qr-state"
    assert params["scopes"] == "user.info.basic,video.list"
    assert "%2A0%21" in confirmed["redirect_uri"]  # the code's * and ! arrive percent-encoded

    login_kit = LoginKitClient(qr.client_key, qr.client_secret)
    tokens = tokens_of(login_kit.exchange(params["code"], CALLBACK))
    assert tokens["open_id"] == user.open_id
    assert tokens["scope"] == "user.info.basic,video.list"

    # confirmed is answered once; the QR code is used up after that
    assert qr.status() == {"status": "utilised", "client_ticket": qr.ticket}
    assert login_kit.exchange(params["code"], CALLBACK).json()["error"] == "invalid_grant"


def test_the_echoed_client_ticket_is_the_scanned_urls(qr: QrClient, user: Account, tiktok_api: TikTokMock) -> None:
    # "always verify that the client_ticket matches the one generated by you, and reject any
    # response where this validation fails": a QR code scanned with another ticket (a forged
    # or replayed QR code) is echoed with that ticket, so a checking app can refuse it.
    qr.start()
    forged = qr.scan_url.replace(qr.ticket, "attacker-ticket")
    tiktok_api.confirm_qrcode(forged, user)
    status = qr.status()
    assert status["status"] == "confirmed"
    assert status["client_ticket"] == "attacker-ticket" != qr.ticket


def test_an_unfilled_ticket_is_echoed_as_sent(qr: QrClient, user: Account, tiktok_api: TikTokMock) -> None:
    qr.start()
    tiktok_api.scan_qrcode(qr.scan_url.replace(qr.ticket, "tobefilled"), user)
    assert qr.status()["client_ticket"] == "tobefilled"


@pytest.mark.parametrize("ticket", ["", "x" * 512])
def test_a_scanned_url_needs_a_ticket_under_512_characters(
    qr: QrClient, user: Account, tiktok_api: TikTokMock, ticket: str
) -> None:
    # "URL safe and the URL-encoded version is under 512 characters"
    qr.start()
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_api.scan_qrcode(qr.scan_url.replace(qr.ticket, ticket), user)
    assert refused.value.error_type == "qrcode"
    assert qr.status() == {"status": "new"}


def test_only_target_users_can_scan_a_sandboxs_qr_code(
    qr: QrClient, tiktok_portal: Portal, tiktok_api: TikTokMock
) -> None:
    # The same rule as the authorize page: only a sandbox's target users may authorize it.
    qr.start()
    stranger = tiktok_portal.create_account()
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_api.scan_qrcode(qr.scan_url, stranger)
    assert (refused.value.error, refused.value.error_type) == ("unauthorized_client", "client_key")
    with pytest.raises(AuthorizationRefused):
        tiktok_api.confirm_qrcode(qr.scan_url, stranger)
    assert qr.status() == {"status": "new"}


def test_a_target_user_removed_after_scanning_cannot_confirm(
    qr: QrClient, user: Account, tiktok_api: TikTokMock, tiktok_sandbox: Sandbox
) -> None:
    qr.start()
    tiktok_api.scan_qrcode(qr.scan_url, user)
    tiktok_sandbox.remove_target_user(user)
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_api.confirm_qrcode(qr.scan_url)
    assert refused.value.error_type == "client_key"
    assert qr.status()["status"] == "scanned"


@pytest.mark.parametrize("close", ["delete", "ban"])
def test_a_deleted_or_banned_account_cannot_scan_or_confirm(
    qr: QrClient, user: Account, tiktok_api: TikTokMock, close: str
) -> None:
    # The same rule as the authorize page: a deleted or banned account can no longer log in
    # to TikTok, so it cannot scan a QR code in the TikTok app, nor confirm one it scanned
    # before ("authorization.removed" reasons 2 and 4, TikTok's webhook events page).
    qr.start()
    getattr(user, close)()
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_api.confirm_qrcode(qr.scan_url, user)
    assert (refused.value.error, refused.value.error_type) == ("access_denied", "account")
    assert qr.status() == {"status": "new"}


@pytest.mark.parametrize("close", ["delete", "ban"])
def test_an_account_closed_after_scanning_cannot_confirm(
    qr: QrClient, user: Account, tiktok_api: TikTokMock, close: str
) -> None:
    qr.start()
    tiktok_api.scan_qrcode(qr.scan_url, user)
    getattr(user, close)()
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_api.confirm_qrcode(qr.scan_url)
    assert (refused.value.error, refused.value.error_type) == ("access_denied", "account")
    assert qr.status()["status"] == "scanned"


def test_confirming_needs_a_scan_first(qr: QrClient, tiktok_api: TikTokMock) -> None:
    qr.start()
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_api.confirm_qrcode(qr.scan_url)
    assert "not scanned" in str(refused.value)


@pytest.mark.tiktok_sandbox(target_users=2)
def test_another_account_cannot_confirm_what_one_scanned(
    qr: QrClient, tiktok_api: TikTokMock, tiktok_target_users: list[Account]
) -> None:
    qr.start()
    tiktok_api.scan_qrcode(qr.scan_url, tiktok_target_users[0])
    with pytest.raises(AuthorizationRefused):
        tiktok_api.confirm_qrcode(qr.scan_url, tiktok_target_users[1])


def test_a_qr_code_expires(qr: QrClient, user: Account, tiktok_api: TikTokMock, tiktok_clock: Clock) -> None:
    qr.start()
    tiktok_api.scan_qrcode(qr.scan_url, user)
    tiktok_clock.advance(seconds=119)
    assert qr.status()["status"] == "scanned"
    tiktok_clock.advance(seconds=1)
    assert qr.status() == {"status": "expired", "client_ticket": qr.ticket}
    with pytest.raises(AuthorizationRefused):
        tiktok_api.confirm_qrcode(qr.scan_url)
    with pytest.raises(AuthorizationRefused):
        tiktok_api.scan_qrcode(qr.scan_url, user)


def test_the_user_may_grant_only_some_scopes(qr: QrClient, user: Account, tiktok_api: TikTokMock) -> None:
    qr.start("user.info.basic,user.info.profile,video.list")
    tiktok_api.confirm_qrcode(qr.scan_url, user, grant=["video.list"])
    assert code_of(qr.status()["redirect_uri"])["scopes"] == "user.info.basic,video.list"


def test_the_token_call_needs_the_redirect_uri(qr: QrClient, user: Account, tiktok_api: TikTokMock) -> None:
    # /v2/oauth/token/ takes redirect_uri with every authorization_code grant; for a QR code
    # login it is the redirect URI check_qrcode answered (without its query).
    qr.start()
    tiktok_api.confirm_qrcode(qr.scan_url, user)
    code = code_of(qr.status()["redirect_uri"])["code"]
    login_kit = LoginKitClient(qr.client_key, qr.client_secret)
    assert oauth_error(login_kit.exchange(code, None)) == (
        "invalid_grant",
        "Redirect_uri is not matched with the uri when requesting code.",
    )


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"client_key": None}, "invalid_request"),
        ({"client_key": "awnosuchkey0000000"}, "invalid_client"),
        ({"scope": ""}, "invalid_scope"),
        ({"scope": "user.info.basic,no.such.scope"}, "invalid_scope"),
        ({"scope": "video.publish"}, "invalid_scope"),  # not enabled for the sandbox
    ],
)
def test_get_qrcode_refusals(qr: QrClient, fields: dict[str, str | None], error: str) -> None:
    assert oauth_error(qr.get_qrcode(**fields))[0] == error  # type: ignore[arg-type]


def test_get_qrcode_does_not_echo_a_huge_scope(qr: QrClient) -> None:
    huge = ",".join(f"no.such.scope.{i}{'x' * 200}" for i in range(500))
    code, message = oauth_error(qr.get_qrcode(huge))
    assert code == "invalid_scope"
    assert len(message) < 600
    assert "no.such.scope.0" in message and "and 495 more" in message


def test_get_qrcode_takes_a_form_only(qr: QrClient) -> None:
    answer = requests.post(GET_QRCODE_URL, json={"client_key": qr.client_key, "scope": "user.info.basic"}, timeout=5)
    assert oauth_error(answer) == ("invalid_request", "The request parameters are malformed.")


@pytest.mark.tiktok_sandbox(products=["display_api"], scopes=["video.list"])
def test_get_qrcode_needs_login_kit(qr: QrClient) -> None:
    assert oauth_error(qr.get_qrcode("video.list"))[0] == "unauthorized_client"


@pytest.mark.tiktok_sandbox(redirect_uris={"desktop": ["http://localhost:*/cb"]})
def test_get_qrcode_needs_a_redirect_uri_to_send_the_code_to(qr: QrClient) -> None:
    assert oauth_error(qr.get_qrcode())[0] == "invalid_request"


@pytest.mark.tiktok_sandbox(redirect_uris={"desktop": ["http://127.0.0.1:8790/qr"]})
def test_a_desktop_redirect_uri_serves_too(qr: QrClient, user: Account, tiktok_api: TikTokMock) -> None:
    qr.start()
    tiktok_api.confirm_qrcode(qr.scan_url, user)
    assert qr.status()["redirect_uri"].startswith("http://127.0.0.1:8790/qr?code=")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"client_secret": "wrong"}, "invalid_client"),
        ({"client_secret": None}, "invalid_client"),
        ({"token": None}, "invalid_request"),
        ({"token": "no-such-token"}, "invalid_grant"),
    ],
)
def test_check_qrcode_refusals(qr: QrClient, fields: dict[str, str | None], error: str) -> None:
    qr.start()
    assert oauth_error(qr.check(**fields))[0] == error


def test_another_clients_qr_code_token_is_refused(qr: QrClient, other_sandbox: Sandbox) -> None:
    qr.start()
    form = {"client_key": other_sandbox.client_key, "client_secret": other_sandbox.client_secret, "token": qr.token}
    assert oauth_error(requests.post(CHECK_QRCODE_URL, data=form, timeout=5))[0] == "invalid_grant"


class TestRefusalsFollowTheOAuthErrorStatus:
    @pytest.fixture
    def tiktok_api_settings(self) -> ApiSettings:
        return ApiSettings(oauth_error_status=400)

    def test_a_400_user_gets_400(self, qr: QrClient) -> None:
        qr.start()
        assert oauth_error(qr.check(token="nope"), status=400)[0] == "invalid_grant"


def test_the_qr_code_token_is_not_in_the_portals_repr(qr: QrClient, tiktok_portal: Portal) -> None:
    qr.start()
    code = tiktok_portal.qr_login.check(tiktok_portal.client(qr.client_key), qr.token)  # type: ignore[arg-type]
    assert qr.token not in repr(code)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.tiktok.com/v2/auth/authorize/?token=secret-token",
        "aweme://authorize?client_key=x&token=secret-token&client_ticket=t",  # not issued
        "aweme://[authorize?token=secret-token",  # urlsplit: "Invalid IPv6 URL"
    ],
)
def test_only_a_scan_qrcode_url_can_be_scanned(user: Account, tiktok_api: TikTokMock, url: str) -> None:
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_api.scan_qrcode(url, user)
    assert refused.value.error_type == "qrcode"
    assert "secret-token" not in str(refused.value)


def test_scanning_the_token_instead_of_the_url_says_which_to_pass(
    qr: QrClient, user: Account, tiktok_api: TikTokMock
) -> None:
    qr.start()
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_api.scan_qrcode(qr.token, user)  # get_qrcode's token, not its scan_qrcode_url
    message = str(refused.value)
    assert "pass get_qrcode's scan_qrcode_url (not its token)" in message
    assert ": ://" not in message  # the empty scheme and host of a bare value read as nothing
    assert qr.token not in message


class TestQrCodeGrantsAreLikeAnyOther:
    """A QR code login's tokens follow the token lifetimes setting and die with the user's
    authorization ("Manage OAuth Access Tokens"; webhooks-events, ``authorization.removed``:
    "The access_token for the user will have been already revoked")."""

    @pytest.fixture
    def tiktok_api_settings(self) -> ApiSettings:
        return ApiSettings(access_token_lifetime=86_400, refresh_token_lifetime=31_536_000)

    def test_lifetimes_then_disconnect(
        self, qr: QrClient, user: Account, tiktok_api: TikTokMock, tiktok_sandbox: Sandbox
    ) -> None:
        qr.start()
        tiktok_api.confirm_qrcode(qr.scan_url, user)
        code = code_of(qr.status()["redirect_uri"])["code"]
        tokens = tokens_of(LoginKitClient(qr.client_key, qr.client_secret).exchange(code, CALLBACK))
        assert (tokens["expires_in"], tokens["refresh_expires_in"]) == (86_400, 31_536_000)
        user_info = "https://open.tiktokapis.com/v2/user/info/?fields=open_id"
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        assert requests.get(user_info, headers=bearer, timeout=5).status_code == 200
        user.disconnect(tiktok_sandbox)
        assert requests.get(user_info, headers=bearer, timeout=5).status_code == 401
