"""Where the calendar password comes from: an environment variable, else the keyring.

The password is never written to the database, to a log or to the screen.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from app.sync.webdav import SyncError

PASSWORD_ENV = "PRESENCE_CALDAV_PASSWORD"
KEYRING_SERVICE = "presence-caldav"


def keyring_user(url: str, user: str) -> str:
    """The keyring entry's user name: the login at the server's host, like anna@cloud.example.org."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{user}@{host}"


def find_password(url: str, user: str) -> str:
    """The password for `user` at `url`; SyncError (one line) when there is none."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    entry = keyring_user(url, user)
    try:
        import keyring

        password = keyring.get_password(KEYRING_SERVICE, entry)
    except Exception as exc:  # no keyring on this system, or it is locked
        raise SyncError(f"no password for {entry}: the system keyring cannot be used "
                        f"({type(exc).__name__}); set {PASSWORD_ENV}") from None
    if not password:
        raise SyncError(f"no password for {entry}: store it in the keyring (`keyring set "
                        f"{KEYRING_SERVICE} {entry}`, or File > Calendar sync settings in the "
                        f"window) or set {PASSWORD_ENV}")
    return str(password)


def store_password(url: str, user: str, password: str) -> None:
    """Keep the password in the system keyring; SyncError if there is no usable keyring."""
    entry = keyring_user(url, user)
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, entry, password)
    except Exception as exc:
        raise SyncError(f"the system keyring cannot keep the password for {entry} "
                        f"({type(exc).__name__}); set {PASSWORD_ENV} instead") from None
