"""The Quarto wrapper's command line, checked with a fake `quarto` executable on PATH."""

import os
import stat

import pytest

from helpers.report import quarto

FAKE = """#!/usr/bin/env python3
import json, os, sys
open(os.environ["FAKE_QUARTO_LOG"], "w").write(json.dumps({"argv": sys.argv[1:], "cwd": os.getcwd()}))
out = sys.argv[sys.argv.index("--output") + 1]
open(out, "w").write("<html><body><p>rendered</p></body></html>")
"""


@pytest.fixture()
def fake_quarto(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "quarto"
    exe.write_text(FAKE)
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(tmp_path / "log.json"))
    return tmp_path / "log.json"


def test_render_calls_quarto_with_the_documented_command(fake_quarto, tmp_path):
    import json

    qmd = tmp_path / "site" / "review.qmd"
    qmd.parent.mkdir()
    qmd.write_text("---\ntitle: t\n---\n")
    out = quarto.render(qmd, "review.quarto.html")
    call = json.loads(fake_quarto.read_text())
    assert call["argv"] == ["render", "review.qmd", "--to", "html", "--output", "review.quarto.html",
                            "-M", "embed-resources:true"]
    assert call["cwd"] == str(qmd.parent)
    assert out.read_text().startswith("<html>")


def test_auto_prefers_quarto_when_installed(fake_quarto):
    assert quarto.choose_renderer("auto") == "quarto"
    assert quarto.choose_renderer("nbconvert") == "nbconvert"


def test_missing_quarto_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on PATH
    assert quarto.choose_renderer("auto") == "nbconvert"
    with pytest.raises(quarto.QuartoNotFound, match="not on PATH"):
        quarto.choose_renderer("quarto")
    with pytest.raises(quarto.QuartoNotFound):
        quarto.render(tmp_path / "review.qmd", "out.html")


def test_unknown_renderer_setting():
    with pytest.raises(ValueError, match="auto, quarto or nbconvert"):
        quarto.choose_renderer("word")
