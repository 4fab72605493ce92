"""The one place that knows where things live. Nothing else builds project paths by hand."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


def _find_root() -> Path:
    """PLAN_REVIEW_ROOT if set (tests and benchmarks run copies of the project); else the project that
    holds the working directory (DVC stages, papermill kernels and JupyterLab run inside it); else the
    checkout this package was installed from."""
    if os.environ.get("PLAN_REVIEW_ROOT"):
        return Path(os.environ["PLAN_REVIEW_ROOT"]).resolve()
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / "dvc.yaml").is_file() and (folder / "params.yaml").is_file():
            return folder.resolve()
    return Path(__file__).resolve().parents[3]


PROJ_ROOT = _find_root()
RAW_DIR = PROJ_ROOT / "data" / "raw"
PROCESSED_DIR = PROJ_ROOT / "data" / "processed"
SUMMARY_DIR = PROJ_ROOT / "data" / "summary"
REPORTS_DIR = PROJ_ROOT / "reports"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
EXPECTATIONS_DIR = PROJ_ROOT / "expectations"
PARAMS_FILE = PROJ_ROOT / "params.yaml"
SPLIT_PARAMS_DIR = PROJ_ROOT / "build" / "params"  # params.yaml per locality, for DVC (see config.split_params)
CODE_MANIFEST = PROJ_ROOT / "build" / "code.json"  # the code every locality runs, for DVC (see code_manifest)

_LOCALITY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\Z")


class LocalityIdError(ValueError):
    """A locality id that could escape its folder or is not a plain name."""


def is_locality_id(locality: object) -> bool:
    return isinstance(locality, str) and bool(_LOCALITY_ID.match(locality))


def check_locality_id(locality: str) -> str:
    """Locality ids become folder names: only lower-case letters, digits and '-' (no '..', no '/')."""
    if not is_locality_id(locality):
        raise LocalityIdError(
            f"locality id {locality!r} is not allowed: use lower-case letters, digits and '-' only"
        )
    return locality


def raw_dir(locality: str) -> Path:
    return RAW_DIR / check_locality_id(locality)


def processed_dir(locality: str) -> Path:
    return PROCESSED_DIR / check_locality_id(locality)


def summary_file(locality: str) -> Path:
    """The locality's counts by class (DVC metrics): beside data/processed/<id>, not in it, because a metrics
    file is a DVC output of its own."""
    return SUMMARY_DIR / f"{check_locality_id(locality)}.json"


def report_dir(locality: str, as_of: str) -> Path:
    """Reports are kept per reporting period, so an earlier period's review stays."""
    return REPORTS_DIR / check_locality_id(locality) / as_of


def figures_dir(locality: str, as_of: str) -> Path:
    """The review's charts (PNG) and charts.json, written by 03_evaluate."""
    return report_dir(locality, as_of) / "figures"


def executed_notebooks_dir(locality: str, as_of: str) -> Path:
    return report_dir(locality, as_of) / "notebooks"


def relative(path: Path) -> str:
    """A path relative to the project root, with '/' separators, as recorded in provenance."""
    return Path(path).resolve().relative_to(PROJ_ROOT).as_posix()


def lock_file(locality: str) -> Path:
    """Held while a run of the locality is under way (two runs of one locality at once would mix outputs)."""
    return REPORTS_DIR / ".locks" / f"{check_locality_id(locality)}.lock"


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write a file so that a reader (or a killed run) sees the old file or the new one, never half of one:
    write a temporary file beside it, then rename it over the target."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode(encoding) if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
