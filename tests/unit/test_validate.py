"""Validation stage: the real rawdata -> clean -> validate chain with the committed GX suites.

The bad-input corpus is CASES below: each case copies the tiny valid locality (tests/bad_inputs/tiny/)
into a temporary project, breaks one thing, and expects the run to stop with a message naming the file,
line, column and rule. The raw files must come out byte-identical.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from helpers.plan.problems import DataError, DataProblem

REPO = Path(__file__).resolve().parents[2]
RAW = "data/raw/tiny"


def run_pipeline(locality: str = "tiny"):
    """What DVC runs for a locality up to validation: clean, write, validate, stop on errors."""
    from helpers.pipeline import config, paths, validate
    from helpers.plan import clean, rawdata

    loc = config.locality(locality)
    clean.write_processed(clean.clean_tables(rawdata.read_tables(paths.raw_dir(locality), paths.PROJ_ROOT), loc),
                         paths.processed_dir(locality))
    outcome = validate.validate_locality(locality, loc.as_of)
    validate.raise_on_errors(outcome)
    return outcome


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- defects: each edits the copied locality folder ---------------------------------------------

def set_cell(file: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / file
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        rows[line - 1][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return edit


def replace(file: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"defect does not apply: {old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def append(file: str, line: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        with open(folder / file, "a", encoding="utf-8") as f:
            f.write(line + "\n")
    return edit


def duplicate_line(file: str, line: int) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        lines = (folder / file).read_text(encoding="utf-8").splitlines()
        append(file, lines[line - 1])(folder)
    return edit


def write_bytes(file: str, data: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        (folder / file).write_bytes(data((folder / file).read_bytes()))
    return edit


def add_column(file: str, column: str, values: dict[int, str]) -> Callable[[Path], None]:
    """Append an (optional) column, with values on some lines (header = line 1)."""
    def edit(folder: Path) -> None:
        path = folder / file
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for i, row in enumerate(rows, start=1):
            row.append(column if i == 1 else values.get(i, ""))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return edit


def workbook(sheets: tuple[str, ...]) -> Callable[[Path], None]:
    """Replace the CSVs by tiny.xlsx holding only the given sheets."""
    def edit(folder: Path) -> None:
        from openpyxl import Workbook

        book = Workbook()
        book.remove(book.active)
        for name in sheets:
            sheet = book.create_sheet(name)
            for row in csv.reader(io.StringIO((folder / f"{name}.csv").read_text(encoding="utf-8"))):
                sheet.append(row)
        for csv_file in folder.glob("*.csv"):
            csv_file.unlink()
        book.save(folder / "tiny.xlsx")
    return edit


def workbook_cell(sheet: str, line: int, column: str, value: object, number_format: str = "") -> Callable[[Path], None]:
    """The tiny locality as tiny.xlsx with one cell typed as a number, a formula, … instead of text."""
    def edit(folder: Path) -> None:
        from openpyxl import load_workbook

        workbook(("indicators", "observations", "statements", "published", "overrides"))(folder)
        book = load_workbook(folder / "tiny.xlsx")
        ws = book[sheet]
        col = [c.value for c in ws[1]].index(column) + 1
        cell = ws.cell(row=line, column=col, value=value)
        if number_format:
            cell.number_format = number_format
        book.save(folder / "tiny.xlsx")
    return edit


@dataclass(frozen=True)
class Case:
    id: str
    defect: Callable[[Path], None]
    rule: str  # the rule id the message must name
    where: str  # fragment naming file, line and column (or the sheet)
    message: str = ""  # a further fragment of the message
    locality: str = "tiny"


IND, OBS = f"{RAW}/indicators.csv", f"{RAW}/observations.csv"
CASES = [
    Case("gbk_encoding", write_bytes("indicators.csv", lambda b: b.decode("utf-8").encode("gbk")),
         "encoding_utf8", f"{IND}, line 2", "not UTF-8"),
    Case("fullwidth_digits", set_cell("indicators.csv", 2, "baseline", "１００５.３"),
         "parsed", f"{IND}, line 2, column 'baseline'", "full-width digits"),
    Case("text_in_numeric_cell", set_cell("observations.csv", 3, "value", "较快增长"),
         "parsed", f"{OBS}, line 3, column 'value'", "not a number"),
    Case("thousands_separator", set_cell("observations.csv", 2, "value", "1,191.5"),
         "parsed", f"{OBS}, line 2, column 'value'", "thousands separator"),
    Case("duplicate_code", set_cell("indicators.csv", 3, "code", "1"),
         "code_unique", f"{IND}, line 3, column 'code'"),
    Case("duplicated_observation_row", duplicate_line("observations.csv", 4),
         "code_period_unique", f"{OBS}, line 11, column 'period'", "indicator 2 has more than one row for period 2021"),
    Case("unknown_code_in_observations", set_cell("observations.csv", 9, "code", "99"),
         "code_known", f"{OBS}, line 9, column 'code'"),
    Case("target_year_before_baseline", set_cell("indicators.csv", 2, "target_year", "2019"),
         "target_after_baseline", f"{IND}, line 2, column 'target_year'"),
    Case("period_2090", set_cell("observations.csv", 5, "period", "2090"),
         "period_in_plan", f"{OBS}, line 5, column 'period'"),
    Case("malformed_period", set_cell("observations.csv", 5, "period", "2022年"),
         "period_format", f"{OBS}, line 5, column 'period'"),
    Case("empty_file", write_bytes("observations.csv", lambda b: b""),
         "file_not_empty", f"{OBS}", "file is empty"),
    Case("header_only_indicators", write_bytes("indicators.csv", lambda b: b.splitlines(keepends=True)[0]),
         "rows_present", f"{IND}", "no indicator rows"),
    Case("shifted_columns", replace("observations.csv", "2,2022,79,,", "2,2022,79,,,"),
         "row_width", f"{OBS}, line 5"),
    Case("missing_required_column", replace("published.csv", "code,judgement,source", "code,judgement,src"),
         "columns_present", f"{RAW}/published.csv, line 1, column 'source'"),
    Case("unknown_column", replace("overrides.csv", "decided_by,source", "decided_by,source,page"),
         "columns_known", f"{RAW}/overrides.csv, line 1, column 'page'"),
    Case("xlsx_missing_sheet", workbook(("indicators",)),
         "xlsx_sheets", "data/raw/tiny/tiny.xlsx", "sheet 'observations' is missing"),
    Case("script_in_name", set_cell("indicators.csv", 3, "name", "<script>alert(1)</script>排名"),
         "no_markup_in_text", f"{IND}, line 3, column 'name'"),
    Case("control_character_in_name", set_cell("indicators.csv", 3, "name", "排\x07名"),
         "no_markup_in_text", f"{IND}, line 3, column 'name'"),
    Case("locality_id_traversal", lambda folder: None,
         "", "", "is not allowed", locality="../tiny"),
    Case("attribute_not_in_set", set_cell("indicators.csv", 5, "attribute", "指导性"),
         "attribute_known", f"{IND}, line 5, column 'attribute'"),
    Case("measure_unknown", set_cell("indicators.csv", 5, "measure", "level"),
         "measure_known", f"{IND}, line 5, column 'measure'"),
    Case("category_not_in_set", set_cell("indicators.csv", 6, "category", "其他"),
         "category_known", f"{IND}, line 6, column 'category'"),
    Case("source_empty", set_cell("observations.csv", 8, "source", ""),
         "source_present", f"{OBS}, line 8, column 'source'"),
    Case("share_over_100", set_cell("observations.csv", 6, "value", "108.5"),
         "share_0_100", f"{OBS}, line 6, column 'value'"),
    Case("negative_rank", set_cell("observations.csv", 4, "value", "-3"),
         "rank_positive_integer", f"{OBS}, line 4, column 'value'"),
    Case("fractional_rank_target", set_cell("indicators.csv", 3, "target", "50.5"),
         "rank_positive_integer", f"{IND}, line 3, column 'target'"),
    Case("negative_level", set_cell("observations.csv", 8, "value", "-4"),
         "level_non_negative", f"{OBS}, line 8, column 'value'"),
    Case("empty_value", set_cell("observations.csv", 3, "value", ""),
         "value_known", f"{OBS}, line 3, column 'value'"),
    Case("five_year_plan_without_baseline_year", set_cell("indicators.csv", 3, "baseline_year", ""),
         "baseline_year_present", f"{IND}, line 3, column 'baseline_year'", "needs its base year"),
    Case("year_not_digits", set_cell("indicators.csv", 2, "baseline_year", "二〇二〇"),
         "year_format", f"{IND}, line 2, column 'baseline_year'"),
    Case("unparseable_statement", set_cell("statements.csv", 2, "text", "约一千二百亿"),
         "parsed", f"{RAW}/statements.csv, line 2, column 'text'"),
    Case("published_unknown_code", set_cell("published.csv", 3, "code", "7"),
         "code_known", f"{RAW}/published.csv, line 3, column 'code'"),
    Case("override_without_reason", set_cell("overrides.csv", 2, "reason", ""),
         "reason_present", f"{RAW}/overrides.csv, line 2, column 'reason'"),
    # Silent numbers (issue 13 item 4): each is an error naming the cell, never a number.
    Case("space_inside_number", set_cell("observations.csv", 3, "value", "1271 4"),
         "parsed", f"{OBS}, line 3, column 'value'", "space inside a number"),
    Case("309_digit_number", set_cell("observations.csv", 2, "value", "9" * 309),
         "parsed", f"{OBS}, line 2, column 'value'", "309 digits"),
    Case("arabic_indic_digits", set_cell("indicators.csv", 2, "baseline", "١٠٠٥.٣"),
         "parsed", f"{IND}, line 2, column 'baseline'", "non-ASCII digit"),
    Case("devanagari_digits_in_target", set_cell("indicators.csv", 5, "target", "४१"),
         "parsed", f"{IND}, line 5, column 'target'", "non-ASCII digit"),
    Case("chinese_numerals", set_cell("observations.csv", 2, "value", "一千一百九十一"),
         "parsed", f"{OBS}, line 2, column 'value'", "Chinese numerals"),
    Case("two_figures_in_one_cell", set_cell("indicators.csv", 2, "target", "1500、1600"),
         "parsed", f"{IND}, line 2, column 'target'", "two figures"),
    Case("qualitative_value_of_numeric_indicator", set_cell("observations.csv", 8, "value", "稳步增长"),
         "parsed", f"{OBS}, line 8, column 'value'", "not a known status word"),
    Case("control_character_in_value", set_cell("observations.csv", 2, "value", "1191.5\x07"),
         "parsed", f"{OBS}, line 2, column 'value'", "control character"),
    Case("xlsx_percent_formatted_cell", workbook_cell("observations", 5, "value", 0.8335, "0.00%"),
         "xlsx_percent_cell", "data/raw/tiny/tiny.xlsx[observations], line 5, column 'value'", "0.8335"),
    Case("xlsx_formula_cell", workbook_cell("observations", 2, "value", "=1191.5*1"),
         "xlsx_formula", "data/raw/tiny/tiny.xlsx[observations], line 2, column 'value'", "formula"),
    # Files that used to crash without file or line (issue 13 item 7).
    Case("cell_over_131072_characters", set_cell("observations.csv", 3, "note", "长" * 131_073),
         "csv_readable", f"{OBS}, line 3", "131,072"),
    Case("period_of_400_digits", set_cell("observations.csv", 5, "period", "2" * 400),
         "period_format", f"{OBS}, line 5, column 'period'"),
    Case("repeated_column_name", replace("observations.csv", "yoy_growth,source,note", "yoy_growth,source,value"),
         "columns_unique", f"{OBS}, line 1, column 'value'", "appears 2 times"),
    Case("nul_byte", write_bytes("observations.csv", lambda b: b.replace(b"77,,", b"7\x007,,", 1)),
         "no_nul_byte", f"{OBS}, line 4", "NUL byte"),
    Case("utf16_file", write_bytes("indicators.csv", lambda b: b.decode("utf-8").encode("utf-16")),
         "encoding_utf8", f"{IND}, line 1", "UTF-16"),
    Case("utf16_without_bom", write_bytes("observations.csv", lambda b: b.decode("utf-8").encode("utf-16-le")),
         "encoding_utf8", f"{OBS}, line 1", "UTF-16"),
    # The optional columns that state what a table leaves ambiguous take known values only.
    Case("target_kind_unknown", add_column("indicators.csv", "target_kind", {3: "total"}),
         "target_kind_known", f"{IND}, line 3, column 'target_kind'"),
    Case("change_basis_unknown", add_column("indicators.csv", "change_basis", {4: "points"}),
         "change_basis_known", f"{IND}, line 4, column 'change_basis'"),
    Case("reference_not_a_code", add_column("indicators.csv", "reference", {5: "GDP"}),
         "reference_known", f"{IND}, line 5, column 'reference'"),
    Case("value_kind_unknown", add_column("observations.csv", "value_kind", {3: "yoy"}),
         "value_kind_known", f"{OBS}, line 3, column 'value_kind'"),
    Case("data_period_malformed", add_column("observations.csv", "data_period", {3: "2020年"}),
         "period_format", f"{OBS}, line 3, column 'data_period'"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_stops_with_a_message_naming_it(case: Case, project_copy) -> None:
    case.defect(project_copy.raw())
    before = digests(project_copy.root / "data" / "raw")
    with pytest.raises((DataError, ValueError)) as stopped:  # ValueError: LocalityIdError
        run_pipeline(case.locality)
    message = str(stopped.value)
    if case.rule:
        assert isinstance(stopped.value, DataError), message
        assert f"[rule {case.rule}]" in message
    assert case.where in message
    assert case.message in message
    assert digests(project_copy.root / "data" / "raw") == before


def test_corpus_is_large_and_distinct() -> None:
    assert len(CASES) >= 50
    assert len({c.id for c in CASES}) == len(CASES)


def test_valid_locality_passes_with_its_three_warnings(project_copy) -> None:
    expectations = digests(project_copy.root / "expectations")
    before = digests(project_copy.raw())
    outcome = run_pipeline()
    assert outcome.ok and outcome.errors == []
    assert {(w.rule, w.line, w.column) for w in outcome.warnings} == {
        ("value_estimate", 7, "value"),
        ("period_missing", None, "period"),
        ("narrative_value_differs", 6, "value"),
    }
    assert all(w.severity == "warning" and w.file == OBS for w in outcome.warnings)
    # A reduction rate of -1.2 % is fine: only shares are bounded by 0..100.
    warnings = pd.read_csv(project_copy.root / "data/processed/tiny/warnings.csv", dtype=str, keep_default_na=False)
    assert list(warnings.columns) == ["file", "line", "column", "value", "rule", "message", "severity", "code", "period"]
    missing = warnings[warnings["rule"] == "period_missing"].iloc[0]
    assert missing["value"] == "2022" and "indicator 4" in missing["message"]
    # the indicator and period each warning is about, for the review's annex
    assert (missing["code"], missing["period"]) == ("4", "2022")
    estimate = warnings[warnings["rule"] == "value_estimate"].iloc[0]
    assert estimate["code"] != "" and estimate["period"] != ""
    narrative = warnings[warnings["rule"] == "narrative_value_differs"].iloc[0]
    assert narrative["value"] == "83.35" and "84.1%" in narrative["message"]
    assert digests(project_copy.raw()) == before
    assert digests(project_copy.root / "expectations") == expectations  # GX never rewrites the suites


def test_bom_alone_is_accepted(project_copy) -> None:
    from helpers.pipeline import paths
    from helpers.plan import clean

    plain = run_pipeline()
    processed = clean.read_processed(paths.processed_dir("tiny"))
    for name in ("indicators.csv", "observations.csv"):
        path = project_copy.raw() / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    with_bom = run_pipeline()
    assert with_bom.ok and with_bom.warnings == plain.warnings
    for name, frame in clean.read_processed(paths.processed_dir("tiny")).items():
        pd.testing.assert_frame_equal(frame, processed[name])


def test_valid_workbook_passes(project_copy) -> None:
    workbook(("indicators", "observations", "statements", "published", "overrides"))(project_copy.raw())
    outcome = run_pipeline()
    assert outcome.ok
    assert {w.file for w in outcome.warnings} == {"data/raw/tiny/tiny.xlsx[observations]"}


def test_suite_rejects_an_indicator_table_without_rows(project_copy) -> None:
    """rawdata already stops on a header-only indicators.csv; the suite keeps the rule for any other reader."""
    from helpers.pipeline import paths, validate
    from helpers.plan import rawdata

    empty = rawdata.RawTable("indicators", IND, pd.DataFrame(columns=[*sum(rawdata.TABLES["indicators"], ()), "raw_line"]))
    frame = validate._raw_frame(empty.frame)
    context = validate.gx_context(paths.EXPECTATIONS_DIR.resolve())
    params = {"plan_start": 2020, "plan_end": 2025, "categories": ["经济"], "indicator_codes": [""]}
    result = validate.run_suite(context, "raw_indicators", frame, params)
    problems = validate.result_problems(result, frame, empty)
    assert [(p.rule, p.file, p.line) for p in problems] == [("indicators_not_empty", IND, None)]


def test_error_message_names_file_line_column_value_rule(project_copy) -> None:
    set_cell("observations.csv", 9, "code", "99")(project_copy.raw())
    with pytest.raises(DataError) as stopped:
        run_pipeline()
    problem = next(p for p in stopped.value.problems if p.rule == "code_known")
    assert problem == DataProblem(OBS, 9, "code", "99", "code_known",
                                  "expected: code is an indicator code of indicators.csv", "error")
    assert problem.describe() in str(stopped.value)


def test_reports_are_written_and_work_offline(project_copy) -> None:
    from helpers.pipeline import paths

    outcome = run_pipeline()
    folder = paths.report_dir("tiny", "2022") / "validation"
    assert outcome.report_dir == folder
    results = json.loads((folder / "results" / "processed_observations.json").read_text(encoding="utf-8"))
    assert results["statistics"]["evaluated_expectations"] > 0
    pages = sorted(folder.rglob("*.html"))
    assert folder / "index.html" in pages and folder / "docs" / "raw_indicators.html" in pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert active_parts(text) == [], page.name
        assert not re.search(r"@import|url\(", text), page.name
    assert "narrative_value_differs" in (folder / "index.html").read_text(encoding="utf-8")


def test_as_of_cannot_name_another_folder(project_copy) -> None:
    from helpers.pipeline import validate

    with pytest.raises(ValueError, match="is not YYYY, or YYYYQ1"):
        validate.validate_locality("tiny", "../2022")


def test_warnings_never_stop_the_run(project_copy) -> None:
    from helpers.pipeline import validate

    outcome = run_pipeline()
    assert outcome.warnings
    validate.raise_on_errors(outcome)  # no exception


@pytest.mark.parametrize("locality", ["yuecheng", "shaoxing", "shaoxing-13th"])
def test_real_localities_have_no_errors(locality: str, project_copy) -> None:
    if not (REPO / "data" / "raw" / locality).is_dir():
        pytest.skip(f"no raw data for {locality}")
    project_copy.add_real_locality(locality)
    outcome = run_pipeline(locality)
    assert outcome.errors == []


def test_suites_are_reviewed_json_with_stable_key_order() -> None:
    from helpers.pipeline.validate import SUITES

    for name in SUITES:
        text = (REPO / "expectations" / f"{name}.json").read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        assert data["name"] == name
        assert all("rule" in e["meta"] for e in data["expectations"])


def test_a_broken_suite_is_an_error_not_a_pass(project_copy) -> None:
    """A misspelt column in a suite makes GX raise inside the run: that must stop the run, not pass."""
    import shutil

    suites = project_copy.root / "expectations"
    real = suites.resolve()
    suites.unlink()
    shutil.copytree(real, suites)  # a private copy: the session's copy stays intact
    path = suites / "raw_published.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"column": "judgement"', '"column": "judgment"'),
                    encoding="utf-8")
    with pytest.raises(DataError, match="expectation could not run"):
        run_pipeline()


def test_hostile_markup_in_a_cell_stays_inert_in_the_kept_pages(project_copy) -> None:
    """GX puts data values into its pages unescaped: the kept pages must still run and fetch nothing."""
    from helpers.pipeline import paths

    hostile = '<img src="https://example.org/x.png" onerror="alert(1)"><svg onload=alert(2)>'
    set_cell("indicators.csv", 3, "name", hostile)(project_copy.raw())
    with pytest.raises(DataError, match="no_markup_in_text"):
        run_pipeline()
    folder = paths.report_dir("tiny", "2022") / "validation"
    for page in sorted(folder.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in text and "default-src 'none'" in text
        assert active_parts(text) == [], page.name


def active_parts(page: str) -> list[str]:
    """Tags and attributes of a page that could run code or fetch something."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Scan(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "img", "svg", "iframe", "link", "object", "embed", "form", "base"):
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or (name in ("src", "href", "action") and "//" in (value or "")):
                    found.append(f"{tag} {name}={value}")

    Scan().feed(page)
    return found


