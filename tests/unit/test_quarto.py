"""Quarto as the review's renderer: the real Quarto renders the review cells into a self-contained page;
a missing, old or failing Quarto is a clear error and withdraws the period's review.

The failure modes use small `quarto` scripts on PATH (real subprocesses that behave like a broken
installation); the success path is the real Quarto (CI installs it; elsewhere that test skips and says
why, unless PLAN_REVIEW_REQUIRE_QUARTO=1, which CI sets, makes it fail)."""

from __future__ import annotations

import os
import re
import stat

import pytest

from helpers.pipeline import paths, render_stage
from helpers.pipeline.runner import FAILED_MARK
from helpers.report import quarto, render
from tests.conftest import need_quarto

from .review_period import make_period

OLD = "#!/usr/bin/env bash\necho 1.6.42\n"
FAILING = """#!/usr/bin/env bash
if [ "$1" = "--version" ]; then echo 1.7.34; exit 0; fi
echo "ERROR: YAMLError: bad indentation of a mapping entry (review.qmd, 3:5)" >&2
exit 1
"""
NO_VERSION = "#!/usr/bin/env bash\necho 'quarto: cannot open shared object file' >&2\nexit 127\n"




@pytest.fixture()
def fake_quarto(tmp_path, monkeypatch):
    """Put a `quarto` script with the given text first on PATH."""

    def install(script: str) -> None:
        bin_dir = tmp_path / "fakebin"
        bin_dir.mkdir(exist_ok=True)
        exe = bin_dir / "quarto"
        exe.write_text(script)
        exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    return install


@pytest.fixture()
def no_quarto(monkeypatch):
    """PATH without any quarto (the rest of PATH kept, so the other tools still run)."""
    kept = [d for d in os.environ["PATH"].split(os.pathsep) if d and not os.path.exists(os.path.join(d, "quarto"))]
    monkeypatch.setenv("PATH", os.pathsep.join(kept))


def test_auto_prefers_quarto_when_installed(fake_quarto):
    fake_quarto(OLD)
    assert quarto.choose_renderer("auto") == "quarto"
    assert quarto.choose_renderer("nbconvert") == "nbconvert"


def test_missing_quarto_is_a_clear_error(no_quarto, tmp_path):
    assert quarto.choose_renderer("auto") == "nbconvert"
    with pytest.raises(quarto.QuartoNotFound, match="not on PATH.*quarto.org.*report.renderer: nbconvert"):
        quarto.choose_renderer("quarto")
    with pytest.raises(quarto.QuartoNotFound):
        quarto.render(tmp_path / "review.qmd", "out.html")


def test_unknown_renderer_setting():
    with pytest.raises(ValueError, match="auto, quarto or nbconvert"):
        quarto.choose_renderer("word")


def test_old_quarto_is_refused(fake_quarto, tmp_path):
    fake_quarto(OLD)
    assert quarto.version() == (1, 6, 42)
    with pytest.raises(quarto.QuartoTooOld, match=r"Quarto 1\.6\.42 .* older than 1\.7\.34"):
        quarto.render(tmp_path / "review.qmd", "out.html")


def test_failing_quarto_reports_its_own_message(fake_quarto, tmp_path):
    fake_quarto(FAILING)
    (tmp_path / "review.qmd").write_text("---\n---\n")
    with pytest.raises(quarto.QuartoFailed, match=r"(?s)exit 1.*YAMLError: bad indentation"):
        quarto.render(tmp_path / "review.qmd", "out.html")


def test_quarto_without_a_version_is_an_error(fake_quarto):
    fake_quarto(NO_VERSION)
    with pytest.raises(quarto.QuartoFailed, match="did not print a version.*shared object"):
        quarto.check()


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """reports/ of a throw-away project: the period yuecheng 2023H1 with four executed notebooks and an
    earlier review in place (which a failed render must withdraw)."""
    monkeypatch.setattr(paths, "PROJ_ROOT", tmp_path)
    monkeypatch.setattr(paths, "REPORTS_DIR", tmp_path / "reports")
    folder = tmp_path / "reports" / "yuecheng" / "2023H1"
    make_period(folder)
    for name in ("review.html", "review.docx", "provenance.json"):
        (folder / name).write_text("an earlier review")
    return folder


@pytest.mark.parametrize("script, expected", [
    (None, "QuartoNotFound: report.renderer is 'quarto' but the quarto command is not on PATH"),
    (OLD, "QuartoTooOld: Quarto 1.6.42"),
    (FAILING, "QuartoFailed: `quarto render review.qmd` failed (exit 1)"),
], ids=["missing", "too-old", "failing"])
def test_a_quarto_failure_withdraws_the_review(project, fake_quarto, no_quarto, capsys, script, expected):
    if script:
        fake_quarto(script)
    with pytest.raises(SystemExit) as stop:
        render_stage.run("yuecheng", "2023H1", renderer="quarto")
    assert stop.value.code == 1
    assert not any((project / name).exists() for name in ("review.html", "review.docx", "provenance.json"))
    note = (project / FAILED_MARK).read_text(encoding="utf-8")
    assert expected in note and "withdrawn" in note
    assert expected in capsys.readouterr().err


def test_a_missing_review_cell_withdraws_the_review(project, capsys):
    (project / "notebooks" / "04_review.ipynb").write_text(
        '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', encoding="utf-8")
    with pytest.raises(SystemExit):
        render_stage.run("yuecheng", "2023H1", renderer="nbconvert")
    assert "no labelled review cells" in (project / FAILED_MARK).read_text(encoding="utf-8")
    assert not (project / "review.html").exists()


def test_a_render_makes_the_review_current_again(project):
    (project / FAILED_MARK).write_text("an earlier failure")
    review = render_stage.run("yuecheng", "2023H1", renderer="nbconvert")
    assert not (project / FAILED_MARK).exists()
    page = review.read_text(encoding="utf-8")
    assert 'data-fact="n.count"><a href="notebooks/03_evaluate.html#cell-id=facts-count"' in page
    assert (project / "review.docx").stat().st_size > 5000 and (project / "provenance.json").is_file()


def test_real_quarto_renders_a_self_contained_page(project):
    need_quarto()
    quarto.check()  # the installed Quarto is one the review supports
    page = render.page_quarto(project / "notebooks" / "04_review.ipynb", "测试区评估报告", "notebooks/04_review.ipynb")
    assert '<meta name="generator" content="quarto-' in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//(?!example\.org)""", page), "loads from the network"
    assert "cdnjs" not in page and "require.min.js" not in page and "mathjax" not in page.lower()
    assert page.count("<h1") == 1 and "title-block-header" not in page  # the review's own title only
    assert "<title>测试区评估报告</title>" in page
    assert '<span class="fact" data-fact="n.count">3</span>' in page
    assert 'data-notebook="notebooks/04_review.ipynb"' in page and "/tmp" not in page
    assert "<table" in page and "cell-sec-body" in page


def test_stage_renders_through_real_quarto(project):
    need_quarto()
    review = render_stage.run("yuecheng", "2023H1", renderer="quarto")
    page = review.read_text(encoding="utf-8")
    assert '<meta name="generator" content="quarto-' in page
    assert 'data-fact="n.count"><a href="notebooks/03_evaluate.html#cell-id=facts-count"' in page
