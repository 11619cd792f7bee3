"""``tiktok-sandbox``: the fake served over HTTP, for a person, a browser or another process.

::

    tiktok-sandbox serve [--scenario FILE] [--host 127.0.0.1] [--port 8765] [--seed N]

prints the base URL, every client key and secret, the redirect URIs and each target user's
username and password, then serves until Ctrl-C (exit status 0). A scenario file that
cannot be read or built exits with status 2 and says which field (and line) is wrong.
Without the ``server`` extra (werkzeug), it prints one line naming the extra and exits with 2.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from . import __version__

if TYPE_CHECKING:
    from .scenario import SeededScenario
    from .server import LiveServer

DEFAULT_PORT = 8765
MAX_PORT = 65535
SERVER_EXTRA = "pip install 'pytest-tiktok-sandbox[server]'"


def _missing_module(error: ImportError) -> str | None:
    """The third-party module whose absence caused ``error`` (werkzeug for the live server),
    or None when the failing import is one of the package's own."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ImportError) and seen.name and not seen.name.startswith(__package__ or "pytest_tiktok"):
            return seen.name.partition(".")[0]
        seen = seen.__cause__ or seen.__context__
    return None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tiktok-sandbox", description="pytest-tiktok-sandbox's fake TikTok developer API, served over HTTP."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser("serve", help="serve a portal (from a scenario file) over HTTP until Ctrl-C")
    serve.add_argument("--scenario", metavar="FILE", help="a YAML or JSON scenario file (default: one sandbox)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free)")
    serve.add_argument(
        "--seed", type=int, default=None, help="seed of keys, tokens and fake data (default: the file's, or 0)"
    )
    serve.add_argument("--quiet", action="store_true", help="do not log each request")
    serve.add_argument(
        "--target-user-delay",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="how long an added target user takes to show on the portal's pages (default 0; TikTok: up to an hour)",
    )
    serve.add_argument(
        "--portal-ui", action="store_true", help="serve the portal's pages (/portal/) on a non-loopback --host too"
    )
    return parser


def _port(text: str) -> int:
    """A port number 0 to 65535 (anything else is a usage error, exit status 2)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"a port is 0 to {MAX_PORT}, got {text}")
    return port


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit status."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # --help, --version, usage errors
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 2
    return serve(
        args.scenario,
        args.host,
        args.port,
        args.seed,
        quiet=args.quiet,
        portal_ui=args.portal_ui,
        target_user_delay=args.target_user_delay,
    )


def serve(
    scenario_path: str | None,
    host: str,
    port: int,
    seed: int | None,
    *,
    quiet: bool = False,
    portal_ui: bool = False,
    target_user_delay: float = 0.0,
    out: TextIO | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Serve until SIGINT/SIGTERM (or ``stop`` is set); the exit status."""
    from .portal import Portal
    from .portal.errors import InvalidConfiguration
    from .scenario import Scenario, ScenarioError, load_scenario

    try:
        from .server import LiveServer
    except ImportError as error:
        missing = _missing_module(error)
        if missing is None:  # a broken import of our own, not a missing extra: the traceback helps
            raise
        print(
            f"tiktok-sandbox: serve needs the 'server' extra ({missing} is not installed): {SERVER_EXTRA}",
            file=sys.stderr,
        )
        return 2

    out = out or sys.stdout
    try:
        scenario = load_scenario(scenario_path) if scenario_path else Scenario()
        portal = Portal(
            seed if seed is not None else scenario.seed if scenario.seed is not None else 0,
            target_user_delay=target_user_delay,
        )
        seeded = scenario.apply(portal)
    except (ScenarioError, InvalidConfiguration) as error:
        print(f"tiktok-sandbox: {error}", file=sys.stderr, flush=True)
        return 2
    try:
        server = LiveServer.for_portal(portal, host=host, port=port, quiet=quiet, portal_ui=portal_ui or None)
    except ValueError as error:
        print(f"tiktok-sandbox: {error}", file=sys.stderr, flush=True)
        return 2
    try:
        server.start()
    except OSError as error:  # the OS's own words: in use, not an address here, no such host
        where = f"{host}:{port}" if host else f"every interface, port {port}"
        print(f"tiktok-sandbox: cannot listen on {where}: {error}", file=sys.stderr, flush=True)
        return 1
    stop = stop or threading.Event()
    restore = _on_signals(stop)
    try:
        _describe(server, seeded, portal.seed, out)
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        restore()
        server.stop()
    print("tiktok-sandbox: stopped", file=out, flush=True)
    return 0


def _on_signals(stop: threading.Event) -> Callable[[], None]:
    """Set ``stop`` on SIGINT and SIGTERM (main thread only); a function undoing it."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    saved = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}

    def restore() -> None:
        for sig, previous in saved.items():
            signal.signal(sig, previous)

    return restore


def _describe(server: LiveServer, seeded: SeededScenario, seed: int | None, out: TextIO) -> None:
    from .api.oauth import AUTHORIZE_PATH

    address, port = server.bind_address
    shown = f"[{address}]" if ":" in address else address
    if not server.loopback:
        print(
            f"tiktok-sandbox: WARNING: {address} is not a loopback address: anyone who can reach this machine"
            f" on port {port} can use the client secrets, tokens and passwords below (--host 127.0.0.1 keeps"
            " them on this machine)",
            file=sys.stderr,
            flush=True,
        )
    every = " (every interface)" if address in ("0.0.0.0", "::") else ""
    lines = [
        f"tiktok-sandbox {__version__}: TikTok's developer API, faked (seed {seed})",
        f"listening on {shown}:{port}{every}",
        f"base URL: {server.url}",
        f"authorize page: {server.url}{AUTHORIZE_PATH}",
        f"developer portal: {server.url}/portal/"
        if server.app.serve_portal_ui
        else "developer portal: off (not loopback; --portal-ui serves it)",
    ]
    for app in seeded.apps:
        live = "live" if app.live else "no live version"
        lines.append(f'app "{app.name}": client_key={app.client_key} client_secret={app.client_secret} ({live})')
        for entry in seeded.sandboxes:
            sandbox = entry.sandbox
            if sandbox.app is not app:
                continue
            config = sandbox.config
            lines.append(
                f'  sandbox "{sandbox.name}": client_key={sandbox.client_key} client_secret={sandbox.client_secret}'
            )
            lines.append(f"    products: {', '.join(sorted(p.value for p in config.products)) or '-'}")
            lines.append(f"    scopes: {', '.join(sorted(config.scopes)) or '-'}")
            for platform, uris in config.redirect_uris.items():
                for uri in uris:
                    lines.append(f"    redirect_uri ({platform}): {uri}")
            for account in entry.target_users:
                privacy = "private" if account.is_private else "public"
                lines.append(
                    f"    target user: username={account.username} password={account.password} "
                    f"open_id={account.open_id} ({privacy})"
                )
            web = config.redirect_uris.get("web", ())
            if web and config.scopes and "login_kit" in config.products:
                lines.append(f"    try: {server.authorize_url(sandbox, sorted(config.scopes), web[0], 'state')}")
    lines.append("Ctrl-C to stop.")
    print("\n".join(lines), file=out, flush=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
