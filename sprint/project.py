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
MEMORY_ENV = "SPRINT_DUCKDB_MEMORY"
# config.yaml's defaults for the same variables (a test checks that the two agree).
DEFAULT_RAW_ROOT = "data/raw"
DEFAULT_WAREHOUSE = "warehouse/sprint.duckdb"
DEFAULT_MEMORY_GB = 10


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


def machine_memory_bytes() -> int:
    """Physical memory, or the container's limit when that is lower (cgroup v2)."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
    except OSError:
        return total
    return min(total, int(limit)) if limit.isdigit() else total


def cap_duckdb_memory(machine_bytes: int | None = None) -> None:
    """Lower DuckDB's memory_limit to half the machine's memory when config.yaml's default is
    more than that and the user set none. Only `sprint` can look at the machine; the limit is
    no part of any model's fingerprint, so a bare `sqlmesh` using the default rebuilds nothing."""
    if os.environ.get(MEMORY_ENV):
        return
    half_mb = (machine_bytes or machine_memory_bytes()) // 2 // 1000**2
    if half_mb < DEFAULT_MEMORY_GB * 1000:
        os.environ[MEMORY_ENV] = f"{half_mb}MB"


def shown(path: Path) -> str:
    """`path` as people read it: relative to the project folder when inside it."""
    try:
        return str(Path(path).absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
