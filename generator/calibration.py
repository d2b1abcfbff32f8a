"""Measure the calibration figures on generated raw files, the way an analyst would.

    .venv/bin/python -m generator.calibration data/raw

Prints the figures params.py is tuned to (retention, DAU/MAU, sessions, evening peak,
match shape, payers, encounters), computed with DuckDB from the Parquet files alone
on UTC dates. docs/GENERATOR.md quotes its output.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from generator.params import COUNTRIES

FIGURES = {
    "registered players seen by day 1 / 7 / 28": """
        SELECT list(n ORDER BY k) FROM (
            SELECT k, count(*) FILTER (WHERE f < (SELECT min(d) FROM days) + k) n
            FROM first_day, (VALUES (1), (7), (28)) v(k) GROUP BY k)""",
    "retention D1 / D7 / D30 (of players first seen on the first 5 days)": """
        SELECT list(round(r, 3) ORDER BY n) FROM (
            SELECT n, avg(CASE WHEN EXISTS (SELECT 1 FROM days WHERE days.player_id = c.player_id AND days.d = c.f + n)
                               THEN 1 ELSE 0 END) r
            FROM first_day c, (VALUES (1), (7), (30)) v(n)
            WHERE c.f < (SELECT min(d) FROM days) + 5 AND c.f + n <= (SELECT max(d) FROM days)
            GROUP BY n)""",
    "DAU/MAU on the last day (trailing 30 days)": """
        SELECT round((SELECT count(*) FROM days WHERE d = m)::DOUBLE
                     / (SELECT count(DISTINCT player_id) FROM days WHERE d > m - 30), 3)
        FROM (SELECT max(d) m FROM days)""",
    "weekend / weekday DAU": """
        SELECT round(avg(n) FILTER (WHERE isodow(d) >= 6) / avg(n) FILTER (WHERE isodow(d) < 6), 2)
        FROM (SELECT d, count(*) n FROM days WHERE d >= (SELECT min(d) FROM days) + 14 GROUP BY d)""",
    "sessions per player and active UTC day (mean, max)": """
        SELECT [round(avg(n), 2), max(n)]
        FROM (SELECT player_id, CAST(start_ts AS DATE), count(*) n FROM ps GROUP BY ALL)""",
    "share of session starts at 19-22 h local (country's main time zone), busiest local hour": """
        SELECT [round(avg((h BETWEEN 19 AND 22)::INT), 3), mode(h)] FROM (
            SELECT (hour(start_ts) + minute(start_ts) / 60 + o.offset_h + 24)::INT % 24 AS h
            FROM ps JOIN offsets o USING (country))""",
    "minutes in match p10 / p50 / p90 / p99 / max": """
        SELECT list_transform(quantile_cont(event_length_s / 60, [0.1, 0.5, 0.9, 0.99]) || [max(event_length_s) / 60],
                              x -> round(x, 1)) FROM ps""",
    "players per match as players see it, teams per match (mean)": """
        SELECT [round(sum(n * n)::DOUBLE / sum(n), 1), round(avg(t), 2)] FROM (
            SELECT session_id, count(*) n FROM ps GROUP BY 1) JOIN (
            SELECT session_id, count(DISTINCT team_id) t FROM heartbeats GROUP BY 1) USING (session_id)""",
    "kills per player-minute, matches whose kills != deaths": """
        SELECT [round(sum(kills) / sum(event_length_s / 60), 3),
                (SELECT count(*) FROM (SELECT session_id FROM ps GROUP BY 1 HAVING sum(kills) <> sum(deaths)
                 AND min(start_ts) < (SELECT max(event_ts) FROM ps) - INTERVAL 2 HOUR))] FROM ps""",
    "sessions played away from the player's usual country": """
        SELECT round(avg((country <> home)::INT), 4) FROM ps
        JOIN (SELECT player_id, mode(country) home FROM ps GROUP BY 1) USING (player_id)""",
    "payers / players seen in the first 30 days, top-10 % payers' revenue share": """
        WITH spend AS (SELECT player_id, sum(price_usd) r FROM purchases
                       WHERE event_ts < (SELECT min(d) FROM days) + 30 GROUP BY 1)
        SELECT [round((SELECT count(*) FROM spend)::DOUBLE
                      / (SELECT count(DISTINCT player_id) FROM days WHERE d < (SELECT min(d) FROM days) + 30), 4),
                round((SELECT sum(r) FROM (SELECT r FROM spend ORDER BY r DESC
                       LIMIT (SELECT greatest(1, count(*) // 10) FROM spend))) / (SELECT sum(r) FROM spend), 3)]""",
    "revenue per daily active player (ARPDAU, USD)": """
        SELECT round((SELECT sum(price_usd) FROM purchases) / (SELECT count(*) FROM days), 3)""",
    "purchases before the buyer's first session": """
        SELECT round(avg((p.event_ts < f.first_start)::INT), 4) FROM purchases p
        JOIN (SELECT player_id, min(start_ts) first_start FROM ps GROUP BY 1) f USING (player_id)""",
    "heartbeat gap seconds min / max (8th day)": """
        SELECT [round(min(g), 2), round(max(g), 2)] FROM (
            SELECT epoch(event_ts) - lag(epoch(event_ts)) OVER (PARTITION BY session_id, player_id ORDER BY event_ts) g
            FROM heartbeats WHERE event_date = (SELECT d FROM sample_day))""",
    "matches with a close encounter (R = 50), match-ticks with one (8th day)": """
        WITH h AS (SELECT session_id, player_id, team_id, (epoch(event_ts) // 30)::BIGINT t,
                          position_x x, position_y y, position_z z
                   FROM heartbeats WHERE event_date = (SELECT d FROM sample_day)),
        pairs AS (SELECT a.session_id, a.t,
                         sqrt((a.x - b.x) ^ 2 + (a.y - b.y) ^ 2 + (a.z - b.z) ^ 2) <= 50 AS near
                  FROM h a JOIN h b ON a.session_id = b.session_id AND a.t = b.t AND a.team_id < b.team_id),
        ticks AS (SELECT session_id, t, bool_or(near) AS near FROM pairs GROUP BY ALL)
        SELECT [round(avg(c::INT), 3), round((SELECT avg(near::INT) FROM ticks), 3)]
        FROM (SELECT session_id, bool_or(near) c FROM ticks GROUP BY 1)""",
}


def measure(root: Path) -> dict[str, object]:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for name in ("session_ends", "purchases", "heartbeats"):
        files = f"{root / name}/*/*.parquet"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{files}', hive_partitioning = true)")
    con.execute("""CREATE TABLE ps AS SELECT *, event_ts - to_seconds(event_length_s) AS start_ts FROM session_ends""")
    con.execute("CREATE TABLE days AS SELECT DISTINCT player_id, CAST(event_ts AS DATE) d FROM ps")
    con.execute("CREATE TABLE first_day AS SELECT player_id, min(d) f FROM days GROUP BY 1")
    con.execute("CREATE TABLE sample_day AS SELECT least(min(d) + 7, max(d)) d FROM days")  # heartbeat figures
    con.execute("CREATE TABLE offsets (country VARCHAR, offset_h DOUBLE)")
    main_zone = [(c.code, max(c.time_zones, key=lambda zone: zone[1])[0]) for c in COUNTRIES]
    con.executemany("INSERT INTO offsets VALUES (?, ?)", main_zone)
    return {label: con.execute(sql).fetchone()[0] for label, sql in FIGURES.items()}


if __name__ == "__main__":
    for label, value in measure(Path(sys.argv[1] if len(sys.argv) > 1 else "data/raw")).items():
        print(f"{label}: {value}")
