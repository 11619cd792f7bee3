"""A small web app that signs people in with TikTok, shows their profile and videos, and posts.

The integration a team would write: Login Kit (web, with a state check), the Display API
for a profile page, refresh of an expired access token, the Content Posting API (creator
info, Direct Post with a chunked upload, status polling) and a webhook receiver that checks
``TikTok-Signature``.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from flask import Flask, abort, redirect, request, session

from .tiktok_client import TikTokClient, TikTokError, verify_webhook

SCOPES = ["user.info.basic", "user.info.profile", "user.info.stats", "video.list"]
POSTING_SCOPES = [*SCOPES, "video.publish"]


def create_app(client_key: str, client_secret: str, redirect_uri: str) -> Flask:
    app = Flask(__name__)
    app.secret_key = secrets.token_hex(16)
    tiktok = TikTokClient(client_key, client_secret, redirect_uri)
    app.extensions["tiktok"] = tiktok
    received_events: list[dict[str, Any]] = []
    app.extensions["tiktok_events"] = received_events

    @app.get("/login")
    def login() -> Any:
        state = secrets.token_urlsafe(16)
        session["oauth_state"] = state
        scopes = POSTING_SCOPES if request.args.get("posting") else SCOPES
        return redirect(tiktok.authorize_url(scopes, state))

    @app.get("/auth/tiktok/callback")
    def callback() -> Any:
        if request.args.get("state") != session.pop("oauth_state", None):
            abort(400, "state mismatch")
        if "error" in request.args:
            return f"TikTok sign-in failed: {request.args['error']}", 403
        tokens = tiktok.exchange_code(request.args["code"])  # Flask decoded the code for us
        session["tokens"] = tokens.__dict__
        return redirect("/profile")

    def access_token() -> str:
        tokens = session.get("tokens")
        if not tokens:
            abort(401)
        if tokens["expires_at"] <= time.time() + 60:
            fresh = tiktok.refresh(tokens["refresh_token"])
            session["tokens"] = tokens = fresh.__dict__
        return str(tokens["access_token"])

    @app.get("/profile")
    def profile() -> Any:
        token = access_token()
        try:
            user = tiktok.user_info(token)
        except TikTokError as error:
            if error.code != "access_token_invalid":
                raise
            session["tokens"]["expires_at"] = 0  # TikTok says the token is dead: refresh once
            session.modified = True
            user = tiktok.user_info(access_token())
        return {"display_name": user["display_name"], "username": user["username"], "followers": user["follower_count"]}

    @app.get("/videos")
    def videos() -> Any:
        token = access_token()
        wanted = int(request.args.get("max_count", 10))
        videos: list[dict[str, Any]] = []
        page = tiktok.videos(token, max_count=wanted)
        videos += page["videos"]
        # TikTok may answer fewer than max_count videos while has_more is true: follow the cursor.
        while len(videos) < wanted and page["has_more"]:
            page = tiktok.videos(token, cursor=page["cursor"], max_count=wanted - len(videos))
            videos += page["videos"]
        return {"titles": [v["title"] for v in videos], "has_more": page["has_more"]}

    @app.post("/posts")
    def new_post() -> Any:
        """Post the video in the body with the privacy level the creator picked (TikTok's UX
        guidelines: offer only the creator's own options)."""
        token = access_token()
        creator = tiktok.creator_info(token)
        privacy_level = request.args.get("privacy_level", "SELF_ONLY")
        if privacy_level not in creator["privacy_level_options"]:
            return {"error": f"{privacy_level} is not offered to @{creator['creator_username']}"}, 400
        video = request.get_data()  # the video file, as the request body
        try:
            publish_id = tiktok.post_video(token, video, request.args.get("title", ""), privacy_level)
        except TikTokError as error:
            return {"error": error.code}, 403 if error.status == 403 else 502
        return {"publish_id": publish_id}, 202

    @app.get("/posts/<publish_id>")
    def post_status(publish_id: str) -> Any:
        status = tiktok.post_status(access_token(), publish_id)
        return {"status": status["status"], "reason": status.get("fail_reason")}

    @app.post("/webhooks/tiktok")
    def webhook() -> Any:
        raw = request.get_data()
        if not verify_webhook(client_secret, request.headers.get("TikTok-Signature", ""), raw):
            abort(401)
        received_events.append(request.get_json())
        return "", 200

    return app
