"""Errors the store raises, each with a one-line message fit for a user."""

import sqlite3


class StorageError(Exception):
    """A database file cannot be used; the message names the file and why."""


# What a failed read or write raises besides StorageError (a locked, full or damaged file):
# code above storage catches it by this name and never imports sqlite3 itself.
ReadWriteError = sqlite3.Error
