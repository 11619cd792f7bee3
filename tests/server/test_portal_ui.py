"""The developer portal's pages at ``/portal/`` of the live server, driven in a real headless
Chromium: each step of TikTok's "Add a Sandbox" workflow, asserting both the page and the
portal's state, and each refusal shown with the portal's own message (status 400), never a
traceback. The screenshots of ``docs/how-to/portal-ui.md`` are taken here: every run takes them,
and ``TIKTOK_SANDBOX_SCREENSHOTS=1`` writes them to ``docs/img/portal-*.png`` (so that a test run
does not change the repository's files).
"""

from __future__ import annotations

import io
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from browser_support import CHROMIUM, NO_CHROMIUM
from live_helpers import CALLBACK, serving

from pytest_tiktok_sandbox import App, Portal, Sandbox
from pytest_tiktok_sandbox.server import LiveServer

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM),
    pytest.mark.tiktok_sandbox(
        app_name="Clip Uploader", target_users=1, redirect_uris={"web": [CALLBACK]}, scopes=["user.info.basic"]
    ),
]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1000, "height": 760})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def portal_url(tiktok_server: LiveServer) -> Callable[[App | Sandbox | str], str]:
    def url(where: App | Sandbox | str) -> str:
        path = where if isinstance(where, str) else f"apps/{where.client_key}/"
        return f"{tiktok_server.url}/portal/{path}"

    return url


