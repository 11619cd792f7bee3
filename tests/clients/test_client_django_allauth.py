"""django-allauth's TikTok provider (``allauth.socialaccount.providers.tiktok``), run unmodified.

A minimal Django project is configured in this module (in-memory SQLite, allauth's URLs) and
driven with Django's test client: the login view redirects to TikTok's authorize page, the
"browser" (``requests`` without following redirects) brings back the code, and allauth's
callback view exchanges it (``requests``, form-encoded, ``client_key``) and reads
``GET /v2/user/info/?fields=...`` with a ``Client-ID`` header, then signs the user in.
allauth does not refresh or revoke TikTok tokens.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

pytest.importorskip("allauth")
django = pytest.importorskip("django")

from django.conf import settings  # noqa: E402

from pytest_tiktok_sandbox import Account, Sandbox, TikTokMock  # noqa: E402

HOST = "testserver"
CALLBACK = f"https://{HOST}/accounts/tiktok/login/callback/"

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="tests-only",
        ALLOWED_HOSTS=[HOST],
        ROOT_URLCONF=__name__,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "allauth",
            "allauth.account",
            "allauth.socialaccount",
            "allauth.socialaccount.providers.tiktok",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "allauth.account.middleware.AccountMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        AUTHENTICATION_BACKENDS=["allauth.account.auth_backends.AuthenticationBackend"],
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        LOGIN_REDIRECT_URL="/done/",
        ACCOUNT_EMAIL_VERIFICATION="none",
        ACCOUNT_LOGIN_METHODS={"username"},
        ACCOUNT_SIGNUP_FIELDS=["username*", "password1*"],
        ACCOUNT_DEFAULT_HTTP_PROTOCOL="https",
        SOCIALACCOUNT_LOGIN_ON_GET=True,
        SOCIALACCOUNT_AUTO_SIGNUP=True,
        SOCIALACCOUNT_STORE_TOKENS=True,
        SOCIALACCOUNT_PROVIDERS={},
    )
    django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

urlpatterns = [path("accounts/", include("allauth.urls"))]

allauth_sandbox = pytest.mark.tiktok_sandbox(redirect_uris={"web": [CALLBACK]})


@pytest.fixture
def db() -> Iterator[None]:
    from django.db import connection

    call_command("migrate", run_syncdb=True, verbosity=0)
    yield
    from allauth.socialaccount.models import SocialAccount, SocialToken
    from django.contrib.auth import get_user_model

    SocialToken.objects.all().delete()
    SocialAccount.objects.all().delete()
    get_user_model().objects.all().delete()
    connection.close()


def provider_settings(sandbox: Sandbox, **extra: Any) -> Any:
    return override_settings(
        SOCIALACCOUNT_PROVIDERS={
            "tiktok": {"APPS": [{"client_id": sandbox.client_key, "secret": sandbox.client_secret}], **extra}
        }
    )


def sign_in(client: Client) -> tuple[dict[str, list[str]], Any]:
    """allauth's login view → TikTok's authorize page (the browser) → allauth's callback."""
    start = client.get("/accounts/tiktok/login/", secure=True)
    assert start.status_code == 302, start.content[:500]
    authorize_url = start["Location"]
    assert authorize_url.startswith("https://www.tiktok.com/v2/auth/authorize/?"), authorize_url
    page = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert page.status_code == 302, (page.status_code, page.text[:500])
    back = page.headers["Location"]
    assert back.startswith(CALLBACK + "?"), back
    bits = urlsplit(back)
    done = client.get(f"{bits.path}?{bits.query}", secure=True)
    return parse_qs(urlsplit(authorize_url).query), done


@allauth_sandbox
def test_sign_in_creates_the_social_account(
    db: None, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    from allauth.socialaccount.models import SocialAccount, SocialToken

    user = tiktok_target_users[0]
    with provider_settings(tiktok_sandbox):
        query, done = sign_in(Client())
    assert query["client_key"] == [tiktok_sandbox.client_key]
    assert sorted(query["scope"][0].split(",")) == ["user.info.basic", "user.info.profile"]
    assert done.status_code == 302 and done["Location"] == "/done/", (done.status_code, done.content[:800])
    account = SocialAccount.objects.get(provider="tiktok")
    assert account.uid == user.open_id
    assert account.extra_data["open_id"] == user.open_id
    assert set(account.extra_data) == {"open_id", "display_name", "avatar_url", "username", "profile_deep_link"}
    assert account.user.username  # auto-signup took TikTok's username
    token = SocialToken.objects.get(account=account)
    assert token.token.startswith("act.") and token.token_secret.startswith("rft.")
    assert [c.method + " " + c.path for c in tiktok_api.calls] == [
        "GET /v2/auth/authorize/",
        "POST /v2/oauth/token/",
        "GET /v2/user/info/",
    ]


@allauth_sandbox
def test_sign_in_with_allauths_pkce(db: None, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    """OAUTH_PKCE_ENABLED: allauth sends an RFC 7636 (base64url) challenge on a web redirect."""
    from allauth.socialaccount.models import SocialAccount

    with provider_settings(tiktok_sandbox, OAUTH_PKCE_ENABLED=True):
        query, done = sign_in(Client())
    assert query["code_challenge_method"] == ["S256"]
    assert done.status_code == 302 and done["Location"] == "/done/", (done.status_code, done.content[:800])
    assert SocialAccount.objects.get(provider="tiktok").uid == tiktok_target_users[0].open_id


@allauth_sandbox
def test_declined_consent_shows_allauths_cancel_page(
    db: None, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    from allauth.socialaccount.models import SocialAccount

    tiktok_api.login(tiktok_target_users[0], decline=True)
    with provider_settings(tiktok_sandbox):
        _query, done = sign_in(Client())
    # allauth treats error=access_denied as a cancelled login
    assert done.status_code in (200, 302), done.status_code
    assert not SocialAccount.objects.exists()
    assert [c.path for c in tiktok_api.calls] == ["/v2/auth/authorize/"]


@allauth_sandbox
def test_profile_scope_unticked_fails_the_user_info_read(
    db: None, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    """The user grants only user.info.basic: allauth still asks for ``username`` and
    ``profile_deep_link`` (it reads the *requested* scopes), TikTok answers 401
    scope_not_authorized and allauth shows its authentication error page."""
    from allauth.socialaccount.models import SocialAccount

    tiktok_api.login(tiktok_target_users[0], grant=["user.info.basic"])
    with provider_settings(tiktok_sandbox):
        _query, done = sign_in(Client())
    assert done.status_code == 401, done.status_code  # allauth's authentication error page
    assert not SocialAccount.objects.exists()
    statuses = [(c.path, c.status) for c in tiktok_api.calls]
    assert statuses[-1] == ("/v2/user/info/", 401), statuses
