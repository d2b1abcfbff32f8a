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
