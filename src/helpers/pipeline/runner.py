"""Run a locality's notebooks with papermill: what every DVC stage calls, and what an operator runs by hand.

    python -m helpers.pipeline 01_clean yuecheng   # one notebook (… 04_review)
    python -m helpers.pipeline render yuecheng     # the review from the executed notebooks
    python -m helpers.pipeline all yuecheng        # the four notebooks in order and the render step (DVC's review@<id>)
    python -m helpers.pipeline check               # params.yaml checked; nothing run
    python -m helpers.pipeline split-params        # params.yaml checked, one file per locality for DVC
    python -m helpers.pipeline code-manifest       # build/code.json: md5 of the code each locality runs, for DVC
    python -m helpers.pipeline repro               # check, dvc repro --keep-going, list the failed localities
    python -m helpers.pipeline index [--print]     # reports/index.html (DVC's index stage); --print lists the reviews

Each notebook gets `locality` and `as_of` (from params.yaml) in its `parameters` cell; its executed copy
goes to reports/<locality>/<as_of>/notebooks/. When a cell fails the message names the notebook, the
cell and the executed copy.

The review of a period is current if and only if its inputs produced it. So a run **withdraws** the
review before it starts (review.html, .docx and provenance.json removed, FAILED.txt saying a run is
under way) and reinstates it only at its end, when the render step has written the new review: a run
that fails, is interrupted (Ctrl-C, SIGTERM) or is killed leaves FAILED.txt and no review. After a
failure the index (reports/index.html) is rebuilt so it marks the locality. Under DVC the report folder
reports/<id>/<as_of>/ is one output of review@<id>: DVC empties it before the run and, when it restores
a cached review, restores the folder as it was (so no old FAILED.txt survives beside it).

`all` runs the notebooks in two kernels started together: 01_clean, 03_evaluate and 04_review in the
first, 02_validate in the second, which imports GX while 01_clean runs. 02_validate and 03_evaluate run
at the same time (03 reads only what 01 wrote; 02 is the gate): when the validation fails, 03 is
interrupted and what it wrote is removed, so the run ends as if it had stopped at 02 (the failure named is
02's). Before each notebook the namespace, the execution counter and the warnings registry are reset, so
each executed notebook reads as in a fresh kernel (a test compares them), while imports (pandas, GX,
matplotlib and its CJK font) are paid once per kernel.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from helpers.pipeline import config, paths

STAGES = ("01_clean", "02_validate", "03_evaluate", "04_review")
FAILED_MARK = "FAILED.txt"
REVIEW_FILES = ("review.html", "review.docx", "provenance.json")
IN_PROGRESS = "a run started at {when} (process {pid}) and has not finished"
# Run in the shared kernel before each notebook: undo what a notebook leaves that a fresh kernel would
# not have. reset(new_session=True) empties the namespace and history and sets the execution counter to 1;
# warning filters and display go back to the kernel's own (GX's import adds filters and sends warnings to
# logging, which would hide a later notebook's warnings), and the warnings "shown once" registry is cleared; open figures are closed.
# Imported modules stay: that is the point of sharing the kernel. What is alive before the reset is moved
# out of the garbage collector's sight (gc.freeze): reset's own full collection scanned the imported
# modules' objects, 0.13 s per notebook; cyclic garbage the previous notebook left lives until the kernel
# stops at the end of the locality instead (the kernel's peak RSS did not grow).
_RESET = """\
import gc as _gc, sys as _sys, warnings as _w
_w.filters[:], _w.showwarning = _w._plan_review_filters[0][:], _w._plan_review_filters[1]
_w._filters_mutated()
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
_gc.freeze()
del _gc, _sys, _w
get_ipython().reset(new_session=True)
"""
# Sent once when a kernel is ready, before anything is imported: the warning filters and display the
# resets go back to.
_REMEMBER_DEFAULTS = """\
import warnings as _w
_w._plan_review_filters = list(_w.filters), _w.showwarning
del _w
"""
# Sent to the validation kernel when it is ready, not waited for: the imports and the GX context of
# 02_validate (1.2 s) while 01_clean runs in the other kernel. A failure here is left to 02_validate's own
# cells, which import the same and report it with the cell.
_WARM_VALIDATION = """\
try:
    from helpers.pipeline import paths as _paths, validate as _validate
    from helpers.report import facts_tables as _facts_tables
    _validate.gx_context(_paths.EXPECTATIONS_DIR.resolve())
