"""The media transfer: ``PUT {upload_url}`` with ``Content-Range``, chunk by chunk.

Answers [TikTok's media transfer guide]: 206 for a chunk with more to come, 201 when every
chunk has arrived, 400 for bad headers or a length mismatch, 403 once the URL's hour is
over, 404 for an unknown upload, 416 when ``Content-Range`` does not follow the progress.
Each accepted chunk's answer carries ``Content-Range: bytes 0-{last received}/{total}``;
refusals carry TikTok's error body. Bytes are counted, never kept.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final
from urllib.parse import urlencode

from ..portal.errors import UploadRefused
from . import envelope
from .envelope import ApiError
from .hosts import UPLOAD_HOST
from .http import ApiRequest, ApiResponse
from .router import Router

if TYPE_CHECKING:
    from ..portal.uploads import Upload
    from .context import ApiContext

UPLOAD_PATH: Final = "/video/"
VIDEO_TYPES: Final = ("video/mp4", "video/quicktime", "video/webm")
_RANGE = re.compile(r"^[ \t]*bytes[ \t]+([0-9]{1,12})-([0-9]{1,12})/([0-9]{1,12})[ \t]*$")
"""RFC 9110's ``bytes first-last/complete-length``: ASCII digits and blanks only (``\\d`` and
``\\s`` would take fullwidth digits and Unicode spaces)."""
STATUS_OF_REASON: Final = {"unknown": 404, "expired": 403, "out_of_order": 416, "bad_chunk": 400}
OUTCOME_OF_STATUS: Final = {404: "upload_not_found", 403: "upload_url_expired", 416: "content_range_mismatch"}
"""The outcome catalogue's names of the transfer's refusals (all ``invalid_file_upload``)."""


def upload_url(upload: Upload, base_url: str | None = None) -> str:
    """Where the client PUTs ``upload``'s chunks: TikTok's upload host, or ``base_url`` (a live
    server) with the same path and query."""
    origin = base_url.rstrip("/") if base_url else f"https://{UPLOAD_HOST}"
    return f"{origin}{UPLOAD_PATH}?{urlencode({'upload_id': upload.upload_id, 'upload_token': upload.upload_token})}"


class UploadEndpoint:
    def __init__(self, service: ApiContext) -> None:
        self.portal = service.portal

    def register(self, router: Router) -> None:
        router.add("PUT", UPLOAD_HOST, UPLOAD_PATH, self.put, "upload")

    def put(self, request: ApiRequest, log_id: str) -> ApiResponse:
        upload = self.portal.posting.upload(request.query_value("upload_id") or "")
        if upload is None or upload.upload_token != request.query_value("upload_token"):
            raise ApiError(
                404, "invalid_file_upload", "No upload has this upload_id and upload_token.", outcome="upload_not_found"
            )
        if request.content_type not in VIDEO_TYPES:
            raise ApiError(
                400,
                "invalid_file_upload",
                f"Content-Type must be one of {', '.join(VIDEO_TYPES)}, got {request.content_type!r}.",
            )
        match = _RANGE.match(request.headers.get("content-range", ""))
        if match is None:
            raise ApiError(400, "invalid_file_upload", "Content-Range must read 'bytes {first}-{last}/{total}'.")
        first, last, total = (int(g) for g in match.groups())
        length = len(request.body)
        declared = request.headers.get("content-length")
        if declared is not None and declared.strip() != str(length):
            raise ApiError(400, "invalid_file_upload", f"Content-Length {declared} is not the body's {length} bytes.")
        if first > last:
            raise ApiError(400, "invalid_file_upload", f"Content-Range bytes {first}-{last} is empty.")
        try:
            done = upload.receive(first, last, total, length, self.portal.clock.now())
        except UploadRefused as refusal:
            status = STATUS_OF_REASON[refusal.reason]
            raise ApiError(
                status, "invalid_file_upload", refusal.detail, outcome=OUTCOME_OF_STATUS.get(status)
            ) from None
        progress = f"bytes 0-{upload.uploaded_bytes - 1}/{upload.video_size}"
        outcome = "upload_complete" if done else "chunk_accepted"
        response = envelope.json_response(201 if done else 206, {}, log_id, outcomes=(outcome,))
        response.headers["Content-Range"] = progress
        return response
