"""The localities transcribed from real public documents beyond the two seeds (issue 10, "Must show"):
clean, validate and evaluate run on them in a copy of the project; every indicator, observation and
statement is read, every indicator is evaluated, and every published judgement maps to a class."""

from __future__ import annotations

import importlib.util
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
    """One copy of the project with clean, validate and evaluate run for each new locality."""
    root = copy_project(tmp_path_factory.mktemp("new-localities"))
    done = {loc: run(["dvc", "repro", f"clean@{loc}", f"validate@{loc}", f"evaluate@{loc}"], root, check=False)
            for loc in NEW}
    return root, done


@pytest.mark.parametrize("loc", NEW)
def test_stages_run(ran, loc):
    root, done = ran
    result = done[loc]
    assert result.returncode == 0, f"{loc}: clean/validate/evaluate failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"


@pytest.mark.parametrize("loc", NEW)
def test_every_text_is_read(ran, loc):
    root, _ = ran
    raw, processed = root / "data" / "raw" / loc, root / "data" / "processed" / loc
    for table in ("indicators", "observations", "statements"):
        if not (raw / f"{table}.csv").exists():
            continue
        rows = _csv(processed / f"{table}.csv")
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
    # The office-extensible vocabulary (helpers.plan.vocab) knows every wording, where it exists.
    if importlib.util.find_spec("helpers.plan.vocab") is not None:
        from helpers.plan.vocab import judgement_class

        unknown = sorted({j for j in published["judgement"] if judgement_class(j) is None})
        assert not unknown, f"{loc}: wordings missing from judgements.yaml: {unknown}"
