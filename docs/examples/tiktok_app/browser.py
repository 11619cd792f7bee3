"""What a person's browser does in the example's tests: follow redirects between our app
(a Flask test client) and TikTok (answered by the plugin)."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def sign_in(client: FlaskClient, *, posting: bool = False) -> requests.Response:
    """Click "Sign in with TikTok": our app redirects to TikTok's authorize page."""
    to_tiktok = client.get("/login?posting=1" if posting else "/login")
    assert to_tiktok.status_code == 302
    return requests.get(to_tiktok.headers["Location"], allow_redirects=False, timeout=10)


def follow_back(client: FlaskClient, tiktok_page: requests.Response) -> TestResponse:
    """TikTok redirects the browser back to our callback."""
    assert tiktok_page.status_code == 302, tiktok_page.text
    back = urlsplit(tiktok_page.headers["Location"])
    return client.get(f"{back.path}?{back.query}")
