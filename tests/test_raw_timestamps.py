"""@utc_naive on its own: the raw instants become naive UTC TIMESTAMPs without DuckDB's ICU cast.

The raw views call it once per row (macros/raw_files.py); staging then compares naive
timestamps and dates. These cases check that it gives what CAST(instant AS TIMESTAMP)
gives, edge values included, and that Spark gets the plain cast.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlglot import exp

from sqlmesh.core.macros import MacroEvaluator

from macro_helpers import load_macro_file

raw_files = load_macro_file("raw_files")

INSTANTS = [
    None,
    "1969-12-31 23:59:59.999999+00",
    "2026-09-07 00:00:00+00",
    "2026-09-07 23:59:59.999999+00",
    "2026-09-08 01:30:00+02",  # an offset: the same instant as 23:30 UTC on the 7th
    "infinity",
    "-infinity",
]


def render(dialect: str) -> str:
    return raw_files.utc_naive(MacroEvaluator(dialect=dialect), exp.column("event_ts")).sql(dialect=dialect)


@pytest.fixture()
def con():
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def test_duckdb_render_avoids_the_icu_cast_on_the_way():
    sql = render("duckdb")
    assert sql.startswith("COALESCE(MAKE_TIMESTAMP(EPOCH_US(CAST(event_ts AS TIMESTAMPTZ)))"), sql


def test_spark_gets_the_plain_cast_in_its_utc_session():
    assert render("spark") == "CAST(CAST(event_ts AS TIMESTAMP) AS TIMESTAMP_NTZ)"


def test_same_timestamps_and_dates_as_the_cast(con):
    con.execute("CREATE TABLE raw (event_ts TIMESTAMPTZ)")
    con.executemany("INSERT INTO raw VALUES (CAST(? AS TIMESTAMPTZ))", [[v] for v in INSTANTS])
    naive = render("duckdb")
    rows = con.execute(
        f"SELECT CAST(event_ts AS TIMESTAMP), {naive}, CAST(event_ts AS DATE), CAST({naive} AS DATE),"
        f" typeof({naive}) FROM raw"
    ).fetchall()
    assert len(rows) == len(INSTANTS)
    for cast_ts, macro_ts, cast_date, macro_date, kind in rows:
        assert (macro_ts, macro_date, kind) == (cast_ts, cast_date, "TIMESTAMP")
    assert rows[0][1] is None
    assert rows[4][1] == dt.datetime(2026, 9, 7, 23, 30)


def test_parquet_instants_as_the_generator_writes_them(con, tmp_path):
    """pyarrow's timestamp('us', tz='UTC') is a Parquet TIMESTAMP(isAdjustedToUTC=true): DuckDB reads TIMESTAMPTZ."""
    values = [dt.datetime(2026, 9, 7, 23, 59, 59, 999999, tzinfo=dt.timezone.utc), None,
              dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)]
    pq.write_table(pa.table({"event_ts": pa.array(values, type=pa.timestamp("us", tz="UTC"))}), tmp_path / "a.parquet")
    rows = con.execute(
        f"SELECT typeof(event_ts), {render('duckdb')} FROM read_parquet('{tmp_path / 'a.parquet'}')"
    ).fetchall()
    assert {kind for kind, _ in rows} == {"TIMESTAMP WITH TIME ZONE"}
    assert [ts for _, ts in rows] == [None if v is None else v.replace(tzinfo=None) for v in values]
