"""Calendar sync: publishing the plan to a CalDAV calendar (no Qt).

`resources` turns posts and slots into one calendar object each, built by the iCalendar
export; `webdav` speaks the few WebDAV/CalDAV requests needed; `service` compares with
what was published last time and sends only the difference; `secrets` finds the password.
"""