except Exception:
    pass
"""


class Busy(RuntimeError):
    """Another run of the same locality holds its lock."""


class Interrupted(KeyboardInterrupt):
    """SIGTERM (a killed DVC stage, a stopped CI job), raised like Ctrl-C: a KeyboardInterrupt passes through
    the asyncio loop papermill's client runs in, where an ordinary exception from a signal handler can be
    caught and only logged, so that the run would go on."""


def executed_path(stage: str, locality: str, as_of: str) -> Path:
    return paths.executed_notebooks_dir(locality, as_of) / f"{stage}.ipynb"


def failed_mark(locality: str, as_of: str) -> Path:
    return paths.report_dir(locality, as_of) / FAILED_MARK


def withdraw_review(locality: str, as_of: str, reason: str) -> None:
    """Remove the rendered review of this period and leave a note saying why."""
    folder = paths.report_dir(locality, as_of)
    for name in REVIEW_FILES:
        (folder / name).unlink(missing_ok=True)
    paths.write_atomic(
        folder / FAILED_MARK,
        f"The review of {locality} for {as_of} was withdrawn because the pipeline failed:\n\n{reason}\n")


def reinstate_review(locality: str, as_of: str) -> None:
    """The run that wrote the review has finished: the review is current again."""
    folder = paths.report_dir(locality, as_of)
    if not (folder / "review.html").exists():
        raise RuntimeError(f"{paths.relative(folder)}: no review.html to reinstate")
    (folder / FAILED_MARK).unlink(missing_ok=True)


def withdraw_if_current(locality: str, as_of: object, stage: str) -> bool:
    """Called by the first cells of the notebooks: a notebook run outside this runner (papermill by hand,
    another scheduler) changes what the review was made from, so a current review is withdrawn until the
    render step has run again. Under the runner (and DVC) the review is already withdrawn: nothing to do."""
    as_of = str(as_of)
    folder = paths.report_dir(locality, as_of)
    if (folder / FAILED_MARK).exists() or not (folder / "review.html").exists():
        return False
    withdraw_review(locality, as_of, (
        f"notebooks/{stage}.ipynb ran after this review was rendered (e.g. papermill by hand): the review stays "
        f"withdrawn until the render step has run again (`python -m helpers.pipeline render {locality}`)."))
    rebuild_index()  # no link to the withdrawn review
    return True


def _in_progress() -> str:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return (IN_PROGRESS.format(when=when, pid=os.getpid())
            + ". If no run is going on, it was interrupted or killed: run `make report` (or `dvc repro`) again.")


@contextlib.contextmanager
def locality_lock(locality: str) -> Iterator[None]:
    """One run per locality at a time (the lock goes with the process, even when it is killed)."""
    path = paths.lock_file(locality)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise Busy(f"another run of {locality} is under way ({handle.read().strip() or 'unknown process'}); "
                       "wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}, started {datetime.now(timezone.utc):%H:%M:%S} UTC")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (how DVC, CI and `kill` stop a stage) ends the run like Ctrl-C: withdrawn, with a reason."""
    def handler(signum: int, frame: Any) -> None:
        raise Interrupted(f"stopped by signal {signal.Signals(signum).name}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- limits --------------------------------------------------------------------------------------

def check_limits(locality: str) -> list[str]:
    """Raw files above the size limits (params.yaml `limits`): a plan table has tens of indicators and a
    few periods, so 20,000 rows are a mistake (or not a plan table) and would make a review no one reads."""
    limit = config.limits()
    problems = []
    folder = paths.raw_dir(locality)
    for file in sorted(folder.glob("*")) if folder.is_dir() else []:
        if file.suffix.lower() not in (".csv", ".xlsx"):
            continue
        size_mb = file.stat().st_size / 2**20
        where = paths.relative(file)
        if size_mb > limit["max_file_mb"]:
            problems.append(f"{where}: {size_mb:.1f} MB, more than the limit of {limit['max_file_mb']:g} MB per raw "
                            "file (params.yaml limits.max_file_mb)")
            continue
        for sheet, rows in _row_counts(file).items():
            if rows > limit["max_rows"]:
                problems.append(f"{where}{f'[{sheet}]' if sheet else ''}: {rows} data rows, more than the limit of "
                                f"{limit['max_rows']} rows per table (params.yaml limits.max_rows); a plan table has "
                                "tens of indicators and a few periods")
    return problems


def _row_counts(file: Path) -> dict[str, int]:
    if file.suffix.lower() == ".csv":
        with open(file, "rb") as f:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
        return {"": max(0, lines - 1)}
    from openpyxl import load_workbook

    try:
        wb = load_workbook(file, read_only=True)
    except Exception:  # an unreadable workbook is the reader's to report, with its own message
        return {}
    try:
        return {ws.title: max(0, (ws.max_row or 0) - 1) for ws in wb.worksheets}
    finally:
        wb.close()


# --- running notebooks -----------------------------------------------------------------------------

def _execute(stage: str, locality: str, as_of: str, progress: bool, kernel: SharedKernel | None = None) -> Path:
    import papermill as pm

    source = paths.NOTEBOOKS_DIR / f"{stage}.ipynb"
    target = executed_path(stage, locality, as_of)
    target.parent.mkdir(parents=True, exist_ok=True)
    # papermill writes the executed copy once, at the end (or with the failing cell when one fails), not
    # after every cell: an interrupted run leaves no copy, so none of an earlier run may stay behind.
    target.unlink(missing_ok=True)
    print(f"[{stage}@{locality}] as_of {as_of}: running {paths.relative(source)}", flush=True)
    started = time.perf_counter()
    extra = {}
    if kernel is not None:
        _reset(kernel)
        extra = {"engine_name": SHARED_ENGINE, "km": kernel.km, "kc": kernel.kc}
    pm.execute_notebook(
        str(source), str(target), parameters={"locality": locality, "as_of": as_of},
        cwd=str(paths.NOTEBOOKS_DIR), progress_bar=progress, kernel_name="python3",
        request_save_on_cell_execute=False, **extra,
    )
    print(f"[{stage}@{locality}] done in {time.perf_counter() - started:.1f} s -> {paths.relative(target)}",
          flush=True)
    return target


def _failure_message(stage: str, locality: str, as_of: str, err: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    source = f"notebooks/{stage}.ipynb" if stage in STAGES else stage
    if isinstance(err, PapermillExecutionError):
        return (f"[{stage}@{locality}] FAILED in {source}, cell {err.exec_count} (cell index {err.cell_index}):\n"
                f"{err.ename}: {err.evalue}\n"
                f"Executed copy with the error: {paths.relative(executed_path(stage, locality, as_of))}")
    if isinstance(err, (Interrupted, KeyboardInterrupt)):
        return f"[{stage}@{locality}] INTERRUPTED during {source} ({str(err) or 'Ctrl-C, SIGINT'}); the run did not finish."
    return f"[{stage}@{locality}] FAILED in {source}:\n{type(err).__name__}: {err}"


def rebuild_index() -> None:
    """reports/index.html again, so it marks a locality whose review was just withdrawn. Best effort: the
    failure being reported matters more than an index that cannot be written."""
    try:
        from helpers.pipeline import index_stage  # lazily: it imports the report layer

        index_stage.write()
    except Exception as err:  # noqa: BLE001
        print(f"(reports/index.html could not be rebuilt: {type(err).__name__}: {err})", file=sys.stderr, flush=True)


def _fail(stage: str, locality: str, as_of: str, err: BaseException) -> SystemExit:
    message = _failure_message(stage, locality, as_of, err)
    withdraw_review(locality, as_of, message)
    print(message, file=sys.stderr, flush=True)
    rebuild_index()
    interrupted = isinstance(err, (Interrupted, KeyboardInterrupt))
    return SystemExit(130 if interrupted else 1)


def _prepare(locality: str, as_of: str | None) -> str:
    loc = config.locality(locality)  # params.yaml checked, id checked
    as_of = str(as_of or loc.as_of)
    if as_of != loc.as_of:
        config.check_as_of(loc, as_of)
    return as_of


def run(stage: str, locality: str, as_of: str | None = None, progress: bool = True) -> Path:
    """One notebook, in its own kernel (as a hand run or another scheduler calls it). It withdraws the
    review of the period: only `all` (or render after 04_review) writes a current one again."""
    as_of = _prepare(locality, as_of)
    with locality_lock(locality), _terminate_as_interrupt():
        folder = paths.report_dir(locality, as_of)
        was_current = (folder / "review.html").exists() and not (folder / FAILED_MARK).exists()
        withdraw_review(locality, as_of, _in_progress())
        try:
            if stage == "01_clean":
                stop_on_limits(locality)
            target = _execute(stage, locality, as_of, progress)
        except (Exception, KeyboardInterrupt) as err:
            raise _fail(stage, locality, as_of, err) from None
        withdraw_review(locality, as_of, (
            f"notebooks/{stage}.ipynb was run on its own ({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC): the "
            "review stays withdrawn until the following notebooks up to 04_review and the render step "
            f"(`python -m helpers.pipeline render {locality}`) have run, or `python -m helpers.pipeline all {locality}`."))
        if was_current:
            rebuild_index()  # no link to the review this run withdrew
        return target


def stop_on_limits(locality: str) -> None:
    problems = check_limits(locality)
    if problems:
        raise ValueError("raw data above the size limits:\n" + "\n".join(problems))


def run_all(locality: str, as_of: str | None = None, progress: bool = True, shared_kernel: bool = True) -> Path:
    """The four notebooks (02 and 03 at the same time), then the render step; the review is reinstated at
    the end."""
    as_of = _prepare(locality, as_of)
    with locality_lock(locality), _terminate_as_interrupt():
        withdraw_review(locality, as_of, _in_progress())
        stage = "01_clean"
        try:
            stop_on_limits(locality)
            # Each executed notebook's page (the link target of its facts) is written by a thread of this
            # process while the kernels, other processes, run the next notebooks, and the last ones while
            # the review is rendered (which only links to them); the kernels are stopped meanwhile too.
            with ThreadPoolExecutor(max_workers=3) as background:
                with _kernels(shared_kernel, background) as (first, second):
                    written = [background.submit(_notebook_page, _execute(stage, locality, as_of, progress, first))]
                    stage = "03_evaluate"  # what an interrupt (Ctrl-C, SIGTERM) stops in this thread
                    for notebook in _validate_while_evaluating(locality, as_of, progress, first, second, background):
                        written.append(background.submit(_notebook_page, notebook))
                    stage = "04_review"
                    notebook = _execute(stage, locality, as_of, progress, first)
                    written.append(background.submit(_notebook_page, notebook))
                stage = "render"
                print(f"[render@{locality}] as_of {as_of}: rendering the review", flush=True)
                started = time.perf_counter()
                review = render_review(locality, as_of, notebook_pages=False, reinstate=False)
                for page in written:
                    page.result()
                print(f"[render@{locality}] done in {time.perf_counter() - started:.1f} s", flush=True)
            reinstate_review(locality, as_of)
        except _StepFailed as failed:
            raise _fail(failed.stage, locality, as_of, failed.error) from None
        except (Exception, KeyboardInterrupt) as err:
            raise _fail(stage, locality, as_of, err) from None
        except SystemExit as err:  # a step that withdrew the review itself, with its own message
            if err.code not in (0, None):
                mark = failed_mark(locality, as_of)
                if not mark.exists() or "has not finished" in mark.read_text(encoding="utf-8"):
                    withdraw_review(locality, as_of, f"[{stage}@{locality}] FAILED (exit status {err.code})")
                rebuild_index()
            raise
    return review


class _StepFailed(Exception):
    """A notebook of the run failed; the step to name may not be the one this thread was running."""

    def __init__(self, stage: str, error: BaseException) -> None:
        super().__init__(stage)
        self.stage, self.error = stage, error


def evaluation_outputs(locality: str, as_of: str) -> list[Path]:
    """What 03_evaluate writes (a test compares this list with a run's files)."""
    processed = paths.processed_dir(locality)
    return [executed_path("03_evaluate", locality, as_of), processed / "evaluation.csv", processed / "checks.csv",
            paths.summary_file(locality), paths.figures_dir(locality, as_of)]


def _daemon(function: Any, *args: Any) -> Future:
    """function(*args) in a daemon thread: when the run is stopped (Ctrl-C, SIGTERM) while it waits on a
    kernel that is being shut down, the process exits without joining it (a pool's thread is joined)."""
    future: Future = Future()

    def target() -> None:
        try:
            future.set_result(function(*args))
        except BaseException as err:  # noqa: BLE001 - handed to whoever reads the future
            future.set_exception(err)

    threading.Thread(target=target, daemon=True).start()
    return future


def _validate_while_evaluating(locality: str, as_of: str, progress: bool, first: SharedKernel | None,
                               second: SharedKernel | None, background: ThreadPoolExecutor) -> tuple[Path, Path]:
    """02_validate in the second kernel while 03_evaluate runs in the first (two cores instead of one: 1.5 s
    of a locality's 5). 03 reads only what 01 wrote, and nothing of it is kept unless 02 passes: when the
    validation fails, 03 is interrupted, what it wrote is removed and the failure named is 02's."""
    validation = _daemon(_execute, "02_validate", locality, as_of, progress, second)

    def stop_evaluating(done: Any) -> None:
        if first is not None and not done.cancelled() and done.exception() is not None:
            first.km.interrupt_kernel()

    validation.add_done_callback(stop_evaluating)
    evaluating_error = None
    try:
        evaluated = _execute("03_evaluate", locality, as_of, progress, first)
    except Exception as err:  # reported below, unless the validation failed too (its failure comes first)
        evaluating_error = err
    try:
        validated = validation.result()
    except (Exception, KeyboardInterrupt) as err:
        for path in evaluation_outputs(locality, as_of):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        raise _StepFailed("02_validate", err) from None
    if evaluating_error is not None:
        raise _StepFailed("03_evaluate", evaluating_error)
    return validated, evaluated


def render_review(locality: str, as_of: str, notebook_pages: bool = True, reinstate: bool = True) -> Path:
    """The render step, in this process (no second interpreter and nbconvert start). A render failure
    withdraws the review itself and exits with SystemExit(1)."""
    from helpers.pipeline import render_stage  # lazily: it imports the report layer

    return render_stage.run(locality, as_of, notebook_pages=notebook_pages, reinstate=reinstate)


def _notebook_page(notebook: Path) -> Path:
    from helpers.report import render

    return render.notebook_html(notebook)


@dataclass
class SharedKernel:
    """The locality's one python3 kernel and one client connected to it, ready."""
    km: Any
    kc: Any


SHARED_ENGINE = "plan-review-shared-kernel"
KERNEL_STARTS = 3  # a kernel that dies before it answers (a port taken meanwhile) is started again, this often


class KernelDied(RuntimeError):
    """The kernel process ended before it answered (its ports may have been taken by another process)."""


def _register_engine() -> None:
    """papermill's own nbclient engine, given the shared kernel's client: nbclient would otherwise connect
    a new client for every notebook and wait for it to be ready, which ends only after 0.2 s without a
    message from the kernel (jupyter_client's wait_for_ready), twice per notebook with the reset."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, km=None,
                                     kc=None, **kwargs):
            client = PapermillNotebookClient(
                nb_man, km=km, kernel_name=kernel_name, log=logging.getLogger("papermill"), log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file, startup_timeout=start_timeout,
                timeout=execution_timeout)
            client.kc = kc  # nbclient connects a client only when it has none; it leaves a given one open
            return client.execute()

    papermill_engines.register(SHARED_ENGINE, SharedKernelEngine)


@contextlib.contextmanager
def _kernels(shared: bool, background: ThreadPoolExecutor) -> Iterator[tuple[SharedKernel | None, SharedKernel | None]]:
    """The locality's two python3 kernels, started together: the first for 01, 03 and 04, the second for 02,
    warmed with its imports ((None, None): papermill starts one per notebook). They are stopped in the
    background: jupyter_client kills a kernel and then polls every 0.1 s until it has exited."""
    if not shared:
        yield None, None
        return
    from jupyter_client.manager import KernelManager

    started: list[Any] = []
    clients: list[Any] = []
    try:
        for _ in range(2):
            started.append(KernelManager(kernel_name="python3"))
            started[-1].start_kernel(cwd=str(paths.NOTEBOOKS_DIR))
        _register_engine()  # imports papermill while the kernel processes start
        for i in range(len(started)):
            for attempt in range(KERNEL_STARTS):
                if attempt:  # a new manager: new ports, a new connection file
                    started.append(KernelManager(kernel_name="python3"))
                    started[i], started[-1] = started[-1], started[i]  # the dead one is shut down at the end
                    started[i].start_kernel(cwd=str(paths.NOTEBOOKS_DIR))
                kc = started[i].client()
                kc.start_channels()
                try:
                    _wait_until_ready(kc)
                    break
                except KernelDied:
                    # jupyter_client picks free ports and the kernel binds them later: another process may take
                    # one meanwhile ("Address already in use", seen with two test suites at once)
                    kc.stop_channels()
                    if attempt == KERNEL_STARTS - 1:
                        raise
            clients.append(kc)
            kc.execute(_REMEMBER_DEFAULTS, silent=True, store_history=False)
        clients[1].execute(_WARM_VALIDATION, silent=True, store_history=False)
        yield SharedKernel(started[0], clients[0]), SharedKernel(started[1], clients[1])
    finally:
        for kc in clients:
            kc.stop_channels()
        for km in started:
            background.submit(km.shutdown_kernel, now=True)


def _wait_until_ready(kc: Any, timeout: float = 60.0) -> None:
    """The kernel answers on both channels. jupyter_client's wait_for_ready does the same and then waits
    until IOPub has been silent for 0.2 s; here the kernel's `idle` after our request on IOPub proves
    that channel connected. A subscriber may miss the first messages, so when that `idle` does not come
    soon the request is repeated (one locality in six waited half a second for it to come)."""
    from queue import Empty

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        msg_id = kc.kernel_info()
        try:
            kc.get_shell_msg(timeout=1)
            while True:
                msg = kc.get_iopub_msg(timeout=0.05)
                if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                        and msg["content"]["execution_state"] == "idle"):
                    return
        except Empty:
            if not kc.is_alive():
                raise KernelDied("the kernel died before it answered") from None
    raise RuntimeError(f"the kernel did not answer within {timeout:g} s")


def _reset(kernel: SharedKernel) -> None:
    """Clear what the previous notebook (or the warming imports) left in the kernel; a failing reset is a
    failure of the run."""
    reply = kernel.kc.execute_interactive(_RESET, store_history=False, silent=True, timeout=60)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"resetting the shared kernel failed: {reply['content'].get('evalue')}")


# --- the whole project -----------------------------------------------------------------------------

def failed_localities() -> list[tuple[str, str, str]]:
    """(id, as_of, reason) of every locality whose review of its current period is withdrawn or missing."""
    out = []
    for loc in config.all_localities():
        mark = failed_mark(loc.id, loc.as_of)
        if mark.exists():
            reason = mark.read_text(encoding="utf-8").split("\n\n", 1)[-1].strip()
            out.append((loc.id, loc.as_of, reason))
        elif not (paths.report_dir(loc.id, loc.as_of) / "review.html").exists():
            out.append((loc.id, loc.as_of, "no review was written (the run stopped before this locality)"))
    return out


def repro(dvc_args: list[str]) -> int:
    """What `make report` runs: params.yaml checked, then `dvc repro --keep-going` (every locality it can),
    then the failed localities listed with their reason and the index rebuilt to mark them."""
    problems = config.check_file()
    if problems:
        print(config.ParamsError(problems), file=sys.stderr)
        return 2
    cmd = ["dvc", "repro", "--keep-going", *dvc_args]
    print("$ " + " ".join(cmd), flush=True)
    code, output = _stream(cmd)
    if "Unable to acquire lock" in output or "is busy" in output:
        print("Another `dvc repro` is running in this project: nothing was run; try again when it has finished.",
              file=sys.stderr)
        return code or 1
    failures = failed_localities()
    listed = {f[0] for f in failures}
    periods = {loc.id: loc.as_of for loc in config.all_localities()}
    for locality, why in re.findall(r"failed to reproduce 'review@([^']+)': (.*)", output):
        if locality not in listed:  # DVC failed after the stage command (e.g. a declared output missing)
            failures.append((locality, periods.get(locality, "?"), f"DVC: {why}"))
            listed.add(locality)
    if failures:
        rebuild_index()
        print(f"\n{len(failures)} locality(ies) failed; their reviews are withdrawn (FAILED.txt), the others are "
              "current:", file=sys.stderr)
        for locality, as_of, reason in failures:
            lines = [line.strip() for line in reason.splitlines() if line.strip()]
            print(f"  {locality} ({as_of}): {' '.join(lines[:2])}", file=sys.stderr)
            if failed_mark(locality, as_of).exists():
                print(f"    see {paths.relative(failed_mark(locality, as_of))}", file=sys.stderr)
        return 1
    return code


def _stream(cmd: list[str]) -> tuple[int, str]:
    """Run cmd with its output on the console as it comes, and kept for a look afterwards."""
    kept: list[str] = []
    with subprocess.Popen(cmd, cwd=paths.PROJ_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          bufsize=1) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            kept.append(line)
    return proc.returncode, "".join(kept)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command",
                        choices=(*STAGES, "render", "all", "check", "split-params", "code-manifest", "repro", "index"),
                        help="a notebook, render (the review from the executed notebooks), all (notebooks + "
                             "render), check (params.yaml), repro (dvc repro), index (reports/index.html); "
                             "split-params and code-manifest write what DVC's stages depend on (build/)")
    parser.add_argument("locality", nargs="?")
    parser.add_argument("--as-of", help="reporting period (default: params.yaml)")
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument("--fresh-kernels", action="store_true", help="all: one kernel per notebook")
    parser.add_argument("--print", action="store_true", help="index: also list the reviews on the console")
    args, rest = parser.parse_known_args(argv)
    if args.command == "repro":
        raise SystemExit(repro(([args.locality] if args.locality else []) + rest))
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "code-manifest":
        from helpers.pipeline import code_manifest

        print(f"code of a locality's run -> {paths.relative(code_manifest.write())}")
        return
    if args.command == "split-params":
        try:
            written = config.split_params(paths.SPLIT_PARAMS_DIR)
        except config.ParamsError as err:
            print(err, file=sys.stderr)
            raise SystemExit(2) from None
        print(f"params.yaml: {len(written)} localities -> {paths.relative(paths.SPLIT_PARAMS_DIR)}/<id>.yaml")
        return
    if args.command == "index":
        if args.locality:
            parser.error("index takes no locality: it lists all of params.yaml")
        from helpers.pipeline import index_stage  # lazily: it imports the report layer

        try:
            index_stage.main(list_reviews=args.print)
        except config.ParamsError as err:
            print(err, file=sys.stderr)
            raise SystemExit(2) from None
        return
    if args.command == "check":
        problems = config.check_file()
        if problems:
            print(config.ParamsError(problems), file=sys.stderr)
            raise SystemExit(2)
        print(f"params.yaml: {len(config.load_params()['localities'])} localities, all keys known and valid")
        return
    if not args.locality:
        parser.error(f"{args.command} needs a locality id")
    try:
        if args.command == "render":
            _prepare(args.locality, args.as_of)
            render_review(args.locality, args.as_of or config.locality(args.locality).as_of)
        elif args.command == "all":
            run_all(args.locality, args.as_of, progress=not args.no_progress, shared_kernel=not args.fresh_kernels)
        else:
            run(args.command, args.locality, args.as_of, progress=not args.no_progress)
    except (config.ParamsError, paths.LocalityIdError, KeyError) as err:
        print(err.args[0] if isinstance(err, KeyError) else err, file=sys.stderr)
        raise SystemExit(2) from None
    except Busy as err:
        print(f"[{args.command}@{args.locality}] not started: {err}", file=sys.stderr)
        raise SystemExit(75) from None


if __name__ == "__main__":
    main()
