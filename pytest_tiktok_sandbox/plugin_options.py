"""The plugin's options: their registration (each with an ini twin), reading them into
:class:`~.options.PluginOptions`, and the session-wide network guard ``--tiktok-network`` sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from .options import PluginOptions, parse_bool, parse_delay, parse_network, parse_seed, parse_status

T = TypeVar("T")


def add_options(parser: pytest.Parser) -> None:
    """The plugin's command-line options, each with its ini twin."""
    group = parser.getgroup("tiktok-sandbox", "TikTok developer sandbox (pytest-tiktok-sandbox)")
    entries: list[tuple[str, str, str, str]] = [
        ("seed", "SEED", "Seed of the fake data, ids and tokens: an integer (default 0) or 'random'.", "0"),
        (
            "target-user-delay",
            "SECONDS",
            "Seconds an added target user takes to show on the app page (TikTok: up to an hour). Default 0.",
            "0",
        ),
        (
            "oauth-error-status",
            "STATUS",
            "HTTP status of OAuth error bodies from the token and revoke endpoints (default 200, as clients see).",
            "200",
        ),
        ("rate-limits", "on|off", "Enforce TikTok's API rate limits (default on).", "on"),
        (
            "network",
            "blocked|allowed",
            "TikTok's hosts outside the plugin's mocks: 'blocked' (default) makes every TikTok call "
            "of the session fail closed, mocked or not; 'allowed' lets calls outside the mocks through.",
            "blocked",
        ),
    ]
    for name, metavar, help_text, default in entries:
        ini_name = "tiktok_" + name.replace("-", "_")
        group.addoption(f"--tiktok-{name}", dest=ini_name, metavar=metavar, default=None, help=help_text)
        parser.addini(ini_name, help=help_text, default=default)


def read_options(config: pytest.Config) -> PluginOptions:
    """The options as the command line, else the ini file, else the defaults set them; a bad
    value is a usage error naming the option."""

    def value(name: str, parse: Callable[[Any], T]) -> T:
        """``parse`` of the option's value (the command line's, or else the ini file's); a
        refusal is a usage error naming the option as the user wrote it."""
        given = config.getoption(name)
        where = f"--{name.replace('_', '-')}" if given is not None else name
        try:
            return parse(given if given is not None else config.getini(name))
        except ValueError as error:
            raise pytest.UsageError(f"pytest-tiktok-sandbox: {where}: {error}") from None

    worker_seed = getattr(config, "workerinput", {}).get("tiktok_seed")
    return PluginOptions(
        seed=worker_seed if worker_seed is not None else value("tiktok_seed", parse_seed),
        target_user_delay=value("tiktok_target_user_delay", parse_delay),
        oauth_error_status=value("tiktok_oauth_error_status", parse_status),
        rate_limits=value("tiktok_rate_limits", parse_bool),
        block_network=value("tiktok_network", parse_network),
    )


def block_tiktok_hosts(config: pytest.Config) -> None:
    """Fail closed for the whole session: TikTok's hosts do not resolve even where no mock is
    active (a test without the plugin's fixtures, a teardown after them), so no TikTok call
    reaches the network while the plugin is loaded. The mocks answer in-process on top."""
    from .transports.guard import OUTSIDE_MESSAGE, NetworkGuard

    guard = NetworkGuard(OUTSIDE_MESSAGE)
    guard.install()
    config.add_cleanup(guard.uninstall)
