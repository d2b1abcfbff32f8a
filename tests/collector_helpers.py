"""A real `sprint collect` for the collector tests: a subprocess on a free loopback port.

The collector picks its port (`--port 0`) and names it in its first log line, so tests
never race for one; a restarted collector asks for the port it had. Every wait is a poll
with a deadline.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import requests

BIN = Path(sys.executable).parent
KEY = "test-key-1"
OTHER_KEY = "test-key-2"
DEADLINE_S = 30.0


class Collector:
    """`sprint collect --raw-root <raw>` with the given extra arguments; a context manager."""

    def __init__(self, raw: Path, *args: str, env: dict | None = None):
        self.raw, self.args = raw, list(args)
        self.env = {**os.environ, "SPRINT_COLLECTOR_KEYS": f"{KEY},{OTHER_KEY}", **(env or {})}
        self.log = raw.parent / f"{raw.name}-collector.log"
        self.port = 0
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Collector:
        return self.start()

    def __exit__(self, *_) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()

    def start(self) -> Collector:
        logged = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [BIN / "sprint", "collect", "--raw-root", str(self.raw), "--port", str(self.port), *self.args],
                env=self.env, stdout=log, stderr=log, cwd=self.raw.parent)

        def listening() -> re.Match | None:
            assert self.process.poll() is None, f"sprint collect exited {self.process.returncode}:\n{self.output()}"
            return re.search(r"listening on http://[\d.]+:(\d+)", self.log.read_text()[logged:])

        self.port = int(wait_for(listening, "the collector to listen")[1])
        wait_for(lambda: self.health(), "/healthz to answer")
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def health(self) -> dict | None:
        try:
            response = requests.get(f"{self.url}/healthz", timeout=5)
        except requests.ConnectionError:
            return None
        return response.json() if response.status_code == 200 else None

    def post(self, events: list | None = None, *, body: bytes | None = None, key: str | None = KEY,
             ndjson: bool = False, gzipped: bool = False, headers: dict | None = None) -> requests.Response:
        """POST /v1/events: `events` as a JSON array (or NDJSON lines), or a raw `body`."""
        if body is None:
            body = encode(events, ndjson)
        sent = {"Content-Type": "application/x-ndjson" if ndjson else "application/json"}
        if gzipped:
            body, sent["Content-Encoding"] = gzip.compress(body), "gzip"
        if key is not None:
            sent["Authorization"] = f"Bearer {key}"
        return requests.post(f"{self.url}/v1/events", data=body, headers={**sent, **(headers or {})}, timeout=30)

    def stop(self) -> None:
        """SIGTERM: the collector flushes its spool and exits."""
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=DEADLINE_S) == 0, self.output()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=DEADLINE_S)

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""


def encode(events: list, ndjson: bool = False) -> bytes:
    import orjson

    if ndjson:
        return b"".join(orjson.dumps(event) + b"\n" for event in events)
    return orjson.dumps(events)


def wait_for(condition: Callable, what: str, deadline_s: float = DEADLINE_S, every_s: float = 0.05):
    """Poll `condition` until it returns something true; that value."""
    end = time.monotonic() + deadline_s
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < end, f"gave up waiting {deadline_s:.0f} s for {what}"
        time.sleep(every_s)


def days_ago(n: int) -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=n)


def instant(day: dt.date, seconds: int = 0) -> str:
    return (dt.datetime.combine(day, dt.time(), dt.timezone.utc) + dt.timedelta(seconds=seconds)).isoformat()


def heartbeat(n: int, day: dt.date, **changes) -> dict:
    """A valid heartbeat; `n` makes its natural key unique (player n at second n of `day`)."""
    event = {"type": "heartbeat", "session_id": 1 + n // 10, "player_id": n, "team_id": n % 2,
             "event_ts": instant(day, n % 86_400), "position_x": 10.5, "position_y": 20.25, "position_z": 1.0}
    return {**event, **changes}


def session_end(n: int, day: dt.date, **changes) -> dict:
    event = {"type": "session_end", "session_id": 1 + n // 10, "player_id": n, "event_ts": instant(day, 3600),
             "country": "DE", "event_length_s": 600, "kills": 3, "deaths": 1}
    return {**event, **changes}


def purchase(n: int, day: dt.date, **changes) -> dict:
    event = {"type": "purchase", "purchase_id": n, "player_id": n, "event_ts": instant(day, 7200),
             "item_sku": "cur_500", "price_usd": 4.99}
    return {**event, **changes}


def landed(raw: Path, dataset: str) -> pa.Table | None:
    """Every row of `dataset` under `raw`, with its file; None before any file."""
    tables = []
    for path in sorted((raw / dataset).glob("event_date=*/*.parquet")):
        table = pq.read_table(path)
        tables.append(table.append_column("file", pa.array([str(path.relative_to(raw))] * table.num_rows)))
    return pa.concat_tables(tables, promote_options="permissive") if tables else None


def landed_rows(raw: Path, dataset: str) -> int:
    return sum(pq.read_metadata(path).num_rows for path in (raw / dataset).glob("event_date=*/*.parquet"))
