"""signals/raw_landed.py on a raw root of empty day folders: which days of a batch are ready.

Run in a process of its own: importing the signal registers it in SQLMesh's process-wide
registry (tests/project_facts.py says why that matters).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from generator.contract import SUCCESS_MARKER
from scratch import REPO

FIRST = dt.date(2026, 9, 7)
CALL = """
import datetime as dt, importlib.util, json, sys
spec = importlib.util.spec_from_file_location("raw_landed", sys.argv[1])
module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
root, first, days, in_order = sys.argv[2], dt.date.fromisoformat(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
day = lambda n: dt.datetime.combine(first + dt.timedelta(days=n), dt.time(), tzinfo=dt.timezone.utc)
batch = [(day(n), day(n + 1)) for n in range(days)]
ready = module.raw_day_landed(batch, root, ["session_ends"], in_order)
print(json.dumps([(start.date() - first).days for start, _ in ready]))
"""


def ready_days(root, landed: list[int], days: int, in_order: bool) -> list[int]:
    """The days of a batch of `days` days from FIRST that the signal finds ready, when the
    days `landed` (offsets from FIRST) have landed."""
    for n in landed:
        folder = root / "session_ends" / f"event_date={FIRST + dt.timedelta(days=n)}"
        folder.mkdir(parents=True)
        (folder / SUCCESS_MARKER).touch()
    result = subprocess.run([sys.executable, "-c", CALL, str(REPO / "signals" / "raw_landed.py"), str(root),
                             FIRST.isoformat(), str(days), "1" if in_order else "0"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("landed, in_order, ready", [
    ([0, 1, 3, 4], False, [0, 1, 3, 4]),  # a missing day waits alone
    ([0, 1, 3, 4], True, [0, 1]),  # state models wait for it
    ([3, 4], True, [3, 4]),  # a lake that starts later has no gap before its first day
    ([3, 5], True, [3]),
])
def test_which_days_are_ready(tmp_path, landed, in_order, ready):
    assert ready_days(tmp_path, landed, 6, in_order) == ready
