"""The daily loop without Qt: what is due and when, what was told, and the marks.

Presence does not publish. It tells when a post is due or a slot starts (the window runs
a timer to the next due moment, see `DueNow.next_due`), makes posting by hand quick (the
text for the clipboard, the platform's own web composer) and keeps the record: posted
when and where, skipped why, done per slot occurrence. Every notice told is written
down, so none fires twice, and one that came due while Presence was closed is told once
on the next start.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from app.domain.items import UTC_ZONE, Occurrence, Post, PostStatus, Slot
from app.domain.marks import PostMark
from app.domain.recurrence import expand
from app.domain.zones import local, to_epoch
from app.services import edits
from app.services.edits import Change
from app.storage.repository import Repository

Clock = Callable[[], datetime]

# A post's or slot's moment this close to the start counts as due now, not as missed.
GRACE = timedelta(minutes=2)
# How far ahead the next due moment is searched; the window checks again at least this often.
HORIZON = timedelta(days=2)
# Statuses of posts that wait to go out (ideas have no time; posted and skipped are done).
WAITING = (PostStatus.SCHEDULED, PostStatus.DRAFT)
MASTODON_INSTANCE_KEY = "daily.mastodon_instance"


def system_clock() -> datetime:
    return datetime.now(UTC_ZONE)


# -- what is due ---------------------------------------------------------------------------


class DueKind(StrEnum):
    POST = "post"
    SLOT = "slot"


@dataclass(frozen=True, slots=True)
class DueEvent:
    """A post to publish, or an occurrence of an engagement slot starting, at `due`."""

    kind: DueKind
    item_id: int
    due: datetime  # aware, in the item's own zone
    post: Post | None = None
    occurrence: Occurrence | None = None

    @property
    def key(self) -> tuple[int, int]:
        return (self.item_id, to_epoch(self.due))

    @property
    def platform(self) -> str:
        return self.post.platform if self.post is not None else self.occurrence.platform  # type: ignore[union-attr]


def waiting(post: Post) -> bool:
    """A post still to go out: scheduled or draft, with a text or a link."""
    return post.status in WAITING and bool(post.link or post.text.strip())


def due_events(repo: Repository, start: datetime, end: datetime) -> list[DueEvent]:
    """Posts waiting to go out and slot occurrences not done, due in [start, end), in order."""
    posts, slots = repo.items_between(start, end, marks_within=True)  # not ten years of ticks
    events = [DueEvent(DueKind.POST, p.id, p.start, post=p) for p in posts
              if p.id is not None and waiting(p)]
    events += [DueEvent(DueKind.SLOT, o.slot.id, o.start, occurrence=o)
               for o in expand(slots, start, end) if o.slot.id is not None and not o.done]
    events.sort(key=lambda e: (e.due.astimezone(UTC_ZONE), e.kind != DueKind.POST, e.item_id))
    return events


def describe(event: DueEvent, names: dict[str, str]) -> tuple[str, str]:
    """A notice's title and body in plain words."""
    name = names.get(event.platform, event.platform)
    if event.post is not None:
        post = event.post
        first = (post.text.strip() or post.link).splitlines()[0] if (post.text.strip() or post.link) else ""
        if len(first) > 90:
            first = first[:89].rstrip() + "…"
        return f"Time to post on {name} ({post.kind.value})", first
    occ = event.occurrence
    assert occ is not None
    return (f"{occ.activity.value.capitalize()} on {name} now",
            f"{occ.duration_min} minutes kept to {occ.activity.value}")


@dataclass(slots=True)
class Told:
    """What one check found: due now, and (on start) what came due while closed."""

    due: list[DueEvent] = field(default_factory=list)
    missed: list[DueEvent] = field(default_factory=list)


class DueNow:
    """Finds what is due against a clock (injected: tests drive time, never sleep), records
    each notice told in the database, and says when the next one is."""

    def __init__(self, repo: Repository, zone: ZoneInfo, clock: Clock = system_clock) -> None:
        self.repo = repo
        self.zone = zone
        self.clock = clock

    def now(self) -> datetime:
        return self.clock().astimezone(self.zone)

    def check(self, *, starting: bool = False) -> Told:
        """Every notice not told yet up to now, each told once, recorded in one transaction.

        Looked for from where the last check stopped (on a file never watched: from a
        moment ago). On start, what came due more than GRACE ago was due while
        Presence was closed: it is returned as missed, to be told once as a count.
        """
        now = self.now()
        since = self.repo.watched_until()
        if since is None:
            # Never watched (a new file, or one from before notices): watching starts now;
            # a demo week filled a minute ago was not "missed while closed".
            since = now - GRACE
        if since > now:  # the clock went back: look again from now on
            self.repo.record_notices((), now, now)
            return Told()
        told = self.repo.notices_between(since, now)
        found = [e for e in due_events(self.repo, since, now + timedelta(seconds=1))
                 if e.due <= now and e.key not in told]
        result = Told()
        for event in found:
            if starting and event.due < now - GRACE:
                result.missed.append(event)
            else:
                result.due.append(event)
        self.repo.record_notices(
            [(e.item_id, e.due, e in result.missed) for e in found], now, now)
        return result

    def next_due(self) -> datetime | None:
        """The first moment after now at which something becomes due (None: nothing within
        HORIZON; the caller checks again by then)."""
        now = self.now()
        for event in due_events(self.repo, now, now + HORIZON):
            if event.due > now:
                return event.due
        return None


