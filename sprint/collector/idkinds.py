"""Whether each dataset's ids are written as integers or as strings.

SPEC §1 allows both, but a Parquet column has one type and the warehouse refuses a file
whose ids are of the other kind than its dataset's first file (sprint/landing.py). So the
collector fixes one kind per dataset and id column, and keeps to it:

- a dataset that has files keeps the kind of its first file (`landing.id_kinds`);
- a dataset without files takes it from the first request that brings events of it: a
  column whose ids are all integers there is integer, otherwise string.

The warehouse stores ids as text, so an integer and its decimal string are the same id:
an integer sent for a string column is written as its decimal string, and a string sent
for an integer column is written as the integer when it is one's decimal form ("42", not
"042" or "4x"); any other string there is rejected.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from generator.contract import DATASET_NAMES, DATASETS
from sprint import landing

Kinds = dict[str, bool]  # id column -> holds integers (True) or strings (False)


class IdKinds:
    """The id kinds fixed so far, per dataset (None: the dataset has none yet)."""

    def __init__(self, known: dict[str, Kinds]):
        self._known = {dataset: dict(kinds) for dataset, kinds in known.items() if kinds}

    @classmethod
    def from_files(cls, raw_root: str | os.PathLike) -> IdKinds:
        return cls({dataset: landing.id_kinds(raw_root, dataset) for dataset in DATASET_NAMES})

    def of(self, dataset: str) -> Kinds | None:
        return self._known.get(dataset)

    def settle(self, dataset: str, kinds: Kinds) -> None:
        """Fix `dataset`'s kinds, unless they already are (the first to settle wins)."""
        self._known.setdefault(dataset, dict(kinds))


def first_kinds(dataset: str, events: Iterable[dict]) -> Kinds:
    """The kinds a dataset without any takes from `events` (its events in one request).

    Values that are neither integers nor strings do not count: those events are rejected.
    """
    columns = DATASETS[dataset].id_columns
    integer = dict.fromkeys(columns, True)
    for event in events:
        for column in columns:
            if type(event.get(column)) is str:
                integer[column] = False
    return integer
