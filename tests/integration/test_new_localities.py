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
# mid-term judgements, the national 2025 annual plan (government work report targets), and a province
# (湖北) 13th five-year plan with its published mid-term judgements in provincial wording.
NEW = ("china-14th", "china-2025", "hubei-13th")


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
