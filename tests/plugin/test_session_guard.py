"""Fail closed for the whole session: while the plugin is loaded, no TikTok call reaches the
network, even in a test that uses none of its fixtures or after its mock has stopped."""

from __future__ import annotations

import pytest

OUTSIDE_A_MOCK = """
import socket
import urllib.request

import pytest
import requests


def test_requests_outside_any_mock() -> None:
    with pytest.raises(requests.ConnectionError, match="no TikTok mock is active here"):
        requests.get("https://open.tiktokapis.com/v2/user/info/", timeout=5)


def test_urllib_outside_any_mock() -> None:
    with pytest.raises(OSError, match="no TikTok mock is active here"):
        urllib.request.urlopen("https://www.tiktok.com/v2/auth/authorize/", timeout=5)


def test_a_raw_socket_outside_any_mock() -> None:
    with pytest.raises(socket.gaierror, match="--tiktok-network=allowed"):
        socket.getaddrinfo("open-upload.tiktokapis.com", 443)
    assert socket.getaddrinfo("127.0.0.1", 80)  # other hosts resolve as before


@pytest.fixture
def after_the_mock(tiktok_api):
    yield
    tiktok_api.stop()  # what a teardown after the plugin's fixtures meets
    try:
        socket.gethostbyname("open.tiktokapis.com")
    except socket.gaierror as error:
        assert "no TikTok mock is active here" in str(error)
    else:
        raise AssertionError("resolved a TikTok host after the mock stopped")


def test_a_teardown_after_the_mock(after_the_mock) -> None:
    pass
"""


def test_tiktok_calls_outside_the_mocks_fail_closed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(OUTSIDE_A_MOCK)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)


def test_the_session_guard_is_gone_with_the_session(pytester: pytest.Pytester) -> None:
    import socket

    before = socket.getaddrinfo
    pytester.makepyfile("def test_nothing() -> None:\n    pass\n")
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)  # in-process: its own configure
    assert socket.getaddrinfo is before


def test_allowed_lets_calls_outside_the_mocks_through(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import socket

        def test_resolver_is_untouched() -> None:
            assert not hasattr(socket.getaddrinfo, "__wrapped__")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--tiktok-network=allowed")
    result.assert_outcomes(passed=1)


def test_a_bad_network_value_names_the_option(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--tiktok-network=maybe")
    result.stderr.fnmatch_lines(["*--tiktok-network: expected blocked or allowed*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
