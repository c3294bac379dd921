"""Every command of the window as one QAction, keyed by an enum; menus are built from it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

Key = QKeySequence.StandardKey
Pix = QStyle.StandardPixmap


class ActionId(Enum):
    NEW_POST = auto()
    NEW_SLOT = auto()
    EDIT = auto()
    DUPLICATE = auto()
    MARK_DONE = auto()
    DELETE = auto()
    UNDO = auto()
    REDO = auto()
    FIND = auto()
    PREVIOUS_WEEK = auto()
    NEXT_WEEK = auto()
    TODAY = auto()
    MONTH_VIEW = auto()
    IMPORT_CSV = auto()
    EXPORT = auto()
    RESTORE = auto()
    SYNC = auto()
    SYNC_SETTINGS = auto()
    PRINT = auto()
    PRINT_PREVIEW = auto()
    GOALS = auto()
    SETTINGS = auto()
    QUIT = auto()
    SHORTCUTS = auto()
    ABOUT_ADVICE = auto()
    ABOUT = auto()
    FILL_WEEK = auto()
    BACKLOG = auto()
    COPY_POST = auto()
    OPEN_COMPOSER = auto()
    POSTED_AS = auto()
    SKIP_POST = auto()
    UNMARK_POST = auto()
    TODAY_PANEL = auto()
    REVIEW = auto()
    KEEP_IN_TRAY = auto()
    AUTOSTART = auto()


@dataclass(frozen=True, slots=True)
class Spec:
    text: str
    tip: str
    keys: tuple[Key | str, ...] = ()
    icon: Pix | None = None


SPECS: dict[ActionId, Spec] = {
    ActionId.NEW_POST: Spec("&New post...", "Plan a post on the selected day", (Key.New,)),
    ActionId.NEW_SLOT: Spec("New engagement &slot...", "Keep time to reply, comment, share or listen",
                            ("Ctrl+Shift+N",)),
    ActionId.EDIT: Spec("&Edit...", "Edit the selected post or slot (Enter)", ("Ctrl+E",)),
    ActionId.DUPLICATE: Spec("D&uplicate", "Copy the selected items at the same time", ("Ctrl+D",)),
    ActionId.MARK_DONE: Spec("&Mark posted / done", "Mark the selected posts posted and slots done",
                             ("Ctrl+M",), Pix.SP_DialogApplyButton),
    ActionId.DELETE: Spec("&Delete", "Delete the selected items", (Key.Delete,), Pix.SP_TrashIcon),
    ActionId.UNDO: Spec("&Undo", "Undo the last edit", (Key.Undo,), Pix.SP_ArrowBack),
    ActionId.REDO: Spec("&Redo", "Redo the edit undone last", (Key.Redo, "Ctrl+Shift+Z"),
                        Pix.SP_ArrowForward),
    ActionId.FIND: Spec("&Find...", "Show only cards whose text, #tag or platform matches",
                        (Key.Find,), Pix.SP_FileDialogContentsView),
    ActionId.PREVIOUS_WEEK: Spec("&Previous week", "Go to the week before",
                                 ("Alt+Left", "Ctrl+PgUp"), Pix.SP_MediaSeekBackward),
    ActionId.NEXT_WEEK: Spec("Ne&xt week", "Go to the week after", ("Alt+Right", "Ctrl+PgDown"),
                             Pix.SP_MediaSeekForward),
    ActionId.TODAY: Spec("&This week", "Go to the week of today", ("Ctrl+T", "Alt+Home")),
    ActionId.MONTH_VIEW: Spec("&Month", "Show the whole month: posts, engagement and findings per day",
                              ("Ctrl+Shift+M",)),
    ActionId.IMPORT_CSV: Spec("&Import CSV...", "Add posts and slots from a Presence CSV file",
                              (Key.Open,), Pix.SP_DialogOpenButton),
    ActionId.EXPORT: Spec("&Export...", "Write the week as CSV or iCalendar", (Key.SaveAs,),
                          Pix.SP_DialogSaveButton),
    ActionId.SYNC: Spec("S&ync to calendar", "Publish posts and slots to your CalDAV calendar"),
    ActionId.SYNC_SETTINGS: Spec("Calendar sync settin&gs...",
                                 "The calendar account to publish to, and sync after every edit"),
    ActionId.RESTORE: Spec("&Restore from backup...",
                           "Go back to one of the daily copies of this planner"),
    ActionId.PRINT: Spec("&Print checklist...", "Print the week as a one-page checklist",
                         (Key.Print,)),
    ActionId.PRINT_PREVIEW: Spec("Print pre&view...", "See the checklist before printing",
                                 ("Ctrl+Shift+P",)),
    ActionId.GOALS: Spec("&Goals of the week...", "Set what the week should count up to (or stay under)"),
    ActionId.SETTINGS: Spec("Se&ttings...", "Thresholds, week start, zone, platforms and accounts",
                            (Key.Preferences, "Ctrl+,")),
    ActionId.QUIT: Spec("&Quit", "Close Presence (everything is already saved)", (Key.Quit, "Ctrl+Q")),
    ActionId.SHORTCUTS: Spec("&Keyboard shortcuts", "Every command and the keys that run it",
                             (Key.HelpContents, "Ctrl+/")),
    ActionId.ABOUT_ADVICE: Spec("About the &advice", "What each finding means and why it is advice"),
    ActionId.ABOUT: Spec("&About Presence", "What Presence is and which version"),
    ActionId.FILL_WEEK: Spec("F&ill the week...", "Place backlog ideas and due evergreen posts in the "
                             "free posting times, without adding a warning", ("Ctrl+Shift+F",)),
    ActionId.BACKLOG: Spec("&Backlog", "Show or hide the ideas waiting for a day", ("Ctrl+Shift+B",)),
    ActionId.COPY_POST: Spec("&Copy text and link", "Copy the selected post's text and link to the clipboard",
                             ("Ctrl+Shift+C",)),
    ActionId.OPEN_COMPOSER: Spec("&Open in composer", "Open the platform's web composer with the text "
                                 "(copied too)", ("Ctrl+Shift+O",)),
    ActionId.POSTED_AS: Spec("Posted at / add&ress...", "When the selected post went out, and its address"),
    ActionId.SKIP_POST: Spec("S&kip...", "Mark the selected post skipped, with a reason"),
    ActionId.UNMARK_POST: Spec("Back to sc&heduled", "Take the posted or skipped mark off the selected post"),
    ActionId.TODAY_PANEL: Spec("T&oday", "Show or hide what is due today", ("Ctrl+Shift+T",)),
    ActionId.REVIEW: Spec("&Review of the week...", "Planned against what happened, and the last 12 weeks",
                          ("Ctrl+R",)),
    ActionId.KEEP_IN_TRAY: Spec("Keep running in the tra&y when closed",
                                "Closing the window leaves Presence in the system tray to tell what is due"),
    ActionId.AUTOSTART: Spec("Start with the sessio&n", "Start Presence when you log in"),
}

MENUS: tuple[tuple[str, tuple[ActionId | None, ...]], ...] = (
    ("&File", (ActionId.NEW_POST, ActionId.NEW_SLOT, None, ActionId.IMPORT_CSV, ActionId.EXPORT,
               ActionId.RESTORE, None, ActionId.SYNC, ActionId.SYNC_SETTINGS, None,
               ActionId.PRINT_PREVIEW, ActionId.PRINT, None,
               ActionId.SETTINGS, ActionId.KEEP_IN_TRAY, ActionId.AUTOSTART, None, ActionId.QUIT)),
    ("&Edit", (ActionId.UNDO, ActionId.REDO, None, ActionId.EDIT, ActionId.DUPLICATE,
               ActionId.MARK_DONE, ActionId.POSTED_AS, ActionId.SKIP_POST, ActionId.UNMARK_POST,
               ActionId.DELETE, None, ActionId.COPY_POST, ActionId.OPEN_COMPOSER, None,
               ActionId.FIND, None, ActionId.GOALS, ActionId.FILL_WEEK)),
    ("&View", (ActionId.MONTH_VIEW, ActionId.BACKLOG, ActionId.TODAY_PANEL, None, ActionId.REVIEW)),
    ("&Go", (ActionId.PREVIOUS_WEEK, ActionId.TODAY, ActionId.NEXT_WEEK)),
    ("&Help", (ActionId.SHORTCUTS, ActionId.ABOUT_ADVICE, None, ActionId.ABOUT)),
)

# Keys the week and the Find box handle themselves (no menu command), for the shortcut list.
VIEW_KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "Edit the card in focus"),
    ("Insert", "Plan a post on the day in focus"),
    ("Left / Right", "Move to the neighbouring day"),
    ("Up / Down", "Move between the cards of a day"),
    ("Escape", "In Find: clear it and go back to the week"),
)


def _sequences(keys: tuple[Key | str, ...]) -> list[QKeySequence]:
    """Standard keys of this platform first, then our extras, without duplicates or blanks."""
    out: list[QKeySequence] = []
    for key in keys:
        found = QKeySequence.keyBindings(key) if isinstance(key, Key) else [QKeySequence(key)]
        for seq in found:
            if not seq.isEmpty() and all(seq != s for s in out):
                out.append(seq)
    return out


class Actions:
    """The registry: `registry[ActionId.DELETE]` is the one QAction for deleting (the window's
    `registry`; not `actions`, which would hide QWidget.actions())."""

    def __init__(self, parent: QWidget, overrides: dict[ActionId, QAction] | None = None) -> None:
        self._actions: dict[ActionId, QAction] = {}
        style = parent.style()
        for action_id, spec in SPECS.items():
            action = (overrides or {}).get(action_id) or QAction(parent)
            action.setText(spec.text)
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
            action.setShortcuts(_sequences(spec.keys))
            if spec.icon is not None:
                action.setIcon(style.standardIcon(spec.icon))
            action.setObjectName(f"action_{action_id.name.lower()}")
            parent.addAction(action)
            self._actions[action_id] = action

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def __iter__(self) -> Iterator[tuple[ActionId, QAction]]:
        return iter(self._actions.items())
