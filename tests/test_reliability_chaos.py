"""The fault campaign (tests/chaos.py) on a small seed that draws every kind of fault.

Four days of a 600-player game, delivered over seven steps, at fault rates higher than the
long campaign's so that a few days draw every kind: late and re-delivered days, datasets
landing apart, late files, overlapping redeliveries, broken footers and pages repaired
later, corrections with as many rows, `sprint run` killed with SIGKILL, and a read during
every run. No run may need a person, no row be lost or doubled, and the answers must agree
with the pandas reference. The same campaign, longer:

    .venv/bin/python tests/chaos.py --days 40 --seed 7
"""

from __future__ import annotations

import pytest

from chaos import Result, campaign, table

pytestmark = pytest.mark.slow

DAYS, SEED, PLAYERS, TAIL = 4, 25, 600, 1  # a seed whose plan draws every kind of fault
RATES = dict.fromkeys(("day late", "datasets apart", "overlap", "footer", "pages", "correction"), 0.4)
KILL_RATE = 0.3
KINDS = ("day late", "datasets apart", "late file", "overlap", "footer", "pages", "correction", "SIGKILL of sprint run")


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> Result:
    return campaign(tmp_path_factory.mktemp("chaos"), DAYS, SEED, PLAYERS, TAIL, RATES, KILL_RATE, log=lambda line: None)


def test_every_kind_of_fault_was_injected(result):
    assert all(result.faults[kind] for kind in KINDS), table(result, DAYS, SEED, PLAYERS)


def test_no_run_needed_a_person_and_no_row_was_lost_or_doubled(result):
    assert (result.needed_person, result.lost, result.doubled, result.model_differences) == (0, 0, 0, []), table(
        result, DAYS, SEED, PLAYERS)


def test_every_broken_file_was_named_and_every_read_ended_in_an_answer_or_one_line(result):
    assert sum(run.unnamed for run in result.runs) == 0, table(result, DAYS, SEED, PLAYERS)
    assert not [read for read in result.reads if "FAILED" in read], table(result, DAYS, SEED, PLAYERS)


def test_the_answers_agree_with_the_pandas_reference(result):
    assert result.answer_differences == [], table(result, DAYS, SEED, PLAYERS)
