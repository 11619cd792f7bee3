"""The Display API over HTTP: ``/v2/user/info/``, ``/v2/video/list/`` and ``/v2/video/query/``.

Every call is checked in this order (TikTok documents none; the first refusal wins):

1. the bearer token: 401 ``access_token_invalid`` (unknown, expired, revoked, or its
   client deleted);
2. ``?fields=`` in the query string, then the JSON body: 400 ``invalid_params``;
3. the scopes the call needs (per field on /user/info/, ``video.list`` on the video
   endpoints), granted by the user *and* still in the client's applied configuration:
   401 ``scope_not_authorized``;
4. the rate limit, 600 calls a sliding minute per app (client key) on each endpoint
   separately (TikTok: "Limits for each API are set and enforced separately"): 429
   ``rate_limit_exceeded``. Only calls that passed 1-3 are counted.

Choices where TikTok's contract is unknown [I]:

- ``fields`` is comma separated; blanks around names, empty items and repeats are
  ignored, and a repeated ``fields`` parameter adds its names. Names are case-sensitive.
- Request bodies are read as JSON whatever their ``Content-Type``; an empty body is ``{}``.
  Unknown keys are ignored; ``null`` ``cursor``/``max_count`` mean the defaults; types are
  strict (``"10"``, ``10.0`` and ``true`` are not ints; video ids must be strings).
- ``cursor`` is a millisecond timestamp, 0 to int64; ``cursor`` 0 or absent starts at the
  newest video. The answer's ``cursor`` is the last listed video's timestamp (send it back
  for the next page), or the request's cursor (0 if none) when the page is empty.
- Short pages: TikTok's /video/list/ "may return less than max_count ... even if has_more
  is true". Unless ``ApiSettings.short_pages`` is off, a page that could hold two videos or
  more is cut to between half of it and one less than it: always on the first page (no
  cursor), half of the time on the others. The cut is drawn from the portal's seed and the
  request (the user, how many videos come before the page, and ``max_count``), so the same
  request gets the same page on any day,
  and it never splits videos posted in the same millisecond: walking the cursor until
  ``has_more`` is false still lists every video exactly once.
- Only listed videos (everything but SELF_ONLY) are shown, by both video endpoints.
  /video/query/ answers each wanted id once, in the order asked, leaving out ids that are
  unknown, another user's or SELF_ONLY, with ``cursor`` 0 and ``has_more`` false.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from ..videos import VIDEO_FIELDS, Video
from . import envelope
from .auth import applied_config, require_user_token
from .bodies import read_body, read_object, short, validate
from .envelope import ApiError
from .hosts import API_HOST
from .http import CACHED_URL_LENGTH, ApiRequest, ApiResponse
from .router import Router

if TYPE_CHECKING:
    from ..portal.authorization import AccessToken
    from .context import ApiContext

USER_INFO_PATH: Final = "/v2/user/info/"
VIDEO_LIST_PATH: Final = "/v2/video/list/"
VIDEO_QUERY_PATH: Final = "/v2/video/query/"
VIDEO_SCOPE: Final = "video.list"

USER_FIELD_SCOPES: Final[Mapping[str, str]] = MappingProxyType(
    {
        **dict.fromkeys(
            ("open_id", "union_id", "avatar_url", "avatar_url_100", "avatar_large_url", "display_name"),
            "user.info.basic",
        ),
        **dict.fromkeys(
            ("bio_description", "profile_deep_link", "is_verified", "username", "profile_web_link"),
            "user.info.profile",
        ),
        **dict.fromkeys(("follower_count", "following_count", "likes_count", "video_count"), "user.info.stats"),
    }
)
"""Every field of ``/v2/user/info/`` and the scope it needs."""

_newest_first = attrgetter("create_time_ms")


class DisplayEndpoints:
    def __init__(self, service: ApiContext) -> None:
        self.service = service
        self.portal = service.portal

    def register(self, router: Router) -> None:
        router.add("GET", API_HOST, USER_INFO_PATH, self.user_info, "display.user_info")
        router.add("POST", API_HOST, VIDEO_LIST_PATH, self.video_list, "display.video_list")
        router.add("POST", API_HOST, VIDEO_QUERY_PATH, self.video_query, "display.video_query")

    # -- endpoints --------------------------------------------------------------------------------
    def user_info(self, request: ApiRequest, log_id: str) -> ApiResponse:
        token = require_user_token(self.portal, request)
        fields = _fields(request, USER_FIELD_SCOPES, "user")
        self._check_scopes(token, _scopes_needed(fields))
        self._count("user_info", token)
        account = token.grant.account
        return envelope.ok({"user": {name: getattr(account, name) for name in fields}}, log_id)

    def video_list(self, request: ApiRequest, log_id: str) -> ApiResponse:
        token = require_user_token(self.portal, request)
        fields = _fields(request, VIDEO_FIELDS, "video")
        cursor, max_count = _page_request(request)
        self._check_scopes(token, {VIDEO_SCOPE: []})
        self._count("video_list", token)
        before = cursor or None
        listed = [v for v in token.grant.account.videos if v.is_listed]
        older = listed if before is None else [v for v in listed if v.create_time_ms < before]
        older.sort(key=_newest_first, reverse=True)  # already in order: a linear pass
        size = min(max_count, len(older))
        if self.service.settings.short_pages and size >= 2:
            # Keyed by the page's position, not the cursor: timestamps follow the clock, and a
            # page must be cut the same way under the same seed on any day.
            position = len(listed) - len(older)
            request_key = f"{self.portal.seed}\0{token.grant.account.open_id}\0{position}\0{max_count}"
            size = _short_page_size(older, size, request_key, first_page=not cursor)
        page = older[:size]
        has_more = len(older) > len(page)
        data = {
            "videos": [_video(v, fields) for v in page],
            "cursor": page[-1].create_time_ms if page else (cursor or 0),
            "has_more": has_more,
        }
        response = envelope.ok(data, log_id)
        response.outcomes = _page_outcomes(len(page), max_count, has_more)
        return response

    def video_query(self, request: ApiRequest, log_id: str) -> ApiResponse:
        from ..payloads.display import VideoQueryRequest

        token = require_user_token(self.portal, request)
        fields = _fields(request, VIDEO_FIELDS, "video")
        body = read_body(request, VideoQueryRequest)
        self._check_scopes(token, {VIDEO_SCOPE: []})
        self._count("video_query", token)
        wanted = dict.fromkeys(body.filters.video_ids)
        found = {v.id: v for v in token.grant.account.videos if v.id in wanted and v.is_listed}
        videos = [_video(found[i], fields) for i in wanted if i in found]
        return envelope.ok({"videos": videos, "cursor": 0, "has_more": False}, log_id)

    # -- checks -----------------------------------------------------------------------------------
    def _check_scopes(self, token: AccessToken, needs: Mapping[str, list[str]]) -> None:
        """401 ``scope_not_authorized`` unless every scope in ``needs`` (scope -> the fields
        that need it) is granted to ``token`` and in its client's applied configuration."""
        config = applied_config(self.portal, token)
        granted, applied = token.grant.scopes, config.scopes
        if all(scope in granted and scope in applied for scope in needs):
            return
        not_granted, not_applied = [], []
        for scope, names in needs.items():
            named = f"{scope} (needed by {', '.join(names)})" if names else scope
            if scope not in granted:
                not_granted.append(named)
            elif scope not in applied:
                not_applied.append(named)
        if not_granted or not_applied:
            parts = []
            if not_granted:
                parts.append(
                    "The user did not authorize the scope required for completing this request: "
                    f"{'; '.join(not_granted)}."
                )
            if not_applied:
                parts.append(f"Removed from the app's applied configuration: {'; '.join(not_applied)}.")
            raise ApiError(401, "scope_not_authorized", " ".join(parts))

    def _count(self, endpoint: str, token: AccessToken) -> None:
        self.service.rate_limiter.hit(endpoint, token.grant.client_key)


