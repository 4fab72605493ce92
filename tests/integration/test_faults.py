"""Faults on the small `tiny` locality, with the real pipeline (DVC, papermill, GX, render): a stage process
killed or stopped during each step, recovery, a failed run then the old inputs back (DVC restores the
cached review), two runs at once, a shell-injection locality id, and the shared kernel against fresh ones.

After every failure: the review of the period is withdrawn (FAILED.txt, no review.html), the index marks
the locality, and data/raw/ is byte-identical. After recovery: the review is current and no FAILED.txt is left.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
import yaml

from helpers.tools.sandbox import env_for

from .conftest import REPO, copy_project, run

pytestmark = pytest.mark.integration
TINY = REPO / "tests" / "bad_inputs" / "tiny"
TINY_PARAMS = {"name": "测试区", "plan": "十四五", "plan_start": 2020, "plan_end": 2025, "as_of": "2022",
               "categories": ["经济", "民生", "环境"], "synthetic": True}
FOLDER = "reports/tiny/2022"
REPRO = ["python", "-m", "helpers.pipeline", "repro"]


def tiny_project(dest: Path) -> Path:
    """A copy of the project whose only locality is tiny, committed (DVC and clones need a git history)."""
    root = copy_project(dest)
    shutil.copytree(TINY, root / "data" / "raw" / "tiny")
    shutil.rmtree(root / "data" / "processed", ignore_errors=True)
    (root / "dvc.lock").unlink(missing_ok=True)
    params = yaml.safe_load((root / "params.yaml").read_text(encoding="utf-8"))
    params["localities"] = {"tiny": dict(TINY_PARAMS)}
    (root / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    git = ["git", "-c", "user.name=tests", "-c", "user.email=tests@plan-review.invalid"]
    run(["git", "add", "-A"], root)
    run([*git, "commit", "-q", "-m", "tiny project"], root)
    return root


def raw_digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "data" / "raw").rglob("*")) if p.is_file()}


def index_row(root: Path, locality: str = "tiny") -> str:
    page = (root / "reports" / "index.html").read_text(encoding="utf-8")
    rows = dict((m[1], m[0]) for m in re.finditer(r"<tr data-locality='([^']+)'[^>]*>.*?</tr>", page, re.S))
    return rows[locality]


def assert_withdrawn(root: Path, reason: str) -> None:
    folder = root / FOLDER
    assert not (folder / "review.html").exists() and not (folder / "provenance.json").exists()
    assert reason in (folder / "FAILED.txt").read_text(encoding="utf-8")
    row = index_row(root)
    assert "review.html" not in row, row
    assert re.search("撤回|失败|FAILED|未生成", row), row  # the index marks the locality


def assert_current(root: Path) -> None:
    folder = root / FOLDER
    assert (folder / "review.html").stat().st_size > 0 and (folder / "review.docx").stat().st_size > 0
    assert not (folder / "FAILED.txt").exists()
    assert "tiny/2022/review.html" in index_row(root)


def start_repro(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(REPRO, cwd=root, env=env_for(root), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, bufsize=1, start_new_session=True)


def wait_for(proc: subprocess.Popen[str], pattern: str, timeout: float = 300) -> str:
    """Read the run's output until a line matches; return everything read."""
    seen = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    for line in proc.stdout:
        seen.append(line)
        if re.search(pattern, line):
            return "".join(seen)
        assert time.monotonic() < deadline, "".join(seen)
    raise AssertionError(f"{pattern!r} never appeared:\n{''.join(seen)[-3000:]}")


def stage_process(proc: subprocess.Popen[str]) -> psutil.Process:
    """The `python -m helpers.pipeline all tiny` process DVC started."""
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            cmd = child.cmdline()
        except psutil.Error:
            continue
        if "helpers.pipeline" in cmd and "all" in cmd:
            return child
    raise AssertionError("no stage process found")


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, _ = proc.communicate(timeout=600)
    return proc.returncode, out


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tiny_project(tmp_path_factory.mktemp("faults"))
    run(REPRO, root)
    assert_current(root)
    return root


