"""Timing helpers: medians of repeated runs, whole processes with their peak memory.

A figure is only meaningful beside its baseline measured in the same run on the same
machine, so every helper here returns raw numbers and the callers pair them up.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

TIMEOUT_S = 180.0


@dataclass(frozen=True)
class ProcessRun:
    """One finished child process: wall and CPU time, peak resident memory, exit code."""

    seconds: float
    cpu_seconds: float  # user + system: what the run cost, whatever else the machine did
    maxrss_kib: int
    returncode: int
    stderr: str


def run_process(argv: Sequence[str], env: Mapping[str, str] | None = None,
                stdout_path: str | None = None, timeout: float = TIMEOUT_S) -> ProcessRun:
    """Run a child to completion; its own peak RSS comes from wait4, not from our process.

    A child still running after `timeout` seconds (a dialog waiting for a click, say) is
    killed, and its exit code says so.
    """
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), env=dict(env) if env is not None else None,
                                 stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        assert child.stderr is not None
        watchdog = threading.Timer(timeout, child.kill)
        watchdog.start()
        try:
            err = child.stderr.read()  # the children we run write little; no deadlock
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        child.stderr.close()
    finally:
        if stdout_path:
            out.close()  # type: ignore[union-attr]
    return ProcessRun(seconds, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss),
                      child.returncode,
                      err.decode("utf-8", "replace"))


def interleaved(runs: int, **commands: Callable[[], ProcessRun]) -> dict[str, list[ProcessRun]]:
    """Run each command `runs` times, alternating, so drift in machine load hits all alike."""
    results: dict[str, list[ProcessRun]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(command())
    return results


def median_seconds(runs: Sequence[ProcessRun]) -> float:
    return statistics.median(r.seconds for r in runs)


def median_cpu_seconds(runs: Sequence[ProcessRun]) -> float:
    return statistics.median(r.cpu_seconds for r in runs)


def median_maxrss_mib(runs: Sequence[ProcessRun]) -> float:
    return statistics.median(r.maxrss_kib for r in runs) / 1024


def median_call_ms(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median wall time of a call in milliseconds, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
