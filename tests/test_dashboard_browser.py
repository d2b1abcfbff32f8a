"""`sprint dashboard` in a real browser: headless Chromium loads every page over the DevTools protocol.

Each page must finish running, draw its charts (a canvas or SVG inside every Vega-Lite
chart) and show no Streamlit exception block. Screenshots go to artifacts/screenshots/
(git-ignored) for people to look at. Without Chromium the test skips, except in CI
(CI=true), where it fails: `.ci/run` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from base64 import b64decode
from pathlib import Path

import pytest

from kpi_helpers import DASHBOARD_PAGES, generated_warehouse  # noqa: F401 (fixture)
from sprint.project import PROJECT_ROOT

pytestmark = pytest.mark.slow
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-allow-origins=*", "--window-size=1400,2400", "--hide-scrollbars",
]
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


def chromium() -> str:
    found = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is missing: CI must install it (.ci/run installs chromium and chromium-driver)")
    pytest.skip("Chromium is not installed (apt-get install chromium); CI fails instead of skipping")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")


class DevTools:
    """The few Chrome DevTools protocol calls the test needs, over one page's websocket."""

    def __init__(self, websocket_url: str):
        import websocket

        self.socket = websocket.create_connection(websocket_url, timeout=60)
        self.last_id = 0
        self.js_errors: list[str] = []

    def call(self, method: str, **params) -> dict:
        self.last_id += 1
        self.socket.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("method") == "Runtime.exceptionThrown":
                self.js_errors.append(message["params"]["exceptionDetails"].get("text", "?"))
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def close(self) -> None:
        self.socket.close()


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
    binary = chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Chromium writes the port it picked to its profile folder.
    active = profile / "DevToolsActivePort"
    port = int(wait_for(lambda: active.exists() and active.read_text().split("\n")[0], 60, "Chromium to start"))
    targets = wait_for(lambda: [t for t in json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
                                if t["type"] == "page"], 30, "Chromium's first tab")
    tools = DevTools(targets[0]["webSocketDebuggerUrl"])
    tools.call("Runtime.enable")
    yield tools
    tools.close()
    stop(process)


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
