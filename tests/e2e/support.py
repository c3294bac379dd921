"""What the command-line tests share: the program run as a user's script runs it."""

from __future__ import annotations

import os
import subprocess
import sys


def presence(*args: str) -> subprocess.CompletedProcess[str]:
    """`presence ARGS...` in a real process, in Berlin time, its output captured."""
    env = {**os.environ, "TZ": "Europe/Berlin"}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
