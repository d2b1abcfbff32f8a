"""Are two warehouses' encounters the same? For a change to the heartbeat path, built twice on
the same raw day (e.g. `bench.py --project` on a worktree of the commit before it).

    .venv/bin/python bench/compare_encounters.py BEFORE.duckdb AFTER.duckdb

For the player and the team encounters: each side's rows, and the rows one side has and the
other lacks, compared on session, unordered pair, start, end, close ticks and seconds. Ids
are compared as text, pairs in either order (an older warehouse may keep integer ids, which
order a pair differently), and positions apart (an older warehouse may keep them as DOUBLE):
the largest difference of a matched encounter's midpoint is printed.
"""

from __future__ import annotations

import argparse

import duckdb

TABLES = {"fct_encounters": "player", "fct_team_encounters": "team"}


def physical_table(con: duckdb.DuckDBPyConnection, database: str, model: str) -> str:
    """The table behind `core.<model>`: the prod views name the catalog `sprint`, so two
    warehouses cannot both be read through them."""
    (name,) = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND table_name LIKE ?",
        [database, f"core__{model}__%"],
    ).fetchone()
    return f"{database}.sqlmesh__core.{name}"


def encounter_rows(table: str, pair: str, *extra: str) -> str:
    a, b = (f"CAST({pair}_{side} AS TEXT)" for side in "ab")
    return (
        f"SELECT CAST(session_id AS TEXT) AS session_id, LEAST({a}, {b}) AS low, GREATEST({a}, {b}) AS high,"
        f" encounter_start_ts, encounter_end_ts, close_ticks, encounter_seconds{''.join(', ' + e for e in extra)}"
        f" FROM {table}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    args = parser.parse_args()
    con = duckdb.connect()
    con.execute(f"ATTACH '{args.before}' AS before (READ_ONLY)")
    con.execute(f"ATTACH '{args.after}' AS after (READ_ONLY)")
    for model, pair in TABLES.items():
        before, after = (encounter_rows(physical_table(con, db, model), pair) for db in ("before", "after"))
        counts = con.execute(f"SELECT (SELECT COUNT(*) FROM ({before})), (SELECT COUNT(*) FROM ({after}))").fetchone()
        only_before = con.execute(f"SELECT COUNT(*) FROM ({before} EXCEPT ALL {after})").fetchone()[0]
        only_after = con.execute(f"SELECT COUNT(*) FROM ({after} EXCEPT ALL {before})").fetchone()[0]
        print(f"{model}: {counts[0]:,} before, {counts[1]:,} after; {only_before:,} only before, {only_after:,} only after")
    before, after = (
        encounter_rows(physical_table(con, db, "fct_encounters"), "player", "position_x", "position_y")
        for db in ("before", "after")
    )
    matched, dx, dy = con.execute(
        f"""SELECT COUNT(*), MAX(ABS(b.position_x - a.position_x)), MAX(ABS(b.position_y - a.position_y))
        FROM ({before}) AS b JOIN ({after}) AS a USING (session_id, low, high, encounter_start_ts)"""
    ).fetchone()
    print(f"player encounters matched: {matched:,}; largest midpoint difference: x {dx}, y {dy}")


if __name__ == "__main__":
    main()
