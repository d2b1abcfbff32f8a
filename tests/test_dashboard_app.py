"""Every dashboard page under Streamlit's AppTest, against the small generated warehouse.

Pages must render without an exception or a warning and draw their charts; filters and the
player lookup must change what they show; the app must never hold the warehouse file, and
must say so in one line while another process (a run) does.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kpi_helpers import DASHBOARD_PAGES as PAGES
from sprint.dashboard import APP

pytestmark = pytest.mark.slow


@pytest.fixture
def app(generated_warehouse, monkeypatch) -> AppTest:
    monkeypatch.setenv("SPRINT_WAREHOUSE", generated_warehouse["SPRINT_WAREHOUSE"])
    monkeypatch.setenv("SPRINT_RAW_ROOT", generated_warehouse["SPRINT_RAW_ROOT"])
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    return at


def charts(at: AppTest) -> int:
    return len(at.get("vega_lite_chart"))


def show(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning, [w.value for w in at.warning]
    return at


@pytest.mark.parametrize("page, expected_charts", PAGES.items())
def test_page_renders_its_charts(app, page, expected_charts):
    at = show(app, page)
    assert at.title[0].value
    assert charts(at) == expected_charts


def test_answers_page_shows_the_cli_answers(app, generated_warehouse):
    at = show(app, "views/answers.py")
    cli = subprocess.run([sys.executable, "-m", "sprint.cli", "answer", "q2", "--json"], env=generated_warehouse,
                         capture_output=True, text=True, check=True)
    assert any(m.value == json.loads(cli.stdout)["week_start"] for m in at.metric)


def test_country_filter_narrows_the_countries_page(app):
    at = show(app, "views/countries.py")
    every = at.dataframe[0].value
    country = every.sort_values("play_hours").iloc[-1]["country"]
    at.multiselect(key="countries").set_value([country]).run()
    assert not at.exception
    assert at.dataframe[0].value["country"].tolist() == [country]


def test_date_filter_narrows_the_activity_page(app):
    at = show(app, "views/activity.py")
    first, last = at.date_input(key="days").value
    at.date_input(key="days").set_value((first, first + (last - first) / 2)).run()
    assert not at.exception
    assert at.metric[0].label == f"DAU on {first + (last - first) / 2:%Y-%m-%d}"


def test_player_lookup_answers_any_player_and_rejects_unknown_ones(app):
    at = show(app, "views/player.py")
    most_active = at.text_input[0].value
    assert at.metric[1].label == "Kill/death ratio"
    at.text_input[0].set_value("no-such-player").run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["no-such-player: no such player in the warehouse"]
    at.text_input[0].set_value(most_active).run()
    assert not at.warning and charts(at) == PAGES["views/player.py"]


def hold_file(path: str) -> subprocess.Popen:
    """A process that opens the warehouse for writing, like a running `sqlmesh run`."""
    script = textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({path!r})
        print("holding", flush=True)
        sys.stdin.read()
    """)
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_dashboard_never_holds_the_warehouse(app, generated_warehouse):
    for page in PAGES:
        show(app, page)
    # Right after rendering every page, a writer can still open the file.
    holder = hold_file(generated_warehouse["SPRINT_WAREHOUSE"])
    holder.communicate("")
    assert holder.returncode == 0


def test_a_run_holding_the_file_is_one_warning(generated_warehouse, monkeypatch):
    # A fresh cache key: the same file under another name, so nothing is answered from memory.
    copy = Path(generated_warehouse["SPRINT_WAREHOUSE"]).with_name("held.duckdb")
    shutil.copy(generated_warehouse["SPRINT_WAREHOUSE"], copy)
    monkeypatch.setenv("SPRINT_WAREHOUSE", str(copy))
    holder = hold_file(str(copy))
    try:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.run()
    finally:
        holder.communicate("")
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert f"{copy} is in use by pid {holder.pid} " in warning and warning.endswith("wait until it ends, then try again")


def sprint_dashboard(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sprint.cli", "dashboard", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_missing_warehouse_is_one_line(tmp_path):
    result = sprint_dashboard({**os.environ, "SPRINT_WAREHOUSE": str(tmp_path / "none.duckdb")})
    assert result.returncode == 2
    assert result.stderr == f"sprint dashboard: error: no warehouse at {tmp_path / 'none.duckdb'}; " \
                            "build it with `sprint demo` or `sqlmesh plan prod --auto-apply`\n"


def test_port_in_use_is_one_line(generated_warehouse):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = sprint_dashboard(generated_warehouse, "--port", str(port), "--address", "127.0.0.1")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"sprint dashboard: error: cannot listen on 127.0.0.1:{port}")
