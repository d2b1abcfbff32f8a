"""What SQLMesh knows of the project, as JSON, read in a process of its own:

    python tests/project_facts.py    (in the project folder, SPRINT_RAW_ROOT set)

prints {model: {kind, signal_datasets, upstream, raw_ancestors, rendered}}: `upstream` are
the models it reads, directly or not, and `rendered` is a view's query as SQLMesh renders
it for DuckDB. A separate process, because SQLMesh keeps
macros and signals in process-wide registries that a test importing project files would
leave holding other copies.
"""

from __future__ import annotations

import json
import sys

from sqlmesh import Context


def signal_datasets(model) -> list[str] | None:
    for name, arguments in model.signals:
        if name == "raw_day_landed":
            return sorted(literal.this for literal in arguments["datasets"].expressions)
    return None


def facts(context: Context) -> dict:
    out = {}
    for model in context.models.values():
        upstream = sorted(context.get_model(fqn).name for fqn in context.dag.upstream(model.fqn))
        out[model.name] = {
            "kind": model.kind.name,
            "signal_datasets": signal_datasets(model),
            "upstream": upstream,
            "raw_ancestors": [name.split(".")[1] for name in upstream if name.startswith("raw.")],
            "rendered": model.render_query().sql(dialect="duckdb") if model.kind.name == "VIEW" else None,
        }
    return out


if __name__ == "__main__":
    context = Context(paths=".")
    try:
        json.dump(facts(context), sys.stdout)
    finally:
        context.close()