# The line a stage prints as it starts, and the signal the stage process gets then.
INTERRUPTS = [
    ("01_clean", r"\[01_clean@tiny\] as_of 2022: running", signal.SIGKILL, "has not finished"),
    ("02_validate", r"\[02_validate@tiny\] as_of 2022: running", signal.SIGKILL, "has not finished"),
    ("03_evaluate", r"\[03_evaluate@tiny\] as_of 2022: running", signal.SIGTERM, "INTERRUPTED during notebooks/03"),
    ("04_review", r"\[04_review@tiny\] as_of 2022: running", signal.SIGKILL, "has not finished"),
    ("render", r"\[render@tiny\] as_of 2022: rendering", signal.SIGINT, "INTERRUPTED during render"),
]


@pytest.mark.parametrize("stage, started, signum, reason", INTERRUPTS, ids=[i[0] for i in INTERRUPTS])
def test_interrupted_stage_withdraws_the_review_and_the_next_run_recovers(project, stage, started, signum, reason):
    root = project
    raw = raw_digests(root)
    stamp = root / "data/raw/tiny/SOURCE.md"
    stamp.write_text(stamp.read_text(encoding="utf-8") + f"\n<!-- touched to re-run: {stage} -->\n", encoding="utf-8")
    raw = raw_digests(root)

    proc = start_repro(root)
    wait_for(proc, started)
    stage_process(proc).send_signal(signum)
    code, out = finish(proc)
    assert code == 1, out
    assert re.search(r"1 locality\(ies\) failed.*\n  tiny \(2022\)", out), out
    assert_withdrawn(root, reason)
    assert raw_digests(root) == raw

    code, out = finish(start_repro(root))  # recovery: the same command again
    assert code == 0, out
    assert_current(root)
    assert raw_digests(root) == raw


def test_failure_then_old_inputs_restore_the_cached_review_without_a_failed_mark(project):
    root = project
    observations = root / "data/raw/tiny/observations.csv"
    original = observations.read_bytes()
    good_review = (root / FOLDER / "review.html").read_bytes()
    lines = original.decode("utf-8").splitlines(keepends=True)
    observations.write_text("".join(lines + [lines[1]]), encoding="utf-8")  # a row twice: validation stops

    code, out = finish(start_repro(root))
    assert code == 1 and "tiny (2022)" in out, out
    assert_withdrawn(root, "code_period_unique")

    observations.write_bytes(original)  # the inputs that produced the cached review
    code, out = finish(start_repro(root))
    assert code == 0, out
    assert "is cached - skipping run" in out or "didn't change" in out, out
    assert_current(root)
    assert (root / FOLDER / "review.html").read_bytes() == good_review
    assert observations.read_bytes() == original


def test_two_runs_at_once(project):
    root = project
    stamp = root / "data/raw/tiny/SOURCE.md"
    stamp.write_text(stamp.read_text(encoding="utf-8") + "\n<!-- two runs -->\n", encoding="utf-8")
    raw = raw_digests(root)
    first = start_repro(root)
    wait_for(first, r"\[02_validate@tiny\] as_of 2022: running")
    second = run(REPRO, root, check=False)  # a second dvc repro: DVC's lock refuses it
    assert second.returncode != 0
    assert "Another `dvc repro` is running" in second.stderr, second.stdout + second.stderr
    by_hand = run(["python", "-m", "helpers.pipeline", "01_clean", "tiny", "--no-progress"], root, check=False)
    assert by_hand.returncode == 75 and "another run of tiny is under way" in by_hand.stderr, by_hand.stderr
    code, out = finish(first)
    assert code == 0, out
    assert_current(root)
    assert raw_digests(root) == raw


