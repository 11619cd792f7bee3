"""An app's production side: its versions (one Draft, at most one Live) and app review.

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

The Production/Sandbox toggle, the Import menu and the sandboxes are the app's own
(``apps.py``); :class:`ProductionSide` is the part of :class:`~.apps.App` that this module
holds, so that neither the versions nor the review records import the app.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .errors import InvalidConfiguration, NoLiveVersion, NotInReview, SubmissionIncomplete, VersionLocked
from .products import product, scope_product
from .review import (
    URL_VERIFICATION_SINCE,
    DemoVideo,
    Outcome,
    ReviewStatus,
    demo_video_list,
    review_comments,
    submission_problems,
)

if TYPE_CHECKING:
    from .clock import Clock
    from .config import AppConfig

VersionStatus = Literal["draft", "in_review", "not_approved", "live", "archived"]


@dataclass(eq=False)
class AppVersion:
    """A production version of an app: the Draft (``draft``, ``in_review`` or
    ``not_approved``), the Live version, or an archived one."""

    app: ProductionSide
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


@dataclass(eq=False)
class Review:
    """One submission of a version for review, and how it ended.

    ``status`` is ``in_review`` until a decision (``approved`` or ``not_approved``, with
    ``comments``) or a recall (``recalled``); reading it takes any scheduled decision that
    is due on the portal clock."""

    version: AppVersion
    submitted_at: float
    demo_videos: tuple[DemoVideo, ...]
    decide_at: float | None = None
    """When the scheduled decision is taken (None: only a call decides)."""
    planned_outcome: Outcome = "approve"
    planned_comments: tuple[str, ...] = ()
    _status: ReviewStatus = "in_review"
    decided_at: float | None = None
    comments: tuple[str, ...] = ()
    """The review comments of a version that was not approved."""

    def __repr__(self) -> str:
        return f"<Review of version {self.version.number} {self._status}>"

    @property
    def status(self) -> ReviewStatus:
        self.version.app._settle()
        return self._status

    @property
    def config(self) -> AppConfig:
        """The configuration under review (the version is locked while it is)."""
        return self.version.config


class ProductionSide:
    """The versions of an app and their review; the base of :class:`~.apps.App`."""

    def __init__(self, clock: Clock, lock: threading.RLock, config: AppConfig) -> None:
        self._clock = clock
        self._lock = lock
        self.created_at = clock.now()
        """When the app was created, on the portal clock (it decides which URLs need verifying)."""
        self._url_properties: list[str] = []
        self._versions: list[AppVersion] = []
        self._draft: AppVersion = self._new_version(config, "draft")
        self._live: AppVersion | None = None
        self._reviews: list[Review] = []

    @property
    def name(self) -> str:
        current = self.live or self.draft
        return current.config.details.name if current else ""

    @property
    def versions(self) -> list[AppVersion]:
        self._settle()
        return list(self._versions)

    @property
    def draft(self) -> AppVersion:
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

    def approve(self) -> AppVersion:
        """Approve the Draft (a shortcut past app review, no checks): it becomes the Live
        version, and a new Draft, a copy of it, is opened for further changes. A Draft in
        review is approved as :meth:`approve_review` would."""
        self._settle()
        pending = self._pending()
        if pending is not None:
            return self._decide(pending, "approve", (), self._clock.now())
        return self._promote(self._draft)

    def create_revision(self) -> AppVersion:
        """The Draft ("Create revision"): an app always has one, opened as a copy of the
        Live version when that was approved. Needs a Live version to revise."""
        if self.live is None:
            raise NoLiveVersion("there is no Live version to revise")
        return self.draft

    def update_draft(self, config: AppConfig) -> None:
        """Replace the Draft's configuration."""
        self._editable_draft().config = config

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
        draft = self._editable_draft()
        merged = {**draft.config.product_explanations, **{str(k): v for k, v in explanations.items()}}
        draft.config = draft.config.model_copy(update={"product_explanations": merged})
        return draft

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
        now = self._clock.now()
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
        review.decided_at = self._clock.now()
        review.version._status = "draft"
        return review.version

    def approve_review(self) -> AppVersion:
        """Approve the version in review: it becomes Live, and a new Draft copy opens."""
        review = self._need_pending("approve")
        return self._decide(review, "approve", (), self._clock.now())

    def reject_review(self, comments: Iterable[str]) -> AppVersion:
        """Reject the version in review with review comments (at least one): it is
        ``not_approved`` and stays the Draft, editable again."""
        review = self._need_pending("reject")
        return self._decide(review, "reject", review_comments(comments), self._clock.now())

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
        with self._lock:
            review = self._pending()
            if review is not None and review.decide_at is not None and self._clock.now() >= review.decide_at:
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

    def _editable_draft(self) -> AppVersion:
        self._settle()
        if self._draft._status == "in_review":
            raise VersionLocked(f"version {self._draft.number} is in review (app.recall() to edit it)")
        self._draft._status = "draft"
        return self._draft
