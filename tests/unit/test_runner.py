"""The runner's bookkeeping without kernels: withdrawal and reinstatement, the list of failed localities,
the per-locality lock, and the message of a failure."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers.pipeline import paths, runner


def tiny_failures() -> list[tuple[str, str, str]]:
    return [f for f in runner.failed_localities() if f[0] == "tiny"]


def test_withdraw_removes_the_review_and_says_why(project_copy):
    folder = paths.report_dir("tiny", "2022")
    folder.mkdir(parents=True)
    for name in runner.REVIEW_FILES:
        (folder / name).write_text("old")
    (folder / "notebooks").mkdir()
    runner.withdraw_review("tiny", "2022", "cell 3 failed")
    assert not any((folder / name).exists() for name in runner.REVIEW_FILES)
    assert "cell 3 failed" in (folder / runner.FAILED_MARK).read_text(encoding="utf-8")
    assert (folder / "notebooks").is_dir()  # the executed notebooks (with the error) stay
    assert tiny_failures() == [("tiny", "2022", "cell 3 failed")]


def test_reinstate_needs_a_review_and_clears_the_mark(project_copy):
    runner.withdraw_review("tiny", "2022", "under way")
    with pytest.raises(RuntimeError, match="no review.html"):
        runner.reinstate_review("tiny", "2022")
    (paths.report_dir("tiny", "2022") / "review.html").write_text("new")
    runner.reinstate_review("tiny", "2022")
    assert not runner.failed_mark("tiny", "2022").exists()
    assert tiny_failures() == []


def test_a_locality_without_any_review_is_listed(project_copy):
    assert tiny_failures() == [
        ("tiny", "2022", "no review was written (the run stopped before this locality)")]


def test_one_run_per_locality(project_copy):
    """A second process cannot take the lock while the first holds it; it names the holder."""
    code = ("import sys; from helpers.pipeline import runner\n"
            "try:\n    with runner.locality_lock('tiny'): pass\n"
            "except runner.Busy as e:\n    print(e); sys.exit(75)\n")
    with runner.locality_lock("tiny"):
        other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert other.returncode == 75 and "another run of tiny is under way (process" in other.stdout
    free = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert free.returncode == 0, free.stdout + free.stderr


def test_failure_messages_name_the_step():
    assert "INTERRUPTED during notebooks/03_evaluate.ipynb (Ctrl-C, SIGINT)" in runner._failure_message(
        "03_evaluate", "tiny", "2022", KeyboardInterrupt())
    assert "INTERRUPTED during render (stopped by signal SIGTERM)" in runner._failure_message(
        "render", "tiny", "2022", runner.Interrupted("stopped by signal SIGTERM"))
    assert "FAILED in notebooks/01_clean.ipynb:\nValueError: raw data above" in runner._failure_message(
        "01_clean", "tiny", "2022", ValueError("raw data above the size limits"))


def test_write_atomic_replaces_whole_files(tmp_path):
    target = tmp_path / "a" / "file.txt"
    paths.write_atomic(target, "one")
    paths.write_atomic(target, "two")
    assert target.read_text() == "two" and [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_a_notebook_run_outside_the_runner_withdraws_a_current_review(project_copy):
    folder = paths.report_dir("tiny", "2022")
    assert not runner.withdraw_if_current("tiny", 2022, "01_clean")  # nothing rendered yet: nothing to withdraw
    folder.mkdir(parents=True)
    (folder / "review.html").write_text("current")
    assert runner.withdraw_if_current("tiny", 2022, "02_validate")  # papermill -p as_of 2022 passes a number
    assert not (folder / "review.html").exists()
    assert "notebooks/02_validate.ipynb ran after this review was rendered" in runner.failed_mark(
        "tiny", "2022").read_text(encoding="utf-8")
    assert not runner.withdraw_if_current("tiny", "2022", "01_clean")  # already withdrawn: the reason stays


def test_a_kernel_that_dies_before_it_answers_is_started_again(monkeypatch):
    """Two kernels start at once; jupyter_client picks their ports before the kernels bind them, so another
    process can take one ("Address already in use", CI beside another test run). Such a kernel is replaced."""
    from concurrent.futures import ThreadPoolExecutor

    import jupyter_client.manager

    class FirstDies(jupyter_client.manager.KernelManager):
        made = 0

        def format_kernel_cmd(self, extra_arguments=None):
            FirstDies.made += 1
            if FirstDies.made == 1:  # a kernel process that ends at once, as one that cannot bind its port
                return [sys.executable, "-c", "raise SystemExit(1)"]
            return super().format_kernel_cmd(extra_arguments)

    monkeypatch.setattr(jupyter_client.manager, "KernelManager", FirstDies)
    with ThreadPoolExecutor(max_workers=3) as background:
        with runner._kernels(True, background) as (first, second):
            for kernel in (first, second):
                reply = kernel.kc.execute_interactive("1 + 1", timeout=60)
                assert reply["content"]["status"] == "ok"
    assert FirstDies.made == 3  # the dead one and its replacement, and the second kernel
