"""An app: its production side (Draft and Live versions, app review), its mode toggle and its sandboxes.

The production side holds at most one Live version and one *Draft slot*: :attr:`App.draft`
is the version being worked on, whatever its review state:

- ``draft``: editable (:meth:`App.update_draft`, :meth:`App.import_sandbox`,
  :meth:`App.revert_draft_to_live`, :meth:`App.set_product_explanations`);
- ``in_review``: submitted with :meth:`App.submit_for_review`, locked (every edit raises
  :class:`VersionLocked`) until :meth:`App.recall` returns it to ``draft`` or a decision
  (:meth:`App.approve_review`, :meth:`App.reject_review`, or one scheduled on the portal
  clock) ends the review;
- ``not_approved``: rejected, with :attr:`AppVersion.review_comments`. It is still the
  Draft: it may be edited (the first edit turns it back to ``draft``; the comments stay
  on the version and in :attr:`App.reviews`) and submitted again.

On approval the version becomes Live (the previous Live version is archived) and a new
Draft, a copy of it, is opened. :meth:`App.approve` is the shortcut past review: it makes
the Draft Live whatever its review state, with no checks. Only the Live version reaches
users through the production client key (:attr:`App.api_config`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .config import AppConfig
from .errors import (
    DuplicateSandboxName,
    ForeignObject,
    InvalidConfiguration,
    InvalidURLProperty,
    NoDraft,
    NoLiveVersion,
    NotInReview,
    ProductRequired,
    SandboxDeleted,
    SandboxLimitExceeded,
    SubmissionIncomplete,
    VersionLocked,
    WrongMode,
)
from .posting import parse_url_property
from .products import MAX_SANDBOXES_PER_APP, PRODUCTS, product, scope_product
from .review import (
    URL_VERIFICATION_SINCE,
    DemoVideo,
    Outcome,
    Review,
    demo_video_list,
    review_comments,
    submission_problems,
)
from .sandbox import Sandbox

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ..accounts import Account
    from .developers import Owner
    from .portal import Portal

Mode = Literal["production", "sandbox"]
VersionStatus = Literal["draft", "in_review", "not_approved", "live", "archived"]


@dataclass(eq=False)
class AppVersion:
    """A production version of an app: the Draft (``draft``, ``in_review`` or
    ``not_approved``), the Live version, or an archived one."""

    app: App
    number: int
    config: AppConfig
    _status: VersionStatus
    _review_comments: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"<AppVersion {self.number} {self._status} of {self.app.name!r}>"

    @property
    def status(self) -> VersionStatus:
        """``draft``, ``in_review``, ``not_approved``, ``live`` or ``archived`` (a scheduled
        review decision that is due is taken first)."""
        self.app._settle()
        return self._status

    @property
    def review_comments(self) -> tuple[str, ...]:
        """The comments of this version's last rejection (kept when it is edited again)."""
        self.app._settle()
        return self._review_comments

    @property
    def locked(self) -> bool:
        """Whether the version is in review (no edits until it is recalled or decided)."""
        return self.status == "in_review"


