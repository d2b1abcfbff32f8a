"""Headless Chromium driven over the DevTools protocol, for the tests of pages people open.

Without Chromium a test using it skips, except in CI (CI=true), where it fails: `.ci/run`
installs it. The flags keep Chromium off the network this machine does not have.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-allow-origins=*", "--window-size=1400,2400", "--hide-scrollbars",
]


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


@contextlib.contextmanager
def headless_chromium(profile: Path) -> Iterator[DevTools]:
    """Chromium with a fresh profile, and DevTools attached to its first tab."""
    binary = chromium()
    process = subprocess.Popen([binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Chromium writes the port it picked to its profile folder.
        active = profile / "DevToolsActivePort"
        port = int(wait_for(lambda: active.exists() and active.read_text().split("\n")[0], 60, "Chromium to start"))
        targets = wait_for(lambda: [t for t in json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
                                    if t["type"] == "page"], 30, "Chromium's first tab")
        tools = DevTools(targets[0]["webSocketDebuggerUrl"])
        tools.call("Runtime.enable")
        try:
            yield tools
        finally:
            tools.close()
    finally:
        stop(process)
