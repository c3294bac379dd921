"""Errors the store raises, each with a one-line message fit for a user."""


class StorageError(Exception):
    """A database file cannot be used; the message names the file and why."""
