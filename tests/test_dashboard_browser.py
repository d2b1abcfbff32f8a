"""`sprint dashboard` in a real browser: headless Chromium loads every page over the DevTools protocol.

Each page must finish running, draw its charts (a canvas or SVG inside every Vega-Lite
chart) and show no Streamlit exception block. Screenshots go to artifacts/screenshots/
(git-ignored) for people to look at. Without Chromium the test skips, except in CI
(CI=true), where it fails: `.ci/run` installs it.
"""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from base64 import b64decode
from pathlib import Path

import pytest

from browser_helpers import DevTools, free_port, headless_chromium, stop, wait_for
from kpi_helpers import DASHBOARD_PAGES
from scratch import REPO

pytestmark = pytest.mark.slow
SCREENSHOTS = REPO / "artifacts" / "screenshots"
PAGE_TIMEOUT_S = 90
# What a page shows once rendered, read in the browser.
PAGE_STATE_JS = """(() => {
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  return {
    running: !!document.querySelector('[data-testid^="stStatusWidgetRunning"]'),
    title: document.querySelector('h1')?.innerText ?? null,
    charts: charts.length,
    drawn: charts.filter(c => c.querySelector('canvas, svg.marks')).length,
    sizes: charts.map(c => Math.round(c.getBoundingClientRect().height)).join(','),
    exceptions: [...document.querySelectorAll('[data-testid="stException"]')].map(e => e.innerText),
    alerts: [...document.querySelectorAll('[data-testid="stAlertContainer"]')].map(e => e.innerText),
  };
})()"""


@pytest.fixture(scope="module")
def dashboard(generated_warehouse) -> str:
    """`sprint dashboard` on a free port; its base URL."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("sprint")), "dashboard", "--port", str(port), "--address", "127.0.0.1"]
    server = subprocess.Popen(command, env=generated_warehouse, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        assert server.poll() is None, f"sprint dashboard exited: {server.stdout.read()}"
        try:
            return urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok"
        except OSError:
            return False

    wait_for(healthy, 60, "sprint dashboard to serve")
    yield url
    stop(server)


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> DevTools:
    with headless_chromium(tmp_path_factory.mktemp("chromium-profile")) as tools:
        yield tools


@pytest.mark.parametrize("script, expected_charts", DASHBOARD_PAGES.items())
def test_page_renders_in_chromium(dashboard, browser, script, expected_charts):
    name = Path(script).stem
    # The default page is the root; the others are named after their script.
    browser.call("Page.navigate", url=f"{dashboard}/{'' if name == 'answers' else name}")

    seen = []

    def rendered():
        # Done when the script has finished, every chart is drawn and their sizes have settled.
        state = browser.evaluate(PAGE_STATE_JS)
        seen.append(state)
        done = (state and not state["running"] and state["title"] and state["drawn"] >= expected_charts
                and len(seen) > 2 and seen[-2]["sizes"] == seen[-3]["sizes"] == state["sizes"])
        return state if done or (state and state["exceptions"]) else None

    state = wait_for(rendered, PAGE_TIMEOUT_S, f"{script} to draw {expected_charts} charts")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = browser.call("Page.captureScreenshot", format="png")
    (SCREENSHOTS / f"{name}.png").write_bytes(b64decode(shot["data"]))

    assert state["exceptions"] == [], state["exceptions"]
    assert state["charts"] == state["drawn"] == expected_charts, state
    assert not [a for a in state["alerts"] if "cannot open" in a or "error" in a.lower()], state["alerts"]
    assert browser.js_errors == [], browser.js_errors
