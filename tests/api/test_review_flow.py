"""App review end to end over HTTP: a sandbox's configuration is imported, submitted,
reviewed and approved, and only then reaches users through the production client key.

Production serves the Live version only: a Draft's (or a version in review's) new product
or scope reaches no user until it is approved; once Live, any account (not only target
users) signs in with the production key. Posting publicly needs one more step, TikTok's
Content Posting audit (``App.pass_posting_audit``): until then a Live app is an unaudited
client.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from pytest_tiktok_sandbox import (
    Account,
    App,
    Clock,
    DemoVideo,
    NoLiveVersion,
    Portal,
    ProductRequired,
    Sandbox,
    SandboxSpec,
    sandbox_spec,
)
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.portal.posting import is_audited

from ..review_builders import describe, import_ready
from .login_kit_client import LoginKitClient, error_page_type
from .posting_client import Poster, data, error, token_for

DAY = 86_400
USER_INFO_URL = "https://open.tiktokapis.com/v2/user/info/"
DEMO = [DemoVideo("walkthrough.mp4", 20 * 1024 * 1024)]
EXPLANATIONS = {
    "login_kit": "Users sign in with TikTok.",
    "display_api": "We show the user's videos.",
    "content_posting_api": "Users post their edited clips.",
    "user.info.basic": "To show the user's name.",
    "user.info.profile": "To show the user's bio.",
    "user.info.stats": "To show follower counts.",
    "video.list": "To list the user's videos.",
    "video.publish": "To post edited clips directly.",
}


def ready_for_review(app: App, sandbox: Sandbox) -> None:
    """Complete the sandbox's App details, import it into the Draft and explain everything."""
    describe(sandbox)
    import_ready(app, sandbox, EXPLANATIONS)


def production(app: App) -> LoginKitClient:
    return LoginKitClient(app.client_key, app.client_secret)


