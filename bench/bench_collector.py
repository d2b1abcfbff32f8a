"""Benchmark `sprint collect`: accepted events/s with durability on, latency, memory under overload.

    .venv/bin/python bench/bench_collector.py [--clients 4,16] [--seconds 8] [--batch 500]

Starts the real `sprint collect` (a subprocess with its default flush interval, on a
temporary raw root) and sends it one simulated day's events (20,000 players, mostly
heartbeats), cut into gzip'ed JSON batches once and replayed in a loop, with the load client
of `sprint generate --send` (sprint/collector/client.py). The client runs on the same
machine and takes CPU from the collector, so the rates are a floor.

1. Closed loop, for each --clients: every client sends a batch, waits for its answer, sends
   the next. Accepted events/s; p50 and p99 of the request latency.
2. Overload: an open loop offering twice the best rate of 1 from eight times as many
   clients as the collector takes requests at once (it must shed; and a client waits for
   each answer, so it takes that many to offer 2x), which do not back off on 503.
   Accepted events/s, the share answered 503, the collector's resident memory at start and
   its peak (VmHWM) before and after.
3. Landing: after SIGTERM (which flushes), the rows in the Parquet files must equal the
   events accepted; the benchmark prints both and never asserts.

Rates are set against the mid scenario of docs/SIZING.md (~430 M heartbeats a day: ~5 k
events/s on average, ~15 k/s at a 3x peak) and the 100 k/s target.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import orjson
import pyarrow.parquet as pq

from generator import generate
from generator.calendar import LAUNCH_DATE
from generator.contract import DATASET_NAMES
from sprint.collector import EVENTS_PATH, client, replay
from sprint.collector.service import MAX_IN_FLIGHT


KEY = "bench-key"
MID_AVERAGE = 430e6 / 86_400  # events/s
TARGET = 100_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="4,16", help="closed-loop client counts (default 4,16)")
    parser.add_argument("--seconds", type=float, default=8.0, help="seconds per run (default 8)")
    parser.add_argument("--batch", type=int, default=500, help="events per request (default 500)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-collector-") as folder:
        folder = Path(folder)
        generate(out=folder / "day", players=20_000, start=LAUNCH_DATE, days=1, seed=42)
        bodies = [client.encode(batch) for batch in replay.day_batches(folder / "day", args.batch)]
        print(f"{len(bodies)} batches of up to {args.batch} events, {sum(b.events for b in bodies):,} events, "
              f"{sum(len(b.data) for b in bodies) / len(bodies) / 1024:.0f} kB gzip'ed each on average")
        collector = start_collector(folder / "raw")
        at_start = memory_mb(collector.process.pid, "VmRSS")
        try:
            best = 0.0
            for clients in map(int, args.clients.split(",")):
                report = closed_loop(collector.url, bodies, clients, args.seconds)
                rate = report.accepted / report.seconds
                best = max(best, rate)
                print(f"closed loop, {clients:>3} clients: {rate:>9,.0f} accepted events/s "
                      f"(x{rate / MID_AVERAGE:.1f} the mid average, {rate / TARGET:.0%} of {TARGET:,}/s); "
                      f"latency p50 {percentile(report.latencies, 50):.1f} ms, "
                      f"p99 {percentile(report.latencies, 99):.1f} ms")
            before = memory_mb(collector.process.pid, "VmHWM")
            clients = 8 * MAX_IN_FLIGHT
            offered, accepted, busy, sent = open_loop(collector.url, bodies, clients, 2 * best, args.seconds)
            print(f"overload, {clients} clients asked to offer {2 * best:,.0f} events/s (2x) offered {offered:,.0f}/s: "
                  f"{accepted:,.0f} accepted/s, "
                  f"{busy / sent:.0%} of {sent:,} requests answered 503; collector RSS {at_start:,.0f} MB at "
                  f"start, peak {before:,.0f} MB before the overload, "
                  f"{memory_mb(collector.process.pid, 'VmHWM'):,.0f} MB after")
            health = collector.health()
        finally:
            collector.stop()
        landed = sum(pq.read_metadata(p).num_rows for d in DATASET_NAMES for p in (folder / "raw" / d).rglob("*.parquet"))
        print(f"landing: {health['accepted']:,} events accepted in {health['spool_commits']:,} fsyncs, "
              f"{landed:,} rows in Parquet files after SIGTERM")


def closed_loop(url: str, bodies: list[client.Body], clients: int, seconds: float) -> client.SendReport:
    end = time.perf_counter() + seconds
    return client.send(url, KEY, itertools.takewhile(lambda _: time.perf_counter() < end, itertools.cycle(bodies)),
                       clients=clients)


def open_loop(url: str, bodies: list[client.Body], clients: int, rate: float, seconds: float):
    """Offer `rate` events/s from `clients` threads, each on a fixed schedule, whatever the answers.

    A client whose answer comes after its next send was due sends late, so what the clients
    manage to offer is measured too: (events/s offered, events/s accepted, requests answered
    503, requests sent)."""
    per_client = rate / clients / (sum(b.events for b in bodies) / len(bodies))  # requests/s per client
    counts = {"accepted": 0, "busy": 0, "sent": 0, "offered": 0}
    lock = threading.Lock()
    began = time.perf_counter()

    def run(offset: int) -> None:
        host, port = url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        for n, body in enumerate(itertools.islice(itertools.cycle(bodies), offset, None)):
            due = began + n / per_client
            if due > began + seconds:
                break
            time.sleep(max(0.0, due - time.perf_counter()))
            headers = {"Authorization": f"Bearer {KEY}", "Content-Encoding": "gzip",
                       "Idempotency-Key": str(uuid.uuid4())}
            connection.request("POST", EVENTS_PATH, body.data, headers)
            response = connection.getresponse()
            content = response.read()
            with lock:
                counts["sent"] += 1
                counts["offered"] += body.events
                if response.status == 200:
                    counts["accepted"] += orjson.loads(content)["accepted"]
                else:
                    counts["busy"] += response.status == 503
        connection.close()

    threads = [threading.Thread(target=run, args=(i * 7,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return counts["offered"] / elapsed, counts["accepted"] / elapsed, counts["busy"], counts["sent"]


class start_collector:
    """`sprint collect` on a free port, with its default flush interval and lateness."""

    def __init__(self, raw: Path):
        self.log = raw.parent / "collector.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [Path(sys.executable).with_name("sprint"), "collect", "--raw-root", str(raw), "--port", "0"],
                env={**os.environ, "SPRINT_COLLECTOR_KEYS": KEY}, stdout=log, stderr=log)
        for _ in range(600):
            if found := re.search(r"listening on (http://[\d.]+:\d+)", self.log.read_text()):
                self.url = found[1]
                return
            time.sleep(0.05)
        raise RuntimeError(f"sprint collect did not start:\n{self.log.read_text()}")

    def health(self) -> dict:
        host, port = self.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request("GET", "/healthz")
        return orjson.loads(connection.getresponse().read())

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=120)


def percentile(seconds: list[float], p: float) -> float:
    ordered = sorted(seconds)
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def memory_mb(pid: int, field: str) -> float:
    """A memory figure of /proc/<pid>/status: VmRSS (now) or VmHWM (the peak so far)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status)[1]) / 1024


if __name__ == "__main__":
    main()