# --- not stated, judgements, optional columns ------------------------------------------------------

def test_empty_baseline_target_and_attribute_are_not_stated_with_warnings(project_copy) -> None:
    from helpers.pipeline import paths
    from helpers.plan import clean, dataset

    for column in ("baseline", "target", "attribute"):
        set_cell("indicators.csv", 4, column, "")(project_copy.raw())
    outcome = run_pipeline()
    assert outcome.ok
    found = {(w.rule, w.line, w.column) for w in outcome.warnings}
    assert {("baseline_present", 4, "baseline"), ("target_present", 4, "target"),
            ("attribute_present", 4, "attribute")} <= found
    message = next(w for w in outcome.warnings if w.rule == "baseline_present").message
    assert "not stated" in message
    tables = clean.read_processed(paths.processed_dir("tiny"))
    row = tables["indicators"].set_index("code").loc["3"]
    assert row["target_type"] == "not_stated" and not row["baseline_stated"]
    ind = next(i for i in dataset.indicators(tables["indicators"], tables["observations"]) if i.code == "3")
    assert ind.baseline is None and ind.target is None and ind.target_kind == "not_stated"


def test_published_judgements_in_any_wording_and_unknown_ones_warn(project_copy) -> None:
    from helpers.pipeline import paths
    from helpers.plan import clean

    set_cell("published.csv", 2, "judgement", "已达期末目标")(project_copy.raw())
    set_cell("published.csv", 3, "judgement", "成效显著")(project_copy.raw())
    outcome = run_pipeline()
    assert outcome.ok
    unknown = [w for w in outcome.warnings if w.rule == "judgement_known"]
    assert [(w.file, w.line, w.column, w.value) for w in unknown] == [(f"{RAW}/published.csv", 3, "judgement", "成效显著")]
    assert "成效显著" in unknown[0].message and "judgements.yaml" in unknown[0].message
    published = clean.read_processed(paths.processed_dir("tiny"))["published"].set_index("code")
    assert published.loc["1", "judgement_class"] == "ahead" and published.loc["1", "judgement_label"] == "提前完成"
    assert published.loc["5", "judgement_class"] == ""  # unknown: not silently 无法评价