# -- the Today list ------------------------------------------------------------------------


class State(StrEnum):
    LATER = "later"
    DUE = "due"  # its time has come today and it is not marked
    POSTED = "posted"
    SKIPPED = "skipped"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class TodayEntry:
    at: datetime
    state: State
    post: Post | None = None
    occurrence: Occurrence | None = None
    mark: PostMark | None = None

    @property
    def item_id(self) -> int:
        item = self.post if self.post is not None else self._occurrence().slot
        assert item.id is not None
        return item.id

    @property
    def platform(self) -> str:
        return self.post.platform if self.post is not None else self._occurrence().platform

    def _occurrence(self) -> Occurrence:
        assert self.occurrence is not None, "an entry is a post or a slot's occurrence"
        return self.occurrence


def today(repo: Repository, zone: ZoneInfo, now: datetime) -> list[TodayEntry]:
    """Everything planned today (the user's zone) in time order, with where it stands."""
    day = now.astimezone(zone).date()
    start = local(day, datetime.min.time(), zone)
    end = local(day + timedelta(days=1), datetime.min.time(), zone)
    posts, slots = repo.items_between(start, end, marks_within=True)
    posts = [p for p in posts if p.id is not None and p.status is not PostStatus.IDEA
             and bool(p.link or p.text.strip())]
    marks = repo.post_marks(p.id for p in posts if p.id is not None)
    entries: list[TodayEntry] = []
    for post in posts:
        if post.status is PostStatus.POSTED:
            state = State.POSTED
        elif post.status is PostStatus.SKIPPED:
            state = State.SKIPPED
        else:
            state = State.DUE if post.start <= now else State.LATER
        mark = marks.get(post.id or 0)
        if mark is not None and mark.status is not post.status:
            mark = None  # the status was changed since (in the editor): the mark is stale
        entries.append(TodayEntry(post.start, state, post=post, mark=mark))
    for occ in expand(slots, start, end):
        state = State.DONE if occ.done else State.DUE if occ.start <= now else State.LATER
        entries.append(TodayEntry(occ.start, state, occurrence=occ))
    entries.sort(key=lambda e: (e.at.astimezone(UTC_ZONE), e.occurrence is not None))
    return entries


# -- posting by hand -----------------------------------------------------------------------


def clipboard_text(post: Post) -> str:
    """The post as it goes out: its text, and its link on a line of its own unless the
    text already carries it."""
    text = post.text.strip()
    if post.link and post.link not in text:
        return f"{text}\n{post.link}" if text else post.link
    return text


@dataclass(frozen=True, slots=True)
class Composer:
    """Where to write the post by hand: the platform's web composer, if it has one."""

    url: str | None
    fills_text: bool  # the composer opens with the text (and link) already in it
    needs_instance: bool = False  # Mastodon: which server is yours?


# Platforms whose web composer takes the text in its address (see the README).
_TEXT_COMPOSERS = {
    "x": "https://x.com/intent/post?text={text}",
    "bluesky": "https://bsky.app/intent/compose?text={text}",
    "threads": "https://www.threads.net/intent/post?text={text}",
    # Not documented by LinkedIn, but it opens the post box with the text filled in.
    "linkedin": "https://www.linkedin.com/feed/?shareActive=true&text={text}",
}
# Platforms whose share page takes only the link, and where to go without one.
_HOME = {
    "facebook": "https://www.facebook.com/",
    "reddit": "https://www.reddit.com/submit",
    "instagram": "https://www.instagram.com/",
    "pinterest": "https://www.pinterest.com/pin-builder/",
    "tiktok": "https://www.tiktok.com/upload",
    "youtube": "https://studio.youtube.com/",
}
FILLS_TEXT = (*_TEXT_COMPOSERS, "mastodon")


def check_instance(text: str) -> str:
    """A Mastodon server name as `mastodon.social` (ValueError says why not)."""
    text = text.strip().rstrip("/")
    host = urlsplit(text if "://" in text else f"https://{text}").hostname or ""
    if not host or "." not in host or any(c.isspace() for c in text):
        raise ValueError(f"{text!r} is not a server name like mastodon.social")
    return host


