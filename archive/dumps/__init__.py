"""Researchers' downloads: a dated, checksummed set of files made from one consistent snapshot.

Everything is derived from a private snapshot of the archive, never from the live file, so
the SQL dumps, the CSV, the JSON Lines, the row counts and the SQLite file all describe the
same instant even while a crawl keeps writing. Every writer streams rows from a cursor into
gzip, so memory stays bounded whatever the archive's size.

    schema.py    the tables and views to dump, and SQLite's type affinity
    fields.py    what columns mean beyond their storage type (dates, flags, arrays, enums)
    sqlite.py    the snapshot, and the SQL dump for the sqlite3 shell
    postgres.py  the SQL dump for PostgreSQL (COPY)
    tabular.py   CSV and JSON Lines of every table and view
    gz.py        reproducible parallel gzip, checksums
    codebook.py  the README.md inside every download
    publish.py   one folder per date, published atomically; latest, pruning
"""

from archive.dumps.gz import gzip_text
from archive.dumps.publish import DumpBusy, DumpFile, Manifest, create_dump, published_sets
from archive.dumps.schema import Column, Table, read_tables, read_views
from archive.dumps.sqlite import write_sqlite_sql

__all__ = ["Column", "DumpBusy", "DumpFile", "Manifest", "Table", "create_dump", "gzip_text",
           "published_sets", "read_tables", "read_views", "write_sqlite_sql"]