def test_cr_only_line_ends_read_like_lf(project_copy) -> None:
    from helpers.pipeline import paths
    from helpers.plan import clean

    run_pipeline()
    lf = clean.read_processed(paths.processed_dir("tiny"))
    for name in ("indicators.csv", "observations.csv"):
        write_bytes(name, lambda b: b.replace(b"\n", b"\r"))(project_copy.raw())
    assert run_pipeline().ok
    cr = clean.read_processed(paths.processed_dir("tiny"))
    for name in ("indicators", "observations"):
        pd.testing.assert_frame_equal(cr[name], lf[name])


def test_optional_meaning_columns_are_accepted_and_used(project_copy) -> None:
    from helpers.pipeline import paths
    from helpers.plan import clean

    add_column("indicators.csv", "target_kind", {4: "change"})(project_copy.raw())
    add_column("indicators.csv", "change_basis", {4: "absolute"})(project_copy.raw())
    add_column("indicators.csv", "reference", {})(project_copy.raw())
    add_column("indicators.csv", "value_kind", {})(project_copy.raw())
    add_column("indicators.csv", "price_basis", {2: "real"})(project_copy.raw())
    add_column("observations.csv", "value_kind", {6: "level"})(project_copy.raw())
    add_column("observations.csv", "data_period", {3: "2020"})(project_copy.raw())
    add_column("observations.csv", "breaks_series", {9: "true"})(project_copy.raw())
    set_cell("indicators.csv", 4, "target", "5")(project_copy.raw())
    assert run_pipeline().ok
    tables = clean.read_processed(paths.processed_dir("tiny"))
    ind = tables["indicators"].set_index("code")
    assert ind.loc["3", "target_type"] == "change" and ind.loc["3", "target_type_rule"] == "given"
    assert ind.loc["3", "target_level"] == pytest.approx(83)  # 78 + 5 points
    assert ind.loc["1", "price_basis"] == "real"
    obs = tables["observations"].set_index(["code", "period"])
    assert obs.loc[("1", "2022"), "data_period"] == "2020"
    assert obs.loc[("5", "2021"), "breaks_series"] and not obs.loc[("5", "2022"), "breaks_series"]
    assert obs.loc[("3", "2022"), "observation_kind"] == "level"