def composer(post: Post, instance: str | None = None) -> Composer:
    """The address of the platform's own composer for this post."""
    body = quote(clipboard_text(post), safe="")
    if post.platform in _TEXT_COMPOSERS:
        return Composer(_TEXT_COMPOSERS[post.platform].format(text=body), True)
    if post.platform == "mastodon":
        if not instance:
            return Composer(None, True, needs_instance=True)
        return Composer(f"https://{instance}/share?text={body}", True)
    link = quote(post.link, safe="")
    if post.platform == "facebook" and post.link:
        return Composer(f"https://www.facebook.com/sharer/sharer.php?u={link}", False)
    if post.platform == "reddit" and post.link:
        title = quote(post.text.strip().splitlines()[0] if post.text.strip() else post.link, safe="")
        return Composer(f"https://www.reddit.com/submit?url={link}&title={title}", False)
    return Composer(_HOME.get(post.platform), False)


# -- marks ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Marking:
    """One undoable mark: item changes (status, done-marks) and the post marks beside them."""

    change: Change = field(default_factory=Change)
    marks: tuple[tuple[int, PostMark | None, PostMark | None], ...] = ()  # id, before, after

    def inverse(self) -> Marking:
        return Marking(self.change.inverse(), tuple((i, a, b) for i, b, a in self.marks))

    @property
    def empty(self) -> bool:
        return self.change.empty and all(b == a for _i, b, a in self.marks)


def apply_marking(repo: Repository, marking: Marking) -> Marking:
    """Write a marking (or its inverse) in one transaction."""
    with repo.transaction():
        change = edits.apply(repo, marking.change)
        for item_id, _before, after in marking.marks:
            repo.set_post_mark(item_id, after)
    return Marking(change, marking.marks)


def _post(repo: Repository, item_id: int) -> Post:
    item = repo.get(item_id)
    if item is None:
        raise KeyError(f"item {item_id} no longer exists")
    if not isinstance(item, Post):
        raise TypeError(f"item {item_id} is an engagement slot, not a post")
    return item


def mark_posts(repo: Repository, item_ids: Iterable[int], status: PostStatus, at: datetime,
               url: str = "", reason: str = "") -> Marking:
    """Mark posts posted (at a time, optionally with the post's address) or skipped (with
    a reason); one transaction, returned so it can be undone."""
    assert status in (PostStatus.POSTED, PostStatus.SKIPPED)
    with repo.transaction():
        ids = list(dict.fromkeys(item_ids))
        posts = [_post(repo, i) for i in ids]
        before = repo.post_marks(ids)
        pairs = tuple((p, p.with_(status=status)) for p in posts if p.status is not status)
        marks = tuple((i, before.get(i), PostMark(i, status, at.astimezone(UTC_ZONE), url, reason))
                      for i in ids)
        return apply_marking(repo, Marking(Change(updated=pairs), marks))


def unmark_posts(repo: Repository, item_ids: Iterable[int],
                 status: PostStatus = PostStatus.SCHEDULED) -> Marking:
    """Put posted or skipped posts back to waiting (scheduled), dropping their marks."""
    with repo.transaction():
        ids = list(dict.fromkeys(item_ids))
        posts = [_post(repo, i) for i in ids]
        before = repo.post_marks(ids)
        pairs = tuple((p, p.with_(status=status)) for p in posts if p.status is not status)
        marks = tuple((i, before.get(i), None) for i in ids if i in before)
        return apply_marking(repo, Marking(Change(updated=pairs), marks))


def mark_done(repo: Repository, slot_id: int, occurrence: datetime, done: bool = True) -> Marking:
    """Tick (or untick) one occurrence of an engagement slot."""
    return Marking(edits.set_occurrence_done(repo, slot_id, occurrence, done))


def occurrence_of(slot: Slot, moment: datetime, zone: ZoneInfo) -> Occurrence | None:
    """The slot's occurrence at `moment`, else the only one on that local day."""
    day = moment.astimezone(zone).date()
    start = local(day, datetime.min.time(), zone)
    occs = expand([slot], start, local(day + timedelta(days=1), datetime.min.time(), zone))
    exact = [o for o in occs if o.start == moment]
    if exact:
        return exact[0]
    return occs[0] if len(occs) == 1 else None


def latest_started(slot: Slot, now: datetime, zone: ZoneInfo) -> Occurrence | None:
    """The slot's occurrence that started last, up to now (within the last week)."""
    occs = expand([slot], now - timedelta(days=7), now + timedelta(seconds=1))
    return occs[-1] if occs else None
