"""SIGKILL under sustained load, then a restart: every accepted event lands exactly once."""

from __future__ import annotations

import threading

import pytest

from collector_helpers import KEY, Collector, days_ago, heartbeat, landed, wait_for
from sprint.collector import client

pytestmark = pytest.mark.slow
BATCHES, BATCH = 600, 200
KILLS = (150, 400)  # SIGKILL when the client takes these batches: about a quarter and two thirds in


def test_every_accepted_event_lands_exactly_once_after_sigkills(tmp_path):
    raw, day = tmp_path / "raw", days_ago(2)
    bodies = [client.encode([heartbeat(n, day) for n in range(b * BATCH, (b + 1) * BATCH)]) for b in range(BATCHES)]
    # A short flush interval, so the kills also fall among flushes, renames and trims.
    collector = Collector(raw, "--flush-seconds", "0.05").start()
    outcome = {}
    reached = {n: threading.Event() for n in KILLS}

    def handed_out():  # the batches as the client takes them, saying when a kill is due
        for n, body in enumerate(bodies):
            if n in reached:
                reached[n].set()
            yield body

    def load() -> None:  # the load client, as `sprint generate --send` runs it: 8 clients, retries
        outcome["report"] = client.send(collector.url, KEY, handed_out(), clients=8, max_attempts=30)

    sender = threading.Thread(target=load)
    sender.start()
    for batch in KILLS:  # the clients are busy: at most 2 per client wait in the queue
        reached[batch].wait(timeout=120)
        collector.kill()
        collector.start()
    sender.join(timeout=120)
    report = outcome["report"]
    wait_for(lambda: collector.health()["spool_bytes"] == 0, "the spool to be flushed")
    collector.stop()

    rows = landed(raw, "heartbeats")
    keys = list(zip(rows["player_id"].to_pylist(), rows["event_ts"].to_pylist()))
    print(f"killed twice; {report.retries} retries, "
          f"{report.repeated} batches answered again; {report.accepted:,} accepted, {rows.num_rows:,} landed")
    assert report.batches == BATCHES and report.rejected == 0
    assert report.accepted == rows.num_rows == BATCHES * BATCH  # accepted == landed, exactly
    assert len(set(keys)) == len(keys)  # and nothing twice
    assert sorted(rows["player_id"].to_pylist()) == list(range(BATCHES * BATCH))
    assert report.retries > 0  # the kills did hit requests in flight
