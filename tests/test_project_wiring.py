"""The project's wiring, checked against what SQLMesh itself knows (tests/project_facts.py).

- Every model with intervals waits for exactly the raw datasets it is built from: its
  `raw_day_landed` signal names its raw ancestors in SQLMesh's DAG. A model that gained a
  join to heartbeats but kept an older list would record days as done before they landed.
- The models that carry state from day to day wait for every earlier day (`in_order`).
- Every model but the views over every raw file, and the views over audited models, audits
  its own grain: assert_contract's `grain` is the MODEL's.
- The raw views read the contract's columns with the contract's types (generator/contract.py).
- Nothing that grows with history is read whole on a day (issue 13): no model is FULL, and
  an incremental model reads the time-partitioned models it reads (itself included) no
  further back than a month before its interval, as its grain needs (a month so far, a
  30-day window), with two exceptions that read one row per player, not per day.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from generator import contract, generate
from generator.calendar import LAUNCH_DATE
from scratch import REPO, Scratch

# How the raw views hand each kind of column on: instants as naive UTC timestamps, ids as
# the files hold them, the rest as the contract reads them.
VIEW_TYPES = {"TIMESTAMPTZ": "TIMESTAMP", "TEXT": "VARCHAR", "INT": "INTEGER", "REAL": "FLOAT", "DOUBLE": "DOUBLE"}
FILE_ID_TYPES = {pa.int64(): "BIGINT", pa.int32(): "INTEGER", pa.string(): "VARCHAR"}
# The widest grain a model may need before its interval: a calendar month (or 30 days) so far.
MONTH_DAYS = 31
# Reads with no lower bound: the calendar (a row a day), and the players and payers seen before,
# which core.dim_players and core.dim_payers look up in their own earlier rows to tell who is new.
UNBOUNDED_READS = {"core.dim_date"}
OWN_PLAYER_ROWS = {"core.dim_players", "core.dim_payers"}


def project_facts(raw: Path) -> dict:
    scratch = Scratch(raw.parent, raw=raw)
    result = subprocess.run([sys.executable, str(REPO / "tests" / "project_facts.py")], cwd=REPO, env=scratch,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module", params=[False], ids=["integer ids"])
def facts(request, tmp_path_factory) -> tuple[dict, bool]:
    raw = tmp_path_factory.mktemp("wiring") / "raw"
    generate(raw, players=500, start=LAUNCH_DATE, days=1, seed=3)
    return project_facts(raw), request.param


def test_every_model_with_intervals_waits_for_exactly_its_raw_ancestors(facts):
    models, _ = facts
    wrong = {}
    for name, model in models.items():
        expected = [name.split(".")[1]] if name.startswith("raw.") else model["raw_ancestors"]
        has_intervals = model["kind"].startswith("INCREMENTAL")
        if (has_intervals or model["signal_datasets"] is not None) and model["signal_datasets"] != (expected or None):
            wrong[name] = (model["signal_datasets"], expected)
    assert not wrong, f"raw_day_landed datasets differ from the raw ancestors (signal, ancestors): {wrong}"


def test_models_carrying_state_wait_for_every_earlier_day(facts):
    """A model that reads its own earlier rows, and every model built on one, has
    `in_order` in its signal (signals/raw_landed.py); no other model has it."""
    models, _ = facts
    carriers = {name for name, model in models.items() if model["reads_own_rows"]}
    wrong = {name: model["in_order"] for name, model in models.items() if model["signal_datasets"] is not None
             and model["in_order"] != (name in carriers or bool(carriers & set(model["upstream"])))}
    assert wrong == {}


def spans_every_file(name: str) -> bool:
    """The raw and checked views and the counting heartbeats: views over every raw file,
    audited per day where their rows are materialized (docs/WAREHOUSE.md, Audits)."""
    return name.startswith("raw.") or name.endswith("_checked") or name == "staging.stg_heartbeats"


def audited_below(models: dict, name: str) -> bool:
    """A view with no audit of its own over models that each audit theirs (the encounters:
    their parts are audited where they are stored, per day)."""
    model = models[name]
    return (model["kind"] == "VIEW" and model["audited_grain"] is None
            and all(models[parent]["audited_grain"] for parent in model["parents"]))


def test_every_materialized_model_audits_its_grain(facts):
    models, _ = facts
    audited = {name: (model["grain"], model["audited_grain"]) for name, model in models.items()
               if not spans_every_file(name) and not audited_below(models, name)}
    assert {name: pair for name, pair in audited.items() if pair[0] != pair[1] or not pair[0]} == {}


def test_raw_views_read_the_contracts_columns_and_types(facts):
    models, string_ids = facts
    for dataset in contract.DATASET_NAMES:
        described = duckdb.sql(f"DESCRIBE {models[f'raw.{dataset}']['rendered']}").fetchall()
        got = {name: kind for name, kind, *_ in described}
        written = contract.arrow_schema(dataset, string_ids)
        expected = {
            column.name: FILE_ID_TYPES[written.field(column.name).type] if column.kind is contract.ID
            else VIEW_TYPES[column.kind.sql_type]
            for column in contract.DATASETS[dataset].columns
        }
        assert {name: got[name] for name in expected} == expected, dataset
        assert set(got) - set(expected) == {"event_date", "source_file", "file_row_number"}, dataset


def test_no_model_is_rebuilt_whole(facts):
    models, _ = facts
    assert [name for name, model in models.items() if model["kind"] == "FULL"] == []


def test_no_model_reads_further_back_than_its_grain_needs(facts):
    models, _ = facts
    too_far = {
        (name, parent): back
        for name, model in models.items()
        for parent, back in (model["reads"] or {}).items()
        if parent not in UNBOUNDED_READS
        and not (parent == name and name in OWN_PLAYER_ROWS)
        and (back is None or back > MONTH_DAYS)
    }
    assert not too_far, f"(model, model it reads): days it reads before its interval (None: all): {too_far}"
