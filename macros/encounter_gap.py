"""SPEC §2's time-gap rule on ticks, in one place for the macros that apply it.

A pair's close ticks belong to one encounter while each comes at most G seconds after the
one before it: a close tick more than G seconds after the pair's previous close tick starts
a new encounter, and exactly G apart continues it. `@close_runs` applies the rule within a
day, `@close_encounters` across midnight and to team pairs.
"""

from __future__ import annotations


def starts_new_encounter(previous_tick: str, tick: str, gap_s: str) -> str:
    """SQL: the close tick `tick` comes more than `gap_s` seconds after the close tick `previous_tick`."""
    # Imported here: SQLMesh would try to serialise a module-level import of project code.
    from generator.contract import TICK_SECONDS

    return f"({tick} - {previous_tick}) * {TICK_SECONDS} > {gap_s}"


def tick_at_midnight(day: str) -> str:
    """SQL: the tick that starts at 00:00 UTC of the DATE `day` (exact: a day is a whole number of ticks)."""
    from generator.contract import TICK_SECONDS

    return f"EPOCH(CAST({day} AS TIMESTAMP)) / {TICK_SECONDS}"


def may_go_on_past_midnight(tick: str, midnight: str, gap_s: str) -> str:
    """SQL: an encounter whose last close tick is `tick`, before the midnight starting the DATE
    `midnight`, may go on past it: the first tick after midnight would continue it."""
    return f"NOT {starts_new_encounter(tick, tick_at_midnight(midnight), gap_s)}"


def may_go_on_from_before_midnight(tick: str, midnight: str, gap_s: str) -> str:
    """SQL: the close tick `tick`, from the midnight starting the DATE `midnight` on, may continue
    an encounter from before it: it continues one whose last close tick is the last tick before midnight."""
    return f"NOT {starts_new_encounter(f'({tick_at_midnight(midnight)} - 1)', tick, gap_s)}"
