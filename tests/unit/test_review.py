"""Laying out the review from facts: escaping, missing facts, links to cells."""

from pathlib import Path

import pandas as pd
import pytest

from helpers.pipeline import paths
from helpers.report import render, review
from helpers.report.facts import Fact, FactError


def test_fact_text_is_escaped():
    fb = review.FactBook({"x": Fact("x", None, "<script>alert(1)</script> & 〈名〉")})
    assert fb("x") == '<span class="fact" data-fact="x">&lt;script&gt;alert(1)&lt;/script&gt; &amp; 〈名〉</span>'


def test_a_fact_nobody_recorded_is_an_error():
    with pytest.raises(FactError, match="not recorded"):
        review.FactBook({})("ev.1.progress")


def test_link_facts_points_at_the_cell(monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "PROJ_ROOT", tmp_path)
    folder = tmp_path / "reports" / "x" / "2023H1"
    found = {"a.b": Fact("a.b", 1.5, "1.5", "reports/x/2023H1/notebooks/03_evaluate.ipynb", "facts-evaluation")}
    html = render.link_facts('<p>值 <span class="fact" data-fact="a.b">1.5</span></p>', found, folder, tmp_path)
    assert 'href="notebooks/03_evaluate.html#cell-id=facts-evaluation"' in html
    assert 'title="03_evaluate.ipynb · 单元格 facts-evaluation · a.b = 1.5"' in html
    with pytest.raises(FactError, match="no executed notebook recorded"):
        render.link_facts('<span class="fact" data-fact="zz">9</span>', found, folder, tmp_path)


def test_unit_follows_numbers_only():
    fb = review.FactBook({"n": Fact("n", 3.1, "3.1"), "e": Fact("e", 3.1, "3.1（预计）"), "s": Fact("s", None, "未出")})
    assert [review._unit_after(fb, f, "%") for f in ("n", "e", "s")] == ["%", "", ""]


def test_rows_facts_number_every_cell():
    frame = pd.DataFrame({"code": ["7"], "message": ["正文 7.5% 与表中 15 不一致"]})
    facts = review.rows_facts("chk", frame, ["code", "message"])
    assert facts == {"chk.n": (1, "1"), "chk.1.code": (None, "7"), "chk.1.message": (None, "正文 7.5% 与表中 15 不一致")}


@pytest.mark.parametrize("period, label", [("2021", "2021年"), ("2023H1", "2023年上半年")])
def test_period_label(period, label):
    assert review.period_label(period) == label
