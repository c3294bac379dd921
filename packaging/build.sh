#!/usr/bin/env bash
# Build the one-folder desktop bundle: dist/presence/ (run dist/presence/presence).
# Uses the virtualenv's PyInstaller (the `package` or `test` extra); ./dev bundle installs it.
#   packaging/build.sh [--clean]     --clean forgets PyInstaller's cache in build/ first
# Expected warnings: PyInstaller's own PySide6 run-time hook is skipped (ours replaces it),
# libgtk-3 is not found for the GTK theme plugin (left out of the bundle anyway), and
# user32 (a Windows library some module names) is not found.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PRESENCE_PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "build.sh: PyInstaller is missing; run ./dev bundle, or pip install -e '.[package]'" >&2
  exit 2
fi
# One build at a time in a work tree: two PyInstaller runs sharing build/ and dist/ mix
# their files (a test run builds here too).
mkdir -p build
exec 9>build/pyinstaller.lock
if command -v flock >/dev/null; then flock 9; fi
extra=()
[ "${1:-}" = "--clean" ] && extra+=(--clean)
"$PY" -m PyInstaller --noconfirm --log-level WARN ${extra[@]+"${extra[@]}"} \
  --distpath dist --workpath build/pyinstaller packaging/presence.spec
echo "built dist/presence ($(du -sh dist/presence | cut -f1)): dist/presence/presence --version"
