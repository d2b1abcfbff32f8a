"""`sprint generate`: one-line errors with exit code 2 for bad arguments, a summary otherwise."""

from __future__ import annotations

import pytest

from sprint.cli import main


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--players", "0"], "--players"),
        (["--players", "many"], "--players"),
        (["--days", "-3"], "--days"),
        (["--start", "2026-02-30"], "--start"),
        (["--start", "2026-09-06"], "--start"),
        (["--seed", "-1"], "--seed"),
        (["--late-rate", "1.5"], "--late-rate"),
        (["--duplicate-rate", "x"], "--duplicate-rate"),
        (["--late-delay-days", "-1"], "--late-delay-days"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_code_2(tmp_path, capsys, arguments, named):
    assert main(["generate", "--out", str(tmp_path), *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and named in captured.err
    assert captured.err.startswith("sprint generate: error:")


def test_unwritable_out_is_a_one_line_error(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["generate", "--out", str(blocker / "raw"), "--days", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out" in err


def test_a_run_prints_rows_and_rates_per_dataset(tmp_path, capsys):
    assert main(["generate", "--out", str(tmp_path), "--players", "500", "--days", "1"]) == 0
    out = capsys.readouterr().out
    for dataset in ("session_ends", "purchases", "heartbeats"):
        assert dataset in out
    assert "rows/s" in out
    assert (tmp_path / "heartbeats" / "event_date=2026-09-07" / "_SUCCESS").exists()