def test_plain_number_columns_stay_text(project_copy) -> None:
    """A table whose targets are all plain numbers used to come back as floats ('float' has no .strip)."""
    from helpers.pipeline import paths
    from helpers.plan import clean

    set_cell("indicators.csv", 2, "target", "1500")(project_copy.raw())
    set_cell("indicators.csv", 6, "target", "3")(project_copy.raw())
    set_cell("indicators.csv", 6, "baseline", "2")(project_copy.raw())
    run_pipeline()
    ind = clean.read_processed(paths.processed_dir("tiny"))["indicators"]
    assert list(ind["target_text"]) == ["1500", "50", "83", "41", "3"]
    assert list(ind["baseline_text"].str.strip()) == ["1005.3", "91", "78", "30.8", "2"]
    assert ind["target_number"].dtype.kind == "f"


def test_relational_target_without_a_reference_indicator_warns(project_copy) -> None:
    set_cell("indicators.csv", 6, "target", "高于全国平均水平")(project_copy.raw())
    outcome = run_pipeline()
    assert outcome.ok
    found = [w for w in outcome.warnings if w.rule == "reference_found"]
    assert [(w.line, w.column) for w in found] == [(6, "target")]
    assert "全国平均水平" in found[0].message and "'reference'" in found[0].message


def test_a_figure_in_another_scale_of_the_unit_is_converted(project_copy) -> None:
    from helpers.pipeline import paths
    from helpers.plan import clean

    set_cell("observations.csv", 8, "value", "3.36亿人")(project_copy.raw())  # indicator 4 counts 万人
    set_cell("observations.csv", 2, "value", "1191.5亿元")(project_copy.raw())  # the same unit
    outcome = run_pipeline()
    assert outcome.ok and not [w for w in outcome.warnings if w.rule == "unit_matches"]
    obs = clean.read_processed(paths.processed_dir("tiny"))["observations"].set_index(["code", "period"])
    assert obs.loc[("4", "2021"), "value_number"] == 33600 and obs.loc[("1", "2021"), "value_number"] == 1191.5


