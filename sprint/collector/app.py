"""The HTTP API (SPEC §5): POST /v1/events and GET /healthz, on Starlette.

Order of checks on POST: the key (401), capacity (503 + Retry-After, before the body is
read, so a saturated collector spends nothing on it), the body (413 past the limits, 415
for an encoding other than gzip, 400 when it is not JSON or NDJSON), then the events;
the 200 is sent once they are in the spool on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager

import orjson
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from sprint.collector import EVENTS_PATH, HEALTH_PATH, auth
from sprint.collector.body import MAX_BODY_BYTES, BodyError, too_large, unzip
from sprint.collector.idempotency import MAX_KEY_LENGTH
from sprint.collector.service import Collector, KeyReused, Saturated



def create_app(collector: Collector, keys: tuple[bytes, ...], on_start: Callable, on_stop: Callable) -> Starlette:
    async def events(request: Request) -> Response:
        if not auth.authorized(request.headers.get("authorization"), keys):
            return _error(401, "send a valid API key as 'Authorization: Bearer <key>'", {"WWW-Authenticate": "Bearer"})
        key = request.headers.get("idempotency-key")
        if key is not None and not 0 < len(key) <= MAX_KEY_LENGTH:
            return _error(400, f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters")
        try:
            collector.check_capacity()
        except Saturated as busy:
            return _error(503, f"saturated: {busy}; retry later", {"Retry-After": str(busy.retry_after)})
        collector.in_flight += 1
        try:
            # No local keeps the body: while its record waits for the spool, only the record is held.
            answer, repeated = await collector.take(
                unzip(await _read_body(request), request.headers.get("content-encoding")),
                request.headers.get("content-type"), key)
        except BodyError as error:
            return _error(error.status, str(error))
        except KeyReused as error:
            return _error(422, str(error))
        except OSError as error:  # the spool could not be written (a full disk): nothing was accepted
            return _error(503, f"cannot store events now ({error.strerror or error}); retry later", {"Retry-After": "5"})
        except ClientDisconnect:  # gone before its body arrived: nothing was read, no one to answer
            return _error(400, "the client disconnected before sending the whole body")
        finally:
            collector.in_flight -= 1
        return _json(200, answer, {"Idempotent-Replayed": "true"} if repeated else None)

    async def health(request: Request) -> Response:
        return _json(200, collector.health())

    @asynccontextmanager
    async def lifespan(app: Starlette):
        on_start()
        yield
        on_stop()

    return Starlette(
        routes=[Route(EVENTS_PATH, events, methods=["POST"]), Route(HEALTH_PATH, health, methods=["GET"])],
        lifespan=lifespan,
    )


async def _read_body(request: Request) -> bytes:
    """The body as sent (still gzip'ed, if it is), refused past MAX_BODY_BYTES without reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large(int(declared))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise too_large(size)
        chunks.append(chunk)
    return b"".join(chunks)


def _json(status: int, content: dict, headers: dict | None = None) -> Response:
    return Response(orjson.dumps(content), status_code=status, headers=headers, media_type="application/json")


def _error(status: int, reason: str, headers: dict | None = None) -> Response:
    return _json(status, {"error": reason}, headers)
