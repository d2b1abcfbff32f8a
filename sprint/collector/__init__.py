"""The HTTP collector (`sprint collect`, SPEC §5, docs/COLLECTOR.md).

A request goes app (HTTP: key, limits, body) → events (checked against the raw contract) →
spool (on disk, fsync'ed, before the answer). The flusher turns the spool into SPEC §1
Parquet files and closes days (days). client and replay are the other side: sending
batches with retries, and the simulator's days as events.
"""
