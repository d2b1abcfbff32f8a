"""The dashboard's only door to the warehouse: one short read-only connection per query.

DuckDB lets one process write a file, and a reader's lock keeps that writer out too. So the
dashboard never keeps a connection: each query attaches the file read-only, reads, and
closes (`sprint.answers.open_warehouse`). While a `sqlmesh run` holds the file, a query
retries for a few seconds and then fails with a message saying so. Results are cached
until the file changes, so a page rerun (every widget change) does not touch the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator

import duckdb
import pandas as pd
import streamlit as st

from sprint.answers import answer, open_warehouse
from sprint.errors import UserError
from sprint.project import raw_root, warehouse_path

RETRY_SECONDS = 3.0
RETRY_PAUSE_SECONDS = 0.2


@contextlib.contextmanager
def connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, retried while another process (a run) holds the file."""
    path = warehouse_path()
    deadline = time.monotonic() + RETRY_SECONDS
    while True:
        with contextlib.ExitStack() as stack:
            try:
                con = stack.enter_context(open_warehouse(path))
            except UserError:
                if not path.is_file() or time.monotonic() >= deadline:
                    raise
                time.sleep(RETRY_PAUSE_SECONDS)
                continue
            yield con
            return


def version() -> tuple:
    """Changes whenever the warehouse does (the file or its write-ahead log): the cache key."""
    path = warehouse_path()
    files = (path, path.with_name(path.name + ".wal"))
    return (str(path),) + tuple((f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.exists())


def read(sql: str, **params) -> pd.DataFrame:
    """Rows of `sql` with `$name` placeholders bound from `params` (lists for IN-style filters)."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _read(version(), sql, frozen)  # the version is part of the cache key


@st.cache_data(show_spinner=False, max_entries=512)
def _read(stamp: tuple, sql: str, params: tuple) -> pd.DataFrame:
    bound = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    with connection() as con:
        return con.execute(sql, bound).df()


def question(name: str, *, date: dt.date | None = None, month: dt.date | None = None,
             player_id: str | None = None) -> dict:
    """One of SPEC §3's answers, exactly as `sprint answer` gives it (sprint.answers)."""
    return _question(version(), name, date, month, player_id)


@st.cache_data(show_spinner=False, max_entries=256)
def _question(stamp: tuple, name: str, date, month, player_id) -> dict:
    with connection() as con:
        return answer(con, name, date=date, month=month, player_id=player_id, raw_root=raw_root())
