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

MODELS = {"fct_encounters": "player", "fct_team_encounters": "team"}


def encounter_rows(model: str, pair: str) -> str:
    a, b = (f"CAST({pair}_{side} AS TEXT)" for side in "ab")
    positions = ", position_x, position_y" if pair == "player" else ""
    return (
        f"SELECT CAST(session_id AS TEXT) AS session_id, LEAST({a}, {b}) AS low, GREATEST({a}, {b}) AS high,"
        f" encounter_start_ts, encounter_end_ts, close_ticks, encounter_seconds{positions}"
        f" FROM sprint.core.{model}"
    )


def copy_encounters(con: duckdb.DuckDBPyConnection, warehouse: str, side: str) -> None:
    """Copy a warehouse's encounters into memory as <side>_<model>. Read through the prod views,
    which name the catalog `sprint`: so one warehouse at a time, attached as `sprint`."""
    con.execute(f"ATTACH '{warehouse}' AS sprint (READ_ONLY)")
    try:
        for model, pair in MODELS.items():
            con.execute(f"CREATE TABLE {side}_{model} AS {encounter_rows(model, pair)}")
    finally:
        con.execute("DETACH sprint")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    args = parser.parse_args()
    con = duckdb.connect()
    copy_encounters(con, args.before, "before")
    copy_encounters(con, args.after, "after")
    compared = "session_id, low, high, encounter_start_ts, encounter_end_ts, close_ticks, encounter_seconds"
    for model in MODELS:
        before, after = (f"SELECT {compared} FROM {side}_{model}" for side in ("before", "after"))
        counts = con.execute(f"SELECT (SELECT COUNT(*) FROM ({before})), (SELECT COUNT(*) FROM ({after}))").fetchone()
        only_before = con.execute(f"SELECT COUNT(*) FROM ({before} EXCEPT ALL {after})").fetchone()[0]
        only_after = con.execute(f"SELECT COUNT(*) FROM ({after} EXCEPT ALL {before})").fetchone()[0]
        print(f"{model}: {counts[0]:,} before, {counts[1]:,} after; {only_before:,} only before, {only_after:,} only after")
    matched, dx, dy = con.execute(
        """SELECT COUNT(*), MAX(ABS(b.position_x - a.position_x)), MAX(ABS(b.position_y - a.position_y))
        FROM before_fct_encounters AS b JOIN after_fct_encounters AS a USING (session_id, low, high, encounter_start_ts)"""
    ).fetchone()
    print(f"player encounters matched: {matched:,}; largest midpoint difference: x {dx}, y {dy}")


if __name__ == "__main__":
    main()
