"""Q7 (SPEC §3.7): rows and bytes per day of every raw dataset and warehouse table, measured,
and projected to 20 M registered players over two years under stated scenarios.

Measured: raw Parquet files (row counts from their footers, bytes on disk; a file whose
footer cannot be read is left out and named in `unreadable_files`) and the DuckDB
tables behind the production views (rows counted, bytes apportioned from the storage
blocks their segments occupy). Projected: each table's measured rows per day scale with the
one activity driver its rows follow, read from its columns (active players, sessions,
session minutes, registrations or the calendar), from the measured driver to the
scenario's; bytes per row stay as measured. docs/SIZING.md explains the method and the scenarios.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from sprint import landing
from sprint.answers.warehouse import CATALOG
from generator.contract import DATASET_NAMES, SUCCESS_MARKER
from sprint.errors import UserError

REGISTERED_PLAYERS = 20_000_000
HORIZON_DAYS = 730  # two years
# Production schemas SQLMesh exposes as views; the tables behind them live in sqlmesh__<schema>.
WAREHOUSE_SCHEMAS = ("staging", "core", "marts")


@dataclass(frozen=True)
class Scenario:
    name: str
    daily_active_share: float  # registered players who play on a given day
    sessions_per_active_day: float  # sessions a player who plays that day plays
    minutes_per_session: float  # minutes a player spends in one session


SCENARIOS = (
    Scenario("low", daily_active_share=0.05, sessions_per_active_day=1.5, minutes_per_session=12),
    Scenario("mid", daily_active_share=0.10, sessions_per_active_day=2.5, minutes_per_session=20),
    Scenario("high", daily_active_share=0.20, sessions_per_active_day=4.0, minutes_per_session=30),
)

CALENDAR = "calendar"  # days, weeks, countries, products: does not grow with players
# Drivers that grow with registered players; the others accrue at a constant rate.
GROWS_WITH_PLAYERS = {"active_players", "sessions", "session_minutes"}


# Columns only the facts derived from heartbeats carry: the tick, or a pair of players or teams.
HEARTBEAT_FACT_COLUMNS = {"tick", "first_tick", "player_a", "team_a"}


def driver_of(columns: set[str], one_row_per_player: bool = False) -> str:
    """The activity a table's rows follow, read from its columns (its grain), not its name."""
    if {"position_x", "event_ts"} <= columns or "tick" in columns:
        return "session_minutes"  # heartbeats (and the ones kept aside): one row per player every 30 s in a session
    if columns & {"player_a", "team_a"}:
        return "session_minutes"  # encounters: close pairs per minute played, at a fixed match size
    if "session_id" in columns:
        return "sessions"
    if "purchase_id" in columns:
        return "active_players"  # purchases per active player-day held as measured
    if "player_id" in columns:
        return "registrations" if one_row_per_player else "active_players"  # a player dimension or player-days
    return CALENDAR


# ---------------------------------------------------------------- measurement


def measure_raw(raw_root: Path) -> tuple[int, list[dict], list[dict]]:
    """Landed days (in any dataset); per dataset, the rows and bytes of its Parquet files in
    landed day folders (duplicate deliveries included); and the files whose footer cannot be
    read, with the reason, which are left out."""
    landed = {
        dataset: [d for d in (Path(raw_root) / dataset).glob("event_date=*") if (d / SUCCESS_MARKER).exists()]
        for dataset in DATASET_NAMES
    }
    days = len({folder.name for folders in landed.values() for folder in folders})
    tables, unreadable = [], []
    for dataset, folders in landed.items():
        footers = {file: landing.footer(file) for folder in folders for file in sorted(folder.glob("*.parquet"))}
        unreadable += [{"file": str(file), "reason": problem} for file, (problem, _, _) in footers.items() if problem]
        readable = {file: (rows, schema) for file, (problem, rows, schema) in footers.items() if not problem}
        columns = set(next(iter(readable.values()))[1].names) if readable else set()
        tables.append({"table": f"raw.{dataset}", "rows": sum(rows for rows, _ in readable.values()),
                       "bytes": sum(f.stat().st_size for f in readable), "driver": driver_of(columns)})
    return days, tables, unreadable