def user_info(token: str) -> dict[str, Any]:
    response = requests.get(
        USER_INFO_URL,
        params={"fields": "open_id,display_name"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    return data(response)


@pytest.fixture
def stranger(tiktok_portal: Portal, tiktok_api: TikTokMock) -> Account:
    """A public TikTok account that is no target user of any sandbox, logged in to the browser."""
    account = tiktok_portal.create_account(is_private=False)
    tiktok_api.login(account)
    return account


# -- sandbox → import → submit → approve → anyone signs in -------------------------------------------
def test_an_approved_app_lets_any_account_sign_in_with_the_production_key(
    tiktok_app: App, tiktok_sandbox: Sandbox, tiktok_clock: Clock, stranger: Account
) -> None:
    tiktok_clock.freeze()
    ready_for_review(tiktok_app, tiktok_sandbox)
    review = tiktok_app.submit_for_review(DEMO, decide_after=3 * DAY)
    assert not tiktok_app.may_authorize(stranger)
    assert error_page_type(production(tiktok_app).authorize("user.info.basic")) == "client_key"

    tiktok_clock.advance(days=2)
    assert error_page_type(production(tiktok_app).authorize("user.info.basic")) == "client_key"

    tiktok_clock.advance(days=1)  # "review takes several days": the decision lands on the next request
    tokens = production(tiktok_app).sign_in("user.info.basic,user.info.profile")
    assert review.status == "approved"
    assert tiktok_app.may_authorize(stranger)
    assert not tiktok_sandbox.is_target_user(stranger)
    assert tokens["open_id"] == stranger.open_id
    assert tokens["scope"].split(",") == ["user.info.basic", "user.info.profile"]
    assert user_info(tokens["access_token"])["user"]["open_id"] == stranger.open_id


def test_the_sandbox_key_still_serves_only_target_users_after_approval(
    tiktok_app: App, tiktok_sandbox: Sandbox, tiktok_api: TikTokMock, stranger: Account
) -> None:
    ready_for_review(tiktok_app, tiktok_sandbox)
    tiktok_app.submit_for_review(DEMO)
    tiktok_app.approve_review()
    sandbox_key = LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret)
    assert error_page_type(sandbox_key.authorize("user.info.basic")) == "client_key"
    tiktok_api.login(tiktok_sandbox.all_target_users[0])
    assert "access_token" in sandbox_key.sign_in()


def test_a_rejected_app_still_serves_no_one(
    tiktok_app: App, tiktok_sandbox: Sandbox, tiktok_clock: Clock, stranger: Account
) -> None:
    tiktok_clock.freeze()
    ready_for_review(tiktok_app, tiktok_sandbox)
    tiktok_app.submit_for_review(DEMO, decide_after=7 * DAY, outcome="reject", comments=["Demo is unclear."])
    tiktok_clock.advance(days=7)
    assert error_page_type(production(tiktok_app).authorize("user.info.basic")) == "client_key"
    assert tiktok_app.draft is not None and tiktok_app.draft.review_comments == ("Demo is unclear.",)


# -- draft changes reach no user until approved -------------------------------------------------------
@pytest.mark.tiktok_sandbox(app_live=True)
def test_draft_changes_reach_no_user_until_approved(
    tiktok_app: App, tiktok_sandbox: Sandbox, tiktok_api: TikTokMock, stranger: Account
) -> None:
    assert tiktok_app.live is not None, "app_live=True: the sandbox's configuration is Live"
    assert not is_audited(tiktok_app)
    tiktok_sandbox.configure(products=["content_posting_api"], scopes=["video.publish"], apply=False)
    tiktok_sandbox.set_direct_post(True)
    ready_for_review(tiktok_app, tiktok_sandbox)
    assert tiktok_app.draft is not None and "video.publish" in tiktok_app.draft.config.scopes

    def try_video_publish() -> requests.Response:
        return production(tiktok_app).authorize("user.info.basic,video.publish")

    assert error_page_type(try_video_publish()) == "scope", "a Draft's scope reaches no user"
    basic = production(tiktok_app).sign_in("user.info.basic")
    assert error(Poster(basic["access_token"]).creator_info(), 401) == "scope_not_authorized"

    tiktok_app.submit_for_review(DEMO)
    assert error_page_type(try_video_publish()) == "scope", "nor does a version in review"

    tiktok_app.approve_review()
    assert not is_audited(tiktok_app), "app review is not the Content Posting audit"
    tiktok_app.pass_posting_audit()
    assert is_audited(tiktok_app)
    tokens = production(tiktok_app).sign_in("user.info.basic,video.publish")
    assert "video.publish" in tokens["scope"].split(",")
    poster = Poster(tokens["access_token"])
    assert "PUBLIC_TO_EVERYONE" in data(poster.creator_info())["privacy_level_options"]
    init = data(poster.direct_file(privacy_level="PUBLIC_TO_EVERYONE"))
    assert init["publish_id"] and init["upload_url"], "an audited client posts publicly for a public account"


def test_the_sandbox_posts_as_unaudited_while_the_audited_production_key_posts_publicly(
    tiktok_app: App, tiktok_sandbox: Sandbox, tiktok_portal: Portal, tiktok_api: TikTokMock
) -> None:
    tiktok_sandbox.configure(products=["content_posting_api"], scopes=["video.publish"], apply=False)
    tiktok_sandbox.set_direct_post(True)
    public_target = tiktok_portal.create_account(is_private=False)
    tiktok_sandbox.add_target_user(public_target, public_target.password)
    ready_for_review(tiktok_app, tiktok_sandbox)
    tiktok_app.submit_for_review(DEMO, decide_after=0)
    tiktok_app.pass_posting_audit()
    tiktok_api.login(public_target)
    sandbox_token = LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).sign_in(
        "user.info.basic,video.publish"
    )["access_token"]
    refused = Poster(sandbox_token).direct_file(privacy_level="PUBLIC_TO_EVERYONE")
    assert error(refused, 403) == "unaudited_client_can_only_post_to_private_accounts"
    production_token = production(tiktok_app).sign_in("user.info.basic,video.publish")["access_token"]
    assert data(Poster(production_token).direct_file(privacy_level="PUBLIC_TO_EVERYONE"))["publish_id"]