def _short_page_size(videos: Sequence[Video], size: int, request_key: str, *, first_page: bool) -> int:
    """How many of ``videos`` (newest first; ``size`` of them fit, 2 or more) a page holds:
    ``size``, or, on a first page always and otherwise half of the time, from ``size // 2``
    to ``size - 1``, drawn from ``request_key`` (the seed and the request). Never splits
    videos of one millisecond (the next page starts strictly before the last one's timestamp)."""
    draw = int.from_bytes(hashlib.blake2b(request_key.encode(), digest_size=8).digest(), "big")
    if not first_page and draw & 1:
        return size
    shortest = max(1, size // 2)
    cut = shortest + (draw >> 1) % (size - shortest)
    while cut < size and videos[cut].create_time_ms == videos[cut - 1].create_time_ms:
        cut += 1
    return cut


def _page_request(request: ApiRequest) -> tuple[int | None, int]:
    """``cursor`` and ``max_count`` of a /video/list/ body. The usual bodies (each absent,
    null, or an int in its range) are read here; any other goes through the payload model
    ``VideoListRequest``, which refuses it saying why, or reads it the same way."""
    raw = read_object(request)
    usual = _usual_page_request(raw)
    if usual is not None:
        return usual
    from ..payloads.display import VideoListRequest

    body = validate(raw, VideoListRequest)
    return body.cursor, body.max_count


_INT64_MAX: Final = 2**63 - 1
_DEFAULT_MAX_COUNT: Final = 10
_MAX_COUNT: Final = 20
"""``VideoListRequest``'s bounds (``payloads/display.py``), without importing pydantic."""


def _usual_page_request(raw: Mapping[str, Any]) -> tuple[int | None, int] | None:
    """``(cursor, max_count)`` when ``VideoListRequest`` certainly accepts ``raw`` and reads
    exactly that (strict ints: ``type(x) is int`` leaves out bools); None: ask the model."""
    cursor, max_count = raw.get("cursor"), raw.get("max_count")
    if cursor is not None and not (type(cursor) is int and 0 <= cursor <= _INT64_MAX):
        return None
    if max_count is None:
        return cursor, _DEFAULT_MAX_COUNT
    if type(max_count) is int and 1 <= max_count <= _MAX_COUNT:
        return cursor, max_count
    return None


_PARSED_FIELDS: dict[tuple[str, str], tuple[str, ...]] = {}
"""``?fields=`` already read, by (query string, kind): a client sends the same few each time."""
_PARSED_FIELDS_KEPT: Final = 256


def _fields(request: ApiRequest, known: Collection[str], kind: str) -> tuple[str, ...]:
    """The names in ``?fields=`` (in order, once each); 400 ``invalid_params`` if there are
    none or one is not a ``kind`` field (a refusal is never remembered)."""
    key = (request.query_string, kind)
    names = _PARSED_FIELDS.get(key)
    if names is None:
        names = _read_fields(request, known, kind)
        if len(request.query_string) <= CACHED_URL_LENGTH:  # a long query is not kept alive
            if len(_PARSED_FIELDS) >= _PARSED_FIELDS_KEPT:
                _PARSED_FIELDS.clear()
            _PARSED_FIELDS[key] = names
    return names


_NEEDS: dict[tuple[str, ...], Mapping[str, list[str]]] = {}


def _scopes_needed(fields: tuple[str, ...]) -> Mapping[str, list[str]]:
    """The scopes /user/info/ ``fields`` need, each with the fields that need it (worked out
    once per ``?fields=``, as the fields themselves)."""
    needs = _NEEDS.get(fields)
    if needs is None:
        grouped: dict[str, list[str]] = {}
        for name in fields:
            grouped.setdefault(USER_FIELD_SCOPES[name], []).append(name)
        if len(_NEEDS) >= _PARSED_FIELDS_KEPT:
            _NEEDS.clear()
        needs = _NEEDS[fields] = MappingProxyType(grouped)
    return needs


def _read_fields(request: ApiRequest, known: Collection[str], kind: str) -> tuple[str, ...]:
    names = dict.fromkeys(
        name.strip() for value in request.query.get("fields", ()) for name in value.split(",") if name.strip()
    )
    valid = ", ".join(known)
    if not names:
        raise ApiError(
            400,
            "invalid_params",
            f"fields is required: list the {kind} fields to return in the query string, "
            f"comma separated (valid: {valid}).",
        )
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ApiError(
            400,
            "invalid_params",
            f"Unknown {kind} field(s) in fields: {', '.join(map(short, unknown))} (valid: {valid}).",
        )
    return tuple(names)


def _page_outcomes(count: int, max_count: int, has_more: bool) -> tuple[str, ...]:
    """A video list page in the outcome catalogue's names."""
    if has_more:
        return ("has_more", "short_page") if count < max_count else ("has_more",)
    return ("last_page", "empty_page") if count == 0 else ("last_page",)


def _video(video: Video, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(video, name) for name in fields}
