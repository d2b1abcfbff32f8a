"""The files `generate` writes follow SPEC §1 and ARCHITECTURE.md exactly."""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa
import pyarrow.parquet as pq
from generator_helpers import SMALL, day_folders, read, small_raw  # noqa: F401 (fixture)

from generator import calibration, catalogue, params
from generator.datasets import SCHEMAS
from sprint.project import DATASETS, PROJECT_ROOT

TS = pa.timestamp("us", tz="UTC")
CONTRACT = {  # ARCHITECTURE.md "Raw data as the generator writes it"
    "session_ends": [
        ("session_id", pa.int64()),
        ("player_id", pa.int64()),
        ("event_ts", TS),
        ("country", pa.string()),
        ("event_length_s", pa.int32()),
        ("kills", pa.int32()),
        ("deaths", pa.int32()),
    ],
    "purchases": [
        ("purchase_id", pa.int64()),
        ("player_id", pa.int64()),
        ("event_ts", TS),
        ("item_sku", pa.string()),
        ("price_usd", pa.float64()),
    ],
    "heartbeats": [
        ("session_id", pa.int64()),
        ("player_id", pa.int64()),
        ("team_id", pa.int32()),
        ("event_ts", TS),
        ("position_x", pa.float32()),
        ("position_y", pa.float32()),
        ("position_z", pa.float32()),
    ],
}


def test_one_folder_per_dataset_and_day(small_raw):
    assert sorted(p.name for p in small_raw.iterdir()) == sorted(DATASETS)
    dates = [SMALL["start"] + dt.timedelta(days=i) for i in range(SMALL["days"])]
    for dataset in DATASETS:
        assert sorted(p.name for p in (small_raw / dataset).iterdir()) == [f"event_date={d}" for d in dates]


def test_columns_and_types_match_the_contract(small_raw):
    assert set(SCHEMAS) == set(CONTRACT) == set(DATASETS)
    for dataset, columns in CONTRACT.items():
        for path in (small_raw / dataset).glob("*/*.parquet"):
            schema = pq.read_schema(path)
            assert [(f.name, f.type) for f in schema] == columns, path
            assert str(pq.ParquetFile(path).metadata.row_group(0).column(0).compression).lower() == "zstd"


def test_success_is_written_last_and_no_temporary_files_remain(small_raw):
    for folder in day_folders(small_raw):
        names = sorted(p.name for p in folder.iterdir())
        assert names == ["_SUCCESS", "part-0000.parquet"], folder
        assert (folder / "_SUCCESS").stat().st_mtime_ns >= (folder / "part-0000.parquet").stat().st_mtime_ns


def test_partition_is_the_utc_date_of_each_event(small_raw):
    for dataset in DATASETS:
        rows = read(small_raw, dataset)
        assert len(rows) > 0, dataset
        assert (rows["event_ts"].dt.tz_convert("UTC").dt.date == rows["event_date"]).all(), dataset


def test_country_codes_are_iso_alpha2(small_raw):
    codes = set(read(small_raw, "session_ends")["country"])
    assert codes <= {c.code for c in params.COUNTRIES}
    assert all(len(c) == 2 and c.isupper() for c in codes)


def test_catalogue_seed_is_the_catalogue():
    seed = (PROJECT_ROOT / "seeds" / "products.csv").read_text()
    assert seed == catalogue.seed_csv()
    assert len({p.item_sku for p in catalogue.CATALOGUE}) == len(catalogue.CATALOGUE)


def test_map_bounds_agree_with_the_warehouse_config():
    # config.yaml is a Jinja template, so read the variables' lines rather than parse it
    text = (PROJECT_ROOT / "config.yaml").read_text()
    variables = {
        name: float(value) for name, value in re.findall(r"^\s*(map_[xyz]_m(?:in|ax)):\s*([\d.]+)", text, re.M)
    }
    assert len(variables) == 6
    assert (variables["map_x_min"], variables["map_y_min"], variables["map_z_min"]) == (0, 0, 0)
    assert (variables["map_x_max"], variables["map_y_max"], variables["map_z_max"]) == (
        params.MAP_X_MAX,
        params.MAP_Y_MAX,
        params.MAP_Z_MAX,
    )


def test_calibration_report_reads_the_files(small_raw):
    figures = calibration.measure(small_raw)
    assert figures["kills per player-minute, matches whose kills != deaths"][1] == 0
    low, high = figures["heartbeat gap seconds min / max (8th day)"]
    assert 30 - 2 * params.HEARTBEAT.jitter_s <= low <= high <= 30 + 2 * params.HEARTBEAT.jitter_s
    assert figures["matches with a close encounter (R = 50), match-ticks with one (8th day)"][0] > 0.5
