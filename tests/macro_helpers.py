"""Import a project macro file as SQLMesh does, for tests that call its functions directly."""

from __future__ import annotations

import importlib.util
import types

from sqlmesh import macro
from scratch import REPO


def load_macro_file(name: str) -> types.ModuleType:
    """macros/<name>.py as a module, leaving SQLMesh's global macro registry as it was:
    a second registration would shadow the project's when a Context loads it later."""
    registry = macro.get_registry()
    spec = importlib.util.spec_from_file_location(name, REPO / "macros" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        macro.set_registry(registry)
    return module
