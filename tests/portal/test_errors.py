"""Every refusal of the portal model is a PortalRuleError whose message starts with its rule."""

from __future__ import annotations

import inspect

import pytest

import pytest_tiktok_sandbox
import pytest_tiktok_sandbox.errors
from pytest_tiktok_sandbox import PortalRuleError
from pytest_tiktok_sandbox.portal import errors

PUBLIC_ERRORS = [
    "AccountClosed",
    "AuthorizationRefused",
    "DuplicateAccount",
    "DuplicateDeveloper",
    "DuplicateSandboxName",
    "DuplicateTargetUser",
    "ForeignObject",
    "InvalidConfiguration",
    "InvalidCredentials",
    "InvalidRedirectURI",
    "InvalidURLProperty",
    "NoLiveVersion",
    "NotAMember",
    "NotATargetUser",
    "NotAuthorized",
    "NotInReview",
    "PlatformNotConfigured",
    "PostingRefused",
    "ProductNotAvailableInSandbox",
    "ProductRequired",
    "RedirectURILimitExceeded",
    "SandboxDeleted",
    "SandboxLimitExceeded",
    "ScopeRequiresProduct",
    "SubmissionIncomplete",
    "TargetUserLimitExceeded",
    "TermsNotAccepted",
    "UnknownProduct",
    "UnknownScope",
    "UploadRefused",
    "VersionLocked",
    "WrongMode",
]


@pytest.mark.parametrize("name", PUBLIC_ERRORS)
def test_every_public_error_is_a_portal_rule_error(name: str) -> None:
    assert name in pytest_tiktok_sandbox.errors.__all__
    error = getattr(pytest_tiktok_sandbox, name)
    assert issubclass(error, PortalRuleError)
    assert error.rule != PortalRuleError.rule, "each error names its own rule"


def test_every_error_class_of_the_module_is_public_and_a_portal_rule_error() -> None:
    classes = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == errors.__name__
    }
    assert classes == {*PUBLIC_ERRORS, "PortalRuleError"}
    assert all(issubclass(getattr(errors, name), PortalRuleError) for name in classes)


def test_the_rules_are_distinct() -> None:
    rules = [getattr(pytest_tiktok_sandbox, name).rule for name in PUBLIC_ERRORS]
    assert len(set(rules)) == len(rules)


TWO_PART = {"AuthorizationRefused", "PostingRefused", "UploadRefused"}


@pytest.mark.parametrize("name", [n for n in PUBLIC_ERRORS if n not in TWO_PART])
def test_the_message_starts_with_the_rule(name: str) -> None:
    error = getattr(pytest_tiktok_sandbox, name)("what went wrong")
    assert str(error) == f"{error.rule}: what went wrong"
    assert error.detail == "what went wrong"
    assert str(getattr(pytest_tiktok_sandbox, name)()) == error.rule


def test_authorization_refused_carries_the_error_page_fields() -> None:
    refused = pytest_tiktok_sandbox.AuthorizationRefused("unauthorized_client", "client_key", "not a target user")
    assert refused.error == "unauthorized_client"
    assert refused.error_type == "client_key"
    assert str(refused).startswith(refused.rule)
    assert "client_key" in str(refused)


@pytest.mark.parametrize("name", ["PostingRefused", "UploadRefused"])
def test_posting_refusals_carry_tiktoks_code(name: str) -> None:
    error = getattr(pytest_tiktok_sandbox, name)("spam_risk_too_many_posts", "15 posts today")
    assert str(error) == f"{error.rule}: spam_risk_too_many_posts: 15 posts today"
    assert error.detail == "15 posts today"
    assert getattr(error, "code" if name == "PostingRefused" else "reason") == "spam_risk_too_many_posts"


def test_a_real_refusal_reads_like_the_portal(portal: pytest_tiktok_sandbox.Portal) -> None:
    app = portal.create_app(portal.signup("dev@example.com"), "App")
    for n in range(5):
        app.create_sandbox(f"s{n}")
    with pytest.raises(PortalRuleError) as refused:
        app.create_sandbox("s5")
    assert str(refused.value).startswith("an app can have at most 5 sandboxes: ")
    assert refused.value.rule == "an app can have at most 5 sandboxes"
