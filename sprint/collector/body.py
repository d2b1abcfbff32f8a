"""A request body as a list of events: gzip decoding, JSON array or NDJSON, and the limits.

A JSON array must parse as a whole (else 400). NDJSON is read line by line: a line that is
not JSON is one rejected event (kept aside with its text), so one broken line does not
cost the rest; a body none of whose lines parses is not NDJSON (400). Blank lines are
skipped and do not count as events.
"""

from __future__ import annotations

import zlib

import orjson

from sprint.collector.events import NotJson

MAX_BODY_BYTES = 5 * 1024 * 1024  # as sent and after gzip decoding: a 10,000-event batch is ~2 MB
MAX_EVENTS = 10_000  # per request
NDJSON = "application/x-ndjson"


class BodyError(Exception):
    """A body the collector cannot read: the HTTP status and a one-line reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


def too_large(size: int) -> BodyError:
    return BodyError(413, f"the body is {size:,} bytes or more; the limit is {MAX_BODY_BYTES:,}")


def unzip(body: bytes, content_encoding: str | None) -> bytes:
    """The body as the client wrote it, before any Content-Encoding."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding == "gzip":
        return _gunzip(body)
    if encoding != "identity":
        raise BodyError(415, f"Content-Encoding {encoding} is not supported; send gzip or no encoding")
    return body


def parse(body: bytes, content_type: str | None) -> list:
    """The events of a decoded body (NotJson for NDJSON lines that do not parse)."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    events = _ndjson(body) if media_type == NDJSON else _json_array(body)
    if len(events) > MAX_EVENTS:
        raise BodyError(413, f"{len(events):,} events in one request; the limit is {MAX_EVENTS:,}")
    return events


def _gunzip(body: bytes) -> bytes:
    inflater = zlib.decompressobj(wbits=31)  # gzip framing only
    try:
        data = inflater.decompress(body, MAX_BODY_BYTES + 1)
    except zlib.error as error:
        raise BodyError(400, f"the body is not valid gzip ({error})") from None
    if len(data) > MAX_BODY_BYTES:
        raise too_large(len(data))
    if not inflater.eof:
        raise BodyError(400, "the body is not valid gzip (it ends before the gzip stream does)")
    return data


def _json_array(body: bytes) -> list:
    try:
        events = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        raise BodyError(400, f"the body is not JSON ({error}); send a JSON array of events, "
                             f"or NDJSON with Content-Type {NDJSON}") from None
    if type(events) is not list:
        raise BodyError(400, "the body must be a JSON array of events")
    return events


def _ndjson(body: bytes) -> list:
    events = []
    for line in body.splitlines():
        if not line.strip():
            continue
        try:
            events.append(orjson.loads(line))
        except orjson.JSONDecodeError as error:
            events.append(NotJson(line.decode("utf-8", "replace"), str(error)))
    if events and all(isinstance(event, NotJson) for event in events):
        raise BodyError(400, f"the body is not NDJSON: no line is JSON ({events[0].error})")
    return events