def test_a_scope_removed_in_the_draft_stays_until_the_revision_is_approved(
    tiktok_app: App, tiktok_sandbox: Sandbox, stranger: Account
) -> None:
    """Removals too: the Live version keeps serving until its revision is approved."""
    ready_for_review(tiktok_app, tiktok_sandbox)
    tiktok_app.approve()
    tiktok_sandbox.remove_scope("user.info.stats")
    tiktok_sandbox.apply_changes()
    tiktok_app.import_sandbox(tiktok_sandbox)
    assert tiktok_app.live is not None and "user.info.stats" in tiktok_app.live.config.scopes
    assert "access_token" in production(tiktok_app).sign_in("user.info.basic,user.info.stats")
    tiktok_app.submit_for_review(DEMO)
    tiktok_app.approve_review()
    assert error_page_type(production(tiktok_app).authorize("user.info.basic,user.info.stats")) == "scope"


# -- the app_live marker argument -------------------------------------------------------------------------
@pytest.mark.tiktok_sandbox(app_live=True, target_users=2)
def test_app_live_starts_from_a_live_app_with_the_sandboxs_configuration(
    tiktok_app: App, tiktok_sandbox: Sandbox, stranger: Account
) -> None:
    live = tiktok_app.live
    assert live is not None and live.status == "live"
    assert live.config == tiktok_sandbox.config
    assert tiktok_app.draft is not None and tiktok_app.draft.status == "draft"
    assert tiktok_app.draft.config == live.config
    assert tiktok_app.reviews == [], "approved with the shortcut, no submission"
    tokens = production(tiktok_app).sign_in("user.info.basic,video.list")
    assert tokens["open_id"] == stranger.open_id


def test_app_live_is_off_by_default(tiktok_app: App, tiktok_sandbox: Sandbox) -> None:
    assert SandboxSpec().app_live is False
    assert tiktok_app.live is None


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_app_live_must_be_a_bool(value: object) -> None:
    with pytest.raises(TypeError, match="app_live must be True or False"):
        sandbox_spec(app_live=value)  # type: ignore[arg-type]


