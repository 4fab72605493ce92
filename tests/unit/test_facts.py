import json

import pytest

from helpers.pipeline import paths
from helpers.report import facts


def _notebook(tmp_path, cells):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": cid, "metadata": {}, "source": "", "execution_count": 1,
         "outputs": [{"output_type": "display_data", "metadata": {}, "data": facts.bundle(f)}]}
        for cid, f in cells]}
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


@pytest.fixture()
def root(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROJ_ROOT", tmp_path)
    return tmp_path


def test_collect_keeps_notebook_and_cell(root):
    nb = _notebook(root, [("cell-a", {"x.one": (1.5, "1.5")}), ("cell-b", {"x.two": (None, "二")})])
    found = facts.collect([nb], root)
    assert found["x.one"] == facts.Fact("x.one", 1.5, "1.5", "nb.ipynb", "cell-a")
    assert found["x.two"].cell_id == "cell-b"


def test_visible_output_shows_the_text():
    data = facts.bundle({"a.b": (3, "3.0%")})
    assert "3.0%" in data["text/html"] and "a.b = 3.0%" in data["text/plain"]


def test_fact_recorded_twice_is_an_error(root):
    nb = _notebook(root, [("c1", {"dup": (1, "1")}), ("c2", {"dup": (2, "2")})])
    with pytest.raises(facts.FactError, match="recorded twice"):
        facts.collect([nb], root)


def test_provenance_round_trip(root):
    nb = _notebook(root, [("c1", {"k": (2, "2")})])
    found = facts.collect([nb], root)
    facts.write_provenance(found, root / "provenance.json")
    assert facts.read_provenance(root / "provenance.json") == found
    assert json.loads((root / "provenance.json").read_text())["facts"]["k"] == {
        "value": 2, "text": "2", "notebook": "nb.ipynb", "cell_id": "c1"}


@pytest.mark.parametrize("value, text", [(1191.5, "1191.5"), (1271.0, "1271"), (0.007, "0.007"), (None, "—"),
                                         (164240.72, "164241"), (1366.325, "1366.3"), (97.3464, "97.35"), (-0.1, "-0.1"), (float("nan"), "—")])
def test_fmt_number(value, text):
    assert facts.fmt_number(value) == text


def test_fmt_pct():
    assert facts.fmt_pct(0.6176) == "61.8%"
    assert facts.fmt_pct(0.5) == "50%"
    assert facts.fmt_pct(None) == "—"


def test_a_fact_carries_the_sentence_that_explains_it(root):
    nb = _notebook(root, [("facts-progress", {"ev.1.progress": (0.73, "73%", "完成进度 =（1366.3 − 1005.3）÷（1500 − 1005.3）")})])
    found = facts.collect([nb], root)
    assert found["ev.1.progress"].note.startswith("完成进度")
    assert "说明句" in facts.bundle({"a": (1, "1", "说明句")})["text/html"]
    tip = facts.tooltip(found["ev.1.progress"])
    assert "完成进度" in tip and "ev.1.progress" not in tip and "nb 笔记本" in tip
    facts.write_provenance(found, root / "p.json")
    assert facts.read_provenance(root / "p.json") == found


def test_facts_without_a_note_keep_the_old_provenance_shape(root):
    nb = _notebook(root, [("c1", {"k": (2, "2")})])
    assert "note" not in json.loads(json.dumps(facts.collect([nb], root)["k"].as_dict()))
