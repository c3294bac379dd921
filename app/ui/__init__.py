"""The window: week view, findings, editors, dialogs and actions (the only package that uses Qt widgets)."""
