"""Every rule of the developer portal that a test can break, as one exception family.

Each subclass names the rule it stands for in :attr:`PortalRuleError.rule`; the message
starts with that rule and goes on with what was wrong in this case, so a failing test
reads like the portal's own refusal.
"""

from __future__ import annotations


class PortalRuleError(Exception):
    """Base class of every refusal of the portal model."""

    rule: str = "a rule of the TikTok developer portal was broken"
    field: str | None = None
    """The setting the refusal belongs to, when it belongs to one (``"scopes"``,
    ``"direct_post"``...), so a caller need not read it from the message."""

    def __init__(self, detail: str = "", *, field: str | None = None) -> None:
        self.detail = detail
        if field is not None:
            self.field = field
        super().__init__(f"{self.rule}: {detail}" if detail else self.rule)


class InvalidConfiguration(PortalRuleError, ValueError):
    rule = "the app configuration is invalid"


class UnknownProduct(PortalRuleError, ValueError):
    rule = "products are the ones TikTok offers"
    field = "products"


class UnknownScope(PortalRuleError, ValueError):
    rule = "scopes are the ones TikTok offers"
    field = "scopes"


class ProductNotAvailableInSandbox(PortalRuleError):
    rule = "sandbox mode does not offer this product"
    field = "products"


class ScopeRequiresProduct(PortalRuleError):
    rule = "a scope can only be added when its product is added"
    field = "scopes"


class ProductRequired(PortalRuleError):
    rule = "this setting belongs to a product that is not added"
    field = "products"


class InvalidRedirectURI(PortalRuleError, ValueError):
    rule = "redirect URIs must follow the platform's rules"
    field = "redirect_uris"


class RedirectURILimitExceeded(PortalRuleError):
    rule = "a platform can have at most 10 redirect URIs"
    field = "redirect_uris"


class PlatformNotConfigured(PortalRuleError):
    rule = "redirect URIs are registered for a platform added in App details"
    field = "redirect_uris"


class SandboxLimitExceeded(PortalRuleError):
    rule = "an app can have at most 5 sandboxes"
    field = "name"


class DuplicateSandboxName(PortalRuleError):
    rule = "sandbox names are unique within an app"
    field = "name"


class ForeignObject(PortalRuleError):
    rule = "a sandbox or version can only be used within its own app"


class SandboxDeleted(PortalRuleError):
    rule = "a deleted sandbox can no longer be used"


class TargetUserLimitExceeded(PortalRuleError):
    rule = "a sandbox can have at most 10 target users"


class DuplicateTargetUser(PortalRuleError):
    rule = "an account can be added only once as a target user of a sandbox"


class NotATargetUser(PortalRuleError):
    rule = "only target users of the sandbox can be removed from it"


class InvalidCredentials(PortalRuleError):
    rule = "a target user is added by logging in with the account's own credentials"


class TermsNotAccepted(PortalRuleError):
    rule = "a target user must agree to the TikTok Developer Terms of Service"


class WrongMode(PortalRuleError):
    rule = "a sandbox configuration can only be imported into a Draft in Production mode"


class NoLiveVersion(PortalRuleError):
    rule = "this needs a version of the app that is approved and live"
    field = "clone_from"


class DuplicateDeveloper(PortalRuleError):
    rule = "a developer account is signed up once per email"


class DuplicateAccount(PortalRuleError):
    rule = "TikTok usernames are unique"
    field = "username"


class AccountClosed(PortalRuleError):
    rule = "a deleted or banned TikTok account can no longer log in"


class NotAuthorized(PortalRuleError):
    rule = "only an app the account has authorized can be disconnected"


class NotAMember(PortalRuleError):
    rule = "only the developer or an organization the developer belongs to can own an app"


class AuthorizationRefused(PortalRuleError):
    """The authorize page refused the request and showed its error page (no redirect).

    ``error`` and ``error_type`` are what TikTok puts on that page
    (``error=unauthorized_client&error_type=client_key`` for instance).
    """

    rule = "TikTok's authorize page refused the request"

    def __init__(self, error: str, error_type: str, detail: str) -> None:
        self.error = error
        self.error_type = error_type
        super().__init__(f"{error_type}: {detail}")


class InvalidURLProperty(PortalRuleError, ValueError):
    rule = "a URL property is a domain or an https URL prefix ending in '/', never an IP address"


class PostingRefused(PortalRuleError):
    """The Content Posting API refused a post; ``code`` is TikTok's error code
    (``unaudited_client_can_only_post_to_private_accounts``, ``invalid_params``...)."""

    rule = "the Content Posting API refused the post"

    def __init__(self, code: str, detail: str) -> None:
        self.code = code
        super().__init__(f"{code}: {detail}")
        self.detail = detail


class UploadRefused(PortalRuleError):
    """A chunk sent to an upload was refused. ``reason`` is one of ``unknown``, ``expired``,
    ``out_of_order`` and ``bad_chunk`` (the API layer turns each into TikTok's answer)."""

    rule = "the media transfer rules were broken"

    def __init__(self, reason: str, detail: str) -> None:
        self.reason = reason
        super().__init__(f"{reason}: {detail}")
        self.detail = detail


class VersionLocked(PortalRuleError):
    rule = "a version in review is locked: recall it to edit it"


class NotInReview(PortalRuleError):
    rule = "only a version in review can be recalled, approved or rejected"


class SubmissionIncomplete(PortalRuleError):
    """Submit for review refused; :attr:`problems` lists every missing or invalid item
    (the message names them all, separated by ``; ``)."""

    rule = "a submission for review needs complete App details, platforms, explanations and demo videos"

    def __init__(self, detail: str = "", problems: tuple[str, ...] = ()) -> None:
        self.problems = problems or ((detail,) if detail else ())
        super().__init__(detail or "; ".join(self.problems))
