"""TikTok's documented outcomes, per endpoint the fake serves: ONE table, one row each.

A row names the endpoint (``"GET /v2/user/info/"``; the token endpoint once per grant type,
the upload ``PUT`` as ``PUT {upload_url}``, webhooks as ``POST {callback_url}``), the outcome
as TikTok names it (``ok``, an error ``code`` or OAuth ``error``, a post ``status``, a
``fail_reason``, a QR code ``status``, a webhook ``event``; time-driven and injected outcomes get
short descriptive names), the HTTP status, its kind, the TikTok page that documents it, and the
advice printed when a suite never meets it (None: not worth a line of advice).

Kinds: ``success`` (a documented answer that is not a refusal), ``error`` (a documented
refusal), ``time`` (an outcome that comes with the passing of time: an expired token, code
or upload URL, a post moving through its statuses), ``injected`` (only a test's own fault
makes it: 5xx, latency).

To add a new error path to the fake, add its row here (``tests/api/test_outcomes.py`` fails
until every code the fake can produce has one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from ..portal.publishing import FAIL_REASONS

Kind = Literal["success", "error", "time", "injected"]

DOCS: Final = "https://developers.tiktok.com/doc/"
LOGIN_WEB: Final = DOCS + "login-kit-web"
TOKENS: Final = DOCS + "oauth-user-access-token-management"
OAUTH_ERRORS: Final = DOCS + "oauth-error-handling"
CLIENT_TOKEN: Final = DOCS + "client-access-token-management"
QR: Final = DOCS + "login-kit-qr-code-authorization"
USER_INFO: Final = DOCS + "tiktok-api-v2-get-user-info"
VIDEO_LIST: Final = DOCS + "tiktok-api-v2-video-list"
VIDEO_QUERY: Final = DOCS + "tiktok-api-v2-video-query"
ERRORS: Final = DOCS + "tiktok-api-v2-error-handling"
RATE_LIMIT: Final = DOCS + "tiktok-api-v2-rate-limit"
CREATOR_INFO: Final = DOCS + "content-posting-api-reference-query-creator-info"
DIRECT_POST: Final = DOCS + "content-posting-api-reference-direct-post"
INBOX: Final = DOCS + "content-posting-api-reference-upload-video"
PHOTO: Final = DOCS + "content-posting-api-reference-photo-post"
STATUS: Final = DOCS + "content-posting-api-reference-get-video-status"
TRANSFER: Final = DOCS + "content-posting-api-media-transfer-guide"
SHARING: Final = DOCS + "content-sharing-guidelines"
WEBHOOKS: Final = DOCS + "webhooks-overview"
EVENTS: Final = DOCS + "webhooks-events"
EMBED: Final = DOCS + "embed-videos"

AUTHORIZE: Final = "GET /v2/auth/authorize/"
TOKEN: Final = "POST /v2/oauth/token/"
TOKEN_CODE: Final = "POST /v2/oauth/token/ (authorization_code)"
TOKEN_REFRESH: Final = "POST /v2/oauth/token/ (refresh_token)"
TOKEN_CLIENT: Final = "POST /v2/oauth/token/ (client_credentials)"
REVOKE: Final = "POST /v2/oauth/revoke/"
GET_QRCODE: Final = "POST /v2/oauth/get_qrcode/"
CHECK_QRCODE: Final = "POST /v2/oauth/check_qrcode/"
USER_INFO_EP: Final = "GET /v2/user/info/"
VIDEO_LIST_EP: Final = "POST /v2/video/list/"
VIDEO_QUERY_EP: Final = "POST /v2/video/query/"
CREATOR_INFO_EP: Final = "POST /v2/post/publish/creator_info/query/"
VIDEO_INIT: Final = "POST /v2/post/publish/video/init/"
INBOX_INIT: Final = "POST /v2/post/publish/inbox/video/init/"
CONTENT_INIT: Final = "POST /v2/post/publish/content/init/"
UPLOAD: Final = "PUT {upload_url}"
STATUS_FETCH: Final = "POST /v2/post/publish/status/fetch/"
CANCEL: Final = "POST /v2/post/publish/cancel/"
OEMBED: Final = "GET /oembed"
WEBHOOK: Final = "POST {callback_url}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """One documented outcome of one endpoint."""

    endpoint: str
    name: str
    status: int | None
    """HTTP status TikTok answers with (None for webhook deliveries, which TikTok sends)."""
    kind: Kind
    doc: str
    advice: str | None = None

    @property
    def notable(self) -> bool:
        return self.advice is not None


Row = tuple[str, str, "int | None", Kind, str, "str | None"]

_EXPIRED = "your suite never sees an expired access token: test that your client refreshes it"
_REVOKED = "your suite never uses an access token after the user removed the authorization: test sign-out"
_SLOW = "your suite never sees a slow answer: test your client's timeouts (tiktok_api.fail(path, None, latency=...))"
_5XX = "your suite never sees a 5xx: test that your client retries or fails cleanly (tiktok_api.fail(path, 503))"
_429 = "your suite never sees a 429: test your client's back-off (tiktok_api.fail(path, 429))"


def _bearer(endpoint: str, doc: str, *, params: bool = True, limited: bool = True) -> list[Row]:
    """The outcomes every endpoint behind a user access token shares [TikTok's error handling]."""
    rows: list[Row] = [
        (endpoint, "access_token_invalid", 401, "error", ERRORS, None),
        (endpoint, "access_token_expired", 401, "time", TOKENS, _EXPIRED),
        (endpoint, "access_token_revoked", 401, "time", EVENTS, _REVOKED),
        (
            endpoint,
            "scope_not_authorized",
            401,
            "error",
            doc,
            "your suite never sees scope_not_authorized: test a user who unticked a scope on the consent screen",
        ),
    ]
    if params:
        rows.append((endpoint, "invalid_params", 400, "error", ERRORS, None))
    if limited:
        rows.append((endpoint, "rate_limit_exceeded", 429, "error", RATE_LIMIT, _429))
    return rows + _injected(endpoint)


def _injected(endpoint: str) -> list[Row]:
    return [
        (endpoint, "server_error", 500, "injected", ERRORS, _5XX),
        (endpoint, "slow_response", None, "injected", ERRORS, _SLOW),
    ]


def _init(endpoint: str, doc: str, *, direct: bool = True) -> list[Row]:
    """A Content Posting init endpoint: its success and the init error table [TikTok], which
    TikTok gives alike for the three; the advice on privacy only where a Direct Post is made."""
    return [
        (endpoint, "ok", 200, "success", doc, None),
        *_bearer(endpoint, doc),
        (endpoint, "app_version_check_failed", 400, "error", PHOTO, None),
        (endpoint, "spam_risk_too_many_posts", 403, "error", doc, None),
        (endpoint, "spam_risk_user_banned_from_posting", 403, "error", doc, None),
        (endpoint, "reached_active_user_cap", 403, "error", SHARING, None),
        (
            endpoint,
            "unaudited_client_can_only_post_to_private_accounts",
            403,
            "error",
            SHARING,
            "your suite never sees the private-only refusal of an unaudited client: post SELF_ONLY to a "
            "private account, or tell the user why not"
            if direct
            else None,
        ),
        (endpoint, "url_ownership_unverified", 403, "error", TRANSFER, None),
        (
            endpoint,
            "privacy_level_option_mismatch",
            403,
            "error",
            doc,
            "your suite never sends a privacy_level the creator does not offer: pick it from creator_info"
            if direct
            else None,
        ),
        (endpoint, "spam_risk_too_many_pending_share", 403, "error", INBOX, None),
    ]


_FAIL_ADVICE: Final = {
    "auth_removed": "your suite never sees a post fail with auth_removed: test a user who disconnects mid-post",
    "video_pull_failed": "your suite never sees a PULL_FROM_URL post fail (video_pull_failed): test it",
    "internal": "your suite never sees fail_reason internal (retryable): test that your client retries the post",
}

_TABLE: list[Row] = [
    # -- Login Kit: the authorize page (redirect back, or TikTok's error page) -----------------
    (AUTHORIZE, "ok", 302, "success", LOGIN_WEB, None),
    (
        AUTHORIZE,
        "access_denied",
        302,
        "error",
        LOGIN_WEB,
        "your suite never sees a user decline consent (error=access_denied): test it "
        "(tiktok_api.login(user, decline=True))",
    ),
    (AUTHORIZE, "unsupported_response_type", 302, "error", OAUTH_ERRORS, None),
    (
        AUTHORIZE,
        "unauthorized_client:client_key",
        200,
        "error",
        LOGIN_WEB,
        "your suite never sees the client_key error page: test a user who is not a target user of the sandbox",
    ),
    (AUTHORIZE, "invalid_request:redirect_uri", 200, "error", LOGIN_WEB, None),
    (AUTHORIZE, "invalid_scope:scope", 200, "error", LOGIN_WEB, None),
    (AUTHORIZE, "invalid_request:code_challenge", 200, "error", DOCS + "login-kit-desktop", None),
    (AUTHORIZE, "access_denied:account", 200, "error", LOGIN_WEB, None),
    *_injected(AUTHORIZE),
    # -- Login Kit: the token endpoint, per grant type ------------------------------------------
    (TOKEN, "unsupported_grant_type", 200, "error", OAUTH_ERRORS, None),
    (TOKEN, "invalid_request", 200, "error", OAUTH_ERRORS, None),
    (TOKEN_CODE, "ok", 200, "success", TOKENS, None),
    (TOKEN_CODE, "invalid_request", 200, "error", OAUTH_ERRORS, None),
    (
        TOKEN_CODE,
        "invalid_client",
        200,
        "error",
        OAUTH_ERRORS,
        "your suite never sends a wrong client secret: test that a misconfigured secret is reported",
    ),
    (TOKEN_CODE, "invalid_grant", 200, "error", OAUTH_ERRORS, None),
    (
        TOKEN_CODE,
        "code_expired",
        200,
        "time",
        OAUTH_ERRORS,
        "your suite never exchanges an expired authorization code: test a user who comes back late",
    ),
    (
        TOKEN_CODE,
        "code_percent_encoded",
        200,
        "error",
        DOCS + "add-a-sandbox",
        "your suite never sends a still percent-encoded code: test that your callback URL-decodes it",
    ),
    (TOKEN_CODE, "redirect_uri_mismatch", 200, "error", OAUTH_ERRORS, None),
    (TOKEN_CODE, "code_verifier_invalid", 200, "error", DOCS + "login-kit-desktop", None),
    *_injected(TOKEN_CODE),
    (TOKEN_REFRESH, "ok", 200, "success", TOKENS, None),
    (TOKEN_REFRESH, "invalid_request", 200, "error", OAUTH_ERRORS, None),
    (TOKEN_REFRESH, "invalid_client", 200, "error", OAUTH_ERRORS, None),
    (TOKEN_REFRESH, "invalid_grant", 200, "error", OAUTH_ERRORS, None),
    (
        TOKEN_REFRESH,
        "refresh_token_expired",
        200,
        "time",
        TOKENS,
        "your suite never sees an expired refresh token: test that your client asks the user to sign in again",
    ),
    (
        TOKEN_REFRESH,
        "refresh_token_reused",
        200,
        "error",
        TOKENS,
        "your suite never reuses a rotated refresh token: test that your client keeps the latest one",
    ),
    (TOKEN_REFRESH, "refresh_token_revoked", 200, "time", EVENTS, None),
    *_injected(TOKEN_REFRESH),
    (TOKEN_CLIENT, "ok", 200, "success", CLIENT_TOKEN, None),
    (TOKEN_CLIENT, "invalid_request", 200, "error", OAUTH_ERRORS, None),
    (TOKEN_CLIENT, "invalid_client", 200, "error", OAUTH_ERRORS, None),
    *_injected(TOKEN_CLIENT),
    (REVOKE, "ok", 200, "success", TOKENS, None),
    (REVOKE, "invalid_request", 200, "error", OAUTH_ERRORS, None),
    (REVOKE, "invalid_client", 200, "error", OAUTH_ERRORS, None),
    *_injected(REVOKE),
    # -- Login Kit with QR code ------------------------------------------------------------------
    (GET_QRCODE, "ok", 200, "success", QR, None),
    (GET_QRCODE, "invalid_request", 200, "error", QR, None),
    (GET_QRCODE, "invalid_client", 200, "error", QR, None),
    (GET_QRCODE, "unauthorized_client", 200, "error", QR, None),
    (GET_QRCODE, "invalid_scope", 200, "error", QR, None),
    *_injected(GET_QRCODE),
    (CHECK_QRCODE, "ok", 200, "success", QR, None),
    (CHECK_QRCODE, "new", 200, "time", QR, None),
    (CHECK_QRCODE, "scanned", 200, "time", QR, None),
    (CHECK_QRCODE, "confirmed", 200, "time", QR, None),
    (
        CHECK_QRCODE,
        "expired",
        200,
        "time",
        QR,
        "your suite never sees a QR code expire: test that your page shows a new one",
    ),
    (CHECK_QRCODE, "utilised", 200, "time", QR, None),
    (CHECK_QRCODE, "invalid_request", 200, "error", QR, None),
    (CHECK_QRCODE, "invalid_client", 200, "error", QR, None),
    (CHECK_QRCODE, "invalid_grant", 200, "error", QR, None),
    *_injected(CHECK_QRCODE),
    # -- Display API -------------------------------------------------------------------------------
    (USER_INFO_EP, "ok", 200, "success", USER_INFO, None),
    (USER_INFO_EP, "scope_permission_missed", 400, "error", ERRORS, None),
    *_bearer(USER_INFO_EP, USER_INFO),
    (VIDEO_LIST_EP, "ok", 200, "success", VIDEO_LIST, None),
    (
        VIDEO_LIST_EP,
        "has_more",
        200,
        "success",
        VIDEO_LIST,
        "your suite never sees has_more: true: test that your client pages with the cursor",
    ),
    (
        VIDEO_LIST_EP,
        "short_page",
        200,
        "success",
        VIDEO_LIST,
        "your suite never sees a page shorter than max_count with has_more: true: page on has_more, not on the count",
    ),
    (VIDEO_LIST_EP, "last_page", 200, "success", VIDEO_LIST, None),
    (
        VIDEO_LIST_EP,
        "empty_page",
        200,
        "success",
        VIDEO_LIST,
        "your suite never sees an empty video list: test a user with no public video",
    ),
    *_bearer(VIDEO_LIST_EP, VIDEO_LIST),
    (VIDEO_QUERY_EP, "ok", 200, "success", VIDEO_QUERY, None),
    *_bearer(VIDEO_QUERY_EP, VIDEO_QUERY),
    # -- Content Posting API ------------------------------------------------------------------------
    (CREATOR_INFO_EP, "ok", 200, "success", CREATOR_INFO, None),
    (
        CREATOR_INFO_EP,
        "spam_risk_too_many_posts",
        200,
        "error",
        CREATOR_INFO,
        "your suite never sees creator_info refuse with HTTP 200 (spam_risk_too_many_posts): check error.code",
    ),
    (CREATOR_INFO_EP, "spam_risk_user_banned_from_posting", 200, "error", CREATOR_INFO, None),
    (CREATOR_INFO_EP, "reached_active_user_cap", 200, "error", CREATOR_INFO, None),
    *_bearer(CREATOR_INFO_EP, CREATOR_INFO, params=False),
    *_init(VIDEO_INIT, DIRECT_POST),
    *_init(INBOX_INIT, INBOX, direct=False),
    *_init(CONTENT_INIT, PHOTO),
    (UPLOAD, "ok", 201, "success", TRANSFER, None),
    (UPLOAD, "chunk_accepted", 206, "success", TRANSFER, None),
    (UPLOAD, "upload_complete", 201, "success", TRANSFER, None),
    (UPLOAD, "invalid_file_upload", 400, "error", TRANSFER, None),
    (
        UPLOAD,
        "upload_url_expired",
        403,
        "time",
        TRANSFER,
        "your suite never PUTs to an expired upload URL: test an upload that starts more than an hour after init",
    ),
    (UPLOAD, "upload_not_found", 404, "error", TRANSFER, None),
    (
        UPLOAD,
        "content_range_mismatch",
        416,
        "error",
        TRANSFER,
        "your suite never sees a 416: test that your uploader resumes from the Content-Range TikTok answers",
    ),
    *_injected(UPLOAD),
    (STATUS_FETCH, "ok", 200, "success", STATUS, None),
    (STATUS_FETCH, "PROCESSING_UPLOAD", 200, "time", STATUS, None),
    (STATUS_FETCH, "PROCESSING_DOWNLOAD", 200, "time", STATUS, None),
    (STATUS_FETCH, "SEND_TO_USER_INBOX", 200, "time", STATUS, None),
    (
        STATUS_FETCH,
        "PUBLISH_COMPLETE",
        200,
        "time",
        STATUS,
        "your suite never polls a post to PUBLISH_COMPLETE: advance tiktok_clock and poll again",
    ),
    (STATUS_FETCH, "publicly_available", 200, "time", STATUS, None),
    (
        STATUS_FETCH,
        "FAILED",
        200,
        "time",
        STATUS,
        "your suite never polls a post that FAILED: test that your client reads fail_reason",
    ),
    *[(STATUS_FETCH, reason, 200, "error", STATUS, _FAIL_ADVICE.get(reason)) for reason in FAIL_REASONS],
    (STATUS_FETCH, "invalid_publish_id", 400, "error", STATUS, None),
    (STATUS_FETCH, "token_not_authorized_for_specified_publish_id", 400, "error", STATUS, None),
    *_bearer(STATUS_FETCH, STATUS),
    (CANCEL, "ok", 200, "success", TRANSFER, None),
    (CANCEL, "invalid_publish_id", 400, "error", TRANSFER, None),
    (CANCEL, "token_not_authorized_for_specified_publish_id", 400, "error", TRANSFER, None),
    (CANCEL, "publish_not_cancellable", 400, "error", TRANSFER, None),
    (CANCEL, "url_ownership_unverified", 403, "error", TRANSFER, None),
    *_bearer(CANCEL, TRANSFER, limited=False),
    # -- Embed Videos (oEmbed, public: no token); errors are {"status_code": 10101} ----------------
    (OEMBED, "ok", 200, "success", EMBED, None),
    (
        OEMBED,
        "oembed:video_not_public",
        400,
        "error",
        EMBED,
        "your suite never asks oEmbed for a private video: test that your page copes with the refusal",
    ),
    (OEMBED, "oembed:unknown_video", 400, "error", EMBED, None),
    (OEMBED, "oembed:not_a_video_url", 400, "error", EMBED, None),
    (OEMBED, "oembed:no_url", 400, "error", EMBED, None),
    # "A video's availability is consistent with its availability on TikTok": a closed account's
    # videos, and a post still in moderation (not yet publicly available), cannot be embedded.
    (OEMBED, "oembed:account_closed", 400, "error", EMBED, None),
    (OEMBED, "oembed:video_in_moderation", 400, "error", EMBED, None),
    *_injected(OEMBED),
    # -- Webhooks TikTok delivers (tiktok_webhooks.deliver) ----------------------------------------
    (
        WEBHOOK,
        "authorization.removed",
        None,
        "success",
        EVENTS,
        "your suite never receives authorization.removed: test that your app forgets the user's tokens",
    ),
    (WEBHOOK, "post.publish.complete", None, "success", EVENTS, None),
    (WEBHOOK, "post.publish.failed", None, "success", EVENTS, None),
    (WEBHOOK, "post.publish.inbox_delivered", None, "success", EVENTS, None),
    (WEBHOOK, "post.publish.publicly_available", None, "success", EVENTS, None),
    (WEBHOOK, "post.publish.no_longer_publicaly_available", None, "success", EVENTS, None),
    (WEBHOOK, "video.upload.failed", None, "success", EVENTS, None),
    (WEBHOOK, "video.publish.completed", None, "success", EVENTS, None),
    (WEBHOOK, "portability.download.ready", None, "success", EVENTS, None),
    (
        WEBHOOK,
        "retried",
        None,
        "success",
        WEBHOOKS,
        "your suite never answers a webhook with anything but 200: test that a failed handler gets the event again",
    ),
]

CATALOGUE: Final[tuple[Outcome, ...]] = tuple(Outcome(*row) for row in _TABLE)
"""Every documented outcome of every endpoint, in the order reports show them."""

ENDPOINTS: Final[tuple[str, ...]] = tuple(dict.fromkeys(o.endpoint for o in CATALOGUE))
"""The endpoints, in catalogue order."""

BY_ENDPOINT: Final[dict[str, dict[str, Outcome]]] = {
    endpoint: {o.name: o for o in CATALOGUE if o.endpoint == endpoint} for endpoint in ENDPOINTS
}
"""endpoint -> outcome name -> row."""

ROUTES: Final[dict[tuple[str, str], str]] = {
    ("GET", "/v2/auth/authorize/"): AUTHORIZE,
    ("POST", "/v2/auth/authorize/"): AUTHORIZE,  # the live server's login and consent forms
    ("POST", "/v2/oauth/token/"): TOKEN,
    ("POST", "/v2/oauth/revoke/"): REVOKE,
    ("POST", "/v2/oauth/get_qrcode/"): GET_QRCODE,
    ("POST", "/v2/oauth/check_qrcode/"): CHECK_QRCODE,
    ("GET", "/v2/user/info/"): USER_INFO_EP,
    ("POST", "/v2/video/list/"): VIDEO_LIST_EP,
    ("POST", "/v2/video/query/"): VIDEO_QUERY_EP,
    ("POST", "/v2/post/publish/creator_info/query/"): CREATOR_INFO_EP,
    ("POST", "/v2/post/publish/video/init/"): VIDEO_INIT,
    ("POST", "/v2/post/publish/inbox/video/init/"): INBOX_INIT,
    ("POST", "/v2/post/publish/content/init/"): CONTENT_INIT,
    ("PUT", "/video/"): UPLOAD,
    ("POST", "/v2/post/publish/status/fetch/"): STATUS_FETCH,
    ("POST", "/v2/post/publish/cancel/"): CANCEL,
    ("GET", "/oembed"): OEMBED,
}
"""(method, path) of each route -> its catalogue endpoint (the token endpoint is split per grant)."""

TOKEN_GRANTS: Final = {
    "authorization_code": TOKEN_CODE,
    "refresh_token": TOKEN_REFRESH,
    "client_credentials": TOKEN_CLIENT,
}
