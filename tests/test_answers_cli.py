"""`sprint answer` mistakes a user can make before any warehouse is read: one line, exit 2."""

from __future__ import annotations

import duckdb
import pytest

from sprint.cli import main


@pytest.mark.parametrize("args, message", [
    (["q1", "--date", "29/09/2026"], "--date must be a date YYYY-MM-DD, got '29/09/2026'"),
    (["q3", "--month", "2026-13"], "--month must be a month YYYY-MM, got '2026-13'"),
    (["all", "--month", "2026-9-01"], "--month must be a month YYYY-MM, got '2026-9-01'"),
])
def test_malformed_arguments(args, message, capsys, tmp_path):
    assert main(["answer", *args, "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    assert capsys.readouterr().err == f"sprint answer: error: {message}\n"


def test_missing_warehouse(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SPRINT_WAREHOUSE", str(tmp_path / "none.duckdb"))
    assert main(["answer", "q2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sprint answer: error: no warehouse at {tmp_path / 'none.duckdb'}; build it")
    assert err.count("\n") == 1


def test_a_file_that_is_not_a_warehouse(capsys, tmp_path):
    (tmp_path / "w.duckdb").write_text("not a database")
    assert main(["answer", "q2", "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"sprint answer: error: cannot open the warehouse {tmp_path / 'w.duckdb'} read-only")
    assert err.count("\n") == 1


def test_a_warehouse_without_the_marts(capsys, tmp_path):
    duckdb.connect(str(tmp_path / "w.duckdb")).close()
    assert main(["answer", "q2", "--warehouse", str(tmp_path / "w.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sprint answer: error: the warehouse lacks what the answers read (")
    assert err.count("\n") == 1
