"""The files `generate` writes follow the raw contract (generator/contract.py, docs/CONTRACT.md) exactly."""

from __future__ import annotations

import datetime as dt
import re

import pyarrow.parquet as pq

from generator import calibration, catalogue, contract, params
from generator.calendar import LAUNCH_DATE
from generator.contract import DATASET_NAMES as DATASETS
from generator_helpers import SMALL, day_folders, read
from scratch import REPO
from sprint import project

def test_one_folder_per_dataset_and_day(small_raw):
    assert sorted(p.name for p in small_raw.iterdir()) == sorted(DATASETS)
    dates = [SMALL["start"] + dt.timedelta(days=i) for i in range(SMALL["days"])]
    for dataset in DATASETS:
        assert sorted(p.name for p in (small_raw / dataset).iterdir()) == [f"event_date={d}" for d in dates]


def test_columns_and_types_match_the_contract(small_raw):
    for dataset in DATASETS:
        for path in (small_raw / dataset).glob("*/*.parquet"):
            assert pq.read_schema(path) == contract.arrow_schema(dataset), path
            assert not contract.file_problems(dataset, pq.read_schema(path)), path
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
    seed = (REPO / "seeds" / "products.csv").read_text()
    assert seed == catalogue.seed_csv()
    assert len({p.item_sku for p in catalogue.CATALOGUE}) == len(catalogue.CATALOGUE)


def test_map_bounds_agree_with_the_warehouse_config():
    # config.yaml is a Jinja template, so read the variables' lines rather than parse it
    text = (REPO / "config.yaml").read_text()
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


def test_launch_day_and_default_paths_agree_with_the_warehouse_config():
    text = (REPO / "config.yaml").read_text()
    assert re.search(r'^\s*start: "(\S+)"', text, re.M).group(1) == LAUNCH_DATE.isoformat()
    defaults = dict(re.findall(r"env_var\('(SPRINT_\w+)', '([^']+)'\)", text))
    assert defaults["SPRINT_RAW_ROOT"] == project.DEFAULT_RAW_ROOT
    assert defaults["SPRINT_WAREHOUSE"] == project.DEFAULT_WAREHOUSE
    assert defaults["SPRINT_DUCKDB_MEMORY"] == f"{project.DEFAULT_MEMORY_GB}GB"


def test_calibration_report_reads_the_files(small_raw):
    figures = calibration.measure(small_raw)
    assert figures["kills per player-minute, matches whose kills != deaths"][1] == 0
    low, high = figures["heartbeat gap seconds min / max (8th day)"]
    assert 30 - 2 * params.HEARTBEAT.jitter_s <= low <= high <= 30 + 2 * params.HEARTBEAT.jitter_s
    assert figures["matches with a close encounter (R = 50), match-ticks with one (8th day)"][0] > 0.5
