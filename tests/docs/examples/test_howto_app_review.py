"""The samples of docs/how-to/app-review.md: submitting an app for review, its decisions,
revisions and the Content Posting audit."""

from __future__ import annotations

import pytest

from pytest_tiktok_sandbox import App, Clock, DemoVideo, Sandbox, SubmissionIncomplete, VersionLocked

DAY = 86_400
DEMO = [DemoVideo("walkthrough.mp4", 20 * 1024 * 1024)]  # 1 to 5 videos, 50 MB each at most


# --8<-- [start:ready]
def ready_for_review(app: App, sandbox: Sandbox) -> None:
    """Complete the App details, import the sandbox into the Draft and explain every product and scope."""
    sandbox.update_details(
        icon="icon.png",
        category="Entertainment",
        description="Edit and share clips.",
        terms_of_service_url="https://example.com/terms",
        privacy_policy_url="https://example.com/privacy",
    )
    sandbox.add_platform("web", website_url="https://example.com")
    sandbox.apply_changes()
    app.verify_url_property("example.com")  # the URLs above must be under a verified property
    app.import_sandbox(sandbox)  # the sandbox's configuration becomes the Draft's
    applied = sandbox.config  # what the API sees
    app.set_product_explanations({name: f"Why we need {name}." for name in [*applied.products, *applied.scopes]})


# --8<-- [end:ready]


# --8<-- [start:incomplete]
def test_every_missing_item_is_named_at_once(tiktok_app: App, tiktok_sandbox: Sandbox) -> None:
    tiktok_app.import_sandbox(tiktok_sandbox)
    with pytest.raises(SubmissionIncomplete) as refused:
        tiktok_app.submit_for_review(DEMO)
    message = str(refused.value)
    assert "the Terms of Service URL is missing" in message
    assert "Explanations: product login_kit (Login Kit) is not explained" in message


# --8<-- [end:incomplete]


# --8<-- [start:approve]
def test_review_approves_the_draft(tiktok_app: App, tiktok_sandbox: Sandbox) -> None:
    ready_for_review(tiktok_app, tiktok_sandbox)
    review = tiktok_app.submit_for_review(DEMO)
    assert review.status == "in_review"
    assert tiktok_app.draft is not None and tiktok_app.draft.locked  # no edit while in review

    tiktok_app.approve_review()  # the reviewer's decision, when the test wants it
    assert review.status == "approved"
    assert tiktok_app.live is review.version  # Live: the production key serves any account
    assert tiktok_app.draft is not None and tiktok_app.draft.status == "draft"  # a new Draft, a copy


# --8<-- [end:approve]


# --8<-- [start:scheduled]
def test_a_decision_scheduled_on_the_portal_clock(
    tiktok_app: App, tiktok_sandbox: Sandbox, tiktok_clock: Clock
) -> None:
    ready_for_review(tiktok_app, tiktok_sandbox)
    review = tiktok_app.submit_for_review(DEMO, decide_after=3 * DAY, outcome="reject", comments=["Demo is unclear."])
    tiktok_clock.advance(days=2)
    assert review.status == "in_review"
    tiktok_clock.advance(days=1)  # taken the next time the app's state is read
    assert review.status == "not_approved"
    assert review.comments == ("Demo is unclear.",)
    assert tiktok_app.live is None  # nothing went Live; the Draft is editable again


# --8<-- [end:scheduled]


# --8<-- [start:recall_and_revise]
def test_recall_then_resubmit_a_revision(tiktok_app: App, tiktok_sandbox: Sandbox) -> None:
    ready_for_review(tiktok_app, tiktok_sandbox)
    tiktok_app.submit_for_review(DEMO)
    with pytest.raises(VersionLocked):
        tiktok_app.submit_for_review(DEMO)  # already in review
    tiktok_app.recall()  # "Recall": the version is a Draft again
    tiktok_app.submit_for_review(DEMO)
    tiktok_app.reject_review(["Explain video.list better."])
    tiktok_app.set_product_explanations({"video.list": "We list the user's clips to pick one to edit."})
    tiktok_app.submit_for_review(DEMO)
    tiktok_app.approve_review()
    assert [r.status for r in tiktok_app.reviews] == ["recalled", "not_approved", "approved"]

    # Once Live, the next change is a revision: a new Draft, reviewed again.
    assert tiktok_app.draft is not None and tiktok_app.draft.number == 2
    tiktok_app.revert_draft_to_live()  # drop the Draft's edits: a copy of the Live version


# --8<-- [end:recall_and_revise]