def test_a_shell_injection_locality_id_runs_nothing(tmp_path):
    root = tiny_project(tmp_path)
    params = yaml.safe_load((root / "params.yaml").read_text(encoding="utf-8"))
    evil = {"x;touch PWNED;#": dict(TINY_PARAMS), "y';touch PWNED2;'": dict(TINY_PARAMS)}
    params["localities"] = {**evil, **params["localities"]}
    for key in evil:  # with their data folders, so that DVC gets as far as the stage command
        shutil.copytree(TINY, root / "data" / "raw" / key)
    (root / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    made = run(REPRO, root, check=False)
    assert made.returncode == 2 and "the locality id 'x;touch PWNED;#' is not allowed" in made.stderr, made.stderr
    plain = run(["dvc", "repro"], root, check=False)  # DVC without make: split-params stops first
    assert plain.returncode != 0 and "> python -m helpers.pipeline split-params" in plain.stdout
    assert "the locality id 'x;touch PWNED;#' is not allowed" in plain.stdout + plain.stderr
    for key in evil:  # the stage itself, as if its params file were there: its first command stops it
        (root / "build/params").mkdir(parents=True, exist_ok=True)
        (root / "build/params" / f"{key}.yaml").write_text("{}\n", encoding="utf-8")
        single = run(["dvc", "repro", "--single-item", f"review@{key}"], root, check=False)
        assert single.returncode != 0, single.stdout
        assert f"Running stage 'review@{key}'" in single.stdout and "> python -m helpers.pipeline check" in single.stdout
        assert "is not allowed" in single.stdout + single.stderr
    assert not list(root.rglob("PWNED*")) and not list(Path(tmp_path).rglob("PWNED*"))
    assert not (root / "reports").exists()


def _files(root: Path) -> dict[str, int]:
    """Every file the pipeline writes (data/processed, data/summary, reports) with its modification time."""
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns
            for folder in ("data/processed", "data/summary", "reports") for p in sorted((root / folder).rglob("*"))
            if p.is_file() and "/.locks/" not in p.as_posix()}


def test_what_03_writes_is_what_a_failed_validation_removes(tmp_path):
    """02_validate and 03_evaluate run at the same time; when the validation fails, the run must end as if 03
    had never started. runner.evaluation_outputs is what gets removed: it must hold every file 03 writes."""
    from helpers.pipeline import runner

    root = tiny_project(tmp_path)
    for stage in ("01_clean", "02_validate"):
        run(["python", "-m", "helpers.pipeline", stage, "tiny", "--no-progress"], root)
    before = _files(root)
    run(["python", "-m", "helpers.pipeline", "03_evaluate", "tiny", "--no-progress"], root)
    written = {name for name, stamp in _files(root).items() if before.get(name) != stamp} - {f"{FOLDER}/FAILED.txt"}
    listed = [p.relative_to(runner.paths.PROJ_ROOT).as_posix() for p in runner.evaluation_outputs("tiny", "2022")]
    assert written and all(any(name == p or name.startswith(p + "/") for p in listed) for name in written), (
        sorted(written), listed)

    observations = root / "data/raw/tiny/observations.csv"  # a row twice: validation stops
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    observations.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    failed = run(["python", "-m", "helpers.pipeline", "all", "tiny", "--no-progress"], root, check=False)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "[02_validate@tiny] FAILED in notebooks/02_validate.ipynb" in failed.stderr, failed.stderr
    assert "code_period_unique" in (root / FOLDER / "FAILED.txt").read_text(encoding="utf-8")
    assert (root / FOLDER / "notebooks/02_validate.ipynb").exists()  # the executed copy with the error
    assert not any((root / p).exists() for p in listed), [p for p in listed if (root / p).exists()]
    assert not (root / FOLDER / "review.html").exists()


