"""The baselines: the least a program could do for the same result, run with `python -c`.

Each is a whole process on the same interpreter, so interpreter start-up is in both
figures and a ratio shows only what Presence adds.
"""

from __future__ import annotations

# A PySide6 main window that shows, paints once, prints when (time.monotonic()) and quits.
MINIMAL_WINDOW = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
window.repaint()
print(time.monotonic(), flush=True)
QTimer.singleShot(0, app.quit)
app.exec()
"""

# One query on the same file: the posts and slots starting in a week.
ONE_QUERY = """
import sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = conn.execute("SELECT * FROM items WHERE start_utc >= ? AND start_utc < ?",
                    (int(sys.argv[2]), int(sys.argv[3]))).fetchall()
"""

# The same rows as `presence export` writes them (local date and time in the item's zone,
# the account's handle), straight from SQLite to csv.writer. Repeating slots are written
# once, as stored: the baseline does not expand them.
CSV_DUMP = """
import csv, sqlite3, sys
from datetime import datetime
from zoneinfo import ZoneInfo
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
rows = conn.execute(
    "SELECT i.type, i.start_utc, i.tz, i.platform, a.handle, i.kind, i.status, i.duration_min,"
    " i.rrule, i.text, i.link, i.tags, i.notes FROM items i LEFT JOIN accounts a"
    " ON a.id = i.account_id WHERE i.start_utc >= ? AND i.start_utc < ? ORDER BY i.start_utc",
    (int(sys.argv[2]), int(sys.argv[3])))
zones = {}
with open(sys.argv[4], "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out, lineterminator="\\r\\n")
    writer.writerow(("type", "date", "time", "timezone", "platform", "account", "kind", "status",
                     "duration_min", "repeat", "text", "link", "tags", "notes"))
    for type_, start, tz, platform, handle, kind, status, duration, rrule, text, link, tags, \\
            notes in rows:
        zone = zones.get(tz) or zones.setdefault(tz, ZoneInfo(tz))
        local = datetime.fromtimestamp(start, zone)
        writer.writerow((type_, local.strftime("%Y-%m-%d"), local.strftime("%H:%M"), tz,
                         platform, handle or "", kind, status or "", duration or "",
                         rrule or "", text, link, tags, notes))
"""
