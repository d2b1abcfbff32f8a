"""The answer marts' SQL must carry over to Apache Spark (issue 8): rendered, it transpiles
cleanly and uses none of the DuckDB-only constructs the project avoids."""

from __future__ import annotations

import re

import pytest
import sqlglot

DUCKDB_ONLY = re.compile(
    r"\b(ASOF|TIME_BUCKET|LIST_SUM|EPOCH_MS|STRING_AGG|LIST|ARRAY_AGG|PERCENTILE_CONT|GENERATE_SERIES|"
    r"ISODOW|DAYOFWEEK|DATE_PART|LN|LOG)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def marts(rendering_context):
    return {
        name: rendering_context.render(name, start="2026-09-28", end="2026-10-04").sql("duckdb")
        for name, model in rendering_context.models.items()
        if model.schema_name == "marts" and "answers" in model.tags
    }


def test_every_question_has_a_mart(marts):
    assert {name.split(".")[-1].strip('"')[:2] for name in marts} == {"q1", "q2", "q3", "q4", "q5", "q6"}


def test_marts_transpile_to_spark(marts):
    for name, sql in marts.items():
        spark = sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)
        assert spark, name


def test_marts_avoid_duckdb_only_functions(marts):
    for name, sql in marts.items():
        assert not DUCKDB_ONLY.findall(sql), name
