"""Synthetic localities: deterministic, shaped like yuecheng, valid for the pipeline, marked synthetic."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from helpers.tools import synthetic

REPO = Path(__file__).resolve().parents[2]
YUECHENG = REPO / "data" / "raw" / "yuecheng" / "indicators.csv"


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def form(text: str) -> str:
    """A verbatim text with its number blanked: `1500以上` → `N以上`."""
    return re.sub(r"\d+(?:\.\d+)?", "N", text)


def test_same_seed_same_bytes_other_seed_other_values(tmp_path):
    a = synthetic.generate("synthetic-01", 7, tmp_path / "a")
    b = synthetic.generate("synthetic-01", 7, tmp_path / "b")
    c = synthetic.generate("synthetic-01", 8, tmp_path / "c")
    for name in ("indicators.csv", "observations.csv", "SOURCE.md"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "observations.csv").read_bytes() != (c / "observations.csv").read_bytes()


def test_shaped_like_yuecheng(tmp_path):
    rows = read_csv(synthetic.generate("synthetic-01", 3, tmp_path) / "indicators.csv")
    real = read_csv(YUECHENG)
    for column in ("code", "category", "name", "unit", "attribute", "measure"):
        assert [r[column] for r in rows] == [r[column] for r in real], column
    assert [form(r["target"]) for r in rows] == [form(r["target"]) for r in real]
    assert [form(r["baseline"]) for r in rows] == [form(r["baseline"]) for r in real]
    assert [r["baseline"] for r in rows] != [r["baseline"] for r in real]  # the numbers are new


def test_marked_synthetic_everywhere(tmp_path):
    folder = synthetic.generate("synthetic-05", 5, tmp_path)
    assert "Not real data" in (folder / "SOURCE.md").read_text(encoding="utf-8")
    for name in ("indicators.csv", "observations.csv"):
        assert {r["source"] for r in read_csv(folder / name)} == {"synthetic (seed 5)"}, name
    (tmp_path / "params.yaml").write_text((REPO / "params.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    synthetic.add_to_params(tmp_path / "params.yaml", ["synthetic-05"], keep=["yuecheng"])
    localities = yaml.safe_load((tmp_path / "params.yaml").read_text(encoding="utf-8"))["localities"]
    assert list(localities) == ["yuecheng", "synthetic-05"]
    assert localities["synthetic-05"]["synthetic"] is True
    assert localities["synthetic-05"]["name"] == "合成区05（合成数据）"
    assert "synthetic" not in localities["yuecheng"]


def test_real_data_is_not_overwritten(tmp_path):
    folder = tmp_path / "data" / "raw" / "real"
    folder.mkdir(parents=True)
    (folder / "SOURCE.md").write_text("# a published plan\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        synthetic.generate("real", 1, tmp_path)


def test_cli_refuses_the_checkout():
    with pytest.raises(SystemExit):
        synthetic.main(["1", "--root", str(REPO)])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_parses_and_validates(project_copy, seed):
    """helpers.plan.clean parses every cell, and the GX suites find no error (warnings such as 预计 are fine)."""
    from helpers.pipeline import config, paths, validate
    from helpers.plan import clean, rawdata

    locality = synthetic.synthetic_id(seed)
    synthetic.generate(locality, seed, project_copy.root)
    synthetic.add_to_params(project_copy.root / "params.yaml", [locality])
    loc = config.locality(locality)
    assert loc.synthetic and "合成数据" in loc.name
    tables = clean.clean_tables(rawdata.read_tables(paths.raw_dir(locality), paths.PROJ_ROOT), loc)
    assert len(tables["indicators"]) == 34 and len(tables["observations"]) == 34 * 3
    for name in ("indicators", "observations"):
        assert not tables[name]["parse_error"].astype(bool).any(), tables[name]["parse_error"].unique()
    assert tables["observations"]["value_number"].notna().sum() > 80
    clean.write_processed(tables, paths.processed_dir(locality))
    outcome = validate.validate_locality(locality, loc.as_of)
    assert outcome.ok, outcome.summary()