class App:
    """An app on the developer portal, owned by a developer or an organization."""

    environment = "production"

    def __init__(self, portal: Portal, owner: Owner, config: AppConfig, client_key: str, client_secret: str) -> None:
        self.portal = portal
        self.owner = owner
        self.client_key = client_key
        self.client_secret = client_secret
        self.created_at = portal.clock.now()
        """When the app was created, on the portal clock (it decides which URLs need verifying)."""
        self._mode: Mode = "production"
        self._versions: list[AppVersion] = []
        self._draft: AppVersion | None = self._new_version(config, "draft")
        self._live: AppVersion | None = None
        self._reviews: list[Review] = []
        self._sandboxes: list[Sandbox] = []
        self._url_properties: list[str] = []
        self._posting_audited = False

    def __repr__(self) -> str:
        return f"<App {self.name!r} {self.client_key}>"

    @property
    def app(self) -> App:
        return self

    @property
    def name(self) -> str:
        current = self.live or self.draft
        return current.config.details.name if current else ""

    @property
    def mode(self) -> Mode:
        """The Production/Sandbox toggle next to the app's name."""
        return self._mode

    @mode.setter
    def mode(self, value: Mode) -> None:
        if value not in ("production", "sandbox"):
            raise InvalidConfiguration(f"mode is 'production' or 'sandbox', got {value!r}")
        self._mode = value

    @property
    def versions(self) -> list[AppVersion]:
        self._settle()
        return list(self._versions)

    @property
    def draft(self) -> AppVersion | None:
        """The version being worked on: ``draft``, ``in_review`` or ``not_approved``."""
        self._settle()
        return self._draft

    @property
    def live(self) -> AppVersion | None:
        """The approved version the production client key serves, if any."""
        self._settle()
        return self._live

    def _new_version(self, config: AppConfig, status: VersionStatus) -> AppVersion:
        version = AppVersion(self, len(self._versions) + 1, config, status)
        self._versions.append(version)
        return version

    # -- URL properties ---------------------------------------------------------------------------
    @property
    def url_properties(self) -> tuple[str, ...]:
        """Verified domains and URL prefixes: where ``PULL_FROM_URL`` may fetch media from,
        for production and every sandbox of the app."""
        return tuple(self._url_properties)

    def verify_url_property(self, value: str) -> str:
        """Verify a domain (``example.com``, covering its subdomains) or an https URL prefix
        (``https://cdn.example.com/media/``), as "URL properties" does once its DNS record or
        signature file is found. Returns the normalised property."""
        prop = parse_url_property(value)
        if prop not in self._url_properties:
            self._url_properties.append(prop)
        return prop

    def remove_url_property(self, value: str) -> None:
        prop = parse_url_property(value)
        if prop not in self._url_properties:
            raise InvalidURLProperty(f"{value!r} is not a URL property of {self.name!r}")
        self._url_properties.remove(prop)

    # -- the Content Posting audit ------------------------------------------------------------------
    @property
    def posting_audited(self) -> bool:
        """Whether the app's API client has passed TikTok's Content Posting audit. Until it
        has, even a Live app is an unaudited client: private accounts only, ``SELF_ONLY``
        only, 5 creators a day (TikTok's Content Sharing Guidelines). Sandboxes never are."""
        return self._posting_audited

    def pass_posting_audit(self) -> None:
        """Pass the Content Posting audit, a step of its own that TikTok runs after app
        review: the production client key may then post publicly. Needs a Live version with
        the Content Posting API; the audit stays with the app's client through later
        versions."""
        live = self.live
        if live is None:
            raise NoLiveVersion(
                f"{self.name!r} has no Live version: the Content Posting audit follows app review (app.approve())"
            )
        if "content_posting_api" not in live.config.products:
            raise ProductRequired(
                f"the Content Posting audit is for the Content Posting API, which {self.name!r}'s Live version lacks"
            )
        self._posting_audited = True

    # -- production ---------------------------------------------------------------------------
    @property
    def api_config(self) -> AppConfig | None:
        """What the production client key can do: the Live version only."""
        return self.live.config if self.live else None

    def may_authorize(self, account: Account) -> bool:
        return self.live is not None

    def approve(self) -> AppVersion:
        """Approve the Draft (a shortcut past app review, no checks): it becomes the Live
        version, and a new Draft, a copy of it, is opened for further changes. A Draft in
        review is approved as :meth:`approve_review` would."""
        self._settle()
        if self._draft is None:
            raise NoDraft("there is no Draft to approve")
        pending = self._pending()
        if pending is not None:
            return self._decide(pending, "approve", (), self.portal.clock.now())
        return self._promote(self._draft)

    def create_revision(self) -> AppVersion:
        """Clone the Live version into a new Draft ("Create revision"); the Draft, if one
        is open already."""
        live = self.live
        if live is None:
            raise NoLiveVersion("there is no Live version to revise")
        if self._draft is None:
            self._draft = self._new_version(live.config, "draft")
        return self._draft

    def update_draft(self, config: AppConfig) -> None:
        """Replace the Draft's configuration."""
        self._editable_draft("create a revision first").config = config

    def set_product_explanations(self, explanations: Mapping[str, str]) -> AppVersion:
        """Explain, for review, what the app does with each product (``"login_kit"``) or
        scope (``"video.list"``): merged into the Draft's ``product_explanations``."""
        if not hasattr(explanations, "items"):
            raise InvalidConfiguration(f"explanations are a dict of product or scope to text, got {explanations!r}")
        for key, text in explanations.items():
            if not isinstance(key, str):
                raise InvalidConfiguration(f"explanations are keyed by product or scope name, got {key!r}")
            if "." in key:
                scope_product(key)
            else:
                product(key)
            if not isinstance(text, str) or not text.strip():
                raise InvalidConfiguration(f"the explanation of {key} is a non-empty text, got {text!r}")
        draft = self._editable_draft("create a revision first")
        merged = {**draft.config.product_explanations, **{str(k): v for k, v in explanations.items()}}
        draft.config = draft.config.model_copy(update={"product_explanations": merged})
        return draft

    def import_sandbox(self, sandbox: Sandbox) -> AppVersion:
        """Overwrite the Draft with the sandbox's applied configuration (Production mode only).
        The Draft's review explanations stay (a sandbox has none to give), unless the
        sandbox's configuration carries its own."""
        self._own(sandbox)
        if sandbox.deleted:
            raise SandboxDeleted(f"{sandbox.name!r} was deleted")
        if self._mode != "production":
            raise WrongMode("switch the toggle to Production first (app.mode = 'production')")
        draft = self._editable_draft("there is no Draft to import into")
        explanations = {**draft.config.product_explanations, **sandbox.config.product_explanations}
        draft.config = sandbox.config.model_copy(update={"product_explanations": explanations})
        return draft

    def revert_draft_to_live(self) -> AppVersion:
        """Overwrite the Draft with the Live version's configuration ("Revert to Live version")."""
        live = self.live
        if live is None:
            raise NoLiveVersion(f"{self.name!r} has never been approved")
        if self._mode != "production":
            raise WrongMode("Revert to Live version is in Production mode's Import menu")
        if self._draft is None:
            self._draft = self._new_version(live.config, "draft")
        else:
            self._editable_draft("").config = live.config
        return self._draft

    def sign_in(
        self, user: Account, scopes: str | Iterable[str] | None = None, *, redirect_uri: str | None = None
    ) -> dict[str, Any]:
        """Sign ``user`` in with the production client key, as :meth:`Sandbox.sign_in` does for
        a sandbox: the Live version's scopes and first web redirect URI by default. Raises
        :class:`SignInFailed` where TikTok refuses (no Live version, an account that may not
        authorize the app...)."""
        from .signin import sign_in

        return sign_in(self, user, scopes, redirect_uri)

    # -- app review -----------------------------------------------------------------------------
    @property
    def reviews(self) -> list[Review]:
        """Every submission so far, oldest first ("Review comments" in the app's history)."""
        self._settle()
        return list(self._reviews)

    @property
    def pending_review(self) -> Review | None:
        """The submission in review now, if any."""
        self._settle()
        return self._pending()

    def submit_for_review(
        self,
        demo_videos: Iterable[DemoVideo] = (),
        *,
        decide_after: float | None = None,
        outcome: Outcome = "approve",
        comments: Iterable[str] = (),
    ) -> Review:
        """Submit the Draft for review with 1 to 5 demo videos; it is locked until it is
        recalled or decided. Every missing item is named in one :class:`SubmissionIncomplete`.

        ``decide_after`` (seconds on the portal clock; TikTok says "several days to two
        weeks") schedules the decision: ``outcome`` ``"approve"``, or ``"reject"`` with
        review ``comments``. It is taken, dated ``submitted_at + decide_after``, the next
        time the app's state is read. Without it only :meth:`approve_review`,
        :meth:`reject_review` (or :meth:`approve`) decide."""
        self._settle()
        if self._draft is None:
            raise NoDraft("create a revision first")
        if self._draft._status == "in_review":
            raise VersionLocked(f"version {self._draft.number} is already in review")
        videos = demo_video_list(demo_videos)
        if outcome not in ("approve", "reject"):
            raise InvalidConfiguration(f"outcome is 'approve' or 'reject', got {outcome!r}")
        if decide_after is not None and (
            isinstance(decide_after, bool) or not isinstance(decide_after, (int, float)) or decide_after < 0
        ):
            raise InvalidConfiguration(f"decide_after is a number of seconds, 0 or more, got {decide_after!r}")
        planned: tuple[str, ...] = ()
        if outcome == "reject":
            planned = review_comments(comments)
        elif comments:
            raise InvalidConfiguration("review comments come with outcome='reject'")
        problems = submission_problems(
            self._draft.config,
            videos,
            self._url_properties,
            verify_urls=self.created_at >= URL_VERIFICATION_SINCE,
        )
        if problems:
            raise SubmissionIncomplete(problems=tuple(problems))
        now = self.portal.clock.now()
        review = Review(
            version=self._draft,
            submitted_at=now,
            demo_videos=videos,
            decide_at=None if decide_after is None else now + float(decide_after),
            planned_outcome=outcome,
            planned_comments=planned,
        )
        self._reviews.append(review)
        self._draft._status = "in_review"
        return review

    def recall(self) -> AppVersion:
        """Take the submission back ("Recall"): the version is a Draft again, editable."""
        review = self._need_pending("recall")
        review._status = "recalled"
        review.decided_at = self.portal.clock.now()
        review.version._status = "draft"
        return review.version

    def approve_review(self) -> AppVersion:
        """Approve the version in review: it becomes Live, and a new Draft copy opens."""
        review = self._need_pending("approve")
        return self._decide(review, "approve", (), self.portal.clock.now())

    def reject_review(self, comments: Iterable[str]) -> AppVersion:
        """Reject the version in review with review comments (at least one): it is
        ``not_approved`` and stays the Draft, editable again."""
        review = self._need_pending("reject")
        return self._decide(review, "reject", review_comments(comments), self.portal.clock.now())

    def _pending(self) -> Review | None:
        if self._reviews and self._reviews[-1]._status == "in_review":
            return self._reviews[-1]
        return None

    def _need_pending(self, action: str) -> Review:
        self._settle()
        review = self._pending()
        if review is None:
            raise NotInReview(f"nothing of {self.name!r} is in review to {action}")
        return review

    def _settle(self) -> None:
        """Take a scheduled review decision whose time has come."""
        with self.portal.lock:
            review = self._pending()
            if review is not None and review.decide_at is not None and self.portal.clock.now() >= review.decide_at:
                self._decide(review, review.planned_outcome, review.planned_comments, review.decide_at)

    def _decide(self, review: Review, outcome: Outcome, comments: tuple[str, ...], at: float) -> AppVersion:
        review.decided_at = at
        version = review.version
        if outcome == "approve":
            review._status = "approved"
            return self._promote(version)
        review._status = "not_approved"
        review.comments = comments
        version._status = "not_approved"
        version._review_comments = comments
        return version

    def _promote(self, version: AppVersion) -> AppVersion:
        if self._live is not None:
            self._live._status = "archived"
        version._status = "live"
        self._live = version
        self._draft = self._new_version(version.config, "draft")
        return version

    def _editable_draft(self, missing: str) -> AppVersion:
        self._settle()
        if self._draft is None:
            raise NoDraft(missing)
        if self._draft._status == "in_review":
            raise VersionLocked(f"version {self._draft.number} is in review (app.recall() to edit it)")
        self._draft._status = "draft"
        return self._draft

    # -- sandboxes -------------------------------------------------------------------------------
    @property
    def sandboxes(self) -> list[Sandbox]:
        return list(self._sandboxes)

    def sandbox(self, name: str) -> Sandbox:
        """The sandbox called ``name``."""
        for sandbox in self._sandboxes:
            if sandbox.name == name:
                return sandbox
        raise KeyError(f"{self.name!r} has no sandbox {name!r}")

    def create_sandbox(self, name: str, clone_from: Sandbox | AppVersion | None = None) -> Sandbox:
        """Create a sandbox, empty or cloned from a production version or another sandbox."""
        if not isinstance(name, str) or not name.strip():
            raise InvalidConfiguration("a sandbox needs a name")
        if any(s.name == name for s in self._sandboxes):
            raise DuplicateSandboxName(f"{self.name!r} already has a sandbox {name!r}")
        if len(self._sandboxes) >= MAX_SANDBOXES_PER_APP:
            raise SandboxLimitExceeded(f"{self.name!r} already has {len(self._sandboxes)}")
        config = self._clone_source(clone_from)
        ids = self.portal.ids
        sandbox = Sandbox(self, name, config, ids.sandbox_client_key(), ids.client_secret())
        self._sandboxes.append(sandbox)
        self.portal._register_client(sandbox)
        return sandbox

    def delete_sandbox(self, sandbox: Sandbox) -> None:
        """Delete a sandbox: its client key stops working and its authorizations end."""
        self._own(sandbox)
        if sandbox.deleted:
            raise SandboxDeleted(f"{sandbox.name!r} was already deleted")
        self._sandboxes.remove(sandbox)
        sandbox.deleted = True
        self.portal._unregister_client(sandbox)

    def _clone_source(self, source: Sandbox | AppVersion | None) -> AppConfig:
        if source is None:
            draft = self.draft or self.live
            name = draft.config.details if draft else None
            return AppConfig(details=name) if name else AppConfig.model_validate({"details": {"name": "app"}})
        self._own(source)
        if isinstance(source, Sandbox):
            if source.deleted:
                raise SandboxDeleted(f"{source.name!r} was deleted")
            return source.config
        config = source.config
        unavailable = {p for p in config.products if PRODUCTS[p].sandbox == "unavailable"}
        if unavailable:
            names = ", ".join(PRODUCTS[p].title for p in sorted(unavailable))
            warnings.warn(
                f"sandbox mode does not offer {names}: left out of the cloned configuration",
                stacklevel=3,
            )
            dropped_scopes = {s for p in unavailable for s in PRODUCTS[p].scopes}
            config = config.model_copy(
                update={"products": config.products - unavailable, "scopes": config.scopes - dropped_scopes}
            )
        return config

    def _own(self, thing: Sandbox | AppVersion) -> None:
        if thing.app is not self:
            raise ForeignObject(f"{thing!r} belongs to another app")