def submit(page: Any, selector: str) -> int:
    """Click a form's button; the status of the page the POST answered with (before any redirect)."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click(selector)
    page.wait_for_load_state()
    return int(answer.value.status)


def shot(page: Any, name: str) -> None:
    """A screenshot for the docs (written to ``docs/img`` with ``TIKTOK_SANDBOX_SCREENSHOTS=1``)."""
    png = page.screenshot()
    assert png.startswith(b"\x89PNG")
    if os.environ.get("TIKTOK_SANDBOX_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"portal-{name}.png").write_bytes(png)


def error_text(page: Any) -> str:
    return str(page.text_content("#error") or "")


# -- 1. Manage apps ----------------------------------------------------------------------------------
def test_manage_apps_lists_the_developers_apps_and_connects_another(
    page: Any, portal_url: Callable[..., str], tiktok_portal: Portal, tiktok_app: App
) -> None:
    page.goto(portal_url(""))
    assert page.title().startswith("Manage apps")
    assert page.is_visible(f'a[data-client-key="{tiktok_app.client_key}"]')
    page.fill('#connect input[name="name"]', "Second App")
    assert submit(page, '#connect button:has-text("Connect an app")') == 303
    second = next(a for a in tiktok_portal.apps if a.name == "Second App")
    assert second.owner is tiktok_app.owner
    assert page.url == portal_url(second)
    assert page.text_content("h1") == "Second App"
    page.goto(portal_url(""))
    shot(page, "apps")

    page.fill('#connect input[name="name"]', " ")
    assert submit(page, '#connect button:has-text("Connect an app")') == 400
    assert "the app configuration is invalid" in error_text(page)
    assert len(tiktok_portal.apps) == 2


# -- 2. The app page: toggle, sandboxes, staged changes, credentials ----------------------------------
def test_create_sandbox_clones_and_the_sixth_is_refused_with_the_portals_message(
    page: Any, portal_url: Callable[..., str], tiktok_app: App, tiktok_sandbox: Sandbox
) -> None:
    page.goto(portal_url(tiktok_app))
    assert submit(page, '#mode button:has-text("Sandbox")') == 303
    assert tiktok_app.mode == "sandbox"
    assert page.url == portal_url(tiktok_sandbox)  # the first sandbox opens
    page.click("#create-sandbox summary")
    page.fill('#create-sandbox input[name="name"]', "Clone")
    page.select_option('#create-sandbox select[name="clone_from"]', f"sandbox:{tiktok_sandbox.client_key}")
    assert submit(page, '#create-sandbox button:has-text("Confirm")') == 303
    clone = tiktok_app.sandbox("Clone")
    assert clone.config == tiktok_sandbox.config
    assert page.url == portal_url(clone)
    assert page.is_visible(f'#sandboxes a.current[data-client-key="{clone.client_key}"]')
    for n in range(3):
        page.click("#create-sandbox summary")
        page.fill('#create-sandbox input[name="name"]', f"QA {n}")
        assert submit(page, '#create-sandbox button:has-text("Confirm")') == 303
    assert len(tiktok_app.sandboxes) == 5

    page.click("#create-sandbox summary")
    page.fill('#create-sandbox input[name="name"]', "Sixth")
    assert submit(page, '#create-sandbox button:has-text("Confirm")') == 400
    assert "an app can have at most 5 sandboxes" in error_text(page)
    assert len(tiktok_app.sandboxes) == 5
    assert page.locator("#sandboxes ul li").count() == 5


def test_staged_changes_reach_the_api_only_with_apply_changes(
    page: Any,
    portal_url: Callable[..., str],
    tiktok_server: LiveServer,
    tiktok_app: App,
    tiktok_sandbox: Sandbox,
) -> None:
    other = "https://example.com/other/callback"
    authorize = tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic,user.info.profile", other)
    before = requests.get(authorize, timeout=10)
    assert "redirect_uri" in before.text and "Log in" not in before.text  # not registered: TikTok's error page

    tiktok_app.mode = "sandbox"
    page.goto(portal_url(tiktok_sandbox))
    assert submit(page, '#scopes li[data-scope="user.info.profile"] button:has-text("Add scope")') == 303
    page.fill('#add-redirect-uri input[name="uri"]', other)
    assert submit(page, '#add-redirect-uri button:has-text("Add redirect URI")') == 303
    assert "user.info.profile" in tiktok_sandbox.pending.scopes
    assert "user.info.profile" not in tiktok_sandbox.config.scopes  # staged only
    assert "Unapplied changes" in page.text_content("#changes")
    shot(page, "sandbox")
    assert "Log in" not in requests.get(authorize, timeout=10).text

    assert submit(page, '#changes button:has-text("Apply changes")') == 303
    assert "user.info.profile" in tiktok_sandbox.config.scopes
    assert other in tiktok_sandbox.config.redirect_uris["web"]
    assert "Log in" in requests.get(authorize, timeout=10).text  # the API sees it at once
    assert page.is_disabled('#changes button:has-text("Apply changes")')

    assert submit(page, '#products li[data-product="webhooks"] button') == 303
    assert submit(page, '#changes button:has-text("Discard")') == 303
    assert "webhooks" not in tiktok_sandbox.pending.products

    assert "Sandbox mode does not offer access to Data Portability API" in page.text_content(
        '#products li[data-product="data_portability_api"]'
    )
    page.fill('#add-redirect-uri input[name="uri"]', "http://example.com/plain")
    assert submit(page, '#add-redirect-uri button:has-text("Add redirect URI")') == 400
    assert "redirect URIs must follow the platform's rules" in error_text(page)


def test_the_client_secret_shows_only_after_reveal(
    page: Any, portal_url: Callable[..., str], tiktok_app: App, tiktok_sandbox: Sandbox
) -> None:
    tiktok_app.mode = "sandbox"
    page.goto(portal_url(tiktok_sandbox))
    assert page.text_content("#client-key") == tiktok_sandbox.client_key
    assert tiktok_sandbox.client_secret not in page.content()
    assert submit(page, '#credentials button:has-text("Reveal")') == 200
    assert page.text_content("#client-secret") == tiktok_sandbox.client_secret
    page.goto(portal_url(tiktok_sandbox))
    assert tiktok_sandbox.client_secret not in page.content()


# -- 3. Target users ---------------------------------------------------------------------------------
def test_add_account_logs_in_accepts_the_terms_and_shows_after_the_delay(
    page: Any, portal_url: Callable[..., str], tiktok_portal: Portal, tiktok_app: App, tiktok_sandbox: Sandbox
) -> None:
    tiktok_portal.target_user_delay = 3600
    account = tiktok_portal.create_account(username="qa_tester", password="s3cret-pass")
    tiktok_app.mode = "sandbox"
    page.goto(portal_url(tiktok_sandbox))
    page.click("#add-account")
    page.fill('input[name="username"]', "qa_tester")
    page.fill('input[name="password"]', "wrong")
    assert submit(page, 'button:has-text("Log in")') == 400
    assert "a target user is added by logging in with the account's own credentials" in error_text(page)

    page.fill('input[name="password"]', "s3cret-pass")
    assert submit(page, 'button:has-text("Log in")') == 200
    assert page.is_visible("text=TikTok Developer Terms of Service")
    shot(page, "terms")
    assert submit(page, '#terms button:has-text("Confirm")') == 400  # the box is not ticked
    assert "a target user must agree to the TikTok Developer Terms of Service" in error_text(page)
    assert not tiktok_sandbox.is_target_user(account)

    page.check('input[name="agree"]')
    assert submit(page, '#terms button:has-text("Confirm")') == 303
    assert tiktok_sandbox.is_target_user(account)
    assert "may take up to an hour" in page.text_content("#added")
    assert not page.is_visible(f'#target-users li[data-open-id="{account.open_id}"]')  # not shown yet
    tiktok_portal.clock.advance(3600)
    page.reload()
    assert page.is_visible(f'#target-users li[data-open-id="{account.open_id}"]')
    shot(page, "target-users")

    assert submit(page, f'#target-users li[data-open-id="{account.open_id}"] button:has-text("Remove")') == 303
    assert not tiktok_sandbox.is_target_user(account)


def test_the_eleventh_target_user_is_refused(
    page: Any, portal_url: Callable[..., str], tiktok_portal: Portal, tiktok_app: App, tiktok_sandbox: Sandbox
) -> None:
    while len(tiktok_sandbox.all_target_users) < 10:
        extra = tiktok_portal.create_account()
        tiktok_sandbox.add_target_user(extra, extra.password)
    eleventh = tiktok_portal.create_account(username="one_too_many", password="pw-11")
    page.goto(portal_url(tiktok_sandbox) + "target-users/add")
    page.fill('input[name="username"]', "one_too_many")
    page.fill('input[name="password"]', "pw-11")
    assert submit(page, 'button:has-text("Log in")') == 200
    page.check('input[name="agree"]')
    assert submit(page, '#terms button:has-text("Confirm")') == 400
    assert "a sandbox can have at most 10 target users" in error_text(page)
    assert not tiktok_sandbox.is_target_user(eleventh)


# -- 4. Production mode: the Draft, review ------------------------------------------------------------
def _complete(sandbox: Sandbox, app: App) -> None:
    """Everything a submission needs but the explanations and demo videos."""
    sandbox.update_details(
        category="Tools",
        description="Uploads clips",
        icon="icon.png",
        terms_of_service_url="https://example.com/terms",
        privacy_policy_url="https://example.com/privacy",
    )
    sandbox.add_platform("web", website_url="https://example.com/")
    sandbox.apply_changes()
    app.verify_url_property("example.com")


def test_production_import_submit_review_recall_and_revert(
    page: Any, portal_url: Callable[..., str], tiktok_app: App, tiktok_sandbox: Sandbox
) -> None:
    page.goto(portal_url(tiktok_app))
    assert tiktok_app.mode == "production"
    assert submit(page, '#submit button:has-text("Submit for review")') == 400
    problems = page.text_content("#problems")
    assert "App details: the app icon is missing" in problems
    assert "Demo videos: upload 1 to 5, got 0" in problems
    shot(page, "submit-refused")

    _complete(tiktok_sandbox, tiktok_app)
    page.select_option('#import select[name="sandbox"]', tiktok_sandbox.client_key)
    assert submit(page, '#import button:has-text("Import")') == 303
    assert tiktok_app.draft is not None and tiktok_app.draft.config.scopes == tiktok_sandbox.config.scopes
    for field in page.query_selector_all('#explanations input[type="text"]'):
        field.fill("Log in and show the user's clips")
    assert submit(page, '#explanations button:has-text("Save")') == 303
    page.fill('#submit textarea[name="demo_videos"]', "demo.mp4")
    assert submit(page, '#submit button:has-text("Submit for review")') == 303
    assert tiktok_app.draft.status == "in_review"
    assert page.text_content("#draft-status") == "In review"

    assert submit(page, '#recall button:has-text("Recall")') == 303
    assert tiktok_app.draft.status == "draft"
    page.fill('#submit textarea[name="demo_videos"]', "demo.mp4")
    assert submit(page, '#submit button:has-text("Submit for review")') == 303
    page.click("#reviewer summary")
    page.fill('#reviewer textarea[name="comments"]', "The demo video does not show the login")
    assert submit(page, '#reviewer button:has-text("Not approve")') == 303
    assert tiktok_app.draft.status == "not_approved"
    assert page.text_content("#draft-status") == "Not approved"
    assert "The demo video does not show the login" in page.text_content("#review-comments")
    shot(page, "review")

    page.fill('#submit textarea[name="demo_videos"]', "demo2.mp4")
    assert submit(page, '#submit button:has-text("Submit for review")') == 303
    page.click("#reviewer summary")
    assert submit(page, '#reviewer button:has-text("Approve")') == 303
    live = tiktok_app.live
    assert live is not None and live.config.scopes == tiktok_sandbox.config.scopes
    assert page.is_visible('#live [data-status="live"]')

    tiktok_sandbox.add_scope("user.info.stats")
    tiktok_sandbox.apply_changes()
    assert submit(page, '#import button:has-text("Import")') == 303
    assert "user.info.stats" in tiktok_app.draft.config.scopes
    assert submit(page, '#import button:has-text("Revert to Live version")') == 303
    assert tiktok_app.draft.config == live.config


def test_import_refused_once_the_toggle_is_on_sandbox(
    page: Any, portal_url: Callable[..., str], tiktok_app: App, tiktok_sandbox: Sandbox
) -> None:
    page.goto(portal_url(tiktok_app))
    before = tiktok_app.draft.config if tiktok_app.draft else None
    tiktok_app.mode = "sandbox"  # switched in another tab
    assert submit(page, '#import button:has-text("Import")') == 400
    assert "a sandbox configuration can only be imported into a Draft in Production mode" in error_text(page)
    assert tiktok_app.draft is not None and tiktok_app.draft.config == before


# -- 5. Activity ---------------------------------------------------------------------------------------
def test_activity_lists_the_api_calls_and_webhook_events(
    page: Any, portal_url: Callable[..., str], tiktok_server: LiveServer, tiktok_portal: Portal, tiktok_sandbox: Sandbox
) -> None:
    requests.get(tiktok_server.url + "/v2/user/info/?fields=open_id", timeout=10)
    tiktok_sandbox.configure(products=["webhooks"], apply=False)
    tiktok_sandbox.set_webhook_callback_url("https://example.com/webhook")
    tiktok_sandbox.apply_changes()
    user = tiktok_sandbox.all_target_users[0]
    tiktok_portal.events.emit(tiktok_sandbox, "authorization.removed", user.open_id, {"reason": 1})
    page.goto(portal_url("activity"))
    calls = page.text_content("#calls")
    assert "open.tiktokapis.com/v2/user/info/" in calls and "401" in calls
    assert "/portal/" not in calls  # the pages are not TikTok calls
    events = page.text_content("#events")
    assert "authorization.removed" in events and user.open_id in events
    assert tiktok_sandbox.client_secret not in page.content()
    assert page.get_attribute('meta[http-equiv="refresh"]', "content") == "5"
    shot(page, "activity")


# -- no browser needed ------------------------------------------------------------------------------
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    portal_url: Callable[..., str], tiktok_app: App, tiktok_sandbox: Sandbox
) -> None:
    with requests.Session() as http:
        http.get(portal_url(tiktok_sandbox), timeout=10)  # has the cookie, not the form's token
        tiktok_sandbox.add_scope("user.info.profile")
        answer = http.post(portal_url(tiktok_sandbox), data={"action": "discard", "csrf": "x" * 64}, timeout=10)
        assert answer.status_code == 403
        assert "CSRF token" in answer.text
        assert "user.info.profile" in tiktok_sandbox.pending.scopes
        bare = requests.post(portal_url(tiktok_app), data={"action": "mode", "mode": "sandbox"}, timeout=10)
        assert bare.status_code == 403 and tiktok_app.mode == "production"


def test_unknown_pages_and_keys_are_404_pages_not_tracebacks(portal_url: Callable[..., str]) -> None:
    for where in ("apps/nope/", "nowhere", "apps/"):
        answer = requests.get(portal_url(where), timeout=10)
        assert answer.status_code == 404
        assert "Traceback" not in answer.text and "<h1>Error</h1>" in answer.text


def test_the_command_line_prints_the_portals_url_and_serves_it() -> None:
    with serving() as out:
        match = re.search(r"developer portal: (http\S+/portal/)", out.getvalue())
        assert match is not None
        page = requests.get(match.group(1), timeout=10)
        assert page.status_code == 200 and "Test app" in page.text


def test_a_foreign_host_header_is_refused_dns_rebinding(portal_url: Callable[..., str], tiktok_app: App) -> None:
    answer = requests.get(portal_url(tiktok_app), headers={"Host": "evil.example:8765"}, timeout=10)
    assert answer.status_code == 403
    assert "this machine only" in answer.text and tiktok_app.name not in answer.text
    assert requests.get(portal_url(tiktok_app), headers={"Host": "localhost"}, timeout=10).status_code == 200


def test_names_are_escaped_and_the_pages_allow_no_script(
    portal_url: Callable[..., str], tiktok_portal: Portal, tiktok_app: App
) -> None:
    tiktok_portal.create_app(tiktok_app.owner, "<script>alert(1)</script>")
    answer = requests.get(portal_url(""), timeout=10)
    assert "<script>alert(1)" not in answer.text and "&lt;script&gt;alert(1)" in answer.text
    assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Frame-Options"] == "DENY" and answer.headers["Cache-Control"] == "no-store"


def test_a_form_too_large_is_a_413_page_not_a_traceback(
    portal_url: Callable[..., str], tiktok_sandbox: Sandbox
) -> None:
    with requests.Session() as http:
        page = http.get(portal_url(tiktok_sandbox), timeout=10).text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        data = {"csrf": token, "action": "details", "name": "x" * 1_000_000}
        answer = http.post(portal_url(tiktok_sandbox), data=data, timeout=10)
    assert answer.status_code == 413
    assert "The form could not be read" in answer.text and "Traceback" not in answer.text
    assert tiktok_sandbox.pending.details.name != "x" * 1_000_000


def test_the_command_line_sets_the_target_user_delay_and_refuses_a_bad_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pytest_tiktok_sandbox.cli import main, serve

    assert main(["serve", "--port", "0", "--target-user-delay", "-1"]) == 2
    assert "target_user_delay is a finite number of seconds" in capsys.readouterr().err
    out = io.StringIO()
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(None, "127.0.0.1", 0, 3),
        kwargs={"quiet": True, "out": out, "stop": stop, "target_user_delay": 60.0},
    )
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while "Ctrl-C to stop." not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        url = re.search(r"developer portal: (http\S+/portal/)", out.getvalue()).group(1)  # type: ignore[union-attr]
        with requests.Session() as http:
            apps = http.get(url, timeout=10).text
            app_path = re.search(r'href="/portal/(apps/[^"]+)"', apps).group(1)  # type: ignore[union-attr]
            http.post(url + app_path, data={"csrf": _token(apps), "action": "mode", "mode": "sandbox"}, timeout=10)
            sandbox = http.get(url + app_path, timeout=10)  # the app page, Sandbox mode
            sandbox_path = re.search(r'<li><a href="/portal/(apps/[^"]+)"', sandbox.text).group(1)  # type: ignore[union-attr]
            page = http.get(url + sandbox_path, timeout=10).text
        assert "No target user shown yet" in page and "1 more added" in page  # the scenario's user waits 60 s
    finally:
        stop.set()
        thread.join(timeout=30)


def _token(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
