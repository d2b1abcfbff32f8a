"""Where things live: the project folder, and the raw root and warehouse file it names.

Like `git` and `sqlmesh`, `sprint` works on the project in the current folder, or in the
folder given with `-p/--project`; from a sub-folder it finds the project above. The CLI
changes into that folder first (as `git -C` does) and starts `sqlmesh` there too, so a
relative path means the same thing to every entry point: relative to the project folder.

Paths are read from SPRINT_RAW_ROOT and SPRINT_WAREHOUSE as config.yaml reads them, and
never rewritten: the raw root is a SQLMesh variable, part of the raw views' fingerprints,
so `sprint` and a bare `sqlmesh` must see the same value or every plan would rebuild them.
"""

from __future__ import annotations

import os
from pathlib import Path

from sprint.errors import UserError

# The checkout Sprint's code runs from (queries/ lives there), not the project it works on.
CODE_ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = "config.yaml"

RAW_ROOT_ENV = "SPRINT_RAW_ROOT"
WAREHOUSE_ENV = "SPRINT_WAREHOUSE"
# config.yaml's defaults for the same variables (a test checks that the two agree).
DEFAULT_RAW_ROOT = "data/raw"
DEFAULT_WAREHOUSE = "warehouse/sprint.duckdb"


def is_project(folder: Path) -> bool:
    return (folder / CONFIG_FILE).is_file() and (folder / "models").is_dir()


def find_root(explicit: str | os.PathLike | None = None, start: Path | None = None) -> Path | None:
    """The project folder: `explicit` (which must be one), else `start` or the folder above it
    that holds config.yaml and models/; None when there is none."""
    if explicit is not None:
        folder = Path(explicit).expanduser().resolve()
        if not is_project(folder):
            raise UserError(f"-p {explicit}: not a Sprint project folder (no {CONFIG_FILE} and models/ in {folder})")
        return folder
    here = (start or Path.cwd()).resolve()
    return next((folder for folder in (here, *here.parents) if is_project(folder)), None)


def enter(explicit: str | os.PathLike | None = None) -> Path | None:
    """Change into the project folder (see find_root) and return it; None outside any project."""
    root = find_root(explicit)
    if root is not None:
        os.chdir(root)
    return root


def require(root: Path | None) -> Path:
    if root is None:
        raise UserError(
            f"not inside a Sprint project ({Path.cwd()} and the folders above it hold no {CONFIG_FILE} "
            "and models/): run from the project folder or pass -p DIR"
        )
    return root


def raw_root() -> Path:
    """The folder holding one sub-folder per raw dataset, as an absolute path."""
    return Path(os.environ.get(RAW_ROOT_ENV) or DEFAULT_RAW_ROOT).expanduser().absolute()


def warehouse_path() -> Path:
    """The DuckDB file of the default gateway, as an absolute path."""
    return Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE).expanduser().absolute()


def shown(path: Path) -> str:
    """`path` as people read it: relative to the project folder when inside it."""
    try:
        return str(Path(path).absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
