"""Bad-input corpus, pipeline part: broken params.yaml files, raw data above the size limits, and cells
that a spreadsheet would take for formulas. Each case must stop with a message naming params.yaml (or the
file) and the key, before anything runs; the raw files come out byte-identical.

The cases are PARAMS_CASES (one defect of the tiny project's params.yaml each), LIMIT_CASES and
FORMULA_CASES; tests/unit/test_validate.py holds the raw-data cases.
"""

from __future__ import annotations

import copy
import hashlib
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.pipeline import config

REPO = Path(__file__).resolve().parents[2]
TINY_ENTRY = {"name": "测试区", "plan": "十四五", "plan_start": 2020, "plan_end": 2025, "as_of": "2022",
              "categories": ["经济", "民生", "环境"], "synthetic": True}


def base() -> dict[str, Any]:
    params = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))
    params["localities"] = {"tiny": copy.deepcopy(TINY_ENTRY)}
    return params


def tiny(**changes: Any) -> Callable[[dict[str, Any]], None]:
    def edit(params: dict[str, Any]) -> None:
        for key, value in changes.items():
            if value is DROP:
                del params["localities"]["tiny"][key]
            else:
                params["localities"]["tiny"][key] = value
    return edit


def section(name: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(params: dict[str, Any]) -> None:
        params[name] = value
    return edit


def set_key(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(params: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = params
        for p in parents:
            node = node[p]
        node[last] = value
    return edit


def add_locality(locality_id: Any, entry: dict[str, Any] | None = None) -> Callable[[dict[str, Any]], None]:
    def edit(params: dict[str, Any]) -> None:
        params["localities"][locality_id] = entry if entry is not None else copy.deepcopy(TINY_ENTRY)
    return edit


DROP = object()


@dataclass(frozen=True)
class Case:
    name: str
    defect: Callable[[dict[str, Any]], None]
    expected: str  # a fragment of the message


PARAMS_CASES = [
    Case("params_as_of_after_plan_end", tiny(as_of="2030"), "localities.tiny.as_of: 2030 is after plan_end 2025"),
    Case("params_as_of_before_plan_start", tiny(as_of="2019"), "localities.tiny.as_of: 2019 is before"),
    Case("params_as_of_h1_of_baseline_year", tiny(as_of="2020H1"), "localities.tiny.as_of: 2020H1 is before"),
    Case("params_as_of_h1_after_plan_end", tiny(as_of="2026H1"), "localities.tiny.as_of: 2026H1 is after plan_end"),
    Case("params_as_of_not_a_period", tiny(as_of="2022Q2"), "localities.tiny.as_of: '2022Q2' is not a period"),
    Case("params_as_of_400_digits", tiny(as_of="9" * 400), "localities.tiny.as_of: '99999"),
    Case("params_as_of_path", tiny(as_of="../../etc"), "localities.tiny.as_of: '../../etc' is not a period"),
    Case("params_as_of_missing", tiny(as_of=DROP), "localities.tiny.as_of: missing"),
    Case("params_plan_end_before_start", tiny(plan_start=2025, plan_end=2020, as_of="2022"),
         "localities.tiny.plan_end: 2020 is not after plan_start 2025"),
    Case("params_plan_start_400_digits", tiny(plan_start=10**400), "localities.tiny.plan_start: "),
    Case("params_plan_start_text", tiny(plan_start="二〇二〇"), "localities.tiny.plan_start: '二〇二〇' is not a whole number"),
    Case("params_plan_start_bool", tiny(plan_start=True), "localities.tiny.plan_start: True is not a whole number"),
    Case("params_annual_span", tiny(kind="annual"), "localities.tiny.plan_end: an annual plan (kind: annual)"),
    Case("params_annual_as_of_after", tiny(kind="annual", plan_start=2023, plan_end=2024, as_of="2025"),
         "localities.tiny.as_of: 2025 is after plan_end 2024"),
    Case("params_kind_unknown", tiny(kind="ten_year"), "localities.tiny.kind: 'ten_year' is not one of"),
    Case("params_level_unknown", tiny(level="village"), "localities.tiny.level: 'village' is not one of"),
    Case("params_unknown_key", tiny(colour="red"), "localities.tiny.colour: unknown key"),
    Case("params_misspelt_key", tiny(categries=["经济"]), "localities.tiny.categries: unknown key"),
    Case("params_categories_missing", tiny(categories=DROP), "localities.tiny.categories: missing"),
    Case("params_categories_empty", tiny(categories=[]), "localities.tiny.categories: [] is not a non-empty list"),
    Case("params_categories_not_a_list", tiny(categories="经济"), "localities.tiny.categories: '经济' is not a non-empty"),
    Case("params_category_repeated", tiny(categories=["经济", "经济"]), "localities.tiny.categories: 经济 listed more"),
    Case("params_category_blank", tiny(categories=["经济", " "]), "localities.tiny.categories[1]: ' ' is empty"),
    Case("params_category_control", tiny(categories=["经\x00济"]), "categories[0]: '经\\x00济' holds a control character"),
    Case("params_name_missing", tiny(name=DROP), "localities.tiny.name: missing"),
    Case("params_name_not_text", tiny(name=123), "localities.tiny.name: 123 is not text"),
    Case("params_name_too_long", tiny(name="区" * 300), "localities.tiny.name: is 300 characters long"),
    Case("params_synthetic_text", tiny(synthetic="yes"), "localities.tiny.synthetic: 'yes' is not true or false"),
    Case("params_entry_not_mapping", add_locality("other", "just text"), "localities.other: is not a mapping"),
    Case("params_id_shell_injection", add_locality("x;touch PWNED;#"), "the locality id 'x;touch PWNED;#' is not allowed"),
    Case("params_id_quote_injection", add_locality("x';touch PWNED;'"), "is not allowed"),
    Case("params_id_path", add_locality("../yuecheng"), "the locality id '../yuecheng' is not allowed"),
    Case("params_id_upper_case", add_locality("Tiny"), "the locality id 'Tiny' is not allowed"),
    Case("params_id_newline", add_locality("tiny2\n"), "is not allowed"),
    Case("params_id_number", add_locality(2020), "the locality id '2020' is not allowed"),
    Case("params_no_localities", section("localities", {}), "localities: missing or empty"),
    Case("params_unknown_section", section("evalute", {"tau_tolerance": 0.0}), "evalute: unknown section"),
    Case("params_unknown_evaluate_key", set_key("evaluate.tau_tolerence", 0.1), "evaluate: unknown evaluate parameter"),
    Case("params_evaluate_not_mapping", section("evaluate", [1, 2]), "evaluate: is not a mapping"),
    Case("params_renderer_unknown", set_key("report.renderer", "pdf"), "report.renderer: 'pdf' is not one of"),
    Case("params_unknown_report_key", set_key("report.format", "html"), "report.format: unknown key"),
    Case("params_limit_negative", set_key("limits.max_file_mb", -1), "limits.max_file_mb: -1 is not a positive number"),
]


def test_the_corpus_is_large_and_names_are_distinct():
    names = [c.name for c in PARAMS_CASES + LIMIT_CASES + FORMULA_CASES]
    assert len(names) == len(set(names)) and len(names) >= 45


def test_the_project_params_are_valid():
    assert config.check_file(REPO / "params.yaml") == []


@pytest.mark.parametrize("case", PARAMS_CASES, ids=lambda c: c.name)
def test_bad_params_stop_with_the_key(case: Case, tmp_path: Path):
    params = base()
    case.defect(params)
    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    problems = config.check_file(path)
    assert any(case.expected in p for p in problems), problems
    with pytest.raises(config.ParamsError) as err:
        config.load_params(path)
    assert str(err.value).startswith("params.yaml is not valid") and case.expected in str(err.value)


@pytest.mark.parametrize("text, expected", [
    ("localities:\n  tiny: {name: a}\n  tiny: {name: b}\n", "line 3, column 3: not valid YAML: key 'tiny' is given twice"),
    ("localities: [\n", "not valid YAML"),
    ("- just\n- a list\n", "not a mapping of sections"),
], ids=["params_yaml_duplicate_key", "params_yaml_syntax", "params_yaml_list"])
def test_params_yaml_that_is_not_a_mapping(text: str, expected: str, tmp_path: Path):
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    problems = config.check_file(path)
    assert any(expected in p for p in problems), problems


def test_check_command_exits_non_zero_naming_the_key(tmp_path: Path):
    params = base()
    add_locality("x;touch PWNED;#")(params)
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    (tmp_path / "dvc.yaml").write_text("stages: {}\n")
    done = subprocess.run([sys.executable, "-m", "helpers.pipeline", "check"], cwd=tmp_path, capture_output=True,
                          text=True, env={**__import__("os").environ, "PLAN_REVIEW_ROOT": str(tmp_path)})
    assert done.returncode == 2
    assert "params.yaml: localities: the locality id 'x;touch PWNED;#' is not allowed" in done.stderr
    assert not (tmp_path / "PWNED").exists()


def test_as_of_on_the_command_line_follows_the_same_rules():
    loc = config.locality("tiny", {"localities": {"tiny": TINY_ENTRY}})
    config.check_as_of(loc, "2023H1")
    with pytest.raises(config.ParamsError, match="--as-of: 2030 is after plan_end 2025"):
        config.check_as_of(loc, "2030")


# --- raw data above the size limits -----------------------------------------------------------------

def _rows(n: int) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        with open(folder / "observations.csv", "a", encoding="utf-8") as f:
            f.writelines(f"{1000 + i},2021,{i},,synthetic row {i},\n" for i in range(n))
    return edit


def _big_file(folder: Path) -> None:
    with open(folder / "statements.csv", "a", encoding="utf-8") as f:
        f.write("1,2021,value," + "9" * (21 * 2**20) + ",big\n")


def _workbook_rows(folder: Path) -> None:
    from helpers.tools import workbook

    _rows(6000)(folder)
    workbook.from_csv(folder, folder / "tiny.xlsx")
    for csv_file in folder.glob("*.csv"):
        csv_file.unlink()


LIMIT_CASES = [
    Case("limits_20000_observation_rows", _rows(20000), "data/raw/tiny/observations.csv: 20"),
    Case("limits_file_over_20_mb", _big_file, "data/raw/tiny/statements.csv: 21.0 MB, more than the limit of 20 MB"),
    Case("limits_workbook_sheet_rows", _workbook_rows, "data/raw/tiny/tiny.xlsx[observations]: 60"),
]


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("case", LIMIT_CASES, ids=lambda c: c.name)
def test_raw_data_above_the_limits_is_named(case: Case, project_copy):
    from helpers.pipeline import runner

    case.defect(project_copy.raw())
    before = digests(project_copy.raw())
    problems = runner.check_limits("tiny")
    assert any(case.expected in p and "params.yaml limits." in p for p in problems), problems
    with pytest.raises(ValueError, match="above the size limits"):
        runner.stop_on_limits("tiny")
    assert digests(project_copy.raw()) == before


def test_the_tiny_locality_is_within_the_limits(project_copy):
    from helpers.pipeline import runner

    assert runner.check_limits("tiny") == []


# --- cells a spreadsheet would take for formulas ------------------------------------------------------

FORMULA_CASES = [
    Case("formula_hyperlink", lambda f: None, '=HYPERLINK("http://example.invalid/x","点击")'),
    Case("formula_plus", lambda f: None, "+1%"),
    Case("formula_minus", lambda f: None, "-3.2"),
    Case("formula_at", lambda f: None, "@SUM(A1:A9)"),
    Case("formula_cmd", lambda f: None, "=cmd|' /C calc'!A0"),
]


@pytest.mark.parametrize("case", FORMULA_CASES, ids=lambda c: c.name)
def test_workbook_keeps_formula_like_text_as_text(case: Case, project_copy, tmp_path: Path):
    """from-csv writes the cell as text (never a live formula) and the reader reads it back verbatim."""
    import csv
    import io

    from openpyxl import load_workbook

    from helpers.pipeline import paths
    from helpers.plan import rawdata
    from helpers.tools import workbook

    folder = project_copy.raw()
    path = folder / "observations.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("note")] = case.expected
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    before = digests(folder)

    book = workbook.from_csv(folder, tmp_path / "tiny.xlsx")
    cell = load_workbook(book)["observations"].cell(2, rows[0].index("note") + 1)
    assert (cell.value, cell.data_type) == (case.expected, "s")  # text, not formula ("f")
    assert cell.quotePrefix  # Excel keeps it text when the cell is edited
    assert digests(folder) == before

    for csv_file in folder.glob("*.csv"):
        csv_file.unlink()
    book.rename(folder / "tiny.xlsx")
    table = rawdata.read_tables(paths.raw_dir("tiny"))["observations"].frame
    assert case.expected in set(table["note"]), table["note"].tolist()
