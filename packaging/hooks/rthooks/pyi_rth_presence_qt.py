"""Run-time hook for PySide6 in the Presence bundle: say where Qt's plugins are, import no Qt.

PyInstaller's own PySide6 hook imports PySide6.QtCore on every start, only to register a
qt.conf that PySide6 wheels from PyPI register themselves on first import. That import
costs the command line (`presence --version`, `presence lint`) about 130 ms and loads
ICU for commands that never draw; this hook keeps the rest of what PyInstaller's does.
"""

import os
import sys


def _point_qt_at_the_bundle() -> None:
    bundle = sys._MEIPASS  # type: ignore[attr-defined]  # set by the bootloader
    # PySide6 wheels keep Qt in PySide6/ on Windows and in PySide6/Qt/ elsewhere.
    qt_dir = os.path.join(bundle, "PySide6", *([] if sys.platform == "win32" else ["Qt"]))
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_dir, "plugins")
    if sys.platform == "win32":
        # Qt loads some DLLs by name at run time (plugins' dependencies) from PATH.
        os.environ["PATH"] = bundle + os.pathsep + os.environ.get("PATH", "")


_point_qt_at_the_bundle()
del _point_qt_at_the_bundle
