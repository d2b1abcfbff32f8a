"""@integers on its own: 0 .. count - 1, each once, on DuckDB; plain SQL for Spark."""

from __future__ import annotations

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from sqlmesh.core.macros import MacroEvaluator

from macro_helpers import load_macro_file

integers_module = load_macro_file("integers")


def render(count: int) -> str:
    table = integers_module.integers(MacroEvaluator(dialect="duckdb"), exp.Literal.number(count))
    return exp.select("n").from_(table.as_("numbers")).sql(dialect="duckdb")


@pytest.mark.parametrize("count", [1, 9, 10, 11, 288, 1000, 10000])
def test_every_number_below_count_once(count):
    numbers = [n for (n,) in duckdb.sql(render(count)).fetchall()]
    assert sorted(numbers) == list(range(count))


def test_a_count_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1, got 0"):
        render(0)


def test_sql_transpiles_to_spark():
    sqlglot.transpile(render(288), read="duckdb", write="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)
