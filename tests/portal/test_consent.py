"""The portal answers the authorize page with objects, not URLs: the API layer writes them."""

from __future__ import annotations

from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest

from pytest_tiktok_sandbox import Account, Sandbox
from pytest_tiktok_sandbox.payloads.oauth import AuthorizationRedirect
from pytest_tiktok_sandbox.portal.consent import CodeGrant, RedirectError, RedirectRefusal

CALLBACK = "https://example.com/callback"


@pytest.fixture
def login_sandbox(sandbox: Sandbox, account: Account) -> Sandbox:
    sandbox.configure(products=["login_kit"], scopes=["user.info.basic"], redirect_uris={"web": [CALLBACK]})
    sandbox.add_target_user(account, account.password)
    return sandbox


def test_consent_is_a_code_grant_with_its_scopes(login_sandbox: Sandbox, account: Account) -> None:
    login_kit = login_sandbox.app.portal.login_kit
    consent = login_kit.decide(login_sandbox, account, "user.info.basic", CALLBACK, state="s1")
    assert isinstance(consent, CodeGrant)
    assert (consent.redirect_uri, consent.scopes, consent.state) == (CALLBACK, ("user.info.basic",), "s1")
    assert consent.code not in repr(consent), "the code is a secret"
    query = parse_qs(urlsplit(consent.location).query)
    assert query == {"code": [consent.code], "scopes": ["user.info.basic"], "state": ["s1"]}
    assert list(query) == ["code", "scopes", "state"], "TikTok's order"


@pytest.mark.parametrize(
    ("kwargs", "reason", "description"),
    [
        ({"decline": True}, RedirectError.ACCESS_DENIED, "The user denied the authorization request."),
        ({"response_type": "token"}, RedirectError.UNSUPPORTED_RESPONSE_TYPE, "Only response_type=code is supported."),
    ],
)
def test_a_refusal_by_redirect_carries_its_reason(
    login_sandbox: Sandbox, account: Account, kwargs: dict[str, object], reason: RedirectError, description: str
) -> None:
    login_kit = login_sandbox.app.portal.login_kit
    consent = login_kit.decide(login_sandbox, account, "user.info.basic", CALLBACK, state="s2", **kwargs)  # type: ignore[arg-type]
    assert consent == RedirectRefusal(CALLBACK, reason, "s2")
    assert consent.location == (f"{CALLBACK}?error={reason.value}&state=s2&error_description={quote_plus(description)}")


def test_the_sandbox_still_answers_the_redirect_url(login_sandbox: Sandbox, account: Account) -> None:
    url = login_sandbox.authorize(account, "user.info.basic", CALLBACK, state="s3")
    callback = AuthorizationRedirect.model_validate({k: v[0] for k, v in parse_qs(urlsplit(url).query).items()})
    assert callback.scopes == "user.info.basic" and callback.state == "s3" and callback.code
    assert callback.error is None
