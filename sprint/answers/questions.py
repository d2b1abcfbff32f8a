"""SPEC §3's questions 1-6 and PCU over an open warehouse, with defaults and argument checks; Q7 is sizing.

Every function returns a dict in SPEC §4's shape with JSON-ready values: dates YYYY-MM-DD,
months YYYY-MM, numbers as numbers, and ids as they appear in the raw data: the warehouse
stores them as text, and prints them as integers where the raw files hold integers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from sprint import sizing
from sprint.answers.warehouse import BUILD_HINT, CATALOG, run_query
from sprint.errors import UserError

ONE_DAY = dt.timedelta(days=1)


def raw_ids(con: duckdb.DuckDBPyConnection, dataset: str, column: str) -> Callable[[str | None], int | str | None]:
    """Ids of `dataset`.`column` as the raw files hold them: the raw view's type says whether they are integers."""
    if id_is_integer(con, dataset, column):
        return lambda value: None if value is None else int(value)
    return lambda value: value


def id_is_integer(con: duckdb.DuckDBPyConnection, dataset: str, column: str) -> bool:
    row = con.execute(
        "SELECT data_type FROM information_schema.columns"
        " WHERE table_catalog = ? AND table_schema = 'raw' AND table_name = ? AND column_name = ?",
        [CATALOG, dataset, column],
    ).fetchone()
    return row is not None and row[0] in INTEGER_TYPES


INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT"}


@dataclass(frozen=True)
class Coverage:
    """The first and last UTC day with play time in the warehouse."""

    first: dt.date
    last: dt.date

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection) -> Coverage:
        row = run_query(con, "coverage")[0]
        if row["first_day"] is None:
            raise UserError(f"the warehouse holds no play time yet; {BUILD_HINT}")
        return cls(row["first_day"], row["last_day"])

    @property
    def latest_complete_day(self) -> dt.date:
        # The last day is still open: sessions ending tomorrow will add play time to it.
        return max(self.first, self.last - ONE_DAY)

    @property
    def latest_complete_month(self) -> dt.date:
        """The latest month that ends by the latest complete day, else that day's month."""
        day = self.latest_complete_day
        previous_month_end = day.replace(day=1) - ONE_DAY
        if (day + ONE_DAY).day == 1 or previous_month_end < self.first:
            return day.replace(day=1)
        return previous_month_end.replace(day=1)

    def check_day(self, day: dt.date, argument: str) -> None:
        if not self.first <= day <= self.last:
            raise UserError(f"{argument} {day}: outside the data ({self.first} to {self.last})")

    @classmethod
    def day(cls, con: duckdb.DuckDBPyConnection, date: dt.date | None) -> dt.date:
        """`--date`, checked against the data, or by default the latest complete day."""
        coverage = cls.of(con)
        date = date or coverage.latest_complete_day
        coverage.check_day(date, "--date")
        return date

    def check_month(self, month: dt.date, argument: str) -> None:
        if not self.first.replace(day=1) <= month <= self.last:
            raise UserError(f"{argument} {month:%Y-%m}: outside the data ({self.first:%Y-%m} to {self.last:%Y-%m})")


def q1(con, date: dt.date | None = None, player_id: str | None = None) -> dict:
    date = Coverage.day(con, date)
    rows = run_query(con, "q1", date=date, player_id=player_id)
    if not rows:
        if player_id is not None:
            raise UserError(f"--player {player_id}: no such player in the warehouse")
        raise UserError(f"--date {date}: nobody played that day")
    row = rows[0]
    return {
        "date": row["date"].isoformat(),
        "players": row["players"],
        "avg_play_seconds": row["avg_play_seconds"],  # None when nobody played that day
        "player_id": raw_ids(con, "session_ends", "player_id")(row["player_id"]),
        "player_play_seconds": float(row["player_play_seconds"]),
    }


