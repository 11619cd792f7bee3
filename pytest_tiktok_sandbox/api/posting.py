"""The Content Posting API over HTTP, and the Data Portability API a sandbox cannot reach.

Every endpoint checks, in order: the bearer token (401 ``access_token_invalid``), its
scope in the client's applied configuration (401 ``scope_not_authorized``; for photos the
body's ``post_mode`` says which scope, so the body is read first there), the rate limit per
user token, each endpoint on its own (429; cancel has none), the JSON body (400
``invalid_params``: so TikTok's global error table and its real answers spell it, though the
posting reference pages say ``invalid_param``),
then the posting rules of ``portal/posting.py`` (403 and TikTok's code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ..portal.creators import disabled_interactions, privacy_level_options
from ..portal.errors import PostingRefused
from ..portal.posting import POSTS_PER_CREATOR_PER_DAY
from . import envelope
from .auth import applied_config, holds_scope, require_user_token
from .bodies import read_body, read_object, validate
from .envelope import ApiError
from .hosts import API_HOST
from .http import ApiRequest, ApiResponse
from .router import Router
from .upload import upload_url

if TYPE_CHECKING:
    from ..payloads import posting as payloads
    from ..portal.authorization import AccessToken
    from ..portal.creators import Interaction
    from ..portal.publishing import Publish
    from .context import ApiContext

PUBLISH: Final = "video.publish"
UPLOAD: Final = "video.upload"
BASE: Final = "/v2/post/publish/"

STATUS_OF: Final = {
    "invalid_params": 400,
    "invalid_publish_id": 400,
    "token_not_authorized_for_specified_publish_id": 400,
    "publish_not_cancellable": 400,
    "app_version_check_failed": 400,
    "spam_risk_too_many_posts": 403,
    "spam_risk_user_banned_from_posting": 403,
    "reached_active_user_cap": 403,
    "unaudited_client_can_only_post_to_private_accounts": 403,
    "url_ownership_unverified": 403,
    "privacy_level_option_mismatch": 403,
    "spam_risk_too_many_pending_share": 403,
}
"""HTTP status of each Content Posting refusal [TikTok's Content Posting API reference]."""

DATA_PORTABILITY_PATHS: Final = (
    "/v2/user/data/add/",
    "/v2/user/data/check/",
    "/v2/user/data/cancel/",
    "/v2/user/data/download/",
)


class PostingEndpoints:
    def __init__(self, service: ApiContext) -> None:
        self.service = service
        self.portal = service.portal

    def register(self, router: Router) -> None:
        router.add("POST", API_HOST, BASE + "creator_info/query/", self.creator_info, "post.creator_info")
        router.add("POST", API_HOST, BASE + "video/init/", self.video_init, "post.video_init")
        router.add("POST", API_HOST, BASE + "inbox/video/init/", self.inbox_init, "post.inbox_video_init")
        router.add("POST", API_HOST, BASE + "content/init/", self.content_init, "post.content_init")
        router.add("POST", API_HOST, BASE + "status/fetch/", self.status_fetch, "post.status_fetch")
        router.add("POST", API_HOST, BASE + "cancel/", self.cancel, "post.cancel")
        for path in DATA_PORTABILITY_PATHS:
            router.add("POST", API_HOST, path, self.data_portability, "data_portability")

    # -- helpers ------------------------------------------------------------------------------------
    def _token(self, request: ApiRequest, *any_of: str, direct_post: bool = False) -> AccessToken:
        token = require_user_token(self.portal, request)
        config = applied_config(self.portal, token)
        if not any(holds_scope(token, config, scope) for scope in any_of):
            raise ApiError(
                401,
                "scope_not_authorized",
                f"The user did not authorize the scope required for completing this request: {' or '.join(any_of)}.",
            )
        if direct_post and not config.direct_post:
            raise ApiError(
                401,
                "scope_not_authorized",
                "Direct Post is not enabled in this app's Content Posting API configuration.",
            )
        return token

    def _limit(self, bucket: str, token: AccessToken) -> None:
        self.service.rate_limiter.hit(bucket, token.token)

    def _require_brand_toggles(self, post_info: payloads.VideoPostInfo | payloads.PhotoPostInfo, *names: str) -> None:
        """With ``ApiSettings.require_brand_content_toggle``, the brand toggles TikTok's reference
        marks required must be in the body."""
        if not self.service.settings.require_brand_content_toggle:
            return
        missing = [name for name in names if getattr(post_info, name) is None]
        if missing:
            fields = " and ".join(f"post_info.{name}" for name in missing)
            raise ApiError(400, "invalid_params", f"{fields} is required for a Direct Post (true or false).")

    @staticmethod
    def _refused(refusal: PostingRefused) -> ApiError:
        return ApiError(STATUS_OF.get(refusal.code, 400), refusal.code, refusal.detail)

    def _start(self, token: AccessToken, **kwargs: Any) -> Publish:
        client = self.portal.client(token.grant.client_key)
        assert client is not None
        try:
            return self.portal.posting.start(
                client,
                token.grant.account,
                url_properties=client.url_properties,
                refuse_disabled_interactions=self.service.settings.refuse_disabled_interactions,
                **kwargs,
            )
        except PostingRefused as refusal:
            raise self._refused(refusal) from None

    def _own_publish(self, request: ApiRequest, token: AccessToken) -> Publish:
        publish_id = _publish_id(request)
        publish = self.portal.posting.get(publish_id)
        if publish is None:
            raise ApiError(400, "invalid_publish_id", f"No post was started with publish_id {publish_id!r}.")
        if publish.client_key != token.grant.client_key or publish.account is not token.grant.account:
            raise ApiError(
                400,
                "token_not_authorized_for_specified_publish_id",
                "The access token was not issued to the user and client that started this post.",
            )
        return publish

    # -- endpoints ----------------------------------------------------------------------------------
    def creator_info(self, request: ApiRequest, log_id: str) -> ApiResponse:
        token = self._token(request, PUBLISH, direct_post=True)
        self._limit("creator_info", token)
        account = token.grant.account
        if self.portal.posting.creator_posts_today(account) >= POSTS_PER_CREATOR_PER_DAY:
            # Documented: creator_info answers this refusal with HTTP 200, "intentionally".
            refusal = ApiError(200, "spam_risk_too_many_posts", "The creator has reached today's posting cap.")
            return envelope.error(refusal, log_id)
        disabled = disabled_interactions(account)
        data = {
            "creator_avatar_url": account.avatar_url,
            "creator_username": account.username,
            "creator_nickname": account.display_name,
            "privacy_level_options": list(privacy_level_options(account)),
            "comment_disabled": disabled["comment"],
            "duet_disabled": disabled["duet"],
            "stitch_disabled": disabled["stitch"],
            "max_video_post_duration_sec": account.max_video_post_duration_sec,
        }
        return envelope.ok(data, log_id)

    def video_init(self, request: ApiRequest, log_id: str) -> ApiResponse:
        from ..payloads.posting import VideoInitRequest

        token = self._token(request, PUBLISH, direct_post=True)
        self._limit("video_init", token)
        body = read_body(request, VideoInitRequest)
        info = body.post_info
        self._require_brand_toggles(info, "brand_content_toggle")
        # A missing privacy_level is refused by the portal: 403 privacy_level_option_mismatch ("not
        # specified or not among the options" [Direct Post reference]).
        publish = self._start(
            token,
            media_type="VIDEO",
            post_mode="DIRECT_POST",
            privacy_level=info.privacy_level,
            title=info.title,
            interactions=_interactions(
                comment=info.disable_comment, duet=info.disable_duet, stitch=info.disable_stitch
            ),
            **_source(body.source_info),
        )
        return envelope.ok(_init_data(publish, self.service.settings.upload_base_url), log_id)

    def inbox_init(self, request: ApiRequest, log_id: str) -> ApiResponse:
        from ..payloads.posting import InboxVideoInitRequest

        token = self._token(request, UPLOAD)
        self._limit("inbox_video_init", token)
        body = read_body(request, InboxVideoInitRequest)
        publish = self._start(token, media_type="VIDEO", post_mode="MEDIA_UPLOAD", **_source(body.source_info))
        return envelope.ok(_init_data(publish, self.service.settings.upload_base_url), log_id)

    def content_init(self, request: ApiRequest, log_id: str) -> ApiResponse:
        from ..payloads.posting import ContentInitRequest

        require_user_token(self.portal, request)  # 401 before 400, as on the other endpoints
        body = read_body(request, ContentInitRequest)
        direct = body.post_mode == "DIRECT_POST"
        # The photo reference: "video.publish or video.upload"; a Direct Post needs video.publish.
        token = self._token(request, *((PUBLISH,) if direct else (UPLOAD, PUBLISH)), direct_post=direct)
        self._limit("content_init", token)
        if direct:
            self._require_brand_toggles(body.post_info, "brand_content_toggle", "brand_organic_toggle")
        publish = self._start(
            token,
            media_type="PHOTO",
            post_mode=body.post_mode,
            source="PULL_FROM_URL",
            privacy_level=body.post_info.privacy_level if direct else None,
            title=body.post_info.title,
            description=body.post_info.description,
            # disable_comment "only works for post_mode = DIRECT POST" [photo reference]
            interactions=_interactions(comment=body.post_info.disable_comment) if direct else None,
            urls=body.source_info.photo_images,
        )
        return envelope.ok({"publish_id": publish.publish_id}, log_id)

    def status_fetch(self, request: ApiRequest, log_id: str) -> ApiResponse:
        token = self._token(request, PUBLISH, UPLOAD)
        self._limit("status_fetch", token)
        publish = self._own_publish(request, token)
        status = publish.status
        data: dict[str, Any] = {"status": status, "publicaly_available_post_id": publish.publicly_available_post_ids}
        if status == "FAILED":
            data["fail_reason"] = publish.fail_reason
        if publish.source == "FILE_UPLOAD":
            data["uploaded_bytes"] = publish.uploaded_bytes
        else:
            data["downloaded_bytes"] = publish.downloaded_bytes
        response = envelope.ok(data, log_id)
        response.outcomes = (
            (status, publish.fail_reason)
            if status == "FAILED"
            else (status, "publicly_available")
            if data["publicaly_available_post_id"]
            else (status,)
        )
        return response

    def cancel(self, request: ApiRequest, log_id: str) -> ApiResponse:
        token = self._token(request, PUBLISH, UPLOAD)
        publish = self._own_publish(request, token)
        try:
            publish.cancel()
        except PostingRefused as refusal:
            raise self._refused(refusal) from None
        # Only the error object, no "data" [Media Transfer Guide, "Cancel ongoing pull from URL tasks"].
        success = {"error": {"code": "ok", "message": "", "log_id": log_id}}
        return envelope.json_response(200, success, log_id)

    def data_portability(self, request: ApiRequest, log_id: str) -> ApiResponse:
        token = require_user_token(self.portal, request)
        if not any(scope.startswith("portability.") for scope in token.grant.scopes):
            raise ApiError(
                401,
                "scope_not_authorized",
                "The user did not authorize the scope required for completing this request: a portability.* scope "
                "(the Data Portability API is not available in sandbox mode).",
            )
        raise ApiError(
            501,
            "internal_error",
            "pytest-tiktok-sandbox does not fake the Data Portability API of production apps.",
        )


def _publish_id(request: ApiRequest) -> str:
    """``publish_id`` of a status fetch or cancel body: a non-empty ASCII string (TikTok's ids
    are) is read here; any other body goes through the payload model ``PublishIdRequest``,
    which refuses it saying why (a lone surrogate too), or reads it the same way."""
    raw = read_object(request)
    publish_id = raw.get("publish_id")
    if type(publish_id) is str and publish_id and publish_id.isascii():
        return publish_id
    from ..payloads.posting import PublishIdRequest

    return validate(raw, PublishIdRequest).publish_id


def _interactions(
    comment: bool | None, duet: bool | None = None, stitch: bool | None = None
) -> dict[Interaction, bool]:
    """The ``disable_*`` fields the body gave (a left-out one is neither on nor off)."""
    given: dict[Interaction, bool | None] = {"comment": comment, "duet": duet, "stitch": stitch}
    return {name: value for name, value in given.items() if value is not None}


def _source(source: payloads.VideoSourceInfo) -> dict[str, Any]:
    if source.source == "FILE_UPLOAD":
        return {
            "source": "FILE_UPLOAD",
            "video_size": source.video_size,
            "chunk_size": source.chunk_size,
            "total_chunk_count": source.total_chunk_count,
        }
    return {"source": "PULL_FROM_URL", "urls": [source.video_url]}


def _init_data(publish: Publish, upload_base_url: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"publish_id": publish.publish_id}
    if publish.upload is not None:
        data["upload_url"] = upload_url(publish.upload, upload_base_url)
    return data
