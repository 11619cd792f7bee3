"""The whole fake over real HTTP: a live server on loopback, serving the WSGI application
of ``wsgi.py`` from a background thread.

One server answers for TikTok's three hosts, so requests are routed by path:
``/v2/auth/authorize/`` is www.tiktok.com's authorize page (a real one a person can use:
see ``web/authorize_page.py``), ``/video/`` is the upload host's ``PUT {upload_url}``, and
every other path is open.tiktokapis.com. Each request is handed to the same
:class:`FakeTikTokAPI` the in-process mock uses, under its TikTok URL, so the router, the
call log, the faults and the portal are shared. Routing uses the path exactly as the client
sent it (``%2F`` stays ``%2F``), as the in-process mock sees it::

    with LiveServer(tiktok_api.api) as server:
        requests.post(server.url + "/v2/oauth/token/", data={...})

While a :class:`LiveServer` runs, the ``upload_url`` values of the init endpoints point at it
(``ApiSettings.upload_base_url``). Needs the ``server`` extra (werkzeug).
"""

from __future__ import annotations

import ipaddress
import threading
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

try:
    from werkzeug.serving import BaseWSGIServer, ThreadedWSGIServer, WSGIRequestHandler

    from .wsgi import SandboxWSGIApp, raw_target, tiktok_host
except ImportError as missing:  # pragma: no cover - the server extra brings them
    raise ImportError(
        "pytest-tiktok-sandbox's live server needs werkzeug and jinja2: pip install 'pytest-tiktok-sandbox[server]'"
    ) from missing

from .api.fake_api import FakeTikTokAPI
from .api.oauth import AUTHORIZE_PATH
from .api.settings import ApiSettings
from .masking import mask_text

if TYPE_CHECKING:
    from .mock import TikTokMock
    from .portal import Portal, Sandbox

__all__ = ["DEFAULT_HOST", "LiveServer", "SandboxWSGIApp", "check_port", "raw_target", "tiktok_host"]

DEFAULT_HOST = "127.0.0.1"
MAX_PORT = 65535


def check_port(port: int) -> int:
    """``port`` when it is one (0: any free port); :class:`ValueError` otherwise (a socket
    library would wrap 70000 around to 4464)."""
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= MAX_PORT:
        raise ValueError(f"a port is 0 to {MAX_PORT}, got {port!r}")
    return port


class _Handler(WSGIRequestHandler):
    """Werkzeug's request handler; logs each request only when the server is not quiet, and
    answers a request it cannot parse (a bad request line, a path too long…) in TikTok's v2
    envelope instead of http.server's HTML page."""

    quiet = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if not self.quiet:  # the request line with the secrets of its query masked (upload tokens...)
            path, line = getattr(self, "path", None), self.requestline
            if path is not None:
                self.path = mask_text(path)
            self.requestline = mask_text(line)
            try:
                super().log_request(code, size)
            finally:
                if path is not None:
                    self.path = path
                self.requestline = line

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        app = self.server.app
        if not isinstance(app, SandboxWSGIApp):  # pragma: no cover - our servers serve our app
            super().send_error(code, message, explain)
            return
        reason = message or self.responses.get(code, ("Bad request",))[0]
        if not self.quiet:
            self.log_error("code %d, message %s", code, mask_text(reason))
        answer = app.unparsable(code, reason)
        self.request_version = "HTTP/1.1"  # an unreadable request line leaves HTTP/0.9: no status line
        self.send_response(code)
        self.send_header("Connection", "close")
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 205, 304):
            self.wfile.write(answer.body)


class _VerboseHandler(_Handler):
    quiet = False


class _UploadBases:
    """The live servers handing out upload URLs for one fake API, oldest first: the newest
    one running serves them, and once none runs the value from before the first is back,
    whatever order they stop in."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self.before = settings.upload_base_url
        self.urls: list[str] = []

    def start(self, url: str) -> None:
        self.urls.append(url)
        self.settings.upload_base_url = url

    def stop(self, url: str) -> None:
        if url in self.urls:
            self.urls.remove(url)
        if self.settings.upload_base_url == url:  # unless something else set it since
            self.settings.upload_base_url = self.urls[-1] if self.urls else self.before


_UPLOAD_BASES: weakref.WeakKeyDictionary[FakeTikTokAPI, _UploadBases] = weakref.WeakKeyDictionary()


def _upload_bases(api: FakeTikTokAPI) -> _UploadBases:
    bases = _UPLOAD_BASES.get(api)
    if bases is None or not bases.urls:
        bases = _UPLOAD_BASES[api] = _UploadBases(api.settings)
    return bases


class _BindFailed(Exception):
    """The socket could not be bound or listen (werkzeug would print it and exit)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _Server(ThreadedWSGIServer):
    """Werkzeug's threaded server, raising the real OS error of a failed bind (an address in
    use, not on this machine, a host that does not resolve) instead of exiting."""

    def server_bind(self) -> None:
        try:
            super().server_bind()
        except OSError as error:
            raise _BindFailed(error) from error

    def server_activate(self) -> None:
        try:
            super().server_activate()
        except OSError as error:
            raise _BindFailed(error) from error


