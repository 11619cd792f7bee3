"""App review on the production side (tiktok-api.md §6): Draft → In review → Live or Not
approved, recall, the submission checks (each missing item named) and decisions scheduled
on the portal clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pytest_tiktok_sandbox import (
    App,
    AppVersion,
    Clock,
    DemoVideo,
    InvalidConfiguration,
    NotInReview,
    PlatformSettings,
    Portal,
    Review,
    Sandbox,
    SubmissionIncomplete,
    UnknownProduct,
    UnknownScope,
    VersionLocked,
)
from pytest_tiktok_sandbox.portal.uploads import MB

from ..review_builders import describe, import_ready

DAY = 86_400
CALLBACK = "https://example.com/auth/tiktok/callback"
PLAY = "https://play.google.com/store/apps/details?id=com.example.app"
APP_STORE = "https://apps.apple.com/app/id1"
NO_PLAY = "Platforms: Android needs its Google Play URL (the app must be published)"
NO_APP_STORE = "Platforms: iOS needs its App Store URL (the app must be published; TestFlight is accepted)"
VIDEO = DemoVideo("login-flow.mp4", 12 * MB)
EXPLANATIONS = {
    "login_kit": "Users sign in with TikTok.",
    "display_api": "We show the user's videos on their profile page.",
    "user.info.basic": "To show the user's name and avatar.",
    "video.list": "To list the user's videos.",
}


def ready_sandbox(app: App, name: str = "review") -> Sandbox:
    """A sandbox whose configuration passes review: complete App details, a web platform,
    Login Kit and Display API with a redirect URI."""
    sandbox = app.create_sandbox(name)
    describe(sandbox)
    sandbox.configure(products=["login_kit", "display_api"], scopes=["video.list"], redirect_uris={"web": [CALLBACK]})
    return sandbox


def make_ready(app: App) -> AppVersion:
    """Import a complete configuration into the Draft, verify example.com and explain it all."""
    return import_ready(app, ready_sandbox(app), EXPLANATIONS)


@pytest.fixture
def ready(app: App) -> App:
    make_ready(app)
    return app


@pytest.fixture
def clock(portal: Portal) -> Clock:
    return portal.clock


def draft_of(app: App) -> AppVersion:
    assert app.draft is not None
    return app.draft


def problems_of(app: App, videos: Any = (VIDEO,)) -> list[str]:
    with pytest.raises(SubmissionIncomplete) as refused:
        app.submit_for_review(videos)
    assert str(refused.value) == f"{SubmissionIncomplete.rule}: {'; '.join(refused.value.problems)}"
    return list(refused.value.problems)


def edit_draft(app: App, **changes: Any) -> None:
    app.update_draft(draft_of(app).config.model_copy(update=changes))


def edit_details(app: App, **changes: Any) -> None:
    details = draft_of(app).config.details
    edit_draft(app, details=details.model_copy(update=changes))


# -- Draft → In review ---------------------------------------------------------------------------------
def test_submitting_puts_the_draft_in_review(ready: App, clock: Clock) -> None:
    draft = draft_of(ready)
    review = ready.submit_for_review([VIDEO])
    assert isinstance(review, Review)
    assert review.version is draft
    assert review.status == "in_review"
    assert review.submitted_at == clock.now()
    assert review.demo_videos == (VIDEO,)
    assert review.config == draft.config
    assert review.decide_at is None and review.decided_at is None
    assert draft.status == "in_review" and draft.locked
    assert ready.draft is draft, "the version in review stays in the Draft slot"
    assert ready.pending_review is review
    assert ready.reviews == [review]
    assert ready.live is None and ready.api_config is None, "nothing is Live while in review"


def test_a_version_in_review_is_locked(ready: App) -> None:
    draft = draft_of(ready)
    before = draft.config
    sandbox = ready.sandbox("review")
    ready.submit_for_review([VIDEO])
    edits = [
        lambda: ready.update_draft(before.model_copy(update={"direct_post": True})),
        lambda: ready.import_sandbox(sandbox),
        lambda: ready.set_product_explanations({"login_kit": "changed"}),
        lambda: ready.submit_for_review([VIDEO]),
    ]
    for edit in edits:
        with pytest.raises(VersionLocked):
            edit()
    assert draft.config == before
    assert draft.status == "in_review"
    assert len(ready.reviews) == 1


def test_revert_to_live_is_refused_while_in_review(ready: App) -> None:
    ready.approve()
    sandbox = ready.sandbox("review")
    sandbox.enable_product("share_kit")
    sandbox.apply_changes()
    ready.import_sandbox(sandbox)
    ready.set_product_explanations({"share_kit": "Share clips to TikTok."})
    changed = draft_of(ready).config
    ready.submit_for_review([VIDEO])
    with pytest.raises(VersionLocked, match="recall"):
        ready.revert_draft_to_live()
    assert draft_of(ready).config == changed


def test_the_lock_message_names_the_rule_and_the_way_out(ready: App) -> None:
    ready.submit_for_review([VIDEO])
    with pytest.raises(VersionLocked) as refused:
        ready.update_draft(draft_of(ready).config)
    assert str(refused.value).startswith("a version in review is locked: recall it to edit it: version 1")
    assert "app.recall()" in str(refused.value)


# -- In review → Draft (recall) --------------------------------------------------------------------------
def test_recall_returns_the_submission_to_draft(ready: App, clock: Clock) -> None:
    review = ready.submit_for_review([VIDEO])
    clock.advance(hours=5)
    version = ready.recall()
    assert version is ready.draft
    assert version.status == "draft" and not version.locked
    assert review.status == "recalled"
    assert review.decided_at == clock.now()
    assert ready.pending_review is None
    ready.set_product_explanations({"login_kit": "Edited after recall."})
    assert version.config.product_explanations["login_kit"] == "Edited after recall."
    again = ready.submit_for_review([VIDEO])
    assert ready.reviews == [review, again]
    assert again.status == "in_review"


# -- In review → Live ---------------------------------------------------------------------------------------
def test_approving_the_review_makes_the_version_live(ready: App, clock: Clock) -> None:
    version = draft_of(ready)
    review = ready.submit_for_review([VIDEO])
    clock.advance(days=4)
    assert ready.approve_review() is version
    assert version.status == "live"
    assert ready.live is version
    assert ready.api_config == version.config
    assert review.status == "approved"
    assert review.decided_at == clock.now()
    assert review.comments == ()
    new_draft = draft_of(ready)
    assert new_draft is not version
    assert new_draft.status == "draft"
    assert new_draft.config == version.config, "the new Draft is a copy of the Live version"
    assert ready.pending_review is None


def test_approving_a_revision_archives_the_previous_live_version(ready: App) -> None:
    first = ready.approve()
    sandbox = ready.sandbox("review")
    sandbox.add_scope("user.info.profile")
    sandbox.apply_changes()
    ready.import_sandbox(sandbox)
    ready.set_product_explanations({"user.info.profile": "To show the user's bio."})
    second = draft_of(ready)
    ready.submit_for_review([VIDEO])
    assert ready.live is first, "the Live version serves until the revision is approved"
    assert ready.api_config is not None and "user.info.profile" not in ready.api_config.scopes
    ready.approve_review()
    assert first.status == "archived"
    assert second.status == "live"
    assert "user.info.profile" in ready.api_config.scopes
    assert [v.status for v in ready.versions] == ["archived", "live", "draft"]


def test_approve_is_still_the_shortcut_past_review(app: App) -> None:
    """No submission, no checks: the incomplete Draft of a new app goes Live."""
    version = draft_of(app)
    assert app.approve() is version
    assert version.status == "live"
    assert app.reviews == []


def test_approve_decides_a_version_in_review(ready: App) -> None:
    version = draft_of(ready)
    review = ready.submit_for_review([VIDEO], decide_after=10 * DAY, outcome="reject", comments=["no"])
    assert ready.approve() is version
    assert review.status == "approved"
    assert version.status == "live"


# -- In review → Not approved ----------------------------------------------------------------------------
def test_rejecting_the_review_keeps_comments_and_the_live_version(ready: App, clock: Clock) -> None:
    live = ready.approve()
    version = draft_of(ready)
    review = ready.submit_for_review([VIDEO])
    comments = ["The demo video does not show the login flow.", "The privacy policy does not load."]
    assert ready.reject_review(comments) is version
    assert version.status == "not_approved"
    assert version.review_comments == tuple(comments)
    assert review.status == "not_approved"
    assert review.comments == tuple(comments)
    assert review.decided_at == clock.now()
    assert ready.draft is version, "a version that is not approved stays the Draft"
    assert ready.live is live and ready.api_config == live.config
    assert ready.pending_review is None


def test_a_version_not_approved_is_edited_again_as_the_draft(ready: App) -> None:
    version = draft_of(ready)
    first = ready.submit_for_review([VIDEO])
    ready.reject_review(["Explain video.list better."])
    ready.set_product_explanations({"video.list": "We list the user's own videos on their dashboard."})
    assert version.status == "draft", "the first edit turns it back into a Draft"
    assert version.review_comments == ("Explain video.list better.",), "the comments stay"
    assert ready.draft is version
    second = ready.submit_for_review([VIDEO])
    assert second.version is version
    ready.approve_review()
    assert version.status == "live"
    assert [r.status for r in ready.reviews] == ["not_approved", "approved"]
    assert ready.reviews == [first, second]


@pytest.mark.parametrize("edit", ["update_draft", "import_sandbox", "revert_draft_to_live"])
def test_every_edit_reopens_a_version_not_approved(ready: App, edit: str) -> None:
    ready.approve()
    ready.submit_for_review([VIDEO])
    version = ready.reject_review(["Not yet."])
    if edit == "update_draft":
        ready.update_draft(version.config)
    elif edit == "import_sandbox":
        ready.import_sandbox(ready.sandbox("review"))
    else:
        ready.revert_draft_to_live()
    assert version.status == "draft"
    assert version.review_comments == ("Not yet.",)


def test_a_version_not_approved_can_be_submitted_again_unchanged(ready: App) -> None:
    ready.submit_for_review([VIDEO])
    version = ready.reject_review(["Reviewer could not log in."])
    review = ready.submit_for_review([VIDEO, DemoVideo("login-again.mp4", 3 * MB)])
    assert review.version is version
    assert version.status == "in_review"


def test_approve_shortcut_makes_a_version_not_approved_live(ready: App) -> None:
    ready.submit_for_review([VIDEO])
    version = ready.reject_review(["No."])
    assert ready.approve() is version
    assert version.status == "live"


@pytest.mark.parametrize("comments", [[], (), [""], ["  "], "Too vague.", [42], None])
def test_a_rejection_needs_review_comments(ready: App, comments: Any) -> None:
    ready.submit_for_review([VIDEO])
    with pytest.raises(InvalidConfiguration, match=r"review comment|list of strings"):
        ready.reject_review(comments)
    assert draft_of(ready).status == "in_review"


# -- nothing in review -------------------------------------------------------------------------------------
@pytest.mark.parametrize("action", ["recall", "approve_review", "reject_review"])
def test_recall_and_decisions_need_a_version_in_review(ready: App, action: str) -> None:
    def act() -> None:
        if action == "reject_review":
            ready.reject_review(["x"])
        else:
            getattr(ready, action)()

    with pytest.raises(NotInReview):
        act()
    ready.submit_for_review([VIDEO])
    ready.recall()
    with pytest.raises(NotInReview):
        act()
    ready.submit_for_review([VIDEO])
    ready.reject_review(["x"])
    with pytest.raises(NotInReview, match="nothing of 'My app' is in review"):
        act()


# -- what a submission needs ---------------------------------------------------------------------------------
def test_a_complete_draft_can_be_submitted(ready: App) -> None:
    assert ready.submit_for_review([VIDEO]).status == "in_review"


def test_a_bare_app_is_refused_with_everything_it_lacks_named(app: App) -> None:
    assert problems_of(app, []) == [
        "App details: the app icon is missing",
        "App details: the category is missing",
        "App details: the description is missing",
        "App details: the Terms of Service URL is missing",
        "App details: the Privacy Policy URL is missing",
        "Platforms: add at least one platform (web, desktop, android or ios)",
        "Products: add at least one product",
        "Demo videos: upload 1 to 5, got 0",
    ]
    assert draft_of(app).status == "draft"
    assert app.reviews == [] and app.pending_review is None


@pytest.mark.parametrize(
    ("field", "named"),
    [
        ("icon", "App details: the app icon is missing"),
        ("category", "App details: the category is missing"),
        ("description", "App details: the description is missing"),
        ("terms_of_service_url", "App details: the Terms of Service URL is missing"),
        ("privacy_policy_url", "App details: the Privacy Policy URL is missing"),
    ],
)
def test_each_missing_app_detail_is_named(ready: App, field: str, named: str) -> None:
    edit_details(ready, **{field: None})
    assert problems_of(ready) == [named]


def test_the_app_name_cannot_even_be_emptied() -> None:
    """The name is required by App details itself, so a submission always has one."""
    from pytest_tiktok_sandbox.portal.config import validate_details

    for name in ("", "   "):
        with pytest.raises(InvalidConfiguration, match="name: must have at least 1 character"):
            validate_details(name=name)


def test_at_least_one_platform_is_needed(ready: App) -> None:
    edit_draft(ready, platforms={}, redirect_uris={})
    assert problems_of(ready) == ["Platforms: add at least one platform (web, desktop, android or ios)"]


# TikTok's App Review FAQ: "If you have a mobile app, it must be available in the Apple and/or
# Google Play App Stores" (a TestFlight link is accepted for iOS): store URLs are required.
@pytest.mark.parametrize(
    ("platform", "settings", "named"),
    [
        ("web", {}, ["Platforms: Web needs its website URL"]),
        ("desktop", {}, ["Platforms: Desktop needs its website URL"]),
        (
            "android",
            {},
            [
                "Platforms: Android needs its package name",
                "Platforms: Android needs at least one app signature",
                NO_PLAY,
            ],
        ),
        (
            "android",
            {"package_name": "com.example.app", "play_store_url": PLAY},
            ["Platforms: Android needs at least one app signature"],
        ),
        (
            "android",
            {"signatures": ("0123456789abcdef0123456789abcdef",), "play_store_url": PLAY},
            ["Platforms: Android needs its package name"],
        ),
        ("android", {"package_name": "com.example.app", "signatures": ("0" * 32,)}, [NO_PLAY]),
        (
            "android",
            {
                "package_name": "com.example.app",
                "signatures": ("0" * 32,),
                "play_store_url": "https://play.google.com/store/apps/details?id=com.other.app&hl=en",
            },
            ["Platforms: the Google Play URL lists com.other.app, not the package com.example.app"],
        ),
        ("ios", {"app_store_url": APP_STORE}, ["Platforms: iOS needs its bundle ID"]),
        ("ios", {"bundle_id": "com.example.app"}, [NO_APP_STORE]),
    ],
)
def test_each_platform_needs_its_details(ready: App, platform: str, settings: dict[str, Any], named: list[str]) -> None:
    config = draft_of(ready).config
    uri = "http://localhost:8080/callback" if platform == "desktop" else "https://example.com/app/callback"
    edit_draft(
        ready,
        platforms={**config.platforms, platform: PlatformSettings(**settings)},
        redirect_uris={**config.redirect_uris, platform: (uri,)},
    )
    assert problems_of(ready) == named


def test_complete_platforms_pass(ready: App) -> None:
    config = draft_of(ready).config
    edit_draft(
        ready,
        platforms={
            **config.platforms,
            "desktop": PlatformSettings(website_url="https://example.com/desktop"),
            "android": PlatformSettings(package_name="com.example.app", signatures=("0" * 32,), play_store_url=PLAY),
            "ios": PlatformSettings(bundle_id="com.example.app", app_store_url=APP_STORE),
        },
        redirect_uris={
            **config.redirect_uris,
            "desktop": ("http://localhost:*/callback",),
            "android": ("https://example.com/android",),
            "ios": ("https://example.com/ios",),
        },
    )
    assert ready.submit_for_review([VIDEO]).status == "in_review"


@pytest.mark.parametrize(
    ("platform", "settings"),
    [
        ("android", {"package_name": "example"}),
        ("android", {"package_name": "com.1example.app"}),
        ("android", {"package_name": "com..app"}),
        ("ios", {"bundle_id": "example"}),
        ("ios", {"bundle_id": "com.example_app"}),
        ("ios", {"bundle_id": "com.example."}),
    ],
)
def test_package_names_and_bundle_ids_are_validated(sandbox: Sandbox, platform: str, settings: dict[str, str]) -> None:
    with pytest.raises(InvalidConfiguration, match=platform):
        sandbox.add_platform(platform, **settings)  # type: ignore[arg-type]
    assert platform not in sandbox.pending.platforms


def test_login_kit_needs_a_redirect_uri_for_every_platform(ready: App) -> None:
    config = draft_of(ready).config
    edit_draft(
        ready,
        platforms={**config.platforms, "ios": PlatformSettings(bundle_id="com.example.app", app_store_url=APP_STORE)},
        redirect_uris={"web": ()},
    )
    assert problems_of(ready) == ["Login Kit: Web has no redirect URI", "Login Kit: iOS has no redirect URI"]


def test_redirect_uris_are_not_needed_without_login_kit(ready: App) -> None:
    edit_draft(ready, products=frozenset({"display_api"}), scopes=frozenset({"video.list"}), redirect_uris={})
    assert ready.submit_for_review([VIDEO]).status == "in_review"


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("login_kit", "Explanations: product login_kit (Login Kit) is not explained"),
        ("display_api", "Explanations: product display_api (Display API) is not explained"),
        ("user.info.basic", "Explanations: scope user.info.basic is not explained"),
        ("video.list", "Explanations: scope video.list is not explained"),
    ],
)
def test_every_product_and_scope_needs_an_explanation(ready: App, missing: str, named: str) -> None:
    explanations = {k: v for k, v in EXPLANATIONS.items() if k != missing}
    edit_draft(ready, product_explanations=explanations)
    assert problems_of(ready) == [named]


def test_all_missing_explanations_are_named_at_once(ready: App) -> None:
    edit_draft(ready, product_explanations={})
    assert problems_of(ready) == [
        "Explanations: product login_kit (Login Kit) is not explained",
        "Explanations: product display_api (Display API) is not explained",
        "Explanations: scope user.info.basic is not explained",
        "Explanations: scope video.list is not explained",
    ]


def test_explanations_are_checked_when_set(ready: App) -> None:
    with pytest.raises(UnknownProduct):
        ready.set_product_explanations({"login": "x"})
    with pytest.raises(UnknownScope):
        ready.set_product_explanations({"video.delete": "x"})
    with pytest.raises(InvalidConfiguration, match="non-empty"):
        ready.set_product_explanations({"login_kit": "  "})
    with pytest.raises(InvalidConfiguration):
        ready.set_product_explanations(["login_kit"])  # type: ignore[arg-type]
    assert draft_of(ready).config.product_explanations == EXPLANATIONS


def test_importing_a_sandbox_keeps_the_drafts_explanations(ready: App) -> None:
    sandbox = ready.sandbox("review")
    sandbox.update_details(description="New words.")
    sandbox.apply_changes()
    draft = ready.import_sandbox(sandbox)
    assert draft.config.details.description == "New words."
    assert draft.config.product_explanations == EXPLANATIONS


@pytest.mark.parametrize(
    ("videos", "named"),
    [
        ([], ["Demo videos: upload 1 to 5, got 0"]),
        ([DemoVideo(f"v{n}.mp4") for n in range(6)], ["Demo videos: upload 1 to 5, got 6"]),
        ([DemoVideo("big.mp4", 50 * MB + 1)], ["Demo videos: 'big.mp4' is 50.0 MB, over 50 MB"]),
        (
            [DemoVideo("a.mp4", 60 * MB), VIDEO, DemoVideo("b.mov", 51 * MB)],
            ["Demo videos: 'a.mp4' is 60.0 MB, over 50 MB", "Demo videos: 'b.mov' is 51.0 MB, over 50 MB"],
        ),
    ],
)
def test_one_to_five_demo_videos_of_at_most_50_mb(ready: App, videos: list[DemoVideo], named: list[str]) -> None:
    assert problems_of(ready, videos) == named


@pytest.mark.parametrize("count", [1, 5])
def test_demo_videos_at_the_limits_pass(ready: App, count: int) -> None:
    videos = [DemoVideo(f"v{n}.mp4", 50 * MB) for n in range(count)]
    assert ready.submit_for_review(videos).demo_videos == tuple(videos)


@pytest.mark.parametrize(
    "arguments",
    [("", 1), ("   ", 1), (None, 1), ("a.mp4", 0), ("a.mp4", -1), ("a.mp4", True), ("a.mp4", 1.5)],
)
def test_a_demo_video_has_a_name_and_a_positive_size(arguments: tuple[Any, Any]) -> None:
    with pytest.raises(InvalidConfiguration):
        DemoVideo(*arguments)


@pytest.mark.parametrize("videos", ["demo.mp4", VIDEO, ["demo.mp4"], [("demo.mp4", 10)], None])
def test_demo_videos_are_a_list_of_demo_video(ready: App, videos: Any) -> None:
    with pytest.raises(InvalidConfiguration, match="DemoVideo"):
        ready.submit_for_review(videos)
    assert draft_of(ready).status == "draft"


def test_webhooks_need_their_callback_url(ready: App) -> None:
    config = draft_of(ready).config
    edit_draft(ready, products=config.products | {"webhooks"})
    ready.set_product_explanations({"webhooks": "We hear when users deauthorize."})
    assert problems_of(ready) == ["Webhooks: the callback URL is missing"]
    edit_draft(ready, webhook_callback_url="https://example.com/hooks")
    assert ready.submit_for_review([VIDEO]).status == "in_review"


# -- URL properties ---------------------------------------------------------------------------------------------
def _add_content_posting(app: App) -> None:
    config = draft_of(app).config
    edit_draft(app, products=config.products | {"content_posting_api"}, scopes=config.scopes | {"video.publish"})
    app.set_product_explanations({"content_posting_api": "Users post clips.", "video.publish": "To post clips."})


def test_content_posting_needs_a_verified_url_property(ready: App) -> None:
    _add_content_posting(ready)
    ready.remove_url_property("example.com")
    problems = problems_of(ready)
    assert "URL properties: the Content Posting API needs at least one verified URL property" in problems
    ready.verify_url_property("example.com")
    assert ready.submit_for_review([VIDEO]).status == "in_review"


def test_apps_created_after_2024_09_09_verify_every_url_of_the_configuration(ready: App) -> None:
    # Since September 2024 TikTok asks production apps to verify the ownership of every URL
    # of their configuration, redirect URIs and the Webhooks callback URL included (Clerk's and
    # Dynamic's TikTok guides: "TikTok's requirement to verify URL ownership for all redirect
    # URLs"; sandboxes need none).
    config = draft_of(ready).config
    edit_draft(
        ready,
        products=config.products | {"webhooks"},
        webhook_callback_url="https://hooks.example.net/tiktok",
        product_explanations={**EXPLANATIONS, "webhooks": "We hear when users deauthorize."},
    )
    ready.remove_url_property("example.com")
    assert problems_of(ready) == [
        "URL properties: the Terms of Service URL https://example.com/terms is not under a verified URL property",
        "URL properties: the Privacy Policy URL https://example.com/privacy is not under a verified URL property",
        "URL properties: the Web website URL https://example.com is not under a verified URL property",
        f"URL properties: the Web redirect URI {CALLBACK} is not under a verified URL property",
        "URL properties: the Webhooks callback URL https://hooks.example.net/tiktok is not under a verified URL "
        "property",
    ]
    ready.verify_url_property("example.com")
    assert problems_of(ready) == [
        "URL properties: the Webhooks callback URL https://hooks.example.net/tiktok is not under a verified URL "
        "property",
    ]
    ready.verify_url_property("https://hooks.example.net/")
    assert ready.submit_for_review([VIDEO]).status == "in_review"


def test_mobile_redirect_uris_are_verified_and_desktop_loopback_ones_cannot_be(ready: App) -> None:
    config = draft_of(ready).config
    edit_draft(
        ready,
        platforms={
            **config.platforms,
            "desktop": PlatformSettings(website_url="https://example.com/desktop"),
            "ios": PlatformSettings(bundle_id="com.example.app", app_store_url=APP_STORE),
        },
        redirect_uris={
            **config.redirect_uris,
            "desktop": ("http://localhost:*/callback", "http://127.0.0.1:8080/callback"),
            "ios": ("https://links.example.org/tiktok",),
        },
    )
    assert problems_of(ready) == [
        "URL properties: the iOS redirect URI https://links.example.org/tiktok is not under a verified URL property",
    ]
    ready.verify_url_property("links.example.org")
    assert ready.submit_for_review([VIDEO]).status == "in_review"


def test_a_sandbox_needs_no_url_verification(app: App, portal: Portal) -> None:
    sandbox = ready_sandbox(app, "unverified")
    sandbox.enable_product("webhooks")
    sandbox.set_webhook_callback_url("https://hooks.example.net/tiktok")
    sandbox.apply_changes()
    assert app.url_properties == ()
    account = portal.create_account(is_private=True)
    sandbox.add_target_user(account, account.password)
    assert "code=" in sandbox.authorize(account, "user.info.basic", CALLBACK)


@pytest.mark.parametrize(
    ("platform", "settings"),
    [
        ("android", {"play_store_url": "https://example.com/app.apk"}),
        ("android", {"play_store_url": "http://play.google.com/store/apps/details?id=com.example.app"}),
        ("android", {"play_store_url": "https://apps.apple.com/app/id1"}),
        ("android", {"play_store_url": "https://play.google.com/apps/testing/com.example.app"}),
        ("ios", {"app_store_url": "https://example.com/ios"}),
        ("ios", {"app_store_url": "https://play.google.com/store/apps/details?id=com.example.app"}),
        ("ios", {"app_store_url": "http://apps.apple.com/app/id1"}),
    ],
)
def test_store_urls_point_to_the_store(sandbox: Sandbox, platform: str, settings: dict[str, str]) -> None:
    with pytest.raises(InvalidConfiguration, match="store_url"):
        sandbox.add_platform(platform, **settings)  # type: ignore[arg-type]
    assert platform not in sandbox.pending.platforms


@pytest.mark.parametrize(
    ("platform", "settings"),
    [
        ("android", {"play_store_url": PLAY}),
        ("ios", {"app_store_url": "https://apps.apple.com/us/app/example/id1234567890"}),
        ("ios", {"app_store_url": "https://testflight.apple.com/join/AbCdEfGh"}),
    ],
)
def test_store_and_testflight_urls_are_accepted(sandbox: Sandbox, platform: str, settings: dict[str, str]) -> None:
    sandbox.add_platform(platform, **settings)  # type: ignore[arg-type]
    assert platform in sandbox.pending.platforms


def test_a_url_prefix_property_covers_only_what_is_under_it(ready: App) -> None:
    ready.remove_url_property("example.com")
    ready.verify_url_property("https://example.com/legal/")
    edit_details(ready, terms_of_service_url="https://example.com/legal/terms")
    assert problems_of(ready) == [
        "URL properties: the Privacy Policy URL https://example.com/privacy is not under a verified URL property",
        "URL properties: the Web website URL https://example.com is not under a verified URL property",
        f"URL properties: the Web redirect URI {CALLBACK} is not under a verified URL property",
    ]
    ready.verify_url_property("https://example.com/")
    assert ready.submit_for_review([VIDEO]).status == "in_review"


def test_an_http_website_url_can_never_be_verified(ready: App) -> None:
    config = draft_of(ready).config
    edit_draft(ready, platforms={"web": PlatformSettings(website_url="http://example.com")})
    assert config.redirect_uris == draft_of(ready).config.redirect_uris
    assert problems_of(ready) == [
        "URL properties: the Web website URL http://example.com is not under a verified URL property"
    ]


def test_apps_created_before_2024_09_09_need_no_url_verification() -> None:
    portal = Portal(seed=1, clock=Clock(dt.datetime(2024, 9, 8, 23, 59, tzinfo=dt.timezone.utc), frozen=True))
    app = portal.create_app(portal.signup("dev@example.com"), "Old app")
    make_ready(app)
    app.remove_url_property("example.com")
    portal.clock.advance(days=365)
    assert app.submit_for_review([VIDEO]).status == "in_review"
    app.recall()
    _add_content_posting(app)
    assert problems_of(app) == [
        "URL properties: the Content Posting API needs at least one verified URL property",
    ], "Content Posting always needs a verified property"


def test_an_app_records_when_it_was_created(portal: Portal, clock: Clock) -> None:
    clock.advance(days=2)
    app = portal.create_app(portal.signup("someone@example.com"), "Dated")
    assert app.created_at == clock.now()


# -- submit arguments --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "arguments",
    [
        {"outcome": "maybe"},
        {"decide_after": -1},
        {"decide_after": "3 days"},
        {"decide_after": True},
        {"outcome": "reject"},
        {"outcome": "reject", "comments": []},
        {"outcome": "reject", "comments": "Too vague."},
        {"outcome": "approve", "comments": ["Looks great"]},
    ],
)
def test_submit_arguments_are_checked(ready: App, arguments: dict[str, Any]) -> None:
    with pytest.raises(InvalidConfiguration):
        ready.submit_for_review([VIDEO], **arguments)
    assert draft_of(ready).status == "draft"
    assert ready.reviews == []


# -- decisions scheduled on the portal clock ---------------------------------------------------------------------------
def test_a_scheduled_approval_lands_when_the_clock_gets_there(ready: App, clock: Clock) -> None:
    version = draft_of(ready)
    review = ready.submit_for_review([VIDEO], decide_after=3 * DAY)
    assert review.decide_at == review.submitted_at + 3 * DAY
    clock.advance(3 * DAY - 1)
    assert version.status == "in_review"
    assert ready.live is None and ready.api_config is None
    clock.advance(1)
    assert ready.api_config == version.config, "read lazily: no thread, no call to decide"
    assert version.status == "live"
    assert review.status == "approved"
    assert review.decided_at == review.submitted_at + 3 * DAY


def test_a_late_read_dates_the_decision_when_it_was_due(ready: App, clock: Clock) -> None:
    review = ready.submit_for_review([VIDEO], decide_after=DAY)
    clock.advance(days=10)
    assert review.status == "approved"
    assert review.decided_at == review.submitted_at + DAY


@pytest.mark.parametrize(
    "read",
    [
        lambda app: app.draft,
        lambda app: app.live,
        lambda app: app.versions,
        lambda app: app.api_config,
        lambda app: app.reviews,
        lambda app: app.pending_review,
        lambda app: app.name,
    ],
)
def test_any_read_of_the_app_takes_a_due_decision(ready: App, clock: Clock, read: Any) -> None:
    version = draft_of(ready)
    ready.submit_for_review([VIDEO], decide_after=2 * DAY)
    clock.advance(days=2)
    read(ready)
    assert version._status == "live"


def test_a_scheduled_rejection_comes_with_its_comments(ready: App, clock: Clock) -> None:
    version = draft_of(ready)
    review = ready.submit_for_review(
        [VIDEO], decide_after=5 * DAY, outcome="reject", comments=["Private apps are not approved."]
    )
    clock.advance(days=5)
    assert version.status == "not_approved"
    assert version.review_comments == ("Private apps are not approved.",)
    assert review.status == "not_approved" and review.comments == ("Private apps are not approved.",)
    assert ready.live is None


def test_a_decision_after_zero_seconds_lands_on_the_next_read(ready: App) -> None:
    version = draft_of(ready)
    ready.submit_for_review([VIDEO], decide_after=0)
    assert version.status == "live"


def test_recalling_cancels_the_scheduled_decision(ready: App, clock: Clock) -> None:
    review = ready.submit_for_review([VIDEO], decide_after=3 * DAY)
    clock.advance(days=1)
    version = ready.recall()
    clock.advance(days=5)
    assert version.status == "draft"
    assert review.status == "recalled"
    assert ready.live is None


def test_once_the_decision_is_due_it_is_too_late_to_recall(ready: App, clock: Clock) -> None:
    ready.submit_for_review([VIDEO], decide_after=3 * DAY, outcome="reject", comments=["No."])
    clock.advance(days=3)
    with pytest.raises(NotInReview):
        ready.recall()
    assert draft_of(ready).status == "not_approved"


def test_a_reviewers_call_before_the_schedule_wins(ready: App, clock: Clock) -> None:
    version = draft_of(ready)
    review = ready.submit_for_review([VIDEO], decide_after=3 * DAY, outcome="reject", comments=["No."])
    clock.advance(days=1)
    ready.approve_review()
    clock.advance(days=5)
    assert version.status == "live"
    assert review.status == "approved"
    assert review.decided_at == review.submitted_at + DAY


def test_the_schedule_works_on_a_ticking_clock(portal: Portal) -> None:
    portal.clock.unfreeze()
    app = portal.create_app(portal.signup("tick@example.com"), "Ticking")
    make_ready(app)
    review = app.submit_for_review([VIDEO], decide_after=14 * DAY)
    assert review.status == "in_review"
    portal.clock.advance(days=14)
    assert review.status == "approved"
