"""Login Kit with QR code over HTTP: ``/v2/oauth/get_qrcode/`` and ``/v2/oauth/check_qrcode/``.

Both take a form-encoded POST and answer TikTok's flat OAuth shapes, like the token endpoint
(``ApiSettings.oauth_error_status`` for refusals) [TikTok's "Login Kit with QR Code" page]:

- ``get_qrcode`` (``client_key``, ``scope``, ``state``) answers
  ``{"scan_qrcode_url", "token"}``;
- ``check_qrcode`` (``client_key``, ``client_secret``, ``token``) answers ``{"status"}``,
  with the scanned URL's ``client_ticket`` once scanned, and when ``confirmed`` also the
  ``redirect_uri`` carrying the ``code`` and the ``state``.

The QR codes themselves, and what the scanning user does, live in ``portal/qrcode.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from ..portal.authorization import OAuthError
from . import envelope
from .hosts import API_HOST
from .oauth import OAuthEndpoints
from .router import Router

if TYPE_CHECKING:
    from .context import ApiContext
    from .http import ApiRequest, ApiResponse

GET_QRCODE_PATH: Final = "/v2/oauth/get_qrcode/"
CHECK_QRCODE_PATH: Final = "/v2/oauth/check_qrcode/"


class QrCodeEndpoints:
    def __init__(self, service: ApiContext) -> None:
        self.service = service
        self.portal = service.portal
        self._oauth = OAuthEndpoints(service)  # the token endpoint's form and client checks

    def register(self, router: Router) -> None:
        router.add("POST", API_HOST, GET_QRCODE_PATH, self.get_qrcode, "oauth.get_qrcode")
        router.add("POST", API_HOST, CHECK_QRCODE_PATH, self.check_qrcode, "oauth.check_qrcode")

    def get_qrcode(self, request: ApiRequest, log_id: str) -> ApiResponse:
        try:
            form = self._oauth.read_form(request)
            client = self._oauth.client_of(form, check_secret=False)
            code = self.portal.qr_login.get_qrcode(client, form.get("scope"), form.get("state"))
        except OAuthError as refusal:
            return self._oauth.refuse(refusal, log_id)
        return envelope.json_response(200, {"scan_qrcode_url": code.scan_url, "token": code.token}, log_id)

    def check_qrcode(self, request: ApiRequest, log_id: str) -> ApiResponse:
        qr_login = self.portal.qr_login
        try:
            form = self._oauth.read_form(request)
            client = self._oauth.client_of(form)
            code = qr_login.check(client, form.get("token"))
        except OAuthError as refusal:
            return self._oauth.refuse(refusal, log_id)
        body: dict[str, Any] = {"status": code.status}
        if code.client_ticket is not None:
            body["client_ticket"] = code.client_ticket
        if code.status == "confirmed":
            body["redirect_uri"] = code.redirect
            body["state"] = code.state if code.state is not None else ""
        qr_login.answered(code)
        return envelope.json_response(200, body, log_id, outcomes=(body["status"],))