def test_a_unit_that_is_no_scale_of_the_indicators_stops_the_run(project_copy) -> None:
    from helpers.plan.problems import DataError

    set_cell("observations.csv", 8, "value", "3.36亿元")(project_copy.raw())  # indicator 4 counts 万人
    with pytest.raises(DataError) as caught:
        run_pipeline()
    message = str(caught.value)
    assert "observations.csv, line 8, column 'value'" in message and "[rule unit_matches]" in message
    assert "亿元" in message and "万人" in message


def test_an_annual_plans_baseline_year_may_be_left_to_the_year_before(project_copy) -> None:
    import yaml

    from helpers.pipeline import paths
    from helpers.plan import clean

    params_file = project_copy.root / "params.yaml"
    params = yaml.safe_load(params_file.read_text(encoding="utf-8"))
    # tiny as the annual plan for 2022: one year, from the 2021 actuals (params.yaml's validation checks the span)
    params["localities"]["tiny"].update(kind="annual", plan_start=2021, plan_end=2022, as_of="2022")
    params_file.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    for line in range(2, 7):
        set_cell("indicators.csv", line, "baseline_year", "2021")(project_copy.raw())
        set_cell("indicators.csv", line, "target_year", "2022")(project_copy.raw())
    set_cell("indicators.csv", 3, "baseline_year", "")(project_copy.raw())
    outcome = run_pipeline()
    assert outcome.ok
    assert ("baseline_year_present", 3) in {(w.rule, w.line) for w in outcome.warnings}
    ind = clean.read_processed(paths.processed_dir("tiny"))["indicators"].set_index("code")
    assert ind.loc["2", "baseline_year"] == "2021"


