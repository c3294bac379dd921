"""A real CalDAV server for the sync tests: Radicale on a free local port.

Each test gets its own Radicale process with a temporary storage folder and plain
htpasswd logins, and an empty calendar `plan` of user anna. Reading back goes through
CalDAV itself (a calendar-query REPORT), not through Presence's own client.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from icalendar import Calendar

USER, PASSWORD = "anna", "s3cret-pass-phrase"
START_S = 30.0  # how long Radicale may take to listen before the test gives up

_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:getetag/><c:calendar-data/></d:prop>
  <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/></c:comp-filter></c:filter>
</c:calendar-query>"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Event:
    href: str
    etag: str
    text: str
    calendar: Any  # icalendar.Calendar

    @property
    def vevent(self) -> Any:
        return next(c for c in self.calendar.walk("VEVENT"))


@dataclass
class Radicale:
    folder: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen[bytes] | None = None

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def calendar_url(self) -> str:
        return f"{self.root}{USER}/plan/"

    def start(self) -> None:
        storage = self.folder / "storage"
        users = self.folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\nbob:bobs-pass\n")
        config = self.folder / "config"
        config.write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\nhtpasswd_encryption = plain\n"
            f"[storage]\nfilesystem_folder = {storage}\n"
            "[logging]\nlevel = warning\n"
        )
        with (self.folder / "radicale.log").open("ab") as log:  # the child keeps its own copy
            self.proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                                         stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_S
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("Radicale did not start: "
                                       + (self.folder / "radicale.log").read_text()) from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Radicale did not listen within {START_S:g} s") from None
                time.sleep(0.05)  # polling for the listening socket, not waiting for a result

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def request(self, method: str, url: str, body: str | bytes | None = None, **headers: str) -> Any:
        response = requests.request(method, url, data=body, auth=(USER, PASSWORD), timeout=15,
                                    headers={k.replace("_", "-"): v for k, v in headers.items()})
        return response

    def make_calendar(self, name: str, display: str | None = None) -> str:
        url = f"{self.root}{USER}/{name}/"
        body = None
        if display:
            body = ('<?xml version="1.0" encoding="utf-8"?><c:mkcalendar xmlns:d="DAV:" '
                    'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>'
                    f"<d:displayname>{display}</d:displayname></d:prop></d:set></c:mkcalendar>")
        response = self.request("MKCALENDAR", url, body)
        assert response.status_code == 201, response.text
        return url

    def events(self, calendar_url: str | None = None) -> dict[str, Event]:
        """Every event in the calendar by UID, read with a CalDAV calendar-query."""
        import xml.etree.ElementTree as ET

        url = calendar_url or self.calendar_url
        response = self.request("REPORT", url, _QUERY, Depth="1",
                                Content_Type="application/xml; charset=utf-8")
        assert response.status_code == 207, response.text
        out: dict[str, Event] = {}
        for resp in ET.fromstring(response.content).iter("{DAV:}response"):
            href = resp.findtext("{DAV:}href") or ""
            etag = resp.findtext(".//{DAV:}getetag") or ""
            data = resp.findtext(".//{urn:ietf:params:xml:ns:caldav}calendar-data") or ""
            calendar = Calendar.from_ical(data)
            uid = str(next(iter(calendar.walk("VEVENT")))["UID"])
            assert uid not in out, f"two events with UID {uid}"
            out[uid] = Event(href, etag, data, calendar)
        return out


def presence(*args: str, password: str | None = PASSWORD, timeout: float = 90,
             **env_extra: str) -> subprocess.CompletedProcess[str]:
    """The command line as a real process; the password only in the environment."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "PRESENCE_CALDAV_PASSWORD")}
    env["TZ"] = "Europe/Lisbon"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the user's own keyring
    if password is not None:
        env["PRESENCE_CALDAV_PASSWORD"] = password
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
