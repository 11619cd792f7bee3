"""What a creator allows a post: their privacy level options, the interactions they turned
off and the longest video they may post (``creator_info`` answers these)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from ..accounts import Account
    from ..videos import PrivacyLevel

MAX_VIDEO_POST_DURATION_SEC: Final = 600
"""The longest video the API takes ("up to 10 minutes"), whatever the creator's own maximum
(``Account.max_video_post_duration_sec``) says."""
PRIVATE_OPTIONS: Final[tuple[PrivacyLevel, ...]] = ("FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
PUBLIC_OPTIONS: Final[tuple[PrivacyLevel, ...]] = ("PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY")
Interaction = Literal["comment", "duet", "stitch"]


def privacy_level_options(account: Account) -> tuple[PrivacyLevel, ...]:
    """What the creator may pick: a private account cannot post to everyone."""
    return PRIVATE_OPTIONS if account.is_private else PUBLIC_OPTIONS


def disabled_interactions(account: Account) -> dict[Interaction, bool]:
    """Which interactions the creator has turned off, as ``creator_info`` answers them: those set
    to "No one" in the creator's privacy settings, and duets and stitches of a private account
    [TikTok's creator_info reference]."""
    return {
        "comment": account.comment_disabled,
        "duet": account.is_private or account.duet_disabled,
        "stitch": account.is_private or account.stitch_disabled,
    }


def max_video_duration(account: Account) -> int:
    """The longest video ``account`` may post through the API, in seconds."""
    return min(account.max_video_post_duration_sec, MAX_VIDEO_POST_DURATION_SEC)
