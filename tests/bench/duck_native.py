"""DuckDB on its own database file, as a whole process: open the file read-only and compute
the same tables as `kua tables` (the peer of Kua's cold figure, start-up included)."""

from __future__ import annotations

import json
import sys

import duckdb

from tests.bench import compare

if __name__ == "__main__":
    connection = duckdb.connect(sys.argv[1], read_only=True)
    print(json.dumps(compare.duckdb_tables(connection, native=True)))
