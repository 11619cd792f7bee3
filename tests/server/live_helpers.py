"""What a client of the live server does, with plain ``requests``: the authorize page's forms,
the redirect's query, the token endpoint. Shared by the tests of ``tests/server``."""

from __future__ import annotations

import hashlib
import html
import io
import re
import secrets
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from pytest_tiktok_sandbox import Account, Sandbox
from pytest_tiktok_sandbox.server import LiveServer

CALLBACK = "https://example.com/auth/tiktok/callback"
DESKTOP_CALLBACK = "http://127.0.0.1:*/callback"
ERROR_TYPE = re.compile(r'data-error-type="([^"]*)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def error_type(response: requests.Response) -> str | None:
    """The ``error_type`` on TikTok's error page (None when the page is not one)."""
    match = ERROR_TYPE.search(response.text)
    return match.group(1) if match else None


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden fields of a page's forms (the consent form's binding to its account)."""
    return {name: html.unescape(value) for name, value in HIDDEN.findall(page)}


def redirect_query(response: requests.Response) -> dict[str, str]:
    """The query of a 302's Location (first values)."""
    assert response.status_code == 302, (response.status_code, response.text[:300])
    return {k: v[0] for k, v in parse_qs(urlsplit(response.headers["Location"]).query).items()}


def pkce_pair() -> tuple[str, str]:
    """A verifier and TikTok's challenge for it (lowercase hex SHA-256)."""
    verifier = secrets.token_urlsafe(48)
    return verifier, hashlib.sha256(verifier.encode()).hexdigest()


class PageClient:
    """A person at the live authorize page, as form posts (one browser: one cookie jar)."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.session = requests.Session()
        self.page: requests.Response | None = None
        """The last page shown (its form is the one :meth:`answer` posts)."""

    def close(self) -> None:
        self.session.close()

    def _shown(self, response: requests.Response) -> requests.Response:
        self.page = response
        return response

    def open(self, url: str) -> requests.Response:
        return self._shown(self.session.get(url, allow_redirects=False, timeout=10))

    def log_in(self, url: str, account: Account | str, password: str | None = None) -> requests.Response:
        username = account if isinstance(account, str) else account.username
        secret = password if password is not None else account.password  # type: ignore[union-attr]
        form = {"action": "login", "username": username, "password": secret}
        return self._shown(self.session.post(url, data=form, allow_redirects=False, timeout=10))

    def answer(
        self,
        url: str,
        action: str = "approve",
        scopes: list[str] | None = None,
        *,
        page: requests.Response | None = None,
    ) -> requests.Response:
        """Press ``action`` on ``page`` (the last page shown by default), as a browser posts
        its form: with the form's hidden fields."""
        shown = page if page is not None else self.page
        form: dict[str, Any] = hidden_fields(shown.text) if shown is not None else {}
        form.pop("scope_form", None)  # without ``scopes``: every requested scope
        form["action"] = action
        if scopes is not None:
            form["scope_form"] = "1"
            form["scope"] = scopes
        return self._shown(self.session.post(url, data=form, allow_redirects=False, timeout=10))

    def code(self, url: str, account: Account) -> str:
        """Log in, approve every scope: the code of the redirect."""
        consent = self.log_in(url, account)
        assert consent.status_code == 200 and 'id="consent"' in consent.text, consent.text[:500]
        return redirect_query(self.answer(url))["code"]


def exchange(
    server: LiveServer, sandbox: Sandbox, code: str, redirect_uri: str = CALLBACK, **fields: str
) -> dict[str, Any]:
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        **fields,
    }
    body: dict[str, Any] = requests.post(server.url + "/v2/oauth/token/", data=form, timeout=10).json()
    return body


def live_token(server: LiveServer, sandbox: Sandbox, account: Account, scope: str) -> str:
    """An access token of ``account``, through the live authorize page and token endpoint."""
    client = PageClient(server)
    try:
        code = client.code(server.authorize_url(sandbox, scope, CALLBACK, "s"), account)
    finally:
        client.close()
    body = exchange(server, sandbox, code)
    assert "access_token" in body, body
    return str(body["access_token"])


class CallbackReceiver:
    """A tiny app on loopback standing for the redirect URI: records each query it gets."""

    def __init__(self) -> None:
        self.queries: list[dict[str, str]] = []
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/callback"

    def _app(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        if request.path != "/callback":  # the browser's favicon
            return Response(status=404)(environ, start_response)
        self.queries.append(dict(request.args))
        status = "denied" if "error" in request.args else "signed in"
        page = f"<!doctype html><title>Callback</title><h1 id=result>{status}</h1>"
        return Response(page, content_type="text/html")(environ, start_response)

    @contextmanager
    def running(self) -> Iterator[CallbackReceiver]:
        self._thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()


@contextmanager
def serving(host: str = "127.0.0.1", seed: int = 3) -> Iterator[io.StringIO]:
    """``tiktok-sandbox serve`` (the default sandbox) running in a thread until its banner is
    printed; yields what it printed, then stops it and checks it exited 0."""
    from pytest_tiktok_sandbox.cli import serve

    out = io.StringIO()
    stop = threading.Event()
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(serve(None, host, 0, seed, quiet=True, out=out, stop=stop)))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while "Ctrl-C to stop." not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        yield out
    finally:
        stop.set()
        thread.join(timeout=30)
    assert codes == [0]


def png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct colour bytes of a PNG (8-bit, non-interlaced)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    idat = b""
    offset = 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            idat += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    pixels = zlib.decompress(idat)
    return width, height, len(set(pixels))
