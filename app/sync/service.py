"""Publish the plan to a CalDAV calendar: send what changed, remove what was deleted.

What was published is kept per calendar and UID in `caldav_published` (href, ETag,
digest of what was sent). A sync compares three things: the plan, that table, and the
server's list of resources with their ETags. So an event is sent again when its item
changed here, or when it was changed or removed on the server; an item deleted here has
its event deleted; and resources named after this database's own UIDs that no row knows
of (a sync interrupted between the PUT and the row) are taken over or removed. Nothing
else in the calendar is read or touched, and nothing is read back into the plan.

Nothing is written to the database before the server has answered, so a sync that
cannot reach the server, log in or find the calendar leaves the file as it was.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from app.domain.items import Post, Slot
from app.exchange.ics import CALENDAR_ID_KEY, slots_in_range
from app.storage.repository import Repository
from app.sync.resources import Resource, build_resource
from app.sync.webdav import TIMEOUT_S, SyncError, WebDAV, public_url

# The window's settings of the account (never the password).
URL_KEY = "sync.caldav.url"
USER_KEY = "sync.caldav.user"
CALENDAR_KEY = "sync.caldav.calendar"
AUTO_KEY = "sync.caldav.auto"  # sync a little while after every edit

# How far ahead a sync publishes from its first week (items published before stay in step).
WEEKS_AHEAD = 520

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Account:
    url: str
    user: str | None = None
    calendar: str | None = None  # a calendar's name under `url`, when `url` is not the calendar


@dataclass
class SyncReport:
    calendar: str  # the calendar's name
    url: str  # its address, without credentials
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def sent(self) -> int:
        return self.added + self.updated + self.removed

    def summary(self) -> str:
        if not self.sent:
            return f"Calendar {self.calendar!r} is up to date ({self.unchanged} events)"
        return (f"Published to calendar {self.calendar!r}: {self.added} added, {self.updated} updated, "
                f"{self.removed} removed, {self.unchanged} unchanged")


@dataclass(frozen=True)
class _Row:
    item_id: int
    href: str
    etag: str | None
    digest: str


def _path(href: str) -> str:
    """A resource's path as compared between the table and the server's list."""
    return unquote(urlsplit(href).path)


def _our_uid(cal_id: str) -> re.Pattern[str]:
    # presence-item-<id>@<calendar id>.presence.ics, as resources.resource_name makes it
    return re.compile(r"presence-item-(\d+)@" + re.escape(cal_id) + r"\.presence")


def check_account(account: Account) -> None:
    """SyncError for an address that cannot be a CalDAV server's, or that holds a password."""
    parts = urlsplit(account.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(f"{account.url!r} is not a calendar address (it must start with https:// "
                        "or http:// and name a server)")
    if parts.password:
        raise SyncError("the address holds a password; take it out and keep it in the keyring "
                        "or in PRESENCE_CALDAV_PASSWORD")


def _load_state(repo: Repository, calendar: str) -> dict[str, _Row]:
    if repo.schema_version < 4:  # an older file opened read-only: nothing published yet
        return {}
    rows = repo.conn.execute(
        "SELECT uid, item_id, href, etag, digest FROM caldav_published WHERE calendar = ?", (calendar,))
    return {uid: _Row(item_id, href, etag, digest) for uid, item_id, href, etag, digest in rows}


def _save(repo: Repository, calendar: str, uid: str, row: _Row) -> None:
    with repo.transaction() as tx:
        tx.execute(
            "INSERT INTO caldav_published (calendar, uid, item_id, href, etag, digest)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(calendar, uid) DO UPDATE SET"
            " item_id = excluded.item_id, href = excluded.href, etag = excluded.etag,"
            " digest = excluded.digest",
            (calendar, uid, row.item_id, row.href, row.etag, row.digest),
        )


def _forget(repo: Repository, calendar: str, uid: str) -> None:
    with repo.transaction() as tx:
        tx.execute("DELETE FROM caldav_published WHERE calendar = ? AND uid = ?", (calendar, uid))


def planned(repo: Repository, cal_id: str, start: datetime,
            end: datetime | None = None) -> dict[str, Resource]:
    """The calendar objects of the posts and slots in [start, end), by UID."""
    end = end or start + timedelta(weeks=WEEKS_AHEAD)
    posts, slots = repo.items_between(start, end)
    platforms = repo.platforms()
    items: list[Post | Slot] = [*posts, *slots_in_range(slots, start, end)]
    out = {}
    for item in items:
        resource = build_resource(item, platforms, cal_id)
        out[resource.uid] = resource
    return out


def sync(repo: Repository, account: Account, password: str | None, *, start: datetime,
         progress: Progress | None = None, client: Any = None,
         timeout: float = TIMEOUT_S) -> SyncReport:
    """Publish the items from `start` on (and keep those published before in step).

    Raises SyncError (one line) on any failure; what was sent before a failure halfway is
    recorded, so the next sync completes it.
    """
    check_account(account)
    stored_id = repo.setting(CALENDAR_ID_KEY)
    cal_id = stored_id if isinstance(stored_id, str) and stored_id else str(uuid.uuid4())
    resources = planned(repo, cal_id, start)
    dav = client or WebDAV(account.user, password, timeout=timeout)
    try:
        return _sync(repo, dav, account, cal_id, stored_id != cal_id, resources, progress)
    finally:
        if client is None:
            dav.close()


def _sync(repo: Repository, dav: WebDAV, account: Account, cal_id: str, new_id: bool,
          resources: dict[str, Resource], progress: Progress | None) -> SyncReport:
    calendar = dav.find_calendar(account.url, account.calendar)
    remote = {_path(href): etag for href, etag in dav.list_etags(calendar.url).items()}
    # The server has answered: from here on the database may be written.
    if new_id:
        repo.set_setting(CALENDAR_ID_KEY, cal_id)
    state = _load_state(repo, calendar.url)
    report = SyncReport(calendar.name, public_url(calendar.url))
    platforms = repo.platforms()

    def load(item_id: int) -> Resource | None:
        item = repo.get(item_id)
        return build_resource(item, platforms, cal_id) if isinstance(item, Post | Slot) else None

    # Published before and still planned, though outside the weeks read: keep in step.
    for uid, known in state.items():
        if uid not in resources and (resource := load(known.item_id)) is not None:
            resources[uid] = resource
    # Our own resources that no row knows of: a sync stopped between PUT and record.
    ours = _our_uid(cal_id)
    strays: list[str] = []
    for path in remote:
        match = ours.fullmatch(path.rsplit("/", 1)[-1].removesuffix(".ics"))
        if match is None:
            continue
        uid = match[0]
        if uid in state or uid in resources:
            continue
        resource = load(int(match[1]))
        if resource is not None:
            resources[uid] = resource
        else:
            strays.append(urljoin(calendar.url, path))
    gone = [uid for uid in state if uid not in resources]
    total, done = len(resources) + len(gone) + len(strays), 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    for uid in sorted(resources, key=lambda u: resources[u].item_id):
        resource = resources[uid]
        row = state.get(uid)
        href = row.href if row else urljoin(calendar.url, resource.name)
        on_server = _path(href) in remote
        there = remote.get(_path(href))
        if row and row.digest == resource.digest and on_server and (
                row.etag is None or there is None or row.etag == there):
            report.unchanged += 1
            if row.etag is None and there is not None:  # the server named it only in its list
                _save(repo, calendar.url, uid, _Row(row.item_id, href, there, row.digest))
            step()
            continue
        etag = dav.put(href, resource.body)
        _save(repo, calendar.url, uid, _Row(resource.item_id, href, etag, resource.digest))
        if row is None and not on_server:
            report.added += 1
        else:
            report.updated += 1
        step()
    for uid in gone:
        dav.delete(state[uid].href)
        _forget(repo, calendar.url, uid)
        report.removed += 1
        step()
    for href in strays:
        dav.delete(href)
        report.removed += 1
        step()
    return report


def unpublish(repo: Repository, account: Account, password: str | None, *,
              client: Any = None, timeout: float = TIMEOUT_S) -> SyncReport:
    """Remove every event this database published to the calendar, and forget them.

    For a calendar one stops publishing to; other events in it are left alone.
    """
    check_account(account)
    dav = client or WebDAV(account.user, password, timeout=timeout)
    try:
        calendar = dav.find_calendar(account.url, account.calendar)
        remote = dav.list_etags(calendar.url)
        report = SyncReport(calendar.name, public_url(calendar.url))
        cal_id = repo.setting(CALENDAR_ID_KEY)
        if not isinstance(cal_id, str) or not cal_id:
            return report  # this database never published anything
        ours = _our_uid(cal_id)
        state = _load_state(repo, calendar.url)
        for href in remote:
            if ours.fullmatch(_path(href).rsplit("/", 1)[-1].removesuffix(".ics")):
                dav.delete(href)
                report.removed += 1
        for uid in state:
            _forget(repo, calendar.url, uid)
        return report
    finally:
        if client is None:
            dav.close()
