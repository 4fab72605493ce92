"""Run one pipeline notebook for one locality with papermill: what every DVC stage calls.

    python -m helpers.pipeline 01_clean yuecheng

It injects `locality` and `as_of` (from params.yaml) into the notebook's `parameters` cell, writes the
executed copy under reports/<locality>/<as_of>/notebooks/, shows progress on the console, and when a
cell fails it says which notebook and cell failed, prints the error, and where the executed copy is.
A failure also withdraws the locality's review for that period, so no stale review looks current.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from helpers.pipeline import config, paths

STAGES = ("01_clean", "02_validate", "03_evaluate", "04_review")
FAILED_MARK = "FAILED.txt"


def executed_path(stage: str, locality: str, as_of: str) -> Path:
    return paths.executed_notebooks_dir(locality, as_of) / f"{stage}.ipynb"


def withdraw_review(locality: str, as_of: str, reason: str) -> None:
    """Remove the rendered review of this period and leave a note saying why."""
    folder = paths.report_dir(locality, as_of)
    for name in ("review.html", "review.docx", "provenance.json"):
        (folder / name).unlink(missing_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FAILED_MARK).write_text(
        f"The review of {locality} for {as_of} was withdrawn because the pipeline failed:\n\n{reason}\n",
        encoding="utf-8",
    )


def run(stage: str, locality: str, as_of: str | None = None, progress: bool = True) -> Path:
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    loc = config.locality(locality)
    as_of = as_of or loc.as_of
    source = paths.NOTEBOOKS_DIR / f"{stage}.ipynb"
    target = executed_path(stage, locality, as_of)
    target.parent.mkdir(parents=True, exist_ok=True)
    print(f"[{stage}@{locality}] as_of {as_of}: running {paths.relative(source)}", flush=True)
    started = time.perf_counter()
    try:
        pm.execute_notebook(
            str(source), str(target), parameters={"locality": locality, "as_of": as_of},
            cwd=str(paths.NOTEBOOKS_DIR), progress_bar=progress, kernel_name="python3",
        )
    except PapermillExecutionError as err:
        message = (
            f"[{stage}@{locality}] FAILED in {paths.relative(source)}, cell {err.exec_count} "
            f"(cell index {err.cell_index}):\n{err.ename}: {err.evalue}\n"
            f"Executed copy with the error: {paths.relative(target)}"
        )
        withdraw_review(locality, as_of, message)
        print(message, file=sys.stderr, flush=True)
        raise SystemExit(1) from None
    print(f"[{stage}@{locality}] done in {time.perf_counter() - started:.1f} s -> {paths.relative(target)}", flush=True)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("locality")
    parser.add_argument("--as-of", help="reporting period (default: params.yaml)")
    parser.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    run(args.stage, args.locality, args.as_of, progress=not args.no_progress)


if __name__ == "__main__":
    main()