def q2(con) -> dict:
    rows = run_query(con, "q2")
    if not rows:
        raise UserError(f"the warehouse holds no play time yet; {BUILD_HINT}")
    return {"week_start": rows[0]["week_start"].isoformat(), "players": rows[0]["players"]}


def q3(con, month: dt.date | None = None) -> dict:
    coverage = Coverage.of(con)
    month = month or coverage.latest_complete_month
    coverage.check_month(month, "--month")
    rows = run_query(con, "q3", month=month)
    if not rows:
        raise UserError(f"--month {month:%Y-%m}: nobody played that month")
    return {"month": f"{month:%Y-%m}", "country": rows[0]["country"], "play_seconds": float(rows[0]["play_seconds"])}


def q4(con, player_id: str | None = None) -> dict:
    rows = run_query(con, "q4", player_id=player_id)
    if not rows:
        if player_id is not None:
            raise UserError(f"--player {player_id}: no such player in the warehouse")
        raise UserError(f"the warehouse holds no players yet; {BUILD_HINT}")
    row = rows[0]
    return {
        "player_id": raw_ids(con, "session_ends", "player_id")(row["player_id"]),
        "kills": int(row["kills"]),
        "deaths": int(row["deaths"]),
        "kd": row["kd"],
        "streak_month": f"{row['streak_month']:%Y-%m}" if row["streak_month"] else None,
        "streak_days": row["streak_days"],
    }


def q5(con) -> dict:
    weeks, top = [], None
    for row in run_query(con, "q5"):
        week = {"week_start": row["week_start"].isoformat(), "country": row["country"],
                "revenue_usd": float(row["revenue_usd"])}  # a Decimal in the mart, so ties are exact
        weeks.append(week)
        if row["is_top"]:
            top = week
    return {"weeks": weeks, "top": top}


def q6(con, month: dt.date | None = None) -> dict:
    coverage = Coverage.of(con)
    month = month or coverage.latest_complete_month
    coverage.check_month(month, "--month")
    session = raw_ids(con, "heartbeats", "session_id")
    rows = [
        {"session_id": session(r["session_id"]), "day": r["day"].isoformat(), "encounters": r["encounters"],
         "encounter_seconds": float(r["encounter_seconds"])}
        for r in run_query(con, "q6", month=month)
    ]
    rows.sort(key=lambda row: (row["day"], row["session_id"]))  # in the ids' own order: numbers as numbers
    return {"month": f"{month:%Y-%m}", "rows": rows}


def q7(con, raw_root: Path) -> dict:
    return sizing.measure(con, raw_root)


def pcu(con, date: dt.date | None = None) -> dict:
    date = Coverage.day(con, date)
    rows = run_query(con, "pcu", date=date)
    if not rows:
        raise UserError(f"--date {date}: the warehouse holds no concurrency for that day; {BUILD_HINT}")
    row = rows[0]
    return {
        "date": row["date"].isoformat(),
        "pcu": row["pcu"],
        "at": f"{row['at']:%Y-%m-%dT%H:%M}:00Z",  # a five-minute mark, naive UTC in the mart
        "avg_ccu": row["avg_ccu"],
    }


def answer(con, question: str, *, date=None, month=None, player_id=None, raw_root: Path | None = None) -> dict:
    """One question's answer; arguments a question does not take are ignored."""
    questions = {
        "q1": lambda: q1(con, date, player_id),
        "q2": lambda: q2(con),
        "q3": lambda: q3(con, month),
        "q4": lambda: q4(con, player_id),
        "q5": lambda: q5(con),
        "q6": lambda: q6(con, month),
        "q7": lambda: q7(con, raw_root),
        "pcu": lambda: pcu(con, date),
    }
    return questions[question]()


# The seven of `answer all`; PCU is answered on its own.
QUESTIONS = ("q1", "q2", "q3", "q4", "q5", "q6", "q7")


def answer_all(con, **arguments) -> dict:
    return {question: answer(con, question, **arguments) for question in QUESTIONS}
