"""`presence sync caldav URL`: publish the plan to a calendar on a CalDAV server."""

from __future__ import annotations

import argparse
from urllib.parse import unquote, urlsplit

from app.cli.common import fail, open_repository, parse_week


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = ("Publishes the posts and slots from --week (default: this week) on; items "
                     "published before stay in step, deleted ones are removed, other events in the "
                     "calendar are left alone. Exit 0 when done, 2 when the sync failed (nothing "
                     "in the plan changes).")
    parser.add_argument("protocol", choices=("caldav",), help="caldav (the only one for now)")
    parser.add_argument("url", metavar="URL",
                        help="the calendar's address, or the account's (then name the calendar "
                             "with --calendar)")
    parser.add_argument("--user", metavar="U",
                        help="the login; the password comes from PRESENCE_CALDAV_PASSWORD or the "
                             "system keyring (service presence-caldav, user U@HOST)")
    parser.add_argument("--calendar", metavar="NAME",
                        help="the calendar's name, when URL is the account rather than the calendar")
    parser.add_argument("--remove", action="store_true",
                        help="remove every event this planner published to that calendar instead "
                             "(for a calendar you stop publishing to); other events stay")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=None,
                        help="how long to wait for each answer of the server (default 20)")


def run(args: argparse.Namespace) -> int:
    from app.sync.secrets import find_password
    from app.sync.service import Account, check_account, sync, unpublish
    from app.sync.webdav import TIMEOUT_S, SyncError, WebDAV

    timeout = TIMEOUT_S if args.timeout is None else args.timeout
    if not 0 < timeout <= 600:
        fail(f"--timeout must be more than 0 and at most 600 seconds, not {args.timeout:g}")
    user = args.user or unquote(urlsplit(args.url).username or "") or None
    account = Account(args.url, user, args.calendar)
    try:
        check_account(account)
        password = find_password(args.url, user) if user else None
    except SyncError as exc:
        fail(str(exc))
    with open_repository(args.db) as repo:
        week = parse_week(repo, args.week)
        client = WebDAV(user, password, timeout=timeout)
        try:
            if args.remove:
                report = unpublish(repo, account, password, client=client)
            else:
                report = sync(repo, account, password, start=week.start, client=client)
        except SyncError as exc:
            fail(f"sync failed: {exc}")
        finally:
            client.close()
    if args.remove:
        print(f"Removed {report.removed} Presence events from calendar {report.calendar!r} ({report.url}).")
    else:
        print(f"{report.summary()} ({report.url}).")
    return 0
