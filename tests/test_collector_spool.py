"""The write-ahead spool and the flusher's crash safety (sprint/collector/spool.py, flusher.py)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import wait

import pyarrow.parquet as pq
import pytest

from collector_helpers import heartbeat, landed_rows
from sprint.collector.days import OpenDays
from sprint.collector.events import check_events
from sprint.collector.flusher import Flusher
from sprint.collector.idempotency import RecentBatches
from sprint.collector.idkinds import IdKinds
from sprint.collector.record import Record
from sprint.collector.spool import Spool, records

DAY = dt.date(2026, 9, 7)


def test_records_come_back_in_order_and_a_torn_tail_is_cut(tmp_path):
    spool = Spool(tmp_path)
    done = [spool.append(f"record {n}".encode()) for n in range(100)]  # one group commit or a few
    wait(done)
    spool.close()
    (segment,) = tmp_path.glob("*.log")
    size = segment.stat().st_size
    with open(segment, "ab") as file:  # a crash in the middle of writing the next record
        file.write(b"\x40\x00\x00\x00\x00\x00\x00\x00half a rec")
    again = Spool(tmp_path)
    assert again.sealed() == [segment] and segment.stat().st_size == size
    assert list(records(segment)) == [f"record {n}".encode() for n in range(100)]
    again.close()


def test_an_empty_segment_is_not_kept(tmp_path):
    Spool(tmp_path).close()
    assert list(tmp_path.glob("*.log")) == []


def test_a_segment_flushed_again_after_a_crash_lands_once(tmp_path):
    raw, state = tmp_path / "raw", tmp_path / "raw" / "_collector"
    spool = Spool(state / "spool")
    kinds = IdKinds({})
    for batch in range(3):
        events = [heartbeat(n, DAY) for n in range(batch * 100, batch * 100 + 100)]
        spool.append(Record(0, None, None, check_events(events, kinds)).encode()).result()
    flusher = Flusher(spool, OpenDays(raw, dt.timedelta(hours=1)), RecentBatches(state / "keys"), state, 1.0)
    spool.seal()
    (segment,) = spool.sealed()
    flusher.flush_segment(segment)  # files written and renamed, then the process dies before the trim
    (written,) = raw.glob("heartbeats/event_date=2026-09-07/*.parquet")
    first = pq.read_table(written)
    spool.close()

    restarted = Spool(state / "spool")
    assert restarted.sealed() == [segment]
    Flusher(restarted, OpenDays(raw, dt.timedelta(hours=1)), RecentBatches(state / "keys"), state, 1.0).flush()
    assert list(raw.glob("heartbeats/event_date=2026-09-07/*.parquet")) == [written]
    assert pq.read_table(written).equals(first) and landed_rows(raw, "heartbeats") == 300
    assert restarted.sealed() == []
    # The launch day is long over: the flush closed it in every dataset, empty ones included.
    assert sorted(p.parent.parent.name for p in raw.glob("*/event_date=2026-09-07/_SUCCESS")) == [
        "heartbeats", "purchases", "session_ends"]
    restarted.close()


def test_a_segment_that_cannot_be_started_fails_the_seal_not_the_writer(tmp_path, monkeypatch):
    spool = Spool(tmp_path)
    spool.append(b"first").result()
    start = spool._start_segment
    monkeypatch.setattr(spool, "_start_segment", lambda: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(OSError, match="No space left"):
        spool.seal()
    spool.append(b"second").result()  # the writer lives on, in the segment it had
    monkeypatch.setattr(spool, "_start_segment", start)
    spool.seal()
    (segment,) = spool.sealed()
    assert list(records(segment)) == [b"first", b"second"]
    assert spool.backlog_bytes == segment.stat().st_size
    spool.close()