def physical_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table stored in the warehouse file as schema.name: model versions and SQLMesh state too."""
    return [
        f"{schema}.{name}"
        for schema, name in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ?", [CATALOG]
        ).fetchall()
    ]


def production_tables(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Production view name -> the table behind it (views over raw files have none)."""
    physical = set(physical_tables(con))
    out = {}
    views = con.execute(
        "SELECT schema_name, view_name, sql FROM duckdb_views() WHERE database_name = ? AND NOT internal", [CATALOG]
    ).fetchall()
    for schema, view, sql in views:
        if schema not in WAREHOUSE_SCHEMAS:
            continue
        # SQLMesh's production views are `SELECT * FROM <catalog>.sqlmesh__<schema>.<table>`.
        query = sqlglot.parse_one(sql, read="duckdb").expression
        sources = {f"{t.db}.{t.name}" for t in query.find_all(exp.Table)}
        if len(sources) == 1 and (source := sources.pop()) in physical:
            out[f"{schema}.{view}"] = source
    return out


def table_bytes(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, int]:
    """Bytes of the warehouse file each table occupies.

    A table's segments sit in 256 KiB blocks; several small segments may share one. Each
    segment is given the bytes from its offset to the next segment's in the same block (the
    last one to the block's end), plus any further whole blocks it spills into. Summed over
    all tables this is the file's used blocks, so small tables get their share, not a block.
    """
    block_size = con.execute(
        "SELECT block_size FROM pragma_database_size() WHERE database_name = ?", [CATALOG]
    ).fetchone()[0]
    sizes: dict[str, int] = defaultdict(int)
    segments = []  # (block, offset, table)
    for table in tables:
        for block, offset, extra in con.execute(
            f"SELECT block_id, block_offset, additional_block_ids FROM pragma_storage_info('{CATALOG}.{table}') "
            "WHERE block_id >= 0"  # -1: constant segments, stored in the metadata
        ).fetchall():
            segments.append((block, offset, table))
            sizes[table] += len(extra) * block_size
    segments.sort()
    for i, (block, offset, table) in enumerate(segments):
        following = segments[i + 1] if i + 1 < len(segments) else None
        end = following[1] if following and following[0] == block else block_size
        sizes[table] += end - offset
    return sizes


