"""The stack of active mocks, and what every interception point shares.

Every started :class:`~pytest_tiktok_sandbox.mock.TikTokMock` pushes its fake API here; the
interception points (one per client library, see ``install.py``) are put in place when the
first one starts and taken out when the last one stops, whatever the order, and each call to
a TikTok host is answered by the most recently started mock still running.

Also here: reading a client's body whatever its type, answering with the fault's latency
measured against the client's own timeout (the transport raises the client's exception), and
the reason phrase of a status.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

from ..api.http import ApiRequest

if TYPE_CHECKING:
    from ..api.http import ApiResponse
    from ..api.service import FakeTikTokAPI


class ActiveStack:
    """The fake APIs of the started mocks, oldest first; safe to change from several threads."""

    def __init__(self) -> None:
        self._apis: list[FakeTikTokAPI] = []
        self.lock = threading.RLock()

    def current(self) -> FakeTikTokAPI | None:
        """The fake that answers now: the most recently started one still running."""
        apis = self._apis
        return apis[-1] if apis else None

    def push(self, api: FakeTikTokAPI) -> bool:
        """Add ``api`` on top; True when the stack was empty (install the interception points)."""
        with self.lock:
            self._apis.append(api)
            return len(self._apis) == 1

    def remove(self, api: FakeTikTokAPI) -> bool:
        """Take ``api`` out wherever it is; True when the stack is now empty (uninstall)."""
        with self.lock:
            for index in range(len(self._apis) - 1, -1, -1):
                if self._apis[index] is api:
                    del self._apis[index]
                    break
            return not self._apis

    def __len__(self) -> int:
        return len(self._apis)


STACK = ActiveStack()

_REASONS: Final = {status.value: status.phrase for status in HTTPStatus}


def reason_phrase(status: int) -> str:
    """The status line's reason phrase (``"OK"``; empty for a status Python does not name),
    from a table made once: ``HTTPStatus(status)`` is an enum look-up on every answer."""
    return _REASONS.get(status, "")


def body_bytes(body: Any) -> bytes:
    """What a client sends for ``body``: bytes-like objects as their bytes, str as UTF-8, a
    file-like object read to its end, an iterable of any of those joined. Anything else
    raises ``TypeError`` as a real socket's ``sendall`` would."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    try:
        return _chunk_bytes(body)  # str, or any other bytes-like object
    except TypeError:
        pass
    if hasattr(body, "read"):
        parts = []
        while chunk := body.read(65536):
            parts.append(_chunk_bytes(chunk))
        return b"".join(parts)
    return b"".join(_chunk_bytes(chunk) for chunk in body)


def _chunk_bytes(chunk: Any) -> bytes:
    if isinstance(chunk, str):
        return chunk.encode("utf-8")
    try:
        return memoryview(chunk).tobytes()
    except TypeError:
        raise TypeError(f"a request body chunk must be bytes-like or str, not {type(chunk).__name__}") from None


class TimedOut(Exception):
    """The fault's latency is longer than the client's read timeout (``timeout`` seconds)."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"timed out after {timeout} s")
        self.timeout = timeout


def answer(api: FakeTikTokAPI, request: ApiRequest, timeout: float | None) -> ApiResponse:
    """``api``'s answer to ``request``, after the fault's latency; raises :class:`TimedOut`
    (after waiting ``timeout``) when the latency exceeds the client's ``timeout``."""
    fault = api.take_fault(request)
    latency = fault.latency if fault is not None else 0.0
    if latency:
        if timeout is not None and latency > timeout:
            api.faults.sleep(timeout)
            raise TimedOut(timeout)
        api.faults.sleep(latency)
    return api.handle(request, fault=fault)


async def answer_async(api: FakeTikTokAPI, request: ApiRequest, timeout: float | None) -> ApiResponse:
    """:func:`answer` for async clients: the latency is awaited, the event loop keeps running."""
    fault = api.take_fault(request)
    latency = fault.latency if fault is not None else 0.0
    if latency:
        wait = min(latency, timeout) if timeout is not None else latency
        await _async_sleep(api.faults.sleep, wait)
        if timeout is not None and latency > timeout:
            raise TimedOut(timeout)
    return api.handle(request, fault=fault)


async def _async_sleep(sleep: Callable[[float], None], seconds: float) -> None:
    if sleep is not time.sleep:  # a test replaced the fault plan's sleep (a fake clock): honour it
        sleep(seconds)
        return
    try:
        import anyio
    except ImportError:  # pragma: no cover - httpx brings anyio
        import asyncio

        await asyncio.sleep(seconds)
    else:
        await anyio.sleep(seconds)
