"""Time how long the bundle takes to start, next to the same command from source.

    .venv/bin/python packaging/measure_start.py [RUNS]

Prints the median wall time of `--version` (the command line's floor) and of a window
start (`PRESENCE_SMOKE=1`: open the window offscreen, show the demo week, quit), for
dist/presence/presence and for `python -m app`. Build the bundle first (packaging/build.sh).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "dist" / "presence" / ("presence.exe" if sys.platform == "win32" else "presence")


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    """Median wall time of `runs` runs of `command`, after one warm-up run."""
    times = []
    for attempt in range(runs + 1):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run([*command, *(["--db", f"{tmp}/t.db"] if command[-1] != "--version" else [])],
                           env=env, check=True, capture_output=True, cwd=tmp)
            if attempt:
                times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    if not BINARY.exists():
        print(f"no bundle at {BINARY}: run packaging/build.sh first", file=sys.stderr)
        return 2
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    smoke = {**env, "PRESENCE_SMOKE": "1"}
    source = [sys.executable, "-m", "app"]
    rows = [
        ("bundle --version", [str(BINARY), "--version"], env),
        ("source --version", [*source, "--version"], env),
        ("bundle window (smoke)", [str(BINARY)], smoke),
        ("source window (smoke)", source, smoke),
    ]
    for label, command, command_env in rows:
        seconds = median_seconds(command, runs, command_env)
        print(f"{label:24} {seconds * 1000:7.0f} ms  (median of {runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
