"""`sqlmesh ui`, a headline way people browse a SQLMesh project, in a real browser.

The UI is started on a free port for the generated game's warehouse (a copy: the UI opens
the file for writing) and headless Chromium opens one mart's page in its data catalog. The
page must list every model of the project, draw the mart's lineage with exactly the models
SQLMesh says it reads, and show no error.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from urllib.parse import unquote

import pytest

from browser_helpers import DevTools, free_port, headless_chromium, stop, wait_for
from scratch import BIN, REPO, Scratch

pytestmark = pytest.mark.slow
MART = "marts.q1_daily_play_time"
PAGE_STATE_JS = """(() => ({
  models: [...document.querySelectorAll('tbk-ui-source-list-item[search-value]')].map(e => e.getAttribute('search-value')),
  lineage: [...document.querySelectorAll('.react-flow__node')].map(n => n.getAttribute('data-id')),
  text: document.body.innerText,
}))()"""


@pytest.fixture(scope="module")
def ui(generated_warehouse, tmp_path_factory) -> Iterator[str]:
    copy = Scratch(tmp_path_factory.mktemp("ui"), raw=generated_warehouse.raw)
    shutil.copy2(generated_warehouse.file, copy.file)
    port = free_port()
    server = subprocess.Popen([str(BIN / "sqlmesh"), "ui", "--host", "127.0.0.1", "--port", str(port)], cwd=REPO,
                              env=copy, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"

    def serving() -> bool:
        assert server.poll() is None, f"sqlmesh ui exited: {server.stdout.read()}"
        try:
            return urllib.request.urlopen(f"{url}/api/models", timeout=5).status == 200
        except OSError:
            return False

    wait_for(serving, 120, "sqlmesh ui to serve")
    yield url
    stop(server)


@pytest.fixture(scope="module")
def page(ui, tmp_path_factory) -> Iterator[dict]:
    with headless_chromium(tmp_path_factory.mktemp("chromium-profile")) as browser:
        browser.call("Page.navigate", url=f"{ui}/data-catalog/models/{MART}")
        yield wait_for(lambda: loaded(browser), 120, f"the data catalog page of {MART}") | {"js_errors": browser.js_errors}


def loaded(browser: DevTools) -> dict | None:
    state = browser.evaluate(PAGE_STATE_JS)
    return state if state and state["models"] and MART.split(".")[1] in "".join(state["lineage"]) else None


def project_models() -> dict[str, dict]:
    result = subprocess.run([sys.executable, str(REPO / "tests" / "project_facts.py")], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_the_ui_lists_every_model_of_the_project(page):
    assert sorted(page["models"]) == sorted(project_models())


def test_the_lineage_of_a_mart_shows_exactly_what_it_reads(page):
    drawn = {unquote(node).replace('"', "").removeprefix("sprint.") for node in page["lineage"]}
    assert drawn == {MART, *project_models()[MART]["upstream"]}


def test_the_page_shows_no_error(page):
    assert "No Errors" in page["text"] and "Not Found" not in page["text"]
    assert page["js_errors"] == []
