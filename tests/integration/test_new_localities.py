"""The localities transcribed from real public documents beyond the two seeds (issue 10, "Must show"):
their whole pipeline runs in a copy of the project; every indicator, observation and statement is read,
every indicator is evaluated, every published judgement maps to a class, and the review compares its
judgements with the published ones."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from .conftest import copy_project, run

pytestmark = pytest.mark.integration

# Real documents, other levels and kinds than the seeds: the national 14th five-year plan with its published
# mid-term judgements, the national 2025 annual plan (government work report targets), a province
# (湖北) 13th five-year plan with its published mid-term judgements in provincial wording, and a city's
# (温州) 2015 annual plan execution table (levels and growth rates, target and actual, CPI as an index), and
# the same city's 2024 上半年 execution table (growth targets against the half-year's growth: 序时进度).
NEW = ("china-14th", "china-2025", "hubei-13th", "wenzhou-2015", "wenzhou-2024h1")


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> tuple[Path, dict[str, object]]:
    """One copy of the project with each new locality's review built."""
    root = copy_project(tmp_path_factory.mktemp("new-localities"))
    done = {loc: run(["dvc", "repro", f"review@{loc}"], root, check=False) for loc in NEW}
    return root, done


@pytest.mark.parametrize("loc", NEW)
def test_stages_run(ran, loc):
    root, done = ran
    result = done[loc]
    assert result.returncode == 0, f"{loc}: its review failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


@pytest.mark.parametrize("loc", NEW)
def test_every_text_is_read(ran, loc):
    root, _ = ran
    raw, processed = root / "data" / "raw" / loc, root / "data" / "processed" / loc
    for table in ("indicators", "observations", "statements"):
        if not (raw / f"{table}.csv").exists():
            continue
        rows = _csv(processed / f"{table}.csv")
        if "is_reported" in rows:  # the clean step adds a row for every indicator x period, marked unreported
            rows = rows[rows["is_reported"] == "True"]
        assert len(rows) == len(_csv(raw / f"{table}.csv")), f"{loc}/{table}: rows lost in clean"
        unread = rows[rows["parse_error"] != ""]
        assert unread.empty, f"{loc}/{table}: texts not read:\n" + "\n".join(unread["parse_error"])


@pytest.mark.parametrize("loc", NEW)
def test_every_indicator_is_evaluated(ran, loc):
    root, _ = ran
    codes = set(_csv(root / "data" / "raw" / loc / "indicators.csv")["code"])
    evaluation = _csv(root / "data" / "processed" / loc / "evaluation.csv")
    assert set(evaluation["code"]) == codes
    assert (evaluation["judgement"] != "").all()


@pytest.mark.parametrize("loc", NEW)
def test_published_judgements_map_to_a_class(ran, loc):
    root, _ = ran
    published = _csv(root / "data" / "raw" / loc / "published.csv")
    assert len(published), f"{loc} has published judgements"
    evaluation = _csv(root / "data" / "processed" / loc / "evaluation.csv").set_index("code")
    unmapped = [f"{r.code} {r.judgement!r} -> {evaluation.at[r.code, 'published_class']!r}"
                for r in published.itertuples()
                if evaluation.at[r.code, "published_class"] in ("", "not_evaluated", "unknown")]
    assert not unmapped, f"{loc}: published judgements read as no class:\n" + "\n".join(unmapped)
    # The office-extensible vocabulary (helpers.plan.vocab) knows every wording.
    from helpers.plan.vocab import judgement_class

    unknown = sorted({j for j in published["judgement"] if judgement_class(j) is None})
    assert not unknown, f"{loc}: wordings missing from judgements.yaml: {unknown}"


@pytest.mark.parametrize("loc", NEW)
def test_the_review_compares_with_the_published_judgements(ran, loc):
    """The review's table shows the published judgement beside the computed one for every indicator, and
    each disagreement is listed with its reason."""
    root, _ = ran
    (review,) = (root / "reports" / loc).glob("*/review.html")
    page = review.read_text(encoding="utf-8")
    assert "原评估结论" in page
    evaluation = _csv(root / "data" / "processed" / loc / "evaluation.csv")
    differ = evaluation[(evaluation["published_judgement"] != "") & (evaluation["agrees"] != "True")]
    if len(differ):
        assert "本次评价与原评估结论不一致的指标及原因" in page
        listed = re.search(r"本次评价与原评估结论不一致的指标及原因(.*?)</table>", page, re.S).group(1)
        for name in differ["name"]:
            assert name in listed, f"{loc}: disagreement on {name} not explained"


def test_an_annual_plan_table_of_levels_and_growth_rates_is_judged_on_both(ran):
    """温州 2015: the office names 出口总额 and the R&D share as not completed. A level missed while the growth
    beside it is met (全市生产总值 4619.8 against 4620, growth 8.3 against 7以上) is 基本完成, with the rule
    that judged it; the real income growth printed beside the nominal one is kept; CPI 103左右 is an index."""
    root, _ = ran
    evaluation = _csv(root / "data" / "processed" / "wenzhou-2015" / "evaluation.csv").set_index("name")
    judged = evaluation["judgement"].to_dict()
    assert judged["出口总额"] == judged["研究与试验发展经费支出相当于生产总值比重"] == "未完成"
    assert (judged["全市生产总值"], evaluation.at["全市生产总值", "reason"]) == ("基本完成", "end_growth_met")
    assert judged["社会消费品零售总额"] == "基本完成" and judged["居民消费价格指数"] == "完成"
    page = next((root / "reports" / "wenzhou-2015").glob("*/review.html")).read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "同比增长8.7%（实际增长7.9%）" in text
    assert "达到计划表所列增速目标" in text and "计划表未列上年值" in text and "规划表" not in text
    assert "计划目标为“-”" not in text and "计划表未列目标值，无法评价" in text  # 单位生产总值能耗: target `-`


def test_a_half_year_of_an_annual_plan_is_judged_by_序时进度(ran):
    """温州 2024 上半年: growth targets (增长6%以上) against the half-year's growth; the revenue's 与经济增长基本同步
    against GDP's half-year growth; 年度指标 rows without a figure; growth printed without a level (— | 0.7)."""
    root, _ = ran
    evaluation = _csv(root / "data" / "processed" / "wenzhou-2024h1" / "evaluation.csv").set_index("code")
    judged = evaluation["judgement"].to_dict()
    assert [judged[c] for c in "123489"] == ["基本符合预期", "基本符合预期", "快于预期", "滞后于进度", "滞后于进度",
                                             "滞后于进度"]
    assert set(evaluation.loc[list("123489"), "judgement_rule"]) == {"year_to_date_pace"}
    assert (judged["7"], evaluation.at["7", "reason"]) == ("滞后于进度", "relational_slower")
    assert judged["5"] == judged["6"] == "无法评价"
    assert evaluation.at["8", "agrees"] == "True"  # the report's 与年度目标仍存在一定差距
    page = next((root / "reports" / "wenzhou-2024h1").glob("*/review.html")).read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    assert "计划目标为增长6%以上。2024年上半年累计增长6.2%，高于计划目标0.2个百分点。" in text
    assert "2024年上半年同比增长0.7%。" in text and "2024年上半年无数据（该指标按年度统计）" in text
    assert "2024年上半年累计增长2.1%，增速慢于地区生产总值(GDP)的增速（6.2%）" in text
    assert "亿元，高于" not in text and "规划实施部门" not in text
