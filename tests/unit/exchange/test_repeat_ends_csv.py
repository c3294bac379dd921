"""A repeat that ends, through CSV: imported with its end, stored with the right last
occurrence, and exported as exactly the occurrences it has."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from app.domain.recurrence import expand
from app.domain.weeks import Week
from app.domain.zones import local
from app.exchange.csv_format import HEADER, to_csv_text
from app.services.importing import import_csv_bytes
from app.storage.repository import Repository

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48", BERLIN)


def rows(*repeats: str) -> bytes:
    lines = [HEADER]
    for hh, repeat in enumerate(repeats, 8):
        lines.append(f"slot,2026-11-23,{hh:02d}:00,Europe/Berlin,mastodon,,reply,,20,{repeat},,,,")
    return ("\n".join(lines) + "\n").encode()


def exported_dates(repo: Repository, week: Week) -> list[str]:
    text = to_csv_text([], expand(repo.slots_between(week.start, week.end), week.start, week.end))
    return [f"{line.split(',')[1]} {line.split(',')[2]}" for line in text.splitlines()[1:]]


def test_repeats_that_end_come_in_and_go_out_with_their_end(repo: Repository) -> None:
    import_csv_bytes(repo, rows("FREQ=DAILY;COUNT=3", "FREQ=DAILY;UNTIL=20261124"))
    ends = sorted(r[0] for r in repo.conn.execute("SELECT last_utc FROM items"))
    assert ends == [int(local(date(2026, 11, 24), time(9), BERLIN).timestamp()),
                    int(local(date(2026, 11, 25), time(8), BERLIN).timestamp())]
    assert exported_dates(repo, WEEK) == ["2026-11-23 08:00", "2026-11-23 09:00", "2026-11-24 08:00",
                                          "2026-11-24 09:00", "2026-11-25 08:00"]
    assert exported_dates(repo, WEEK.shifted(1)) == []
    # A week long after the ends does not even read the two series.
    assert repo.slots_between(WEEK.shifted(10).start, WEEK.shifted(10).end) == []
