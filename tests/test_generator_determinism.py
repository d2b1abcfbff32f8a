"""Same arguments, same rows; and a day's rows do not depend on the other days generated."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
import pytest
from generator_helpers import SMALL, files, run

import generator.run
from generator import FaultConfig

FAULTS = FaultConfig(duplicate_rate=0.05, late_rate=0.05, late_delay_days=1, dropped_heartbeat_rate=0.02)


def assert_same_files(left, right):
    a, b = files(left), files(right)
    assert list(a) == list(b)
    for name in a:
        assert a[name].equals(b[name]), name


@pytest.mark.parametrize("faults", [None, FAULTS], ids=["clean", "faults"])
def test_same_arguments_give_the_same_rows(tmp_path, faults):
    assert_same_files(run(tmp_path / "a", faults), run(tmp_path / "b", faults))


@pytest.mark.parametrize("faults", [None, FAULTS], ids=["clean", "faults"])
def test_day_by_day_equals_all_at_once(tmp_path, faults):
    """Includes matches crossing midnight: their heartbeats after midnight belong to the next call."""
    run(tmp_path / "all", faults)
    start, days = SMALL["start"], SMALL["days"]
    for day in range(days):
        run(tmp_path / "daily", faults, start=start + dt.timedelta(days=day), days=1)
    assert_same_files(tmp_path / "all", tmp_path / "daily")


def test_a_later_start_gives_the_same_rows_for_the_shared_days(tmp_path):
    run(tmp_path / "all")
    run(tmp_path / "late", start=SMALL["start"] + dt.timedelta(days=2), days=2)
    late = files(tmp_path / "late")
    everything = files(tmp_path / "all")
    assert late and all(everything[name].equals(table) for name, table in late.items())


def test_another_seed_gives_other_rows(tmp_path):
    a = files(run(tmp_path / "a", days=1))
    b = files(run(tmp_path / "b", days=1, seed=SMALL["seed"] + 1))
    assert not a["heartbeats/event_date=2026-09-07/part-0000.parquet"].equals(
        b["heartbeats/event_date=2026-09-07/part-0000.parquet"]
    )


def test_player_attributes_depend_only_on_seed_and_player():
    from generator.population import build_population

    small, large = build_population(1000, 3), build_population(70_000, 3)
    assert (small.skill == large.skill[:1000]).all()
    assert (small.country == large.country[:1000]).all()


def test_chunking_a_big_day_does_not_change_its_rows(tmp_path, monkeypatch):
    run(tmp_path / "whole", days=2)
    monkeypatch.setattr(generator.run, "CHUNK_ROWS", 1_000)  # many row groups per day
    run(tmp_path / "chunked", days=2)
    assert_same_files(tmp_path / "whole", tmp_path / "chunked")
    heartbeats = pq.ParquetFile(tmp_path / "chunked" / "heartbeats" / "event_date=2026-09-07" / "part-0000.parquet")
    assert heartbeats.num_row_groups > 5
