"""Retake the README's picture of the post editor with a thread, light and dark.

Run under a virtual X server so the dialog is a real window (fonts, style, palette):

    xvfb-run -a -s '-screen 0 1920x1200x24' .venv/bin/python docs/thread_screenshots.py docs/

Writes thread-editor.png and thread-editor-dark.png: an X post split into a numbered thread
of three parts, each with its counter, beside an image with its alt text.
"""

from __future__ import annotations

import sys
from datetime import date, time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from shots import start, use_palette

TEXT = (
    "Lisbon on foot: seven walks, one for each hill, and where to rest on the way. "
    "The first starts at the river in Cais do Sodré and climbs to the Bica funicular. "
    "The second crosses Alfama before the tour groups are up; the third follows tram 28 "
    "without ever getting on it. Each one ends at a viewpoint, a bench and a café. "
    "The full guide, with maps and the best time of day for each walk, is on the blog. "
    "Tell me which hill you would climb first, and what you would eat at the top of it: "
    "I am collecting answers for the next edition."
)


def shoot(app: QApplication, folder: Path, dark: bool) -> Path:
    from app.domain.items import Post, PostKind, PostStatus
    from app.domain.platforms import BUILTIN_PLATFORMS
    from app.domain.zones import get_zone, local
    from app.ui.post_editor import PostEditor

    use_palette(app, dark)
    post = Post("x", local(date(2026, 11, 24), time(9), get_zone("Europe/Lisbon")), PostKind.OWN,
                PostStatus.SCHEDULED, TEXT, "https://slowroads.blog/lisbon-on-foot",
                ("lisbon", "walks"), has_image=True,
                alt_text="A yellow tram climbing a narrow street towards the castle")
    editor = PostEditor({p.id: p for p in BUILTIN_PLATFORMS}, [], post)
    editor.numbered.setChecked(True)
    editor.split_into_thread()
    editor.show()
    editor.resize(editor.sizeHint().expandedTo(editor.minimumSizeHint()))
    QTimer.singleShot(500, app.quit)
    app.exec()
    path = folder / ("thread-editor-dark.png" if dark else "thread-editor.png")
    editor.grab().save(str(path))
    editor.close()
    return path


def main(folder: str) -> None:
    app, out = start(folder)
    for dark in (False, True):
        print(shoot(app, out, dark))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
