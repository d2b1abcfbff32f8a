"""The days whose raw files changed since a run was given them, so `sprint run` restates them first.

A run processes the days that are missing, plus one day back in the models whose day reads
the next one (sessions and encounters across midnight: `lookback 1`). Staging has no
lookback, so on its own a run never sees:

- a file added to, replaced in or removed from a day already given to a run: a late file
  (of any age), a corrected file (even with as many rows), a broken file repaired;
- a day that lands after later days (a gap filled): the days next to it were computed
  without it (play across midnight, encounters across the boundary).

Before each run, the landed files are fingerprinted (name, size, SHA-256; sprint/filerecord.py)
and compared with the files the earlier runs were given (for days loaded without `sprint run`,
what staging.load_counts counted: `assumed_given`). Each day that differs is restated
with its neighbours, a range of three days per changed day, in the raw view of that dataset
and everything that reads it (sprint/restate.py): a model's day reads raw days D - 1 .. D + 1
at most (docs/ARCHITECTURE.md, "Late data and day boundaries"). Days far apart stay separate
ranges. Hashing costs one read per new version of a file, once; re-processing every recent day
on every run, as a lookback in staging would, costs a few passes over a day's heartbeats on
every run (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from sprint import filerecord, landing
from sprint.filerecord import Day, Fingerprint, Record

Landed = dict[Day, dict[str, Fingerprint]]  # every landed day's files, by name
Range = tuple[dt.date, dt.date]  # first and last day, both included
NEIGHBOURS = dt.timedelta(days=1)


def survey(root, datasets: Iterable[str], record: Record) -> Landed:
    """The files of every landed day of `datasets`: versions the record knows are not read again."""
    landed: Landed = {}
    for dataset in datasets:
        for day in landing.landed_days(root, dataset):
            files = landed.setdefault((dataset, day), {})
            for path in sorted(landing.day_folder(root, dataset, day).glob("*.parquet")):
                try:
                    files[path.name] = fingerprint(path, record.files.get(str(path)))
                except FileNotFoundError:
                    continue  # replaced while we looked: the day differs next time, and is restated then
    return landed


def fingerprint(path: Path, known: Fingerprint | None) -> Fingerprint:
    stamp = filerecord.stamp(path)
    if known is not None and known.stamp == stamp:
        return known
    try:
        digest = filerecord.sha256(path)
    except FileNotFoundError:
        raise
    except OSError as error:  # the landing check names the file; once it can be read, its digest differs
        return Fingerprint(stamp, f"unreadable: {error.strerror}", None)
    footer_reads = landing.footer(path)[0] is None
    return Fingerprint(stamp, digest, landing.pages_verdict(path) if footer_reads else None)


def given(landed: Landed) -> dict[Day, dict[str, str]]:
    """What a run is given of each landed day: its file names and contents."""
    return {day: {name: f.sha256 for name, f in files.items()} for day, files in landed.items()}


def assumed_given(now: dict[Day, dict[str, str]], landed: Landed, root, loaded_rows: dict[Day, int]) -> dict[Day, dict[str, str]]:
    """What runs were given of the days the warehouse loaded without `sprint run` keeping a
    record (a `sqlmesh plan`, a bare `sqlmesh run`, a record lost): the files now where the
    day's raw rows (Parquet footers) are the rows staging.load_counts counted, otherwise
    nothing alike, so that the day is restated."""
    assumed = {}
    for (dataset, day), rows in loaded_rows.items():
        files = landed.get((dataset, day), {})
        landed_rows = sum(landing.footer(landing.day_folder(root, dataset, day) / name)[1] for name in files)
        assumed[dataset, day] = now.get((dataset, day), {}) if landed_rows == rows else {"": "rows differ"}
    return assumed


def changed_days(before: dict[Day, dict[str, str]], now: dict[Day, dict[str, str]]) -> dict[str, set[dt.date]]:
    """Per dataset, the days whose files differ from what runs were given, and the days that
    landed after a later day of their dataset had been given to a run."""
    newest = {}
    for dataset, day in before:
        newest[dataset] = max(day, newest.get(dataset, day))
    changed: dict[str, set[dt.date]] = {}
    for (dataset, day), files in now.items():
        was = before.get((dataset, day))
        if (was is not None and was != files) or (was is None and dataset in newest and day < newest[dataset]):
            changed.setdefault(dataset, set()).add(day)
    return changed


def ranges(days: Iterable[dt.date], landed: Range) -> list[Range]:
    """Each day with its neighbours, D - 1 .. D + 1, inside the `landed` span of its dataset
    (nothing to restate where nothing landed); ranges that overlap or touch are merged, the
    others kept apart."""
    merged: list[Range] = []
    for day in sorted(days):
        start, end = max(day - NEIGHBOURS, landed[0]), min(day + NEIGHBOURS, landed[1])
        if merged and start <= merged[-1][1] + NEIGHBOURS:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def stale_ranges(before: dict[Day, dict[str, str]], now: dict[Day, dict[str, str]]) -> dict[str, list[Range]]:
    """Per dataset, the ranges of days to restate before the next run."""
    spans: dict[str, Range] = {}
    for dataset, day in now:
        first, last = spans.get(dataset, (day, day))
        spans[dataset] = (min(first, day), max(last, day))
    return {dataset: ranges(days, spans[dataset]) for dataset, days in changed_days(before, now).items()}


def describe(stale: dict[str, list[Range]]) -> str:
    """`heartbeats 2026-09-07 .. 2026-09-09, 2026-10-01 .. 2026-10-03; purchases ...`"""
    return "; ".join(
        f"{dataset} " + ", ".join(f"{start} .. {end}" for start, end in spans) for dataset, spans in sorted(stale.items())
    )
