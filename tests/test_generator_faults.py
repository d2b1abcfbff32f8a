"""Fault injection: duplicates, late files and dropped heartbeats, as documented in faults.py."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from generator_helpers import SMALL, read, run

from generator import FaultConfig
from generator.errors import GeneratorArgumentError
from generator.contract import DATASET_NAMES as DATASETS

KEYS = {
    "session_ends": ["session_id", "player_id"],
    "purchases": ["purchase_id"],
    "heartbeats": ["session_id", "player_id", "event_ts"],
}
RATE = 0.05


@pytest.fixture(scope="module")
def clean(small_raw):
    return small_raw


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    faults = FaultConfig(duplicate_rate=RATE, late_rate=RATE, late_delay_days=1, dropped_heartbeat_rate=RATE)
    return run(tmp_path_factory.mktemp("faulty"), faults)


def keys(frame: pd.DataFrame, dataset: str) -> pd.MultiIndex | pd.Index:
    return (
        pd.MultiIndex.from_frame(frame[KEYS[dataset]]) if len(KEYS[dataset]) > 1 else pd.Index(frame[KEYS[dataset][0]])
    )


def test_faults_are_off_by_default(clean):
    for dataset in DATASETS:
        rows = read(clean, dataset)
        assert set(rows["file"]) == {"part-0000.parquet"}
        assert not keys(rows, dataset).duplicated().any()


def test_deduplicated_union_is_the_clean_data_minus_dropped_heartbeats(clean, faulty):
    last = SMALL["start"] + dt.timedelta(days=SMALL["days"] - 1)  # its late file is not delivered yet
    for dataset in DATASETS:
        got = read(faulty, dataset)
        want = read(clean, dataset)
        got, want = got[got["event_date"] < last], want[want["event_date"] < last]
        got_keys, want_keys = set(keys(got, dataset)), set(keys(want, dataset))
        if dataset == "heartbeats":
            assert got_keys < want_keys
            assert len(want_keys - got_keys) / len(want_keys) == pytest.approx(RATE, rel=0.2)
        else:
            assert got_keys == want_keys
        deduplicated = got.drop_duplicates(KEYS[dataset]).set_index(KEYS[dataset]).sort_index()
        expected = want.set_index(KEYS[dataset]).loc[deduplicated.index]
        columns = [c for c in want.columns if c not in KEYS[dataset] + ["file"]]
        pd.testing.assert_frame_equal(deduplicated[columns], expected[columns])


def test_duplicates_repeat_rows_inside_the_file_and_in_a_redelivery_file(faulty):
    rows = read(faulty, "heartbeats")
    on_time = rows[rows["file"] == "part-0000.parquet"]
    redelivered = rows[rows["file"] == "redelivery-0000.parquet"]
    inline_share = keys(on_time, "heartbeats").duplicated().mean()
    assert inline_share == pytest.approx(RATE / 2, rel=0.25)
    assert len(redelivered) == pytest.approx(RATE / 2 * len(on_time), rel=0.25)
    assert set(keys(redelivered, "heartbeats")) <= set(keys(on_time, "heartbeats"))


def test_late_file_lands_after_success_with_held_back_rows(faulty):
    start, days = SMALL["start"], SMALL["days"]
    for dataset in DATASETS:
        for day in range(days):
            date = start + dt.timedelta(days=day)
            folder = faulty / dataset / f"event_date={date}"
            late = folder / f"late-{date + dt.timedelta(days=1)}.parquet"
            # delivered while the next day is written: the last day's is still due
            assert late.exists() == (day < days - 1), late
            if late.exists():
                assert late.stat().st_mtime_ns >= (folder / "_SUCCESS").stat().st_mtime_ns
    rows = read(faulty, "session_ends")
    rows = rows[rows["event_date"] < start + dt.timedelta(days=days - 1)]
    late_rows = rows[rows["file"].str.startswith("late-")]
    on_time = rows[~rows["file"].str.startswith("late-")]
    assert len(late_rows) == pytest.approx(RATE * len(rows.drop_duplicates(KEYS["session_ends"])), rel=0.3)
    assert not set(keys(late_rows, "session_ends")) & set(keys(on_time, "session_ends"))


def test_late_file_waits_for_its_day_to_land(tmp_path):
    faults = FaultConfig(late_rate=RATE, late_delay_days=1)
    run(tmp_path, faults, start=SMALL["start"] + dt.timedelta(days=2), days=1)
    assert not (tmp_path / "session_ends" / f"event_date={SMALL['start'] + dt.timedelta(days=1)}").exists()


def test_late_delay_zero_delivers_right_after_the_day(tmp_path):
    run(tmp_path, FaultConfig(late_rate=RATE, late_delay_days=0), days=1)
    folder = tmp_path / "heartbeats" / f"event_date={SMALL['start']}"
    assert sorted(p.name for p in folder.iterdir()) == [
        "_SUCCESS",
        f"late-{SMALL['start']}.parquet",
        "part-0000.parquet",
    ]


@pytest.mark.parametrize("field", ["duplicate_rate", "late_rate", "dropped_heartbeat_rate"])
def test_rates_outside_zero_to_one_are_user_errors(field):
    with pytest.raises(GeneratorArgumentError, match=field.replace("_", "-")):
        FaultConfig(**{field: 1.5})