def _outputs(notebook: Path) -> list[tuple[object, str]]:
    """What a reader sees of each code cell: its execution count and outputs (timestamps blanked)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    text = [json.dumps(c.get("outputs", []), sort_keys=True, ensure_ascii=False) for c in cells]
    return [(c.get("execution_count"), re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "<time>", t))
            for c, t in zip(cells, text)]


def test_one_kernel_per_locality_reads_as_fresh_kernels(tmp_path):
    """`all` runs the four notebooks in one kernel; each executed notebook reads as with a kernel of its own."""
    root = tiny_project(tmp_path)
    notebooks = root / FOLDER / "notebooks"
    run(["python", "-m", "helpers.pipeline", "all", "tiny", "--no-progress", "--fresh-kernels"], root)
    fresh = {nb.name: _outputs(nb) for nb in sorted(notebooks.glob("*.ipynb"))}
    run(["python", "-m", "helpers.pipeline", "all", "tiny", "--no-progress"], root)
    shared = {nb.name: _outputs(nb) for nb in sorted(notebooks.glob("*.ipynb"))}
    assert list(shared) == ["01_clean.ipynb", "02_validate.ipynb", "03_evaluate.ipynb", "04_review.ipynb"]
    for name in shared:
        assert shared[name] == fresh[name], name
        assert shared[name][0][0] == 1  # the execution counter starts again at 1
    assert any("FutureWarning" in out or "Warning" in out for _, out in fresh["03_evaluate.ipynb"]) == any(
        "FutureWarning" in out or "Warning" in out for _, out in shared["03_evaluate.ipynb"])
    assert_current_without_index(root)


def assert_current_without_index(root: Path) -> None:
    assert (root / FOLDER / "review.html").exists() and not (root / FOLDER / "FAILED.txt").exists()


def test_a_notebook_run_by_hand_withdraws_until_the_review_is_rendered(tmp_path):
    root = tiny_project(tmp_path)
    run(["python", "-m", "helpers.pipeline", "all", "tiny", "--no-progress"], root)
    run(["python", "-m", "helpers.pipeline", "01_clean", "tiny", "--no-progress"], root)
    folder = root / FOLDER
    assert not (folder / "review.html").exists()
    assert "was run on its own" in (folder / "FAILED.txt").read_text(encoding="utf-8")
    for stage in ("02_validate", "03_evaluate", "04_review"):
        run(["python", "-m", "helpers.pipeline", stage, "tiny", "--no-progress"], root)
    run(["python", "-m", "helpers.pipeline", "render", "tiny"], root)
    assert_current_without_index(root)


def test_one_bad_locality_never_takes_the_others_down(tmp_path):
    """`make report` (python -m helpers.pipeline repro): every locality it can, then the failed ones listed."""
    root = tiny_project(tmp_path)
    shutil.copytree(TINY, root / "data/raw/tiny-bad")
    (root / "data/raw/tiny-bad/indicators.csv").write_text(
        (TINY / "indicators.csv").read_text(encoding="utf-8").replace("\n2,", "\n1,", 1), encoding="utf-8")
    params = yaml.safe_load((root / "params.yaml").read_text(encoding="utf-8"))
    params["localities"] = {"tiny-bad": dict(TINY_PARAMS), "tiny": dict(TINY_PARAMS)}  # the bad one first
    (root / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    raw = raw_digests(root)
    code, out = finish(start_repro(root))
    assert code == 1, out
    assert re.search(r"1 locality\(ies\) failed.*\n  tiny-bad \(2022\): \[\w+@tiny-bad\] FAILED in notebooks/.*Error", out), out
    assert_current_without_index(root)  # tiny was built after tiny-bad failed
    assert "tiny/2022/review.html" in index_row(root, "tiny")
    row = index_row(root, "tiny-bad")
    assert "review.html" not in row and re.search("撤回|失败|FAILED|未生成", row), row
    assert not (root / "reports/tiny-bad/2022/review.html").exists()
    assert raw_digests(root) == raw
