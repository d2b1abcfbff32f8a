"""Sending event batches to a collector as game clients do: concurrently, retrying each batch as it was.

`send` posts gzip'ed JSON bodies from `clients` threads, each on its own keep-alive
connection. A batch answered 503 waits its Retry-After; one whose connection fails or
times out waits with capped exponential backoff; either is sent again byte for byte with
the same Idempotency-Key, so the collector stores it once even when the first try had
reached it. Other answers (401, 400, 413, 422) stop the send with the collector's reason.
"""

from __future__ import annotations

import gzip
import http.client
import queue
import random
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import orjson

from sprint.collector import EVENTS_PATH, HEALTH_PATH

KEY_ENV = "SPRINT_COLLECTOR_KEY"  # the client's API key (the collector reads SPRINT_COLLECTOR_KEYS)


class SendError(Exception):
    """The collector refused a batch for good, or never took it: a one-line reason."""


@dataclass(frozen=True)
class Body:
    data: bytes  # gzip'ed JSON array
    events: int


def encode(events: list) -> Body:
    # mtime=0: the same batch always encodes to the same bytes.
    return Body(gzip.compress(orjson.dumps(events), compresslevel=1, mtime=0), len(events))


@dataclass
class SendReport:
    batches: int = 0
    events: int = 0
    accepted: int = 0
    rejected: int = 0
    retries: int = 0  # sends of a batch after its first
    repeated: int = 0  # batches the collector had already stored, answered again from their Idempotency-Key
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds per answered request
    reasons: list[str] = field(default_factory=list)  # the first rejection reasons, for the report

    def lines(self) -> list[str]:
        rate = self.accepted / self.seconds if self.seconds else 0.0
        lines = [f"sent {self.events:,} events in {self.batches:,} batches in {self.seconds:.1f} s: "
                 f"{self.accepted:,} accepted ({rate:,.0f}/s), {self.rejected:,} rejected, {self.retries:,} retries"]
        lines += [f"  rejected: {reason}" for reason in self.reasons]
        return lines


def send(url: str, key: str, bodies: Iterable[Body], clients: int = 8, timeout: float = 30.0,
         max_attempts: int = 10) -> SendReport:
    """Send every body to the collector at `url` (its base URL, or the full /v1/events URL)."""
    target = _Target(url, key, timeout)
    report, lock = SendReport(), threading.Lock()
    work: queue.Queue = queue.Queue(maxsize=2 * clients)
    failed: list[SendError] = []
    stop = threading.Event()

    def client() -> None:
        connection = target.connect()
        while (body := work.get()) is not None:
            if stop.is_set():
                continue
            try:
                answer, retries, seconds, repeated = _deliver(target, connection, body, max_attempts)
            except SendError as error:
                failed.append(error)
                stop.set()
                continue
            with lock:
                report.batches += 1
                report.events += body.events
                report.accepted += answer["accepted"]
                report.rejected += len(answer["rejected"])
                report.retries += retries
                report.repeated += repeated
                report.latencies.append(seconds)
                report.reasons += [f"#{r['index']}: {r['reason']}" for r in answer["rejected"][:5 - len(report.reasons)]]
        connection.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    try:
        for body in bodies:
            if stop.is_set():
                break
            work.put(body)
    finally:
        for _ in threads:
            work.put(None)
        for thread in threads:
            thread.join()
    report.seconds = time.perf_counter() - began
    if failed:
        raise failed[0]
    return report


def check_collector(url: str, timeout: float = 10.0) -> None:
    """Fail now, not after every retry, when `url` is no collector that answers."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SendError(f"{url!r} is not an http(s) URL such as http://127.0.0.1:8080")
    connection = _Target(url, "", timeout).connect()
    try:
        connection.request("GET", HEALTH_PATH)
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException) as error:
        raise SendError(f"cannot reach a collector at {url} ({error})") from None
    finally:
        connection.close()
    if status != 200:
        raise SendError(f"{url}{HEALTH_PATH} answered {status}: is this a Sprint collector?")


class _Target:
    def __init__(self, url: str, key: str, timeout: float):
        parts = urlsplit(url)
        self.url, self.timeout, self.parts = url, timeout, parts
        self.path = parts.path.rstrip("/") or EVENTS_PATH
        self.headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json",
                        "Content-Encoding": "gzip"}

    def connect(self) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self.parts.scheme == "https" else http.client.HTTPConnection
        return kind(self.parts.hostname, self.parts.port, timeout=self.timeout)


def _deliver(target: _Target, connection: http.client.HTTPConnection, body: Body,
             max_attempts: int) -> tuple[dict, int, float, bool]:
    """Post one body until it is answered 200: the answer, the retries, the seconds of the last
    try, and whether the collector had stored the batch before."""
    headers = {**target.headers, "Idempotency-Key": str(uuid.uuid4())}  # the same for every retry
    for attempt, pause in zip(range(max_attempts), _backoff()):
        began = time.perf_counter()
        try:
            connection.request("POST", target.path, body.data, headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()  # the next request reconnects
            time.sleep(pause)
            continue
        if response.status == 200:
            repeated = response.headers.get("Idempotent-Replayed") == "true"
            return orjson.loads(content), attempt, time.perf_counter() - began, repeated
        if response.status == 503 or response.status >= 500:
            time.sleep(_retry_after(response, pause))
            continue
        raise SendError(f"{target.url} answered {response.status}: {_reason(content)}")
    raise SendError(f"{target.url} did not take a batch after {max_attempts} attempts; is the collector running?")


def _backoff() -> Iterator[float]:
    pause = 0.1
    while True:
        yield pause * random.uniform(0.5, 1.5)  # jitter: clients that failed together retry apart
        pause = min(pause * 2, 10.0)


def _retry_after(response: http.client.HTTPResponse, default: float) -> float:
    try:
        return float(response.headers.get("Retry-After", default))
    except ValueError:
        return default


def _reason(content: bytes) -> str:
    try:
        return orjson.loads(content)["error"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return content[:200].decode("utf-8", "replace")