def test_a_bad_app_live_fails_the_test_with_a_clear_message(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_sandbox(app_live="yes")
        def test_bad(tiktok_sandbox):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*@pytest.mark.tiktok_sandbox: app_live must be True or False, got 'yes'*"])


def test_tiktok_sandbox_context_manager_takes_app_live() -> None:
    from pytest_tiktok_sandbox import TikTokSandbox

    with TikTokSandbox(app_live=True) as tt:
        assert tt.app.live is not None
        assert tt.app.api_config == tt.sandbox.config
        anyone = tt.portal.create_account()
        tt.api.login(anyone)
        assert production(tt.app).sign_in()["open_id"] == anyone.open_id


# -- the Content Posting audit, a step of its own after app review ------------------------------------------
# TikTok's Content Sharing Guidelines: "all content posted by unaudited clients will be restricted
# to private viewing mode", and the API client "must undergo an audit" for the restrictions to
# lift. App review does not lift them: approved apps keep getting 403
# unaudited_client_can_only_post_to_private_accounts until the audit is passed.
POSTING = {
    "products": ["login_kit", "content_posting_api"],
    "scopes": ["user.info.basic", "video.publish"],
    "direct_post": True,
}


@pytest.mark.tiktok_sandbox(app_live=True, **POSTING)
def test_an_approved_app_is_unaudited_until_it_passes_the_posting_audit(tiktok_app: App, tiktok_portal: Portal) -> None:
    assert tiktok_app.live is not None and tiktok_app.posting_audited is False
    public = tiktok_portal.create_account(is_private=False)
    poster = Poster(token_for(tiktok_app, public, "user.info.basic,video.publish"))
    refused = poster.direct_file(privacy_level="PUBLIC_TO_EVERYONE")
    assert error(refused, 403) == "unaudited_client_can_only_post_to_private_accounts"
    assert "Content Posting audit" in refused.json()["error"]["message"]
    assert error(poster.direct_file(privacy_level="SELF_ONLY"), 403) == (
        "unaudited_client_can_only_post_to_private_accounts"
    ), "a public account, even SELF_ONLY"

    tiktok_app.pass_posting_audit()
    assert tiktok_app.posting_audited is True
    assert data(poster.direct_file(privacy_level="PUBLIC_TO_EVERYONE"))["publish_id"]


@pytest.mark.tiktok_sandbox(app_live=True, target_users=0, **POSTING)
def test_an_unaudited_live_app_keeps_the_five_creators_a_day_cap(tiktok_app: App, tiktok_portal: Portal) -> None:
    creators = [tiktok_portal.create_account(is_private=True) for _ in range(6)]
    posters = [Poster(token_for(tiktok_app, c, "user.info.basic,video.publish")) for c in creators]
    for poster in posters[:5]:
        assert data(poster.direct_file(privacy_level="SELF_ONLY"))["publish_id"]
    sixth = posters[5].direct_file(privacy_level="SELF_ONLY")
    assert error(sixth, 403) == "unaudited_client_can_only_post_to_private_accounts"
    tiktok_app.pass_posting_audit()
    assert data(posters[5].direct_file(privacy_level="SELF_ONLY"))["publish_id"]


@pytest.mark.tiktok_sandbox(app_live=True, posting_audited=True, target_users=1, **POSTING)
def test_posting_audited_marker_lifts_the_rules_for_production_only(
    tiktok_app: App, tiktok_sandbox: Sandbox, tiktok_portal: Portal, tiktok_api: TikTokMock
) -> None:
    assert tiktok_app.posting_audited is True
    public = tiktok_portal.create_account(is_private=False)
    assert data(
        Poster(token_for(tiktok_app, public, "user.info.basic,video.publish")).direct_file(
            privacy_level="PUBLIC_TO_EVERYONE"
        )
    )
    tiktok_sandbox.add_target_user(public, public.password)
    tiktok_api.login(public)
    sandbox_token = LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret).sign_in(
        "user.info.basic,video.publish"
    )["access_token"]
    refused = Poster(sandbox_token).direct_file(privacy_level="PUBLIC_TO_EVERYONE")
    assert error(refused, 403) == "unaudited_client_can_only_post_to_private_accounts", "a sandbox never is"


def test_the_posting_audit_needs_a_live_version_with_content_posting(tiktok_app: App, tiktok_sandbox: Sandbox) -> None:
    with pytest.raises(NoLiveVersion, match="Content Posting audit"):
        tiktok_app.pass_posting_audit()
    tiktok_app.import_sandbox(tiktok_sandbox)  # Login Kit and Display API only
    tiktok_app.approve()
    with pytest.raises(ProductRequired, match="Content Posting"):
        tiktok_app.pass_posting_audit()
    assert tiktok_app.posting_audited is False


def test_the_posting_audit_stays_through_later_versions(tiktok_app: App, tiktok_sandbox: Sandbox) -> None:
    tiktok_sandbox.configure(products=["content_posting_api"], scopes=["video.publish"])
    tiktok_app.import_sandbox(tiktok_sandbox)
    tiktok_app.approve()
    tiktok_app.pass_posting_audit()
    tiktok_sandbox.remove_scope("user.info.stats")
    tiktok_sandbox.apply_changes()
    tiktok_app.import_sandbox(tiktok_sandbox)
    tiktok_app.approve()
    assert tiktok_app.posting_audited and is_audited(tiktok_app)


def test_posting_audited_is_off_by_default_and_a_bool(tiktok_app: App, tiktok_sandbox: Sandbox) -> None:
    assert SandboxSpec().posting_audited is False and tiktok_app.posting_audited is False
    with pytest.raises(TypeError, match="posting_audited must be True or False"):
        sandbox_spec(posting_audited="yes")  # type: ignore[arg-type]


def test_posting_audited_without_a_live_app_fails_the_test_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_sandbox(
            products=["login_kit", "content_posting_api"], scopes=["user.info.basic"], posting_audited=True
        )
        def test_audited(tiktok_sandbox):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*@pytest.mark.tiktok_sandbox: *no Live version*Content Posting audit*"])
    result.stdout.no_fnmatch_line("*Traceback*")
