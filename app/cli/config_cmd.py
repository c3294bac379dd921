"""`presence config [KEY [VALUE]]`: list, read or set a setting (SPEC section 12).

Values are checked by the same catalogue the Settings window uses (app/services/config.py),
so both refuse a bad value in the same words. A bad key or value is one line and exit 2,
checked before the database is even opened, so nothing changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli.common import EXIT_OK, db_path, fail, open_repository


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", nargs="?", metavar="KEY",
                        help="a setting such as zone, week_start, rules.promo_ratio or "
                             "platforms.mastodon.text_limit (without KEY: list them all)")
    parser.add_argument("value", nargs="?", metavar="VALUE",
                        help='the new value (shares as "1 in 3", 33%% or 1/3); "" resets it to its default')
    parser.add_argument("--json", action="store_true",
                        help='print JSON: {"settings": [{"key", "value", "text", "default", ...}]}')


def _json_value(value: Any) -> Any:
    return sorted(value) if isinstance(value, frozenset) else value


def run(args: argparse.Namespace) -> int:
    from app.services import config

    try:
        chosen = None if args.key is None else config.setting(args.key)
        value = None if chosen is None or args.value is None else chosen.parse(args.value)
    except config.ConfigError as exc:
        fail(str(exc))

    if chosen is not None and args.value is not None:
        path = db_path(args.db)
        fresh = not path.exists()  # settings may be made before the first week is planned
        problem: config.ConfigError | None = None
        with open_repository(args.db, create=True) as repo:
            values = config.read(repo)
            try:
                config.write(repo, chosen.key, value)
            except config.ConfigError as exc:
                problem = exc
        if problem is not None:
            if fresh:  # refused: leave no new file behind either
                for suffix in ("", "-wal", "-shm"):
                    path.with_name(path.name + suffix).unlink(missing_ok=True)
            # A neighbour that is damaged is named with the file it is in.
            fail(str(problem) if problem.key == chosen.key else f"{path}: settings: {problem}")
        was = chosen.show(values[chosen.key]) if chosen.key in values else "new"
        print(f"{chosen.key}: {chosen.show(value)} (was {was})")
        return EXIT_OK

    with open_repository(args.db, readonly=True) as repo:
        values = config.read(repo)
        every = [*config.SETTINGS.values(), *config.platform_settings(repo)]
    if chosen is not None and chosen.key not in values:
        fail(f"{chosen.key}: no such platform (`presence config` lists them)")
    shown = every if chosen is None else [next((s for s in every if s.key == chosen.key), chosen)]
    if args.json:
        rows = [{"key": s.key, "value": _json_value(values[s.key]), "text": s.show(values[s.key]),
                 "default": _json_value(s.default), "label": s.label, "explanation": s.explanation}
                for s in shown]
        sys.stdout.write(json.dumps({"settings": rows}, indent=2) + "\n")
    elif chosen is not None:
        print(chosen.show(values[chosen.key]))
    else:
        texts = [s.show(values[s.key]) + (" (the system's)" if s.key == "zone" and not values[s.key]
                                          else "") for s in shown]
        key_width = max(len(s.key) for s in shown)
        text_width = max(len(t) for t in texts)
        for s, text in zip(shown, texts, strict=True):
            print(f"{s.key:<{key_width}}  {text:<{text_width}}  {s.explanation}")
    return EXIT_OK
