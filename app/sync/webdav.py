"""The few WebDAV and CalDAV requests calendar sync needs, over requests.

Finding the calendar (RFC 4791 section 6, RFC 5397), listing its resources with their
ETags (PROPFIND, depth 1), and PUT / DELETE of single calendar objects. Every failure is
a `SyncError` whose message is one line for the user and never holds the password.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

DAV = "DAV:"
CALDAV = "urn:ietf:params:xml:ns:caldav"
TIMEOUT_S = 20.0

_PROPFIND_SELF = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop>'
    "<d:resourcetype/><d:displayname/><d:current-user-principal/><c:calendar-home-set/>"
    "</d:prop></d:propfind>"
)
_PROPFIND_ETAGS = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>'
)


class SyncError(Exception):
    """A sync that could not be done; str() is one line for the user."""


@dataclass(frozen=True)
class Calendar:
    url: str  # the collection's absolute URL, ending in '/'
    name: str  # its display name, or the last part of its path


def public_url(url: str) -> str:
    """The URL without any user name or password in it, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path or "/", parts.query, ""))


def _tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _collection(url: str) -> str:
    return url if url.endswith("/") else url + "/"


class WebDAV:
    """One session with one server; `user` None sends no login."""

    def __init__(self, user: str | None, password: str | None, *, timeout: float = TIMEOUT_S) -> None:
        import requests

        self._requests = requests
        self.session = requests.Session()
        if user is not None:
            self.session.auth = (user, password or "")
        self.session.headers["User-Agent"] = "Presence calendar sync"
        self.user = user
        self.timeout = timeout

    def close(self) -> None:
        self.session.close()

    def request(self, method: str, url: str, *, body: bytes | str | None = None,
                headers: dict[str, str] | None = None, ok: tuple[int, ...] = (200, 201, 204, 207),
                ) -> Any:
        """One request; anything but an `ok` status is a SyncError naming what went wrong."""
        requests = self._requests
        where = public_url(url)
        if url.startswith("https:") and not _has_tls():
            raise SyncError(f"{where}: this build of Presence cannot speak TLS (no ssl module), "
                            "so https addresses cannot be reached")
        try:
            response = self.session.request(method, url, data=body, headers=headers or {},
                                            timeout=self.timeout, allow_redirects=True)
        except requests.exceptions.Timeout:
            raise SyncError(f"{where}: no answer within {self.timeout:g} s (timeout)") from None
        except requests.exceptions.SSLError:
            raise SyncError(f"{where}: the server's certificate could not be checked (TLS error)") from None
        except requests.exceptions.ConnectionError as exc:
            raise SyncError(f"{where}: cannot reach the server ({_reason(exc)})") from None
        except requests.exceptions.RequestException as exc:
            raise SyncError(f"{where}: the request failed ({type(exc).__name__})") from None
        if response.status_code in ok:
            return response
        status = f"{response.status_code} {response.reason or ''}".strip()
        if response.status_code == 401:
            if self.user is None:
                raise SyncError(f"{where}: the server asks for a login ({status}); give the user name")
            raise SyncError(f"{where}: the server refused the login of {self.user!r} ({status}); "
                            "check the user name and password")
        if response.status_code == 403:
            raise SyncError(f"{where}: the server refused access ({status})")
        if response.status_code in (404, 410):
            raise SyncError(f"{where}: no such calendar or folder on the server ({status})")
        raise SyncError(f"{where}: {method} was refused ({status})")

    def _propfind(self, url: str, body: str, depth: str) -> ET.Element:
        response = self.request("PROPFIND", url, body=body,
                                headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"},
                                ok=(207,))
        try:
            return ET.fromstring(response.content)
        except ET.ParseError:
            raise SyncError(f"{public_url(url)}: the server's answer is not WebDAV (not XML)") from None

    @staticmethod
    def _responses(root: ET.Element, base: str) -> list[tuple[str, ET.Element]]:
        """(absolute href, merged 200 prop element) of each response in a multistatus."""
        out = []
        for resp in root.iter(_tag(DAV, "response")):
            href = resp.findtext(_tag(DAV, "href"))
            if not href:
                continue
            merged = ET.Element("prop")
            for propstat in resp.iter(_tag(DAV, "propstat")):
                status = propstat.findtext(_tag(DAV, "status")) or ""
                if " 200 " in f"{status} ":
                    for prop in propstat.iter(_tag(DAV, "prop")):
                        merged.extend(list(prop))
            out.append((urljoin(base, href.strip()), merged))
        return out

    @staticmethod
    def _is_calendar(prop: ET.Element) -> bool:
        kind = prop.find(_tag(DAV, "resourcetype"))
        return kind is not None and kind.find(_tag(CALDAV, "calendar")) is not None

    @staticmethod
    def _href_in(prop: ET.Element, name: str, ns: str, base: str) -> str | None:
        holder = prop.find(_tag(ns, name))
        href = holder.findtext(_tag(DAV, "href")) if holder is not None else None
        return urljoin(base, href.strip()) if href else None

    def find_calendar(self, url: str, name: str | None) -> Calendar:
        """The calendar at `url`, or the one called `name` among the account's calendars.

        `url` may be the calendar itself, the calendar home, the principal, or the
        server's root (which names the principal).
        """
        url = _collection(url)
        here = self._responses(self._propfind(url, _PROPFIND_SELF, "0"), url)
        if not here:
            raise SyncError(f"{public_url(url)}: the server's answer names no resource")
        prop = here[0][1]
        own_name = _display_name(url, prop)
        if self._is_calendar(prop) and (name is None or _matches(name, url, own_name)):
            return Calendar(url, own_name)
        home = self._href_in(prop, "calendar-home-set", CALDAV, url)
        if home is None:
            principal = self._href_in(prop, "current-user-principal", DAV, url)
            if principal is not None and principal.rstrip("/") != url.rstrip("/"):
                found = self._responses(self._propfind(principal, _PROPFIND_SELF, "0"), principal)
                if found:
                    home = self._href_in(found[0][1], "calendar-home-set", CALDAV, principal)
        home = _collection(home) if home else url
        calendars = self.calendars(home)
        if name is None:
            names = ", ".join(c.name for c in calendars) or "none found"
            raise SyncError(f"{public_url(url)} is not a calendar; give a calendar's own address, "
                            f"or name one with --calendar ({names})")
        for calendar in calendars:
            if _matches(name, calendar.url, calendar.name):
                return calendar
        names = ", ".join(c.name for c in calendars) or "none found"
        raise SyncError(f"{public_url(home)}: no calendar named {name!r} (calendars: {names})")

    def calendars(self, home: str) -> list[Calendar]:
        found = []
        for href, prop in self._responses(self._propfind(home, _PROPFIND_SELF, "1"), home):
            if self._is_calendar(prop):
                href = _collection(href)
                found.append(Calendar(href, _display_name(href, prop)))
        return found

    def list_etags(self, calendar: str) -> dict[str, str | None]:
        """Each calendar object in the collection: absolute URL -> ETag (None if not given)."""
        out: dict[str, str | None] = {}
        for href, prop in self._responses(self._propfind(calendar, _PROPFIND_ETAGS, "1"), calendar):
            if href.rstrip("/") == calendar.rstrip("/"):
                continue
            kind = prop.find(_tag(DAV, "resourcetype"))
            if kind is not None and len(kind):  # a sub-collection, not an event
                continue
            out[href] = prop.findtext(_tag(DAV, "getetag"))
        return out

    def put(self, url: str, body: bytes) -> str | None:
        """Create or replace one calendar object; its new ETag if the server says it."""
        response = self.request("PUT", url, body=body,
                                headers={"Content-Type": "text/calendar; charset=utf-8"},
                                ok=(200, 201, 204))
        etag = response.headers.get("ETag")
        return str(etag) if etag else None

    def delete(self, url: str) -> None:
        """Remove one calendar object; one already gone is fine."""
        self.request("DELETE", url, ok=(200, 204, 404, 410))


def _has_tls() -> bool:
    try:
        import ssl  # noqa: F401  (a bundle built without it cannot reach https)
    except ImportError:
        return False
    return True


def _display_name(url: str, prop: ET.Element) -> str:
    text = (prop.findtext(_tag(DAV, "displayname")) or "").strip()
    return text or unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])


def _matches(name: str, url: str, display: str) -> bool:
    last = unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    wanted = name.casefold()
    return wanted in (display.casefold(), last.casefold())


def _reason(exc: BaseException) -> str:
    """A short reason from a connection error's chain: 'connection refused', 'name not found'."""
    text = str(exc).lower()
    for needle, reason in (("refused", "connection refused"),
                           ("name or service not known", "host name not found"),
                           ("nodename nor servname", "host name not found"),
                           ("temporary failure in name resolution", "host name not found"),
                           ("no route to host", "no route to host"),
                           ("network is unreachable", "network unreachable"),
                           ("timed out", "timeout"),
                           ("reset by peer", "connection reset"),
                           ("remote end closed", "connection closed by the server")):
        if needle in text:
            return reason
    return "connection failed"
