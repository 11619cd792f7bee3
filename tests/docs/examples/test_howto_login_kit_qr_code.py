"""The samples of docs/how-to/login-kit-qr-code.md: Login Kit with QR code (TV and desktop apps)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, AuthorizationRefused, Clock, Portal, Sandbox
from pytest_tiktok_sandbox.mock import TikTokMock

CALLBACK = "https://example.com/auth/tiktok/callback"


# --8<-- [start:app]
# Your app's backend (here, a few functions): start a QR login, then poll it.
@dataclass
class QrLogin:
    token: str  # polls check_qrcode; keep it server-side
    ticket: str  # your client_ticket: check TikTok echoes it
    state: str
    qr_url: str  # what the QR code on screen shows


def start_qr_login(client_key: str, scope: str) -> QrLogin:
    state, ticket = secrets.token_urlsafe(16), secrets.token_urlsafe(24)
    answer = requests.post(
        "https://open.tiktokapis.com/v2/oauth/get_qrcode/",
        data={"client_key": client_key, "scope": scope, "state": state},
        timeout=10,
    ).json()
    qr_url = answer["scan_qrcode_url"].replace("tobefilled", ticket)
    return QrLogin(answer["token"], ticket, state, qr_url)


def poll_qr_login(client_key: str, client_secret: str, login: QrLogin) -> str | None:
    """The code once the user confirmed, None while waiting; raises when it cannot succeed."""
    answer = requests.post(
        "https://open.tiktokapis.com/v2/oauth/check_qrcode/",
        data={"client_key": client_key, "client_secret": client_secret, "token": login.token},
        timeout=10,
    ).json()
    if "error" in answer:
        raise RuntimeError(answer["error_description"])
    if answer["status"] in ("expired", "utilised"):
        raise RuntimeError(f"QR code {answer['status']}: show a new one")
    if answer["status"] in ("scanned", "confirmed") and answer["client_ticket"] != login.ticket:
        raise RuntimeError("client_ticket mismatch: reject this login")
    if answer["status"] != "confirmed":
        return None
    query = parse_qs(urlsplit(answer["redirect_uri"]).query)
    if query["state"][0] != login.state:
        raise RuntimeError("state mismatch")
    return query["code"][0]  # URL-decoded by parse_qs, as the token endpoint needs it
    # --8<-- [end:app]


def exchange(sandbox: Sandbox, code: str) -> dict[str, str]:
    return dict(
        requests.post(
            "https://open.tiktokapis.com/v2/oauth/token/",
            data={
                "client_key": sandbox.client_key,
                "client_secret": sandbox.client_secret,
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": CALLBACK,
            },
            timeout=10,
        ).json()
    )


# --8<-- [start:flow]
def test_qr_code_login(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock) -> None:
    key, secret = tiktok_sandbox.client_key, tiktok_sandbox.client_secret
    login = start_qr_login(key, "user.info.basic")
    assert poll_qr_login(key, secret, login) is None  # new: nobody scanned yet

    user = tiktok_target_users[0]
    tiktok_api.scan_qrcode(login.qr_url, user)  # the user scans it in the TikTok app...
    assert poll_qr_login(key, secret, login) is None  # scanned

    tiktok_api.confirm_qrcode(login.qr_url)  # ...and confirms
    code = poll_qr_login(key, secret, login)
    assert code is not None

    # The code is exchanged as any other, with the redirect URI the code was sent to.
    tokens = exchange(tiktok_sandbox, code)
    assert tokens["open_id"] == user.open_id
    # --8<-- [end:flow]


# --8<-- [start:ticket]
def test_a_forged_qr_code_is_rejected(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    key, secret = tiktok_sandbox.client_key, tiktok_sandbox.client_secret
    login = start_qr_login(key, "user.info.basic")
    forged = login.qr_url.replace(login.ticket, "someone-elses-ticket")
    tiktok_api.confirm_qrcode(forged, tiktok_target_users[0])  # scans and confirms in one step
    with pytest.raises(RuntimeError, match="client_ticket mismatch"):
        poll_qr_login(key, secret, login)
    # --8<-- [end:ticket]


# --8<-- [start:rules]
def test_what_can_go_wrong(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock, tiktok_portal: Portal
) -> None:
    key, secret = tiktok_sandbox.client_key, tiktok_sandbox.client_secret
    login = start_qr_login(key, "user.info.basic")

    # Only a sandbox's target users can scan its QR codes, as on the authorize page.
    with pytest.raises(AuthorizationRefused) as refused:
        tiktok_api.scan_qrcode(login.qr_url, tiktok_portal.create_account())
    assert refused.value.error_type == "client_key"

    # A confirmed QR code is answered once; the next poll says it is used up.
    tiktok_api.confirm_qrcode(login.qr_url, tiktok_target_users[0])
    assert poll_qr_login(key, secret, login) is not None
    with pytest.raises(RuntimeError, match="utilised"):
        poll_qr_login(key, secret, login)
    # --8<-- [end:rules]


# --8<-- [start:expiry]
def test_an_unconfirmed_qr_code_expires(tiktok_sandbox: Sandbox, tiktok_clock: Clock) -> None:
    key, secret = tiktok_sandbox.client_key, tiktok_sandbox.client_secret
    login = start_qr_login(key, "user.info.basic")
    tiktok_clock.advance(minutes=2)
    with pytest.raises(RuntimeError, match="expired"):
        poll_qr_login(key, secret, login)
    # --8<-- [end:expiry]
