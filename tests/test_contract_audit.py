"""assert_contract catches each kind of broken row (audits/assert_contract.sql).

On a copy of the generated warehouse, one model at a time gets a repeated grain, a NULL in a
required column, or a row failing a check, written straight into its physical table. `sqlmesh
audit` must then fail on that model, where it passed on the untouched copy, and the audit's
query (which `sqlmesh audit` prints when it fails) must return one row naming the rule.
"""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest

from scratch import Scratch

pytestmark = pytest.mark.slow

# model -> (a statement breaking one rule of its contract, the rule the audit names)
BREAKS = {
    "marts.q1_daily_play_time": ("INSERT INTO {table} SELECT * FROM {table} LIMIT 1", "grain repeated: "),
    "core.fct_player_sessions": ("UPDATE {table} SET session_start_ts = NULL WHERE rowid = 0",
                                 "session_start_ts is null"),
    "core.fct_team_encounters_within_day": ("UPDATE {table} SET team_a = team_b, team_b = team_a WHERE rowid = 0",
                                            "fails team_a < team_b"),
}


def physical_table(con: duckdb.DuckDBPyConnection, model: str) -> str:
    """The table behind prod's view of `model` (SQLMesh's virtual layer)."""
    schema, name = model.split(".")
    [(sql,)] = con.execute("SELECT sql FROM duckdb_views() WHERE schema_name = ? AND view_name = ?",
                           [schema, name]).fetchall()
    return re.search(r"FROM\s+(\S+)", sql).group(1).rstrip(";")


def audit(wh: Scratch, model: str) -> str:
    """`sqlmesh audit` of `model` over every built day (it exits 1 when an audit fails); its
    output with one line per statement."""
    first, last = wh.query("SELECT MIN(date_day), MAX(date_day) FROM marts.kpi_daily_activity")[0]
    wh["COLUMNS"] = "100000"  # so that the failed query is printed unwrapped
    result = wh.sqlmesh("audit", "--model", model, "--start", first.isoformat(), "--end", last.isoformat(),
                        check=False)
    return "\n".join(line.rstrip() for line in (result.stdout + result.stderr).splitlines())  # rich pads lines


def failed_query(output: str) -> str:
    """The failed audit's SQL, printed between "Got N results, expected 0." and "Done."."""
    return re.search(r"Got \d+ results, expected 0\.\n(.*)\nDone\.", output, re.S).group(1)


@pytest.fixture(scope="module")
def untouched(generated_warehouse: Scratch, tmp_path_factory) -> Scratch:
    wh = Scratch(tmp_path_factory.mktemp("contract_audit"), raw=generated_warehouse.raw)
    shutil.copy2(generated_warehouse.file, wh.file)
    return wh


@pytest.mark.parametrize("model", BREAKS)
def test_a_broken_row_fails_its_models_audit_and_names_the_rule(model, untouched, tmp_path):
    statement, rule = BREAKS[model]
    assert f"assert_contract on model {model} ✅ PASS" in audit(untouched, model)

    wh = Scratch(tmp_path, raw=untouched.raw)
    shutil.copy2(untouched.file, wh.file)
    with duckdb.connect(str(wh.file)) as con:
        con.execute(statement.format(table=physical_table(con, model)))
    output = audit(wh, model)
    assert f"assert_contract on model {model} ❌ FAIL [1]" in output, output[-2000:]
    with duckdb.connect(str(wh.file), read_only=True) as con:
        [(broken,)] = con.execute(failed_query(output)).fetchall()
    assert broken.startswith(rule), broken
