"""Not a materialization: the one place the project can speak before `sqlmesh run` reads its state.

`sqlmesh run` loads none of the project's models, macros or signals, only config.yaml and
this folder (SQLMesh's place for custom materializations), which it imports before it looks
up the environment. While another process holds the warehouse file, SQLMesh 0.236 cannot
attach it, takes the empty in-memory catalog for a new project and stops with
"Environment 'prod' was not found". Imported first, this module stops it instead with one
line naming the file, the process holding it and what to do (sprint/locking.py). `sqlmesh
plan`, `ui` and the other commands that open the warehouse import it too, before they
open it. It defines no materialization.
"""

from __future__ import annotations

import click
from sqlmesh.utils.errors import SQLMeshError

from sprint import project
from sprint.locking import held_message, holders

# Commands that never open the warehouse: they work while another process holds it.
LOCAL_COMMANDS = {"clean", "dag", "format", "init", "lint", "render", "rewrite", "test"}


def command() -> str | None:
    """The sqlmesh subcommand being run; None under the Python API (its callers check for themselves)."""
    context = click.get_current_context(silent=True)
    return context and (context.invoked_subcommand or context.info_name)


if command() not in LOCAL_COMMANDS | {None} and holders(project.warehouse_path()):
    raise SQLMeshError(held_message(project.warehouse_path()))
