"""Landing on a real `sprint collect`: day closing, late files, and ids in each dataset's kind."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from collector_helpers import Collector, days_ago, heartbeat, landed, landed_rows, purchase, wait_for
from generator.contract import DATASET_NAMES, arrow_schema
from sprint import landing
from sprint.collector.compaction import MERGED

pytestmark = pytest.mark.slow


def test_days_close_after_the_lateness_and_late_events_land_as_extra_files(tmp_path):
    raw = tmp_path / "raw"
    old, today = days_ago(3), days_ago(0)
    old_folder, today_folder = (raw / "heartbeats" / f"event_date={d}" for d in (old, today))
    # With a day of lateness, three days ago is due (it ended two days ago) and today is not.
    with Collector(raw, "--lateness", "1d", "--flush-seconds", "0.2") as collector:
        answer = collector.post([heartbeat(n, old) for n in range(50)] + [heartbeat(n, today) for n in range(5)])
        assert answer.json()["accepted"] == 55
        wait_for(lambda: all((raw / d / f"event_date={old}" / "_SUCCESS").exists() for d in DATASET_NAMES),
                 "three days ago to close in every dataset")
        assert landed_rows(raw, "heartbeats") == 55  # both days were in the flush that closed the old one
        assert not (today_folder / "_SUCCESS").exists()
        assert list((raw / "purchases" / f"event_date={old}").iterdir()) == [
            raw / "purchases" / f"event_date={old}" / "_SUCCESS"]  # no purchases that day: landed empty

        late = collector.post([heartbeat(n, old) for n in range(50, 60)])
        assert late.json()["accepted"] == 10
        wait_for(lambda: collector.health()["late_files"] == 1, "the late file")
        assert len(list(old_folder.glob("*.parquet"))) == 2 and (old_folder / "_SUCCESS").exists()
        collector.stop()
    rows = landed(raw, "heartbeats")
    assert sorted(rows.filter(pc.equal(rows["event_ts"].cast(pa.date32()), old))["player_id"].to_pylist()) \
        == list(range(60))
    # A restart finds today still open: it closes it when due, and nothing else changed.
    with Collector(raw, "--lateness", "1d", "--flush-seconds", "0.2") as collector:
        assert collector.health()["open_days"] == 1
    assert not (today_folder / "_SUCCESS").exists()


def test_ids_follow_the_kind_of_the_datasets_first_file(tmp_path):
    raw = tmp_path / "raw"
    day = days_ago(4)
    # heartbeats already hold integer ids, purchases string ids (as another producer wrote them).
    for dataset, string_ids in (("heartbeats", False), ("purchases", True)):
        folder = raw / dataset / f"event_date={day}"
        folder.mkdir(parents=True)
        pq.write_table(arrow_schema(dataset, string_ids).empty_table(), folder / "part-0000.parquet")
    with Collector(raw, "--flush-seconds", "0.2") as collector:
        answer = collector.post([
            heartbeat(1, day, player_id="1001"),
            heartbeat(2, day, player_id="p-1002"),
            purchase(3, day, purchase_id=3003),
            purchase(4, day, purchase_id="p-4004"),
        ]).json()
        assert answer["rejected"] == [
            {"index": 1, "reason": "player_id \"p-1002\" is not an integer, and this dataset's player_ids are integers"}]
        wait_for(lambda: landed_rows(raw, "purchases") == 2 and landed_rows(raw, "heartbeats") == 1, "the events")
    assert landed(raw, "heartbeats")["player_id"].to_pylist() == [1001]
    assert landed(raw, "purchases")["purchase_id"].to_pylist() == ["3003", "p-4004"]
    for dataset in ("heartbeats", "purchases"):  # the warehouse's own check accepts every file
        kinds = landing.id_kinds(raw, dataset)
        assert [landing.file_problem(p, dataset, kinds) for p in raw.glob(f"{dataset}/*/*.parquet")] == [None, None]


def test_a_day_closes_as_one_merged_file_when_it_becomes_due(tmp_path):
    raw, yesterday = tmp_path / "raw", days_ago(1)
    now = dt.datetime.now(dt.timezone.utc)
    # Yesterday ended at midnight; this lateness makes it due ten seconds from now: time for
    # three posts and flushes first, even on a busy machine (three seconds were too few once).
    lateness = int((now - dt.datetime.combine(now.date(), dt.time(), dt.timezone.utc)).total_seconds()) + 10
    folder = raw / "heartbeats" / f"event_date={yesterday}"
    with Collector(raw, "--lateness", str(lateness), "--flush-seconds", "0.2") as collector:
        for part in range(3):  # three flushes, three files
            assert collector.post([heartbeat(part * 10 + n, yesterday) for n in range(10)]).json()["accepted"] == 10
            wait_for(lambda: len(list(folder.glob("*.parquet"))) == part + 1, f"file {part + 1}")
        assert not (folder / "_SUCCESS").exists()
        wait_for(lambda: (folder / "_SUCCESS").exists(), "yesterday to close", deadline_s=25)
    assert [p.name for p in folder.glob("*.parquet")] == [MERGED]
    assert sorted(landed(raw, "heartbeats")["player_id"].to_pylist()) == list(range(30))
