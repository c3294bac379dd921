"""Posts, engagement slots, accounts and goals: the things a week is planned with."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class PostKind(StrEnum):
    """What a post does for the audience."""

    PROMO = "promo"
    OWN = "own"
    CURATED = "curated"
    CONVERSATION = "conversation"


class PostStatus(StrEnum):
    """Where a post stands on its way out."""

    IDEA = "idea"
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    POSTED = "posted"
    SKIPPED = "skipped"


class Activity(StrEnum):
    """What an engagement slot is kept for."""

    REPLY = "reply"
    COMMENT = "comment"
    SHARE = "share"
    LISTEN = "listen"
    NETWORK = "network"


class AccountUse(StrEnum):
    """Whether an account speaks for a business or for the person."""

    BUSINESS = "business"
    PERSONAL = "personal"


def zone_name(moment: datetime) -> str:
    """The IANA name of an aware datetime's zone."""
    tz = moment.tzinfo
    if isinstance(tz, ZoneInfo):
        return tz.key
    raise ValueError(f"{moment!r} does not carry an IANA zone")


# Platforms where a post may be a thread: an ordered list of parts, each posted as a reply
# to the one before. A thread is stored, and travels in CSV, as one text whose parts are
# separated by a line holding only `---`.
THREAD_PLATFORMS = frozenset({"x", "bluesky", "threads", "mastodon"})
THREAD_SEPARATOR = "\n---\n"


def split_thread(text: str) -> tuple[str, ...]:
    """The parts of a thread's text; a text without a `---` line is one part."""
    if THREAD_SEPARATOR not in text:
        return (text,)
    return tuple(text.split(THREAD_SEPARATOR))


def normalise_thread(text: str) -> str:
    """A `---` line written with CR LF or trailing spaces (a spreadsheet's doing) made the
    separator Presence stores; everything else is left as it is."""
    if "---" not in text:
        return text
    import re

    return re.sub(r"\r?\n---[ \t]*\r?\n", THREAD_SEPARATOR, text)


def join_thread(parts: tuple[str, ...] | list[str]) -> str:
    """One text for the parts, as stored and exported (the inverse of `split_thread`)."""
    return THREAD_SEPARATOR.join(parts)


def check_handle(handle: str) -> str:
    """An account handle as the window takes it (one word); ValueError says why not."""
    handle = handle.strip()
    if not handle or any(c.isspace() for c in handle):
        raise ValueError(f"{handle!r} is not a handle: a handle is one word, like ana-lopes")
    return handle


@dataclass(frozen=True, slots=True)
class Account:
    """A handle on a platform, used for business or personally."""

    platform: str
    handle: str
    use: AccountUse = AccountUse.BUSINESS
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """A planned post; `start` is aware, in the zone it was planned in."""

    platform: str
    start: datetime
    kind: PostKind
    status: PostStatus = PostStatus.SCHEDULED
    text: str = ""
    link: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    account: str | None = None
    id: int | None = None
    # What goes with the post: the first comment (Instagram, Facebook, LinkedIn), whether it
    # will carry an image, and that image's alt text (SPEC section 9).
    first_comment: str = ""
    has_image: bool = False
    alt_text: str = ""

    @property
    def tz(self) -> str:
        return zone_name(self.start)

    @property
    def parts(self) -> tuple[str, ...]:
        """The thread's parts in order (one part for a post that is not a thread)."""
        return split_thread(self.text)

    @property
    def is_thread(self) -> bool:
        return self.platform in THREAD_PLATFORMS and THREAD_SEPARATOR in self.text

    @property
    def counts(self) -> bool:
        """Skipped posts never count towards any rule, nor does a blank one (no text, no
        link: the editor no longer saves one, but an older file may hold it) in the mix."""
        return self.status is not PostStatus.SKIPPED and bool(self.link or self.text.strip())

    def with_(self, **changes: object) -> Post:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Slot:
    """Time kept for engagement; may repeat by an RFC 5545 RRULE body."""

    platform: str
    start: datetime
    duration_min: int
    activity: Activity
    rrule: str | None = None
    notes: str = ""
    done: frozenset[datetime] = field(default_factory=frozenset)  # occurrence starts, UTC
    id: int | None = None
    # Occurrences taken out of the series (RFC 5545 EXDATE), as their starts in UTC.
    exdates: frozenset[datetime] = field(default_factory=frozenset)

    @property
    def tz(self) -> str:
        return zone_name(self.start)

    def with_(self, **changes: object) -> Slot:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of a slot, at its local start."""

    slot: Slot
    start: datetime

    @property
    def id(self) -> int | None:
        return self.slot.id

    @property
    def platform(self) -> str:
        return self.slot.platform

    @property
    def activity(self) -> Activity:
        return self.slot.activity

    @property
    def duration_min(self) -> int:
        return self.slot.duration_min

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.slot.duration_min)

    @property
    def done(self) -> bool:
        return self.start.astimezone(UTC_ZONE) in self.slot.done


class GoalMetric(StrEnum):
    """Whether a goal asks for at least a number, or caps it."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


@dataclass(frozen=True, slots=True)
class Goal:
    """A measurable weekly target on one platform: a count of an activity or a post kind.

    A standing goal (`since` set) holds every week from `since` until removed; read for a
    week, its `week` is that week. A goal for one week overrides the standing one of the
    same platform, subject and metric.
    """

    week: str  # ISO week label, "2026-W48"
    platform: str
    target: int
    subject: str  # a PostKind value, or an Activity value
    metric: GoalMetric = GoalMetric.AT_LEAST
    id: int | None = None
    since: str | None = None  # ISO week label of a standing goal's first week

    @property
    def counts_posts(self) -> bool:
        return self.subject in _POST_KINDS

    @property
    def standing(self) -> bool:
        return self.since is not None

    @property
    def key(self) -> tuple[str, str, str]:
        """What a goal for one week overrides a standing goal by."""
        return (self.platform, self.subject, self.metric.value)


# The largest goal target the Goals dialog and `presence goal add` take.
MAX_GOAL_TARGET = 500

UTC_ZONE = ZoneInfo("UTC")
_POST_KINDS = frozenset(kind.value for kind in PostKind)