def measure_warehouse(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Rows, bytes and driver of the table behind each production view."""
    # Blocks are apportioned over every stored table, so other tables' blocks are not counted here.
    sizes = table_bytes(con, physical_tables(con))
    tables = []
    for view, source in sorted(production_tables(con).items()):
        schema, name = source.split(".")
        columns = {c for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? AND table_name = ?",
            [CATALOG, schema, name]).fetchall()}
        rows, players = con.execute(
            f"SELECT COUNT(*), {'COUNT(DISTINCT player_id)' if 'player_id' in columns else 'NULL'} "
            f"FROM {CATALOG}.{source}").fetchone()
        tables.append({"table": view, "rows": rows, "bytes": sizes.get(source, 0),
                       "driver": driver_of(columns, one_row_per_player=rows > 0 and players == rows),
                       "heartbeat_fact": bool(columns & HEARTBEAT_FACT_COLUMNS)})
    return tables


def measure_drivers(con: duckdb.DuckDBPyConnection, days: int) -> dict[str, float]:
    """Activity per day in the measured data, in the units the scenarios state."""
    try:
        player_days, players, sessions, session_seconds = con.execute(
            """
            SELECT
              (SELECT COUNT(*) FROM core.fct_player_day WHERE play_seconds > 0),
              (SELECT COUNT(*) FROM core.dim_players),
              COUNT(*),
              SUM(session_seconds)
            FROM core.fct_player_sessions
            """
        ).fetchone()
    except duckdb.CatalogException as error:
        raise UserError(f"the warehouse lacks its core tables ({str(error).splitlines()[0]})") from None
    if not player_days:
        raise UserError("the warehouse holds no play time yet: nothing to measure")
    return {
        "days": days,
        "registered_players": players,
        "active_players_per_day": player_days / days,
        "sessions_per_active_day": sessions / player_days,
        "minutes_per_session": session_seconds / sessions / 60,
        "registrations_per_day": players / days,
    }


def heartbeat_footprint(raw: list[dict], warehouse: list[dict], days: int) -> dict:
    """Where heartbeats live: the raw Parquet (the lake) holds them; the warehouse keeps only
    the facts derived from them (close runs, encounters, superseded reports)."""
    [lake] = [t for t in raw if t["table"] == "raw.heartbeats"]
    facts = [t for t in warehouse if t["heartbeat_fact"]]
    warehouse_bytes = sum(t["bytes"] for t in facts)
    return {
        "raw_rows_per_day": lake["rows"] / days,
        "lake_bytes_per_day": lake["bytes"] / days,
        "warehouse_tables": [t["table"] for t in facts],
        "warehouse_bytes_per_day": warehouse_bytes / days,
        "warehouse_bytes_per_raw_heartbeat": warehouse_bytes / lake["rows"] if lake["rows"] else None,
    }


# ---------------------------------------------------------------- projection


def driver_values(active_players: float, sessions_per_active_day: float, minutes_per_session: float,
                  registrations_per_day: float) -> dict[str, float]:
    """Each driver per day, from the activity a scenario states or the data shows."""
    sessions = active_players * sessions_per_active_day
    return {
        "active_players": active_players,
        "sessions": sessions,
        "session_minutes": sessions * minutes_per_session,
        "registrations": registrations_per_day,
        CALENDAR: 1.0,
    }


def project(tables: list[dict], drivers: dict[str, float], scenarios=SCENARIOS) -> list[dict]:
    """Per scenario, each table's rows and bytes per day at 20 M registered players, and over two years.

    Registered players are taken to grow linearly from 0 to 20 M over the two years, so a table
    that grows with players accrues half of 730 end-state days; the others accrue all 730.
    """
    measured = driver_values(drivers["active_players_per_day"], drivers["sessions_per_active_day"],
                             drivers["minutes_per_session"], drivers["registrations_per_day"])
    projection = []
    for scenario in scenarios:
        # Once 20 M players have registered, at the steady registration rate that got there.
        target = driver_values(REGISTERED_PLAYERS * scenario.daily_active_share, scenario.sessions_per_active_day,
                               scenario.minutes_per_session, REGISTERED_PLAYERS / HORIZON_DAYS)
        total = {"rows_per_day": 0.0, "bytes_per_day": 0.0, "bytes_two_years": 0.0}
        for table in tables:
            # A driver the data does not show (no registrations on a lake of later days) has no rows to scale.
            factor = target[table["driver"]] / measured[table["driver"]] if measured[table["driver"]] else 0.0
            accrual_days = HORIZON_DAYS / 2 if table["driver"] in GROWS_WITH_PLAYERS else HORIZON_DAYS
            row = {
                "rows_per_day": table["rows_per_day"] * factor,
                "bytes_per_day": table["bytes_per_day"] * factor,
                "bytes_two_years": table["bytes_per_day"] * factor * accrual_days,
            }
            projection.append({"scenario": scenario.name, "table": table["table"], **row})
            total = {key: total[key] + row[key] for key in total}
        projection.append({"scenario": scenario.name, "table": "total", **total})
    return projection


def measure(con: duckdb.DuckDBPyConnection, raw_root: Path) -> dict:
    """Q7's answer in SPEC §4's shape, plus the measured drivers and the scenarios used."""
    days, raw, unreadable = measure_raw(raw_root)
    if not days:
        raise UserError(f"no landed raw days under {raw_root}: Q7 measures the raw Parquet files too (set SPRINT_RAW_ROOT)")
    warehouse = measure_warehouse(con)
    tables = [
        {"table": t["table"], "rows_per_day": t["rows"] / days, "bytes_per_day": t["bytes"] / days,
         "driver": t["driver"]}
        for t in raw + warehouse
    ]
    drivers = measure_drivers(con, days)
    return {
        "measured_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "measured": drivers,
        "tables": tables,
        "heartbeats": heartbeat_footprint(raw, warehouse, days),
        "scenarios": [asdict(s) | {"registered_players": REGISTERED_PLAYERS, "horizon_days": HORIZON_DAYS}
                      for s in SCENARIOS],
        "projection": project(tables, drivers),
        "unreadable_files": unreadable,  # raw files left out of the sizes: {file, reason}
    }
