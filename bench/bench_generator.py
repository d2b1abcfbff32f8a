"""Benchmark `generate`: heartbeats/s, bytes per row, peak memory, against a write-only floor.

    .venv/bin/python bench/bench_generator.py [--players N] [--days N] [--start YYYY-MM-DD]

The floor writes the same number of random heartbeat rows with the same schema, encodings,
compression and chunking, so the ratio says how much the simulation costs on top of
Parquet writing. The floor writes in one thread; `generate` simulates, cuts and writes in
three that overlap, so on a quiet machine the ratio can pass 1. Peak memory is the process's maximum resident set (getrusage), read
before the floor runs. Last, the generated heartbeats of the first day are rewritten with
other compression settings, the measurement behind writer.py's choice. Writes to a
temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from generator import generate
from generator.datasets import SCHEMAS, table, write_options
from generator.run import CHUNK_ROWS
from generator.writer import encoding_options
from generator.calendar import LAUNCH_DATE


def write_floor(folder: Path, rows: int) -> float:
    """Seconds to write `rows` random heartbeat rows the way the generator writes them."""
    gen = np.random.default_rng(0)
    schema = SCHEMAS["heartbeats"]
    began = time.perf_counter()
    with pq.ParquetWriter(folder / "floor.parquet", schema, **write_options("heartbeats")) as out:
        for start in range(0, rows, CHUNK_ROWS):
            n = min(CHUNK_ROWS, rows - start)
            out.write_table(
                table(
                    "heartbeats",
                    {
                        "session_id": gen.integers(10**9, 2 * 10**9, n),
                        "player_id": gen.integers(1, 10**6, n),
                        "team_id": gen.integers(1, 5, n).astype(np.int32),
                        "event_ts": np.sort(gen.integers(0, 86_400 * 10**6, n)) + 1_788_739_200 * 10**6,
                        "position_x": gen.uniform(0, 2000, n).astype(np.float32),
                        "position_y": gen.uniform(0, 2000, n).astype(np.float32),
                        "position_z": gen.uniform(0, 100, n).astype(np.float32),
                    },
                )
            )
    return time.perf_counter() - began


def compare_compression(heartbeats: pa.Table) -> None:
    chosen = write_options("heartbeats")
    candidates = {
        "snappy, default encodings": dict(compression="snappy"),
        "zstd, default encodings": dict(compression="zstd"),
        "zstd, dictionaries for strings only": dict(compression="zstd", use_dictionary=chosen["use_dictionary"]),
        "+ byte-stream-split floats, delta timestamps": encoding_options(heartbeats.schema),
        "+ timestamps not zstd (write_options)": chosen,
    }
    print(f"compression of {heartbeats.num_rows:,} generated heartbeats:")
    for label, options in candidates.items():
        sink = pa.BufferOutputStream()
        began = time.perf_counter()
        pq.write_table(heartbeats, sink, **options)
        seconds = time.perf_counter() - began
        per_row, rate = sink.getvalue().size / heartbeats.num_rows, heartbeats.num_rows / seconds
        print(f"  {label:<46} {per_row:5.1f} bytes/row {rate:>12,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=LAUNCH_DATE + dt.timedelta(days=21))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sprint-bench-") as scratch:
        out = Path(scratch)
        load = os.getloadavg()[0]
        report = generate(out / "raw", args.players, args.start, args.days, args.seed)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        peak_mb, cpu_s = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
        beats = report.datasets["heartbeats"]
        floor_s = write_floor(out, beats.rows)
        first_day = pq.read_table(out / "raw" / "heartbeats" / f"event_date={args.start}")

    print(f"size: --players {args.players} --start {args.start} --days {args.days} --seed {args.seed}")
    print(
        f"total {report.seconds:.1f} s wall, {cpu_s:.1f} s CPU (load average {load:.1f} on {os.cpu_count()} CPUs), "
        f"peak memory {peak_mb:.0f} MB"
    )
    for name, r in report.datasets.items():
        per_row = r.bytes / r.rows if r.rows else float("nan")
        print(f"  {name:<13} {r.rows:>12,} rows {per_row:6.1f} bytes/row {r.rows_per_s:>12,.0f} rows/s")
    end_to_end, floor_rate = beats.rows / report.seconds, beats.rows / floor_s
    print(f"heartbeats/s, whole run (all datasets, simulation and writing): {end_to_end:,.0f}")
    print(f"heartbeats per CPU second, whole run:                          {beats.rows / cpu_s:,.0f}")
    print(f"heartbeats/s, floor (random rows written the same way):       {floor_rate:,.0f}")
    print(f"ratio whole run / floor: {end_to_end / floor_rate:.2f}")
    compare_compression(
        first_day.drop_columns([c for c in first_day.column_names if c not in SCHEMAS["heartbeats"].names])
    )


if __name__ == "__main__":
    main()