class LiveServer:
    """The fake on a real socket: ``http://127.0.0.1:<free port>`` by default, served from a
    background thread until :meth:`stop` (or the end of a ``with`` block).

    ``api`` is a :class:`FakeTikTokAPI` or a :class:`~pytest_tiktok_sandbox.mock.TikTokMock`
    (the server then shares its portal, call log and faults). While it runs, the init
    endpoints hand out upload URLs on this server (unless ``upload_urls=False``).

    ``portal_ui``: the developer portal's pages at ``/portal/`` (``web/portal_ui.py``).
    None (default): served when the server listens on loopback only; True: on any address;
    False: never.
    """

    def __init__(
        self,
        api: FakeTikTokAPI | TikTokMock,
        host: str = DEFAULT_HOST,
        port: int = 0,
        *,
        quiet: bool = True,
        upload_urls: bool = True,
        authorize_page: bool = True,
        portal_ui: bool | None = None,
    ) -> None:
        self.api: FakeTikTokAPI = api if isinstance(api, FakeTikTokAPI) else api.api
        self.host = host
        self.requested_port = check_port(port)
        self.quiet = quiet
        self.upload_urls = upload_urls
        self.portal_ui = portal_ui
        self.app = SandboxWSGIApp(self.api, authorize_page=authorize_page, portal_ui=portal_ui is not False)
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def for_portal(cls, portal: Portal, settings: ApiSettings | None = None, **kwargs: Any) -> LiveServer:
        """A server with its own :class:`FakeTikTokAPI` over ``portal``."""
        return cls(FakeTikTokAPI(portal, settings), **kwargs)

    # -- life cycle ---------------------------------------------------------------------------------
    def start(self) -> LiveServer:
        if self._server is not None:
            raise RuntimeError("the live server is already started")
        handler = _Handler if self.quiet else _VerboseHandler
        try:
            server = _Server(self.host, self.requested_port, self.app, handler)
        except _BindFailed as failed:  # the OS's own error: in use, not an address here, no such host
            raise failed.error from None
        self._server = server
        if self.app.portal_ui is not None:  # on loopback only, unless asked for (portal_ui=True)
            self.app.serve_portal_ui = self.portal_ui is True or self.loopback
            self.app.portal_ui.any_host = self.portal_ui is True
        if self.upload_urls:
            _upload_bases(self.api).start(self.url)
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="tiktok-sandbox-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket (a second call does nothing)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.upload_urls:
            _upload_bases(self.api).stop(self._url_of(server))

    @property
    def running(self) -> bool:
        return self._server is not None

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<LiveServer {self.url if self._server else 'stopped'}>"

    # -- where it is ------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the live server is not started")
        return int(self._server.server_port)

    @property
    def bind_address(self) -> tuple[str, int]:
        """The address and port the socket listens on (``("0.0.0.0", 8765)`` for every
        interface), as the operating system reports it."""
        if self._server is None:
            raise RuntimeError("the live server is not started")
        address = self._server.socket.getsockname()
        return str(address[0]), int(address[1])

    @property
    def loopback(self) -> bool:
        """Whether only this machine can connect (the socket is bound to a loopback address)."""
        host = self.bind_address[0]
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:  # pragma: no cover - a unix socket path
            return False

    @property
    def url(self) -> str:
        """The base URL, ``http://127.0.0.1:<port>`` (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("the live server is not started")
        return self._url_of(self._server)

    def _url_of(self, server: BaseWSGIServer) -> str:
        host = self.host
        if host in ("", "0.0.0.0"):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{server.server_port}"

    def url_for(self, path: str) -> str:
        """The live URL of a TikTok path (``/v2/user/info/``) or URL (any host)."""
        if "://" in path:
            path = "/" + path.split("://", 1)[1].partition("/")[2]
        return self.url + (path if path.startswith("/") else "/" + path)

    def authorize_url(
        self,
        client: Sandbox | str,
        scopes: Iterable[str] | str,
        redirect_uri: str,
        state: str | None = None,
        **params: str,
    ) -> str:
        """The live authorize page's URL for ``client`` (a sandbox or a client key), as a
        client builds it (``response_type=code``, comma-separated scopes)."""
        key = client if isinstance(client, str) else client.client_key
        scope = scopes if isinstance(scopes, str) else ",".join(scopes)
        query: dict[str, str] = {"client_key": key, "scope": scope, "response_type": "code"}
        query["redirect_uri"] = redirect_uri
        if state is not None:
            query["state"] = state
        query.update(params)
        return f"{self.url}{AUTHORIZE_PATH}?{urlencode(query)}"
