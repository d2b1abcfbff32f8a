"""The concurrency and K/D marts carry over to Apache Spark like the answer marts: rendered, they
transpile cleanly and use none of the DuckDB-only constructs the project avoids
(tests/test_answers_portability.py; tests/test_spark_parity.py runs every model on Spark)."""

from __future__ import annotations

import pytest
import sqlglot

from test_answers_portability import DUCKDB_ONLY

MARTS = ("marts.kpi_concurrency", "marts.kpi_concurrency_daily", "marts.kpi_kd_distribution")


@pytest.fixture(scope="module")
def rendered(rendering_context) -> dict[str, str]:
    return {name: rendering_context.render(name, start="2026-10-24", end="2026-10-25").sql("duckdb") for name in MARTS}


@pytest.mark.parametrize("name", MARTS)
def test_transpiles_to_spark(rendered, name):
    assert sqlglot.transpile(rendered[name], read="duckdb", write="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)


@pytest.mark.parametrize("name", MARTS)
def test_avoids_duckdb_only_functions(rendered, name):
    assert not DUCKDB_ONLY.findall(rendered[name])
