"""Getting the week in and out: CSV, iCalendar and the printed checklist."""
