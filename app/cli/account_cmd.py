"""`presence account add|list|remove`: the accounts posts go out from, and their use.

A promo post from a `personal` account is flagged (account-mix). Values are checked as the
Settings window's account table checks them: a platform it offers (any case, or a common
alias such as twitter or li), a handle of one word, a use of business or personal. Bad
input is one line and exit 2, and nothing changes.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.common import EXIT_OK, fail, open_repository, plural

USES = ("business", "personal")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add", help="add an account, or change the use of one already there",
        description="Add an account (PLATFORM HANDLE), or set the use of one already there. "
                    "A new account is business unless --use personal says otherwise.")
    add.add_argument("platform", metavar="PLATFORM", help="a platform id or name: x, linkedin, Bluesky…")
    add.add_argument("handle", metavar="HANDLE", help="the handle, one word (ana-lopes)")
    add.add_argument("--use", metavar="business|personal",
                     help="what the account speaks for (default for a new account: business)")
    lst = sub.add_parser("list", help="list the accounts with their use",
                         description="List the accounts with their use and planned posts.")
    lst.add_argument("--json", action="store_true",
                     help='print {"accounts": [{"id", "platform", "handle", "use", "posts"}]}')
    rm = sub.add_parser(
        "remove", help="remove an account by PLATFORM HANDLE (or by the id `account list` shows)",
        description="Remove an account, named by PLATFORM HANDLE or by the id `account list` "
                    "shows. Posts planned from it stay, without an account.")
    rm.add_argument("what", nargs="+", metavar="PLATFORM HANDLE | ID")
    for command in (add, lst, rm):
        command.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                             help="the database file (default: PRESENCE_DB, else the user's data folder)")


def _platform(repo, text: str) -> str:  # type: ignore[no-untyped-def]
    """The platform id, offered as the Settings window offers it (hidden ones are not)."""
    from app.exchange.lenient import resolve_platform

    platforms = repo.platforms()
    pid = resolve_platform(text, platforms)
    shown = [p for p, platform in platforms.items() if not platform.hidden]
    if pid is None:
        fail(f"unknown platform {text!r} (known: {', '.join(shown)})")
    if platforms[pid].hidden:
        fail(f"platform {pid!r} is hidden; show it first with `presence config platforms.{pid}.shown yes`")
    return pid


def _posts_from(repo, account_id: int) -> int:  # type: ignore[no-untyped-def]
    row = repo.conn.execute("SELECT count(*) FROM items WHERE account_id = ?", (account_id,)).fetchone()
    return int(row[0])


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list(args)
    if args.action == "add":
        return _add(args)
    return _remove(args)


def _add(args: argparse.Namespace) -> int:
    from app.domain.items import Account, AccountUse, check_handle

    use = None
    if args.use is not None:
        if args.use.strip().casefold() not in USES:
            fail(f"--use: {args.use!r} is neither business nor personal")
        use = AccountUse(args.use.strip().casefold())
    try:
        handle = check_handle(args.handle)
    except ValueError as exc:
        fail(f"HANDLE: {exc}")
    with open_repository(args.db) as repo:
        platform = _platform(repo, args.platform)
        before = next((a for a in repo.accounts() if (a.platform, a.handle) == (platform, handle)), None)
        if before is not None:
            if use is None or use is before.use:
                print(f"{platform} {handle} is already there, {before.use.value}; nothing changed.")
                return EXIT_OK
            repo.save_account(Account(platform, handle, use, before.id))
            print(f"{platform} {handle} is now {use.value} (was {before.use.value}).")
            return EXIT_OK
        saved = repo.save_account(Account(platform, handle, use or AccountUse.BUSINESS))
    print(f"Added {saved.platform} {saved.handle}, {saved.use.value} (id {saved.id}).")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    with open_repository(args.db, readonly=True) as repo:
        names = {pid: p.name for pid, p in repo.platforms().items()}
        rows = [{"id": a.id, "platform": a.platform, "handle": a.handle, "use": a.use.value,
                 "posts": _posts_from(repo, a.id or 0)} for a in repo.accounts()]
    if args.json:
        sys.stdout.write(json.dumps({"accounts": rows}, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not rows:
        print("No accounts yet: `presence account add PLATFORM HANDLE --use business|personal`.")
        return EXIT_OK
    width = max(len(str(r["handle"])) for r in rows)
    for r in rows:
        name = names.get(str(r["platform"]), str(r["platform"]))
        print(f"{r['id']:>4}  {name:<10} {r['handle']!s:<{width}}  {r['use']!s:<8}  "
              f"{plural(int(r['posts'] or 0), 'post')} planned")
    return EXIT_OK


def _remove(args: argparse.Namespace) -> int:
    what = args.what
    if len(what) > 2:
        fail("account remove takes PLATFORM HANDLE, or one ID")
    with open_repository(args.db) as repo:
        accounts = repo.accounts()
        if len(what) == 1:
            if not (what[0].isascii() and what[0].isdigit()):
                fail(f"{what[0]!r} is not an account id; give PLATFORM HANDLE, or the id "
                     "`presence account list` shows")
            found = next((a for a in accounts if a.id == int(what[0])), None)
            if found is None:
                fail(f"no account has the id {what[0]} (see `presence account list`)")
        else:
            from app.exchange.lenient import resolve_platform

            platform = resolve_platform(what[0], repo.platforms()) or what[0]
            found = next((a for a in accounts if (a.platform, a.handle) == (platform, what[1].strip())),
                         None)
            if found is None:
                fail(f"there is no account {what[1]!r} on {platform} (see `presence account list`)")
        posts = _posts_from(repo, found.id or 0)
        repo.delete_account(found.id or 0)
    note = f"; {plural(posts, 'post')} planned from it now {'has' if posts == 1 else 'have'} no account" \
        if posts else ""
    print(f"Removed {found.platform} {found.handle}{note}.")
    return EXIT_OK
