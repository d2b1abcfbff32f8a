"""The producer's side of the fault campaign (tests/chaos.py): a generated game's files,
delivered day by day with seeded faults, as a list of steps.

A step is what lands before one `sprint run`. Day d is due at step d; per day, each fault
below is drawn with its own probability (RATES), from one seeded generator:

- day late: the whole day lands 1-3 steps after it is due, after later days;
- datasets apart: each dataset of the day lands 0-2 steps apart from the others;
- late file: the generator's late rows of a dataset-day land 1-30 steps after the day (at the
  latest `tail` steps after the last day is due), in the landed folder;
- overlap: a redelivery of every fifth row of a day's file, under another name;
- footer, pages: a delivered file is replaced by a truncated copy, or by one with corrupt
  data pages and an intact footer, and delivered whole again 1-4 steps later (a run can
  be given the broken file several times, and other days meanwhile);
- correction: a delivered file is replaced by one with as many rows and other values.

The generator adds its own: duplicate rows inline and in an overlapping redelivery file.
Kills of `sprint run` and reads during runs are the runner's (tests/chaos.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from generator.contract import DATASET_NAMES as DATASETS, SUCCESS_MARKER
from reliability_helpers import corrupt_pages, day_folder, deliver_table, replace_file, truncate

PART = "part-0000.parquet"
RATES = {"day late": 0.12, "datasets apart": 0.15, "overlap": 0.15, "footer": 0.12, "pages": 0.12,
         "correction": 0.15}
LATE_STEPS = (1, 1, 2, 3, 5, 8, 13, 21, 30)  # how long a late file takes, drawn evenly
TAIL = 5  # steps after the last day is due, by which late files have landed


@dataclass
class World:
    """The folders a plan works on, and the bytes of files it broke, to deliver them again."""

    source: Path  # the generated game
    raw: Path  # what the warehouse reads
    kept: dict[Path, bytes] = field(default_factory=dict)

    @property
    def broken(self) -> set[Path]:
        return set(self.kept)


@dataclass(frozen=True)
class Deliver:
    """A file of the generated game lands in its day folder, whole."""

    dataset: str
    day: int
    name: str

    def apply(self, world: World) -> None:
        target = day_folder(world.raw, self.dataset, self.day) / self.name
        target.parent.mkdir(parents=True, exist_ok=True)
        replace_file(target, (day_folder(world.source, self.dataset, self.day) / self.name).read_bytes())


@dataclass(frozen=True)
class Land:
    """`_SUCCESS`: the day has landed in the dataset."""

    dataset: str
    day: int

    def apply(self, world: World) -> None:
        (day_folder(world.raw, self.dataset, self.day) / SUCCESS_MARKER).touch()


@dataclass(frozen=True)
class Overlap:
    """Every fifth row of a landed file, delivered again under another name."""

    dataset: str
    day: int
    name: str

    def apply(self, world: World) -> None:
        folder = day_folder(world.raw, self.dataset, self.day)
        table = pq.read_table(day_folder(world.source, self.dataset, self.day) / PART)
        deliver_table(folder / self.name, table.take(np.arange(0, table.num_rows, 5)))


@dataclass(frozen=True)
class Break:
    """A landed file replaced by a truncated copy (`footer`) or one with corrupt pages (`pages`)."""

    dataset: str
    day: int
    how: str

    def apply(self, world: World) -> None:
        path = day_folder(world.raw, self.dataset, self.day) / PART
        world.kept[path] = path.read_bytes()
        (truncate if self.how == "footer" else corrupt_pages)(path)


@dataclass(frozen=True)
class Repair:
    """The broken file delivered whole again."""

    dataset: str
    day: int

    def apply(self, world: World) -> None:
        path = day_folder(world.raw, self.dataset, self.day) / PART
        replace_file(path, world.kept.pop(path))


@dataclass(frozen=True)
class Correct:
    """A landed file replaced by one with as many rows and other values (the truth from now on)."""

    dataset: str
    day: int

    def apply(self, world: World) -> None:
        path = day_folder(world.raw, self.dataset, self.day) / PART
        deliver_table(path, corrected(self.dataset, pq.read_table(path)))


def corrected(dataset: str, table: pa.Table) -> pa.Table:
    """Other values inside the contract: a kill more, prices half again, heights halved."""
    column, change = {
        "session_ends": ("kills", lambda values: pc.add(values, pa.scalar(1, values.type))),
        "purchases": ("price_usd", lambda values: pc.round(pc.multiply(values, 1.5), 2)),
        "heartbeats": ("position_z", lambda values: pc.multiply(values, pa.scalar(0.5, values.type))),
    }[dataset]
    return table.set_column(table.schema.get_field_index(column), column, change(table[column]))


Action = Deliver | Land | Overlap | Break | Repair | Correct


@dataclass
class Plan:
    steps: list[list[Action]]
    faults: Counter  # kind -> how many were planned


def make_plan(source: Path, days: int, rng: np.random.Generator, tail: int = TAIL, rates: dict | None = None) -> Plan:
    """Every file of `days` generated days, delivered step by step with faults drawn by `rng`
    at `rates` (default: RATES)."""
    rates = rates or RATES
    last = days - 1 + tail
    steps: dict[int, list[Action]] = defaultdict(list)
    faults: Counter = Counter()
    for day in range(days):
        due = day + (int(rng.integers(1, 4)) if drawn(rng, rates, "day late", faults) else 0)
        apart = drawn(rng, rates, "datasets apart", faults)
        landed = {}
        for dataset in DATASETS:
            landed[dataset] = step = due + (int(rng.integers(0, 3)) if apart else 0)
            folder = day_folder(source, dataset, day)
            steps[step] += [Deliver(dataset, day, name) for name in (PART, "redelivery-0000.parquet")
                            if (folder / name).exists()]
            steps[step].append(Land(dataset, day))
            for late in sorted(folder.glob("late-*.parquet")):
                if pq.read_metadata(late).num_rows:
                    faults["late file"] += 1
                    delay = int(rng.choice(LATE_STEPS))
                    steps[max(step + 1, min(step + delay, last))].append(Deliver(dataset, day, late.name))
        # At most one of these per dataset-day, on a file with rows: a break and its repair, a
        # correction or an overlap.
        free = [d for d in DATASETS if pq.read_metadata(day_folder(source, d, day) / PART).num_rows]
        rng.shuffle(free)
        for kind in ("footer", "pages", "correction", "overlap"):
            if not drawn(rng, rates, kind, faults, possible=bool(free)):
                continue
            dataset = free.pop()
            when = landed[dataset] + int(rng.integers(0, 3))
            if kind in ("footer", "pages"):
                steps[when].append(Break(dataset, day, kind))
                steps[when + int(rng.integers(1, 5))].append(Repair(dataset, day))
            elif kind == "correction":
                steps[when].append(Correct(dataset, day))
            else:
                steps[when].append(Overlap(dataset, day, f"redelivery-chaos-{day}.parquet"))
    return Plan([steps[step] for step in range(max(steps) + 1)], faults)


def drawn(rng: np.random.Generator, rates: dict, kind: str, faults: Counter, possible: bool = True) -> bool:
    """Whether the fault `kind` strikes this time (counted when it does)."""
    hit = rng.random() < rates[kind] and possible
    faults[kind] += hit
    return hit
