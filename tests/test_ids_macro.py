"""@as_id: config.yaml's id_type decides the type every table stores ids as (macros/ids.py)."""

from __future__ import annotations

import pytest
from sqlglot import exp

from sqlmesh.core import constants
from sqlmesh.core.macros import MacroEvaluator

from macro_helpers import load_macro_file
from test_encounter_macro import DAY, close_runs_module, date_literal

ids_module = load_macro_file("ids")


def evaluator(**variables: str) -> MacroEvaluator:
    evaluator = MacroEvaluator(dialect="duckdb")
    evaluator.locals[constants.SQLMESH_VARS] = variables
    return evaluator


@pytest.mark.parametrize(("variables", "sql"), [
    ({}, "CAST(player_id AS TEXT)"),
    ({"id_type": "text"}, "CAST(player_id AS TEXT)"),
    ({"id_type": "bigint"}, "CAST(player_id AS BIGINT)"),
    ({"id_type": "BIGINT"}, "CAST(player_id AS BIGINT)"),
])
def test_ids_are_cast_to_the_configured_type(variables, sql):
    assert ids_module.as_id(evaluator(**variables), exp.column("player_id")).sql(dialect="duckdb") == sql


def test_an_unknown_id_type_is_refused_naming_the_setting():
    with pytest.raises(ValueError, match=r"config.yaml: id_type must be one of \['bigint', 'text'\], got 'uuid'"):
        ids_module.as_id(evaluator(id_type="uuid"), exp.column("player_id"))


@pytest.mark.parametrize("id_type", ["text", "bigint"])
def test_close_runs_order_and_store_pairs_in_the_id_type(id_type):
    sql_type = ids_module.ID_TYPES[id_type]
    query = close_runs_module.close_runs(
        evaluator(id_type=id_type), exp.to_table("heartbeats"), exp.to_table("superseded"),
        exp.Literal.number(50), exp.Literal.number(180), date_literal(DAY), date_literal(DAY),
    ).sql(dialect="duckdb")
    assert f"CAST(left_player AS {sql_type}) < CAST(right_player AS {sql_type}) AS left_first" in query
    for column in ("session_id", "player_a", "player_b", "team_a", "team_b"):
        assert f"AS {sql_type}) AS {column}" in query
