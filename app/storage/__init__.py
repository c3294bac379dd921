"""The SQLite store: schema, migrations, safe opening and the repository. No Qt here."""
