"""`sprint collect`'s HTTP answers (SPEC §5), on a real server over loopback."""

from __future__ import annotations

import gzip
import subprocess

import orjson
import pytest

from collector_helpers import (BIN, KEY, OTHER_KEY, Collector, days_ago, heartbeat, landed, landed_rows, purchase,
                               session_end, wait_for)

pytestmark = pytest.mark.slow
DAY = days_ago(3)


@pytest.fixture(scope="module")
def collector(tmp_path_factory):
    with Collector(tmp_path_factory.mktemp("api") / "raw", "--flush-seconds", "0.2") as running:
        yield running


def test_health_needs_no_key(collector):
    assert collector.health()["status"] == "ok"


@pytest.mark.parametrize("key", [None, "wrong", f"{KEY}x", ""])
def test_without_a_valid_key_401(collector, key):
    response = collector.post([heartbeat(1, DAY)], key=key)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["error"]


def test_every_configured_key_is_accepted(collector):
    for key in (KEY, OTHER_KEY):
        assert collector.post([], key=key).json() == {"accepted": 0, "rejected": []}


@pytest.mark.parametrize("body, ndjson, message", [
    (b"not json", False, "the body is not JSON"),
    (b'{"type": "heartbeat"}', False, "the body must be a JSON array of events"),
    (b"", False, "the body is not JSON"),
    (b"{oops\n[1,\n", True, "the body is not NDJSON: no line is JSON"),
])
def test_a_body_that_is_not_json_400(collector, body, ndjson, message):
    response = collector.post(body=body, ndjson=ndjson)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


def test_bad_gzip_400_and_other_encodings_415(collector):
    response = collector.post(body=b"not gzip", headers={"Content-Encoding": "gzip"})
    assert (response.status_code, response.json()["error"][:29]) == (400, "the body is not valid gzip (E")
    response = collector.post([heartbeat(1, DAY)], headers={"Content-Encoding": "br"})
    assert response.status_code == 415


def test_over_the_limits_413(collector):
    from sprint.collector.body import MAX_BODY_BYTES, MAX_EVENTS

    big = b"[" + b" " * MAX_BODY_BYTES + b"]"
    assert collector.post(body=big).status_code == 413
    # A gzip bomb is measured after decoding: 5 MB of spaces compress to a few kB.
    response = collector.post(body=gzip.compress(big), headers={"Content-Encoding": "gzip"})
    assert response.status_code == 413 and "limit" in response.json()["error"]
    response = collector.post(body=b"[" + b"1," * MAX_EVENTS + b"1]")
    assert response.status_code == 413
    assert response.json()["error"] == f"{MAX_EVENTS + 1:,} events in one request; the limit is {MAX_EVENTS:,}"


def test_bad_events_are_rejected_by_index_and_kept_aside(collector):
    day = days_ago(5)
    events = [
        heartbeat(0, day),
        heartbeat(1, day, event_ts="2026-09-07T10:00:00"),
        heartbeat(2, day, kills=1),
        {k: v for k, v in heartbeat(3, day).items() if k != "team_id"},
        heartbeat(4, day, position_x="far"),
        purchase(5, day, price_usd=None),
        session_end(6, day, kills=2**31),
        {"type": "login", "player_id": 7},
        ["not", "an", "object"],
        session_end(9, day, event_ts="yesterday"),
        heartbeat(10, day, player_id=True),
        session_end(11, day),
    ]
    response = collector.post(events)
    assert response.status_code == 200
    assert response.json() == {"accepted": 2, "rejected": [
        {"index": 1, "reason": 'event_ts "2026-09-07T10:00:00" has no offset: add Z or +HH:MM'},
        {"index": 2, "reason": "unknown field kills (a heartbeat has event_ts, player_id, position_x, "
                               "position_y, position_z, session_id, team_id)"},
        {"index": 3, "reason": "team_id is missing"},
        {"index": 4, "reason": 'position_x must be a number, got "far"'},
        {"index": 5, "reason": "price_usd must be a number, got null"},
        {"index": 6, "reason": "kills 2147483648 does not fit a 32-bit integer"},
        {"index": 7, "reason": 'type must be one of session_end, purchase, heartbeat, got "login"'},
        {"index": 8, "reason": "an event must be a JSON object, got an array"},
        {"index": 9, "reason": 'event_ts "yesterday" is not an ISO 8601 instant'},
        {"index": 10, "reason": "player_id must be an integer or a string, got true"},
    ]}
    rejected_folder = collector.raw / "_collector" / "rejected"
    kept = wait_for(lambda: [orjson.loads(line) for path in sorted(rejected_folder.glob("*/*.ndjson"))
                             for line in path.read_bytes().splitlines()], "the rejected events to be kept")
    assert [(r["index"], r["event"]) for r in kept] == [(i, events[i]) for i in range(1, 11)]
    assert kept[0]["reason"] == response.json()["rejected"][0]["reason"]
    wait_for(lambda: landed_rows(collector.raw, "session_ends") == 1, "the good session_end to land")
    assert landed(collector.raw, "heartbeats")["player_id"].to_pylist().count(0) == 1


