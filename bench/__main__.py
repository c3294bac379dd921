"""`./dev bench` (or `.venv/bin/python -m bench`): every budget, each beside its baseline.

Builds (or reuses) the 1,000 / 50,000 / 500,000-item databases, then measures cold start
to the first painted week, peak memory, week switches (first visit and revisit of a
realistic week, the stress week apart; painted and findings shown), re-lint after an
edit, `presence lint` / `export` of one week and a year's CSV export, each against the
least a program could do for the same result in the same run. Prints one line per figure
as it goes and a table at the end (`--markdown` for the README, `--json` for every figure
with its baseline and budget). Exit 1 when a budget is missed, so CI could gate on it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.weeks import Week
from app.domain.zones import get_zone, to_epoch
from bench import baselines, make_db
from bench.timing import (
    ProcessRun,
    interleaved,
    median_cpu_seconds,
    median_maxrss_mib,
    median_seconds,
    run_process,
)

ROOT = Path(__file__).resolve().parent.parent
SWITCH_MS = 16.0  # one frame
FINDINGS_MS = 100.0
STRESS_MS = 50.0
PAUSE_MS = 300  # bench_switch.PAUSE_S, without importing Qt here
PY = sys.executable
YEAR_START = "2026-W01"


@dataclass(frozen=True)
class Figure:
    """One measured figure, its baseline from the same run, and its budget."""

    what: str
    size: int
    value: float
    unit: str
    baseline: float | None  # None: the budget is absolute
    budget: float  # a ratio to the baseline, or an absolute limit in `unit`
    note: str = ""
    floor: float | None = None  # the same step with the least Qt can do (absolute budgets)

    def to_json(self) -> dict[str, object]:
        return {"what": self.what, "items": self.size, "value": round(self.value, 2),
                "unit": self.unit, "baseline": None if self.baseline is None else round(self.baseline, 2),
                "floor": None if self.floor is None else round(self.floor, 2),
                "ratio": None if self.ratio is None else round(self.ratio, 3),
                "budget": self.budget, "budget_kind": "ratio" if self.baseline is not None else "limit",
                "met": self.met, "note": self.note}

    @property
    def ratio(self) -> float | None:
        return None if self.baseline is None else self.value / self.baseline

    @property
    def met(self) -> bool:
        measured = self.ratio if self.baseline is not None else self.value
        return measured is not None and measured <= self.budget

    def budget_text(self) -> str:
        return f"{self.budget:g}x" if self.baseline is not None else f"{self.budget:g} {self.unit}"

    def verdict(self) -> str:
        if self.met:
            return "met"
        measured = self.ratio if self.baseline is not None else self.value
        assert measured is not None
        over = measured / self.budget
        if over >= 2:
            return f"missed by {over:.1f}x"
        return f"missed by {over - 1:.0%}" if over >= 1.005 else "missed by <1%"

    def line(self) -> str:
        base = "" if self.baseline is None else f"  baseline {self.baseline:8.1f} {self.unit}"
        if self.floor is not None:
            base = f"  floor {self.floor:8.1f} {self.unit}"
        ratio = "" if self.ratio is None else f"  = {self.ratio:4.2f}x"
        return (f"{self.what:<38} {self.size:>7,}  {self.value:8.1f} {self.unit}{base}{ratio}"
                f"  budget {self.budget_text():<6} {self.verdict()}"
                + (f"  ({self.note})" if self.note else ""))


class Bench:
    """The suite: one working folder, isolated home, figures collected as they come."""

    def __init__(self, runs: int) -> None:
        self.runs = runs
        self.work = Path(tempfile.mkdtemp(prefix="presence-bench-run-"))
        home = self.work / "home"
        home.mkdir()
        self.env = {
            **os.environ,
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "QT_QPA_PLATFORM": "offscreen",
            # Bytecode as an installed program has it, kept out of the source tree.
            "PYTHONPYCACHEPREFIX": str(make_db.cache_dir() / "pycache"),
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env.pop("PRESENCE_DB", None)
        self.env.pop("PRESENCE_SMOKE", None)
        self.figures: list[Figure] = []
        self.skipped: list[str] = []
        self.presence = [PY, "-m", "app"]

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(figure.line(), flush=True)

    def skip(self, what: str) -> None:
        self.skipped.append(what)
        print(f"{what}: skipped", flush=True)

    def run(self, argv: list[str], env: dict[str, str] | None = None,
            stdout: str | None = None, ok: tuple[int, ...] = (0,)) -> ProcessRun:
        result = run_process(argv, env or self.env, stdout)
        if result.returncode not in ok:
            raise RuntimeError(f"{' '.join(argv)} exited {result.returncode}:\n{result.stderr}")
        return result

    def has_command(self, name: str) -> bool:
        probe = run_process([*self.presence, name, "--help"], self.env)
        return probe.returncode == 0

    # -- the measurements --------------------------------------------------------------

    def start_and_memory(self, size: int, db: Path) -> None:
        if not (ROOT / "app" / "ui" / "launch.py").exists():
            self.skip(f"cold start / memory at {size:,}: app/ui/launch.py not there yet")
            return
        copy = self.work / f"window-{size}.db"
        shutil.copyfile(db, copy)
        window = [PY, "-m", "bench.start_probe", "--db", str(copy)]
        minimal = [PY, "-c", baselines.MINIMAL_WINDOW]
        self.run(window)  # first run: bytecode, fonts, the file read once
        self.run(minimal)
        painted: dict[str, list[float]] = {"window": [], "minimal": []}

        def timed(name: str, argv: list[str]) -> ProcessRun:
            # The child prints time.monotonic() (one clock for every process) once painted.
            out = self.work / "painted.txt"
            started = time.monotonic()
            result = self.run(argv, stdout=str(out))
            painted[name].append(float(out.read_text().split()[-1]) - started)
            return result

        results = interleaved(self.runs, window=lambda: timed("window", window),
                              minimal=lambda: timed("minimal", minimal))
        self.add(Figure("cold start to first painted week", size,
                        statistics.median(painted["window"]) * 1000, "ms",
                        statistics.median(painted["minimal"]) * 1000, 1.5,
                        "offscreen, from the process's start to the paint, not to its exit;"
                        f" whole processes {median_seconds(results['window']) * 1000:.0f} /"
                        f" {median_seconds(results['minimal']) * 1000:.0f} ms; "
                        + cpu_note(results["window"], results["minimal"])))
        self.add(Figure("peak memory of the window", size, median_maxrss_mib(results["window"]),
                        "MiB", median_maxrss_mib(results["minimal"]), 1.5, "max RSS"))

    def switch(self, size: int, db: Path, relint: bool) -> None:
        argv = [PY, "-m", "bench.bench_switch", str(db)]
        if relint:
            argv.append("--relint")
        out = self.work / "switch.json"
        self.run(argv, stdout=str(out))
        result = json.loads(out.read_text())
        visits, floor = result["switch"], result.get("floor", {}).get("painted_cpu")

        def add(what: str, key: str, field: str, budget: float, note: str) -> None:
            got = visits.get(key)
            if not got:
                return
            # CPU time of the window's process: on an idle machine the same as the wall
            # time, and steady when others' work shares the cores (wall time then counts
            # their work too); the wall time is in the note.
            self.add(Figure(what, size, got[field + "_cpu"], "ms", None, budget,
                            f"{got['items']:.0f} items in the week, median of {got['runs']:.0f};"
                            f" wall {got[field]:.1f} ms" + (f"; {note}" if note else ""),
                            floor if field == "painted" and budget == SWITCH_MS else None))

        add("switch to a week, first visit (jump): painted", "jump", "painted", SWITCH_MS,
            "nothing read ahead")
        add("switch to a week, first visit (Next): painted", "next", "painted", SWITCH_MS,
            f"after a {PAUSE_MS} ms pause on the week before")
        add("switch to a week, revisit: painted", "revisit", "painted", SWITCH_MS, "")
        add("switch, first visit (jump): findings shown", "jump", "findings", FINDINGS_MS,
            "from the switch, timer-deferred work included")
        add("switch, first visit (Next): findings shown", "next", "findings", FINDINGS_MS, "")
        add("stress week, first visit: painted", "stress_first", "painted", STRESS_MS,
            "nothing read ahead")
        add("stress week, revisit: painted", "stress_revisit", "painted", STRESS_MS, "")
        add("stress week, first visit: findings shown", "stress_first", "findings", FINDINGS_MS, "")
        relinted = result.get("relint")
        if relint and relinted:
            note = f"{relinted['week_items']}-item week"
            if relinted["source"] != "bench":
                note += f", measured by {relinted['source']} on its own database"
            self.add(Figure("re-lint after one edit", relinted["db_items"] or size,
                            relinted["relint"], "ms", None, 5, note))
        elif relint:
            self.skip("re-lint after one edit: the rules engine is not there yet")

    def one_week(self, size: int, db: Path) -> None:
        week = Week.parse(make_db.BENCH_WEEK, get_zone(make_db.ZONE_NAME))
        lo, hi = to_epoch(week.start), to_epoch(week.end)
        query = [PY, "-c", baselines.ONE_QUERY, str(db), str(lo), str(hi)]
        commands: dict[str, Callable[[], ProcessRun]] = {
            "query": lambda: self.run(query)}
        if self.has_command("lint"):
            lint = [*self.presence, "lint", "--db", str(db), "--week", make_db.BENCH_WEEK]
            commands["lint"] = lambda: self.run(lint, ok=(0, 1))
        else:
            self.skip(f"presence lint at {size:,}: no lint command yet")
        export = [*self.presence, "export", "--db", str(db), "--week", make_db.BENCH_WEEK,
                  "--format", "csv"]
        commands["export"] = lambda: self.run(export)
        for command in commands.values():
            command()  # warm the file cache
        results = interleaved(self.runs, **commands)
        base = median_seconds(results["query"]) * 1000
        for name in ("lint", "export"):
            if name in results:
                self.add(Figure(f"`presence {name}` of one week", size,
                                median_seconds(results[name]) * 1000, "ms", base, 5,
                                "vs python -c sqlite3, one query; "
                                + cpu_note(results[name], results["query"])))

    def year_export(self, size: int, db: Path) -> None:
        week = Week.parse(YEAR_START, get_zone(make_db.ZONE_NAME))
        lo, hi = to_epoch(week.start), to_epoch(week.shifted(52).start)
        ours = self.work / "year.csv"
        theirs = self.work / "year-baseline.csv"
        export = [*self.presence, "export", "--db", str(db), "--week", YEAR_START, "--weeks", "52",
                  "--format", "csv", "-o", str(ours)]
        dump = [PY, "-c", baselines.CSV_DUMP, str(db), str(lo), str(hi), str(theirs)]
        self.run(export)
        self.run(dump)
        runs = max(3, self.runs // 2) if size >= 500_000 else self.runs
        results = interleaved(runs, export=lambda: self.run(export), dump=lambda: self.run(dump))
        rows = sum(1 for _ in ours.open(encoding="utf-8")) - 1
        self.add(Figure("export a year to CSV (--weeks 52)", size,
                        median_seconds(results["export"]) * 1000, "ms",
                        median_seconds(results["dump"]) * 1000, 1.5,
                        f"{rows:,} rows vs sqlite3 + csv.writer; "
                        + cpu_note(results["export"], results["dump"])))


def cpu_note(ours: list[ProcessRun], base: list[ProcessRun]) -> str:
    """The CPU-time ratio: steadier than wall time when other work shares the machine."""
    return f"cpu {median_cpu_seconds(ours) / median_cpu_seconds(base):.2f}x"


def machine() -> dict[str, str]:
    """What the figures were taken on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    qt = subprocess.run(
        [PY, "-c", "import PySide6; from PySide6 import QtCore;"
         " print(PySide6.__version__, QtCore.qVersion())"],
        capture_output=True, text=True, check=False).stdout.split()
    sqlite = subprocess.run([PY, "-c", "import sqlite3; print(sqlite3.sqlite_version)"],
                            capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "pyside6": qt[0] if qt else "?",
        "qt": qt[1] if len(qt) > 1 else "?",
        "sqlite": sqlite,
        "os": f"{platform.system()} {platform.release()}",
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def markdown(figures: list[Figure], info: dict[str, str]) -> str:
    lines = [
        f"Taken on {info['cores']} cores, {info['cpu']}, {info['os']}; Python {info['python']},"
        f" PySide6 {info['pyside6']} (Qt {info['qt']}), SQLite {info['sqlite']};"
        f" load average {info['load']} when the run began.",
        "",
        "| measure | items | Presence | baseline (floor) | ratio | budget | |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for f in figures:
        base = "" if f.baseline is None else f"{f.baseline:.1f} {f.unit}"
        if f.floor is not None:
            base = f"({f.floor:.1f} {f.unit})"
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}x"
        note = f" ({f.note})" if f.note else ""
        lines.append(f"| {f.what} | {f.size:,} | {f.value:.1f} {f.unit} | {base} | {ratio} |"
                     f" {f.budget_text()} | {f.verdict()}{note} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="./dev bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in make_db.SIZES),
                        help="comma-separated database sizes (default: 1000,50000,500000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; the median counts")
    parser.add_argument("--markdown", action="store_true", help="end with a table for the README")
    parser.add_argument("--json", action="store_true",
                        help="end with every figure, its baseline and budget as JSON on stdout"
                             " (the progress lines go to stderr)")
    args = parser.parse_args(argv)
    if args.json:
        sys.stdout = sys.stderr  # progress; the JSON document is the only thing on stdout

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    began = time.perf_counter()
    info = machine()
    print(f"presence bench: {info['cores']} cores, {info['cpu']}, Python {info['python']},"
          f" Qt {info['qt']}; load average {info['load']}", flush=True)
    dbs = {size: make_db.database(size) for size in sizes}
    bench = Bench(args.runs)
    failed: list[str] = []
    try:
        for size in sizes:
            db = dbs[size]
            steps: list[tuple[str, Callable[..., None], dict[str, bool]]] = [
                ("cold start", bench.start_and_memory, {}),
                ("week switch", bench.switch, {"relint": size == max(sizes)}),
                ("one week", bench.one_week, {}),
                ("year export", bench.year_export, {}),
            ]
            for name, step, options in steps:
                try:
                    step(size, db, **options)
                except (RuntimeError, OSError, ValueError, KeyError) as exc:
                    # One broken measurement must not hide the others' figures.
                    failed.append(f"{name} at {size:,}")
                    print(f"{name} at {size:,}: FAILED: {exc}", file=sys.stderr, flush=True)
    finally:
        bench.close()
    print(f"\n{len(bench.figures)} figures in {time.perf_counter() - began:.0f} s;"
          f" {sum(not f.met for f in bench.figures)} over budget"
          + (f"; failed: {', '.join(failed)}" if failed else ""), flush=True)
    if args.markdown:
        print()
        print(markdown(bench.figures, info))
    if args.json:
        sys.stdout = sys.__stdout__
        json.dump({"machine": info, "figures": [f.to_json() for f in bench.figures],
                   "failed": failed, "skipped": bench.skipped}, sys.stdout, indent=1)
        print()
    return 0 if all(f.met for f in bench.figures) and not failed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
