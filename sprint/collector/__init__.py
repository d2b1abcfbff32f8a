"""The HTTP collector (`sprint collect`, SPEC §5, docs/COLLECTOR.md).

A request goes through

    app        HTTP: the key (auth), capacity, the body's limits and decoding (body)
    service    one request: Idempotency-Keys (idempotency), checking, storing
    events     the request's events checked against the raw contract; values: each column's
               JSON form; idkinds: integer or string ids per dataset
    record     what the spool keeps of a request; spool: on disk, fsync'ed, before the 200

and then, every few seconds,

    flusher    sealed spool segments become Parquet files (parquet: their schema and
               encodings; files: written whole, fsync'ed, renamed)
    days       due days get _SUCCESS in every dataset, after their files are merged (compaction)

server runs it all under uvicorn. client and replay are the other side: sending batches
with retries, and the simulator's days as events (`sprint generate --send`).
"""

# The API's paths (SPEC §5), for the server (app) and the client alike.
EVENTS_PATH = "/v1/events"
HEALTH_PATH = "/healthz"
