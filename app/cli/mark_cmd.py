"""`presence mark ID --posted|--skipped|--done [--at TIME] [--url URL] [--reason TEXT]`.

Records what happened (SPEC section 10): a post posted (when, and optionally where), a
post skipped (and why), an occurrence of an engagement slot done. Bad input gets one line
and exit 2, and nothing is changed.

TIME is a date-time (`2026-11-24T09:05`, in the settings' zone unless it carries an
offset) or a time of day (`09:05`): for a post, when it went out, on its own day;
for a slot, which occurrence (a date alone names the one on that day). Without --at a
post is marked now and a slot's latest occurrence that has started is ticked.
"""

from __future__ import annotations

import argparse
import re
from datetime import date, datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from app.cli.common import EXIT_OK, fail, open_repository

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="the post's or slot's id (`presence list` shows them)")
    what = parser.add_argument_group("what happened (one of)")
    what.add_argument("--posted", action="store_true", help="the post went out")
    what.add_argument("--skipped", action="store_true", help="the post was not published, on purpose")
    what.add_argument("--done", action="store_true", help="the engagement slot's time was kept")
    parser.add_argument("--at", metavar="TIME",
                        help="when it was posted (post), or which occurrence (slot): "
                             "2026-11-24T09:05, 2026-11-24 (slot) or 09:05")
    parser.add_argument("--url", metavar="URL", help="the published post's address (with --posted)")
    parser.add_argument("--reason", metavar="TEXT", help="why the post was skipped (with --skipped)")


def _moment(text: str, day: date, zone: ZoneInfo, *, date_alone: bool) -> datetime | date:
    from app.domain.zones import local

    text = text.strip()
    match = _TIME.match(text)
    if match:
        return local(day, time(int(match[1]), int(match[2])), zone)
    if date_alone and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        what = "2026-11-24T09:05, 2026-11-24 or 09:05" if date_alone else "2026-11-24T09:05 or 09:05"
        fail(f"--at: {text!r} is not a time like {what}")
    if moment.tzinfo is None:
        return local(moment.date(), moment.time(), zone)
    return moment.astimezone(zone)


def run(args: argparse.Namespace) -> int:
    from app.domain.items import Post, PostStatus, Slot
    from app.services import daily
    from app.services.preferences import user_zone
    from app.storage.errors import StorageError

    chosen = [flag for flag in ("posted", "skipped", "done") if getattr(args, flag)]
    if len(chosen) != 1:
        fail("say what happened with exactly one of --posted, --skipped or --done")
    how = chosen[0]
    if not args.id.isdigit():
        fail(f"ID: {args.id!r} is not an item id (a number, as `presence list` shows)")
    if args.url is not None and how != "posted":
        fail("--url: only a posted post has an address (use it with --posted)")
    if args.reason is not None and how != "skipped":
        fail("--reason: only a skipped post has a reason (use it with --skipped)")
    url = (args.url or "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
            fail(f"--url: {url!r} is not a web address like https://example.com/post/1")
    reason = " ".join((args.reason or "").split())

    with open_repository(args.db) as repo:
        item = repo.get(int(args.id))
        if item is None:
            fail(f"ID: there is no post or slot {args.id} in {repo.path}")
        zone = user_zone(repo)
        now = daily.system_clock().astimezone(zone)
        try:
            if how == "done":
                if not isinstance(item, Slot):
                    fail(f"ID: {args.id} is a post; mark it --posted or --skipped")
                if args.at is None:
                    occurrence = daily.latest_started(item, now, zone)
                    if occurrence is None:
                        fail(f"ID: slot {args.id} has not started in the last week; name the "
                             "occurrence with --at 2026-11-24")
                else:
                    at = _moment(args.at, now.date(), zone, date_alone=True)
                    moment = at if isinstance(at, datetime) else \
                        datetime.combine(at, time(12), zone)
                    occurrence = daily.occurrence_of(item, moment, zone)
                    if occurrence is None:
                        fail(f"--at: slot {args.id} has no occurrence at {args.at}")
                daily.mark_done(repo, item.id or 0, occurrence.start)
                print(f"Marked {occurrence.activity.value} slot {args.id} done on "
                      f"{occurrence.start.astimezone(zone):%a %d %b %H:%M}.")
                return EXIT_OK
            if not isinstance(item, Post):
                fail(f"ID: {args.id} is an engagement slot; mark it --done")
            day = item.start.astimezone(zone).date()
            when = now if args.at is None else _moment(args.at, day, zone, date_alone=False)
            assert isinstance(when, datetime)
            if how == "posted" and when > now:
                fail(f"--at: {when:%Y-%m-%d %H:%M} is still to come; a post is marked posted "
                     "once it went out")
            status = PostStatus.POSTED if how == "posted" else PostStatus.SKIPPED
            daily.mark_posts(repo, [item.id or 0], status, when, url, reason)
        except StorageError as exc:
            fail(str(exc))
    extra = f" ({url})" if url else f" ({reason})" if reason else ""
    print(f"Marked {item.kind.value} post {args.id} on {item.platform} {how} at "
          f"{when.astimezone(zone):%a %d %b %H:%M}{extra}.")
    return EXIT_OK
