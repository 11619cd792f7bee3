"""Routes from (host, path, method) to handlers: one dictionary look-up per request.

A request to a TikTok host that no route answers is never sent anywhere: it gets
TikTok's error envelope with a message that says which routes exist and why none matched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .envelope import ApiError
from .http import ApiRequest, ApiResponse

Handler = Callable[[ApiRequest, str], ApiResponse]
"""A handler gets the request and its log_id."""


@dataclass(frozen=True)
class Route:
    method: str
    host: str
    path: str
    handler: Handler
    name: str

    def __str__(self) -> str:
        return f"{self.method} https://{self.host}{self.path}"


class Router:
    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], dict[str, Route]] = {}

    def add(self, method: str, host: str, path: str, handler: Handler, name: str = "") -> None:
        route = Route(method, host, path, handler, name or path)
        self._routes.setdefault((host, path), {})[method] = route

    def __iter__(self) -> Iterator[Route]:
        for by_method in self._routes.values():
            yield from by_method.values()

    def resolve(self, request: ApiRequest) -> Route:
        """The route for ``request``; :class:`ApiError` explaining the miss otherwise."""
        by_method = self._routes.get((request.host, request.path))
        if by_method is not None:
            route = by_method.get(request.method)
            if route is not None:
                return route
            if request.method == "HEAD" and "GET" in by_method:
                return by_method["GET"]
            allowed = ", ".join(sorted(by_method))
            raise ApiError(
                405,
                "invalid_params",
                f"{request.method} is not allowed on {_address(request)} (allowed: {allowed})",
            )
        raise ApiError(404, "invalid_params", self._explain_miss(request))

    def _explain_miss(self, request: ApiRequest) -> str:
        where = _address(request)
        hint = ""
        if not request.path.endswith("/") and (request.host, request.path + "/") in self._routes:
            hint = f" TikTok's paths end with '/': did you mean {where}/ ?"
        elif not any(host == request.host for host, _ in self._routes):
            hint = f" No endpoint of the fake lives on {request.host}."
        routes = "; ".join(str(r) for r in self if r.host == request.host) or "; ".join(str(r) for r in self)
        return (
            f"pytest-tiktok-sandbox has no endpoint {request.method} {where}.{hint} "
            f"{_not_sent(request)} Endpoints: {routes}"
        )


def _address(request: ApiRequest) -> str:
    """The URL the client used: TikTok's, or the live server's address."""
    return f"{request.origin or 'https://' + request.host}{request.path}"


def _not_sent(request: ApiRequest) -> str:
    if request.origin:
        return f"The live server at {request.origin} answered it; nothing was sent to TikTok."
    return "The request was not sent to the network."
