"""Running the collector: recover, bind, serve with uvicorn until stopped, flush on the way out."""

from __future__ import annotations

import datetime as dt
import logging
import socket
from pathlib import Path

import uvicorn

from sprint.collector.app import create_app
from sprint.collector.service import Collector
from sprint.errors import UserError

log = logging.getLogger("sprint.collector")


def serve(
    raw_root: Path,
    keys: tuple[bytes, ...],
    address: str,
    port: int,
    flush_seconds: float,
    lateness: dt.timedelta,
    max_spool_bytes: int,
) -> None:
    """Serve until SIGINT or SIGTERM; what is in the spool then is flushed before returning."""
    listener = bind(address, port)  # first: a taken port is an error before anything is touched
    collector = Collector(raw_root, flush_seconds, lateness, max_spool_bytes)

    def stop() -> None:
        collector.flusher.stop()
        collector.spool.close()

    app = create_app(collector, keys, on_start=collector.flusher.start, on_stop=stop)
    config = uvicorn.Config(app, loop="uvloop", http="httptools", lifespan="on", access_log=False,
                            log_level="warning")
    host, bound_port = listener.getsockname()[:2]
    log.info("listening on http://%s:%s/v1/events; landing in %s; state in %s",
             host, bound_port, raw_root, collector.state)
    uvicorn.Server(config).run(sockets=[listener])


def bind(address: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart need not wait out TIME_WAIT
    try:
        listener.bind((address, port))
    except OSError as error:
        listener.close()
        raise UserError(f"cannot listen on {address}:{port} ({error.strerror}); pass another --port or --address") from None
    listener.listen(1024)
    return listener
