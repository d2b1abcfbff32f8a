"""Restating days before a run: SQLMesh forgets them, and the run computes them again.

`sqlmesh plan --restate-model` computes restated days at once, but it keeps prod's
intervals recorded while it does: if it fails half way (a file broken meanwhile, an audit,
a kill), the days it did not reach stay recorded as done, with their old rows, and no later
run looks at them again. And one plan restates one range of days.

Here SQLMesh's state forgets the intervals first, range by range, with SQLMesh's own rule
for what restating a model covers downstream (PlanBuilder._build_restatements: a FULL or
unique-key model is rebuilt whole, a time-partitioned one for the days given). The
`sqlmesh run` that follows computes the missing intervals like any day not yet done, and
the `raw_day_landed` signal holds back a day whose files are broken. A run that fails or
is killed leaves the days missing for the next run: nothing stale stays recorded as done.
"""

from __future__ import annotations

import typing as t
from collections import defaultdict
from pathlib import Path

from sprint.catchup import Range
from sprint.errors import UserError
from sprint.locking import held_message, holders

if t.TYPE_CHECKING:
    from sqlmesh.core.snapshot import Snapshot, SnapshotId

PROD = "prod"
Interval = tuple[int, int]  # epoch milliseconds, end excluded, as SQLMesh keeps them


def forget(warehouse: Path, stale: dict[str, list[Range]]) -> None:
    """Remove from prod's state the intervals that restating each dataset's raw view over
    each range covers, in that view and every model downstream of it."""
    from sqlmesh import Context

    if not stale or not warehouse.exists():
        return  # nothing was ever recorded as done
    if holders(warehouse):
        raise UserError(held_message(warehouse))
    context = Context(paths=".", load=False)
    try:
        state = context.state_sync
        environment = state.get_environment(PROD)
        if environment is None:
            # SQLMesh reads a warehouse it cannot open as an empty one.
            raise UserError(held_message(warehouse) if holders(warehouse) else
                            f"{warehouse} holds no {PROD} environment; build it with `sqlmesh plan prod`")
        snapshots = state.get_snapshots(environment.snapshots)
        removals: dict[SnapshotId, list[Interval]] = defaultdict(list)
        for dataset, spans in stale.items():
            view = next(s for s in snapshots.values() if s.name.endswith(f'."raw"."{dataset}"'))
            for start, end in spans:
                for snapshot_id, interval in restatement(snapshots, view, start, end).items():
                    removals[snapshot_id].append(interval)
        # One interval per snapshot per call: SQLMesh maps shared versions to a single interval.
        for round_ in range(max(map(len, removals.values()), default=0)):
            state.remove_intervals(
                [(snapshots[id_], intervals[round_]) for id_, intervals in removals.items() if round_ < len(intervals)],
                remove_shared_versions=True,
            )
    finally:
        context.close()


def restatement(snapshots: dict[SnapshotId, Snapshot], view: Snapshot, start, end) -> dict[SnapshotId, Interval]:
    """The interval restating `view` over [start, end] covers in it and in each model downstream,
    following SQLMesh's plan builder: a model covers its own days and its incremental parents'."""
    from sqlmesh.core.console import NoopConsole, get_console, set_console
    from sqlmesh.core.snapshot.definition import snapshots_to_dag

    class Quiet(NoopConsole):
        def log_warning(self, *args, **kwargs) -> None:
            pass  # SQLMesh's notice that a unique-key model is rebuilt whole: that is expected here

    restated: dict[SnapshotId, Interval] = {}
    console = get_console()
    set_console(Quiet())
    try:
        for snapshot_id in snapshots_to_dag(snapshots.values()):
            snapshot = snapshots[snapshot_id]
            parents = [p for p in snapshot.parents if p in restated]
            if (snapshot != view and not parents) or snapshot.is_seed or snapshot.disable_restatement:
                continue
            covered = {snapshot.get_removal_interval(start, end, strict=False)}
            covered |= {restated[p] for p in parents if snapshots[p].is_incremental}
            restated[snapshot_id] = (min(i[0] for i in covered), max(i[1] for i in covered))
    finally:
        set_console(console)
    return restated
