"""Excel in: the template workbook and CSV folders written as workbooks (helpers.tools.workbook)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from openpyxl import load_workbook

from helpers.pipeline import paths
from helpers.plan import rawdata
from helpers.tools import workbook
from helpers.plan.problems import DataError

CONTRACT = {
    "indicators": ["code", "category", "name", "unit", "baseline_year", "baseline", "target_year", "target",
                   "attribute", "measure", "direction", "source", "target_kind", "change_basis", "reference",
                   "value_kind", "price_basis"],
    "observations": ["code", "period", "value", "yoy_growth", "source", "note", "value_kind", "data_period",
                     "breaks_series"],
    "statements": ["code", "period", "field", "text", "source"],
    "published": ["code", "judgement", "source"],
    "overrides": ["code", "judgement", "proposal", "proposal_value", "reason", "decided_by", "source"],
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "template.xlsx"
    subprocess.run([sys.executable, "-m", "helpers.tools.workbook", "template", str(path)], check=True)
    return load_workbook(path)


def test_template_has_the_contract_sheets_and_headers(template):
    assert template.sheetnames == list(CONTRACT)
    for name, columns in CONTRACT.items():
        ws = template[name]
        assert [c.value for c in ws[1]] == columns, name
        assert ws.max_row == 1, f"{name}: the template holds only the header"
        required, optional = rawdata.TABLES[name]
        assert set(columns) == {*required, *optional}, f"{name}: contract and helpers.plan.rawdata disagree"


def test_every_header_cell_has_a_chinese_note(template):
    for name in CONTRACT:
        for cell in template[name][1]:
            assert cell.comment is not None, f"{name}.{cell.value} has no note"
            assert any("\u4e00" <= ch <= "\u9fff" for ch in cell.comment.text), cell.comment.text
    target = next(c for c in template["indicators"][1] if c.value == "target")
    assert "1500以上" in target.comment.text and "[5]" in target.comment.text


def test_drop_down_lists(template):
    ws = template["indicators"]
    letters = {c.value: c.column_letter for c in ws[1]}
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"}
    assert lists == {
        f"{letters['attribute']}2:{letters['attribute']}1048576": '"预期性,约束性"',
        f"{letters['measure']}2:{letters['measure']}1048576": '"flow,stock,rate,rank"',
        f"{letters['direction']}2:{letters['direction']}1048576": '"up,down"',
    }


def test_cells_are_formatted_as_text(template):
    for name in CONTRACT:
        ws = template[name]
        for cell in ws[1]:
            assert cell.number_format == "@"
            assert ws.column_dimensions[cell.column_letter].number_format == "@", f"{name}.{cell.value}"


def test_from_csv_reads_back_verbatim(project_copy):
    """The tiny locality as a workbook (plus a 1.60 and a leading zero) reads as its CSV files do."""
    folder = project_copy.raw()
    observations = folder / "observations.csv"
    observations.write_text(observations.read_text(encoding="utf-8") + "3,2023,1.60,,tiny.txt:L99,007\n",
                            encoding="utf-8")
    from_csv = rawdata.read_tables(paths.raw_dir("tiny"), paths.PROJ_ROOT)
    book = workbook.from_csv(folder, folder / "tiny.xlsx")
    assert rawdata.input_files(paths.raw_dir("tiny")) == [book]
    from_book = rawdata.read_tables(paths.raw_dir("tiny"), paths.PROJ_ROOT)
    for name, table in from_csv.items():
        assert from_book[name].file == f"data/raw/tiny/tiny.xlsx[{name}]"
        assert from_book[name].frame.equals(table.frame), name
    last = from_book["observations"].frame.iloc[-1]
    assert (last["value"], last["note"]) == ("1.60", "007")
    cells = load_workbook(book)["observations"]
    assert all(isinstance(c.value, str) for row in cells.iter_rows() for c in row if c.value is not None)


def test_an_empty_template_is_rejected_as_input(project_copy):
    workbook.write_template(project_copy.raw() / "tiny.xlsx")
    with pytest.raises(DataError, match="no indicator rows"):
        rawdata.read_tables(paths.raw_dir("tiny"), paths.PROJ_ROOT)