def test_modules_gx_imports_but_the_suites_do_not_use_are_executed_on_first_use() -> None:
    """validate.DEFERRED stay placeholders through the GX set-up (a fresh interpreter:
    other tests import them); the first use executes the real module, reached by every name it has."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent("""
        import sys
        from helpers.pipeline import paths, validate
        validate.gx_context(paths.EXPECTATIONS_DIR.resolve())
        print(*(type(sys.modules[name]).__name__ for name in validate.DEFERRED))
        import altair as alt
        from scipy import stats
        import jsonschema
        from great_expectations.expectations.core import expect_column_kl_divergence_to_be_less_than as kl
        jsonschema.FormatChecker(["duration"]).conforms("P0003-06-04T12:30:05", "duration")  # isoduration, arrow
        print(alt.Chart.__name__, round(stats.norm.cdf(0), 2), type(sys.modules["altair"]).__name__,
              sys.modules["scipy"].stats is sys.modules["scipy.stats"], kl.alt.Chart is alt.Chart,
              type(sys.modules["arrow"]).__name__)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["_Deferred _Deferred _Deferred", "Chart 0.5 module True True module"]


@pytest.mark.parametrize("name, values, stops", [
    # an index with the year before = 100, as annual plans and bulletins print CPI (温州 2015: 103左右, 100.7)
    ("居民消费价格指数", ("101.5", "103左右", "100.7"), False),
    # a rise rate may be negative (deflation)
    ("居民消费价格涨幅", ("2.5", "3左右", "-0.3"), False),
    # a share may not exceed 100, whatever its target says
    ("常住人口城镇化率", ("78", "83", "100.7"), True),
])
def test_an_index_or_a_rise_rate_in_percent_is_no_share(project_copy, name, values, stops) -> None:
    from helpers.engine import projections
    from helpers.pipeline import paths
    from helpers.plan import clean, dataset

    baseline, target, value = values
    for column, text in (("name", name), ("baseline", baseline), ("target", target)):
        set_cell("indicators.csv", 4, column, text)(project_copy.raw())
    set_cell("observations.csv", 6, "value", value)(project_copy.raw())
    if stops:
        with pytest.raises(DataError) as stopped:
            run_pipeline()
        assert {p.rule for p in stopped.value.problems} == {"share_0_100"}
        return
    assert run_pipeline().ok
    tables = clean.read_processed(paths.processed_dir("tiny"))
    indicator = next(i for i in dataset.indicators(tables["indicators"], tables["observations"]) if i.code == "3")
    assert not indicator.is_share and projections.bounds(indicator)[1] is None  # 103 is no overflow
