"""How the collector's Parquet files are typed and encoded: the contract's schema with each
id column in its dataset's kind (idkinds.py), and the generator's encodings."""

from __future__ import annotations

import pyarrow as pa

from generator.contract import DATASETS, ID
from generator.datasets import UNCOMPRESSED
from generator.writer import encoding_options
from sprint.collector.idkinds import Kinds


def arrow_schema(dataset: str, kinds: Kinds) -> pa.Schema:
    """The contract's schema for `dataset`, each id column as an integer or a string per `kinds`."""
    return pa.schema(
        (c.name, pa.string() if c.kind is ID and not kinds[c.name] else c.arrow_type)
        for c in DATASETS[dataset].columns
    )


def write_options(dataset: str, schema: pa.Schema) -> dict:
    """ParquetWriter keyword arguments for a file of `dataset` with `schema`."""
    return encoding_options(schema, UNCOMPRESSED.get(dataset, ()))