def test_gzip_and_ndjson(collector):
    day = days_ago(6)
    events = [heartbeat(n, day) for n in range(1000, 1010)]
    for gzipped in (False, True):
        response = collector.post(events[:5] if gzipped else events[5:], ndjson=True, gzipped=gzipped)
        assert response.json() == {"accepted": 5, "rejected": []}
    # One broken NDJSON line is one rejected event; the lines around it land.
    body = orjson.dumps(heartbeat(1010, day)) + b"\n{broken\n\n" + orjson.dumps(heartbeat(1011, day)) + b"\n"
    answer = collector.post(body=body, ndjson=True, gzipped=True).json()
    assert answer["accepted"] == 2
    assert [r["index"] for r in answer["rejected"]] == [1]
    assert answer["rejected"][0]["reason"].startswith("not valid JSON (")
    folder = collector.raw / "heartbeats" / f"event_date={day}"
    wait_for(lambda: landed_rows(collector.raw, "heartbeats") >= 12 and (folder / "_SUCCESS").exists(),
             "the day to land")
    table = landed(collector.raw, "heartbeats")
    players = sorted(p for p in table["player_id"].to_pylist() if p >= 1000)
    assert players == list(range(1000, 1012))


def test_a_retried_batch_lands_once(collector):
    day = days_ago(7)
    events = [purchase(n, day) for n in range(2000, 2100)] + [purchase(0, day, price_usd="free")]
    batch = {"Idempotency-Key": "0b8d6a2e-retry-test"}
    first = collector.post(events, gzipped=True, headers=batch)
    again = collector.post(events, gzipped=True, headers=batch)  # gzip'ed anew: other bytes, same batch
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"accepted": 100, "rejected": [
        {"index": 100, "reason": 'price_usd must be a number, got "free"'}]}
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    reused = collector.post(events[:5], headers=batch)
    assert reused.status_code == 422 and "used for another body" in reused.json()["error"]
    wait_for(lambda: (collector.raw / "purchases" / f"event_date={day}" / "_SUCCESS").exists(), "the day to close")
    ids = landed(collector.raw, "purchases")["purchase_id"].to_pylist()
    assert sorted(i for i in ids if 2000 <= i < 2100) == list(range(2000, 2100))


def test_saturated_503_with_retry_after(tmp_path):
    day = days_ago(2)
    # A tiny spool and no flush for an hour: the spool fills after a few batches.
    with Collector(tmp_path / "raw", "--max-spool-mb", "1", "--flush-seconds", "3600") as collector:
        answers = [collector.post([heartbeat(n, day) for n in range(b * 2000, b * 2000 + 2000)])
                   for b in range(20)]
        statuses = [a.status_code for a in answers]
        assert 200 in statuses and 503 in statuses
        assert statuses == sorted(statuses)  # once full, it stays full until a flush
        busy = answers[statuses.index(503)]
        assert busy.headers["Retry-After"] == "3600" and busy.json()["error"].startswith("saturated: the spool holds")
        accepted = sum(a.json()["accepted"] for a in answers if a.status_code == 200)
        collector.stop()  # SIGTERM flushes what was accepted
    assert landed_rows(tmp_path / "raw", "heartbeats") == accepted


def test_refuses_to_start_without_keys_or_on_a_taken_port(tmp_path, collector):
    command = [BIN / "sprint", "collect", "--raw-root", str(tmp_path / "raw")]
    result = subprocess.run(command, env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("sprint collect: error: set SPRINT_COLLECTOR_KEYS to one or more comma-separated "
                             "API keys; the collector does not start without\n")
    result = subprocess.run([*command, "--port", str(collector.port)], env={"SPRINT_COLLECTOR_KEYS": KEY},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith(f"sprint collect: error: cannot listen on 127.0.0.1:{collector.port} (")
    assert not (tmp_path / "raw").exists()
