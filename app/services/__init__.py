"""Edits that change the data and say what changed; the window and the command line share them."""
