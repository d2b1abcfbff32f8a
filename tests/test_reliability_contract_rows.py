"""Rows that break the contract are quarantined with their reason and counted; good rows of the same file load.

Two clean days land; day 0 also gets, per dataset, one extra file holding one valid new
row followed by one row per contract rule it can break.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

import pytest

from generator.catalogue import SKUS
from generator.datasets import SCHEMAS
from reliability_helpers import Suite, assert_same_tables, day, day_folder, land, rows_on

pytestmark = pytest.mark.slow

FILE = "late-contract.parquet"
NEW_ID = 9_000_000_001
NOON = dt.datetime.combine(day(0), dt.time(12), dt.timezone.utc)
NEXT_DAY = NOON + dt.timedelta(days=1)
# Per dataset: the valid row, then (row, the reason staging must give it).
ROWS = {
    "session_ends": [
        ((NEW_ID, 1, NOON, "DE", 600, 3, 1), None),
        ((None, 1, NOON, "DE", 600, 3, 1), "null_key"),
        ((NEW_ID, None, NOON, "DE", 600, 3, 1), "null_key"),
        ((NEW_ID, 2, None, "DE", 600, 3, 1), "null_required_field"),
        ((NEW_ID, 3, NEXT_DAY, "DE", 600, 3, 1), "event_ts_outside_partition"),
        ((NEW_ID, 4, NOON, "DE", -5, 3, 1), "negative_length"),
        ((NEW_ID, 5, NOON, "DE", 600, -1, 1), "negative_kills_or_deaths"),
    ],
    "purchases": [
        ((NEW_ID, 1, NOON, str(SKUS[0]), 4.99), None),
        ((None, 1, NOON, str(SKUS[0]), 4.99), "null_key"),
        ((NEW_ID + 1, 1, NOON, str(SKUS[0]), None), "null_required_field"),
        ((NEW_ID + 2, 1, NEXT_DAY, str(SKUS[0]), 4.99), "event_ts_outside_partition"),
        ((NEW_ID + 3, 1, NOON, str(SKUS[0]), -4.99), "negative_price"),
        ((NEW_ID + 4, 1, NOON, "no_such_sku", 4.99), "unknown_item_sku"),
    ],
    "heartbeats": [
        ((NEW_ID, 1, 0, NOON, 10.0, 10.0, 1.0), None),
        ((NEW_ID, None, 0, NOON, 10.0, 10.0, 1.0), "null_key"),
        ((NEW_ID, 2, None, NOON, 10.0, 10.0, 1.0), "null_required_field"),
        ((NEW_ID, 3, 0, NEXT_DAY, 10.0, 10.0, 1.0), "event_ts_outside_partition"),
        ((NEW_ID, 4, 0, NOON, -1.0, 10.0, 1.0), "position_off_map"),
        ((NEW_ID, 5, 0, NOON, 10.0, 2000.5, 1.0), "position_off_map"),
        ((NEW_ID, 6, 0, NOON, 10.0, 10.0, 101.0), "position_off_map"),
    ],
}
STAGED = {"session_ends": ("staging.stg_session_ends", "session_id"),
          "purchases": ("staging.stg_purchases", "purchase_id"),
          "heartbeats": ("staging.stg_heartbeats", "session_id")}


def write_rows(folder, dataset: str) -> None:
    schema = SCHEMAS[dataset]
    columns = list(zip(*(row for row, _ in ROWS[dataset])))
    table = pa.table([pa.array(values, type=field.type) for values, field in zip(columns, schema)], schema=schema)
    pq.write_table(table, folder / f".{FILE}.tmp")
    (folder / f".{FILE}.tmp").rename(folder / FILE)


@pytest.fixture(scope="module")
def loaded(suite: Suite):
    wh = suite.warehouse("contract-rows")
    for n in range(2):
        land(suite.clean, suite.raw, n)
    for dataset in ROWS:
        write_rows(day_folder(suite.raw, dataset, 0), dataset)
    wh.run()
    return wh.tables("staging.stg_heartbeats")


@pytest.mark.parametrize("dataset", ROWS)
def test_each_breach_is_quarantined_with_its_reason(loaded, dataset):
    quarantine = loaded["staging.quarantine"]
    quarantine = quarantine[quarantine["dataset"] == dataset]
    ours = quarantine[quarantine["source_file"].str.endswith(f"/{FILE}")]
    expected = sorted((number, reason) for number, (_, reason) in enumerate(ROWS[dataset]) if reason)
    assert sorted(zip(ours["file_row_number"], ours["quarantine_reason"])) == expected
    assert len(quarantine) == len(ours)  # the generated rows all pass


@pytest.mark.parametrize("dataset", ROWS)
def test_rows_are_counted_and_the_good_row_of_the_file_loads(loaded, suite, dataset):
    model, key = STAGED[dataset]
    staged, clean = loaded[model], suite.clean_tables()[model]
    bad = sum(reason is not None for _, reason in ROWS[dataset])
    counts = rows_on(loaded["staging.load_counts"], "event_date", {day(0)})
    [row] = counts[counts["dataset"] == dataset].itertuples()
    clean_day = rows_on(clean, "event_date", {day(0)})
    assert (row.raw_rows, row.staged_rows, row.duplicate_rows, row.quarantined_rows) == (
        len(clean_day) + len(ROWS[dataset]), len(clean_day) + 1, 0, bad)
    assert (staged[key] == str(NEW_ID)).sum() == 1
    # and nothing else changed: the clean rows are staged as they are in the clean build
    assert_same_tables({model: staged[staged[key] != str(NEW_ID)].reset_index(drop=True)},
                       {model: rows_on(clean, "event_date", {day(0), day(1)})})


def test_the_good_rows_reach_core(loaded):
    sessions, purchases = loaded["core.fct_player_sessions"], loaded["core.fct_purchases"]
    assert sessions[sessions["session_id"] == str(NEW_ID)][["player_id", "session_seconds", "kills"]].values.tolist() == [["1", 600, 3]]
    assert purchases[purchases["purchase_id"] == str(NEW_ID)][["player_id", "price_usd"]].values.tolist() == [["1", 4.99]]  # DuckDB hands DECIMALs to pandas as floats
