"""Reading a locality's raw tables (CSV or one .xlsx workbook) as text, keeping each row's line.

Structural problems (encoding, empty file, missing columns, shifted rows, a missing sheet) raise
`DataError` naming file and line: such a file cannot be read at all. Everything else (values that do
not parse, duplicates, …) is left to the validation stage, so that all problems are reported at once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.pipeline import paths
from helpers.plan.problems import DataError, DataProblem

LINE = "raw_line"  # the row's line in the raw file (header is line 1)

# Required and optional columns per table, in the contract's order (data/raw/README.md).
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "indicators": (
        ("code", "category", "name", "unit", "baseline_year", "baseline", "target_year", "target",
         "attribute", "measure", "source"),
        ("direction",),
    ),
    "observations": (("code", "period", "value", "source"), ("yoy_growth", "note")),
    "statements": (("code", "period", "field", "text", "source"), ()),
    "published": (("code", "judgement", "source"), ()),
    "overrides": (("code", "reason", "source"), ("judgement", "proposal", "proposal_value", "decided_by")),
}
REQUIRED_TABLES = ("indicators", "observations")


@dataclass(frozen=True)
class RawTable:
    name: str
    file: str  # as shown in messages: relative path, or 'book.xlsx[sheet]'
    frame: pd.DataFrame  # all columns text ('' for empty), plus LINE


def workbook_path(locality: str) -> Path | None:
    for candidate in (paths.RAW_DIR / f"{locality}.xlsx", paths.raw_dir(locality) / f"{locality}.xlsx"):
        if candidate.exists():
            return candidate
    return None


def input_files(locality: str) -> list[Path]:
    """The raw files a locality's pipeline reads (for DVC deps and for 'raw data stays identical')."""
    book = workbook_path(locality)
    if book is not None:
        return [book]
    folder = paths.raw_dir(locality)
    return [folder / f"{t}.csv" for t in TABLES if (folder / f"{t}.csv").exists()]


def read_tables(locality: str) -> dict[str, RawTable]:
    """All tables of a locality; optional tables that are absent come back empty with their columns."""
    paths.check_locality_id(locality)
    book = workbook_path(locality)
    tables = _read_workbook(book) if book is not None else _read_folder(paths.raw_dir(locality))
    for name, (required, optional) in TABLES.items():
        if name not in tables:
            tables[name] = RawTable(name, "", pd.DataFrame(columns=[*required, *optional, LINE]))
    return tables


def _read_folder(folder: Path) -> dict[str, RawTable]:
    if not folder.is_dir():
        raise DataError([DataProblem(_rel(folder), None, None, None, "locality_folder",
                                     "no raw data folder (or .xlsx workbook) for this locality")])
    tables: dict[str, RawTable] = {}
    for name in TABLES:
        path = folder / f"{name}.csv"
        if path.exists():
            tables[name] = RawTable(name, _rel(path), _parse_csv(path.read_bytes(), name, _rel(path)))
        elif name in REQUIRED_TABLES:
            raise DataError([DataProblem(_rel(path), None, None, None, "file_present",
                                         f"required file {name}.csv is missing")])
    return tables


def _rel(path: Path) -> str:
    try:
        return paths.relative(path)
    except ValueError:
        return str(path)


def _parse_csv(data: bytes, table: str, file: str) -> pd.DataFrame:
    if data.startswith(b"\xef\xbb\xbf"):  # Excel writes a UTF-8 BOM: harmless, drop it
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DataError([DataProblem(file, line, None, None, "encoding_utf8",
                                     "file is not UTF-8 (GBK/GB18030 from Excel?): save it as 'CSV UTF-8'")]) from None
    if not text.strip():
        raise DataError([DataProblem(file, None, None, None, "file_not_empty", "file is empty (no header row)")])
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text))
    start = 1
    for record in reader:
        rows.append((start, record))
        start = reader.line_num + 1
    return _frame(rows, table, file)


def _frame(rows: list[tuple[int, list[str]]], table: str, file: str) -> pd.DataFrame:
    required, optional = TABLES[table]
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    problems = [
        DataProblem(file, header_line, col, None, "columns_present", f"required column '{col}' is missing")
        for col in required if col not in header
    ]
    unknown = [h for h in header if h not in (*required, *optional)]
    problems += [
        DataProblem(file, header_line, col, None, "columns_known",
                    f"unknown column '{col}' (known: {', '.join((*required, *optional))})")
        for col in unknown
    ]
    if len(set(header)) != len(header):
        problems.append(DataProblem(file, header_line, None, None, "columns_unique", "a column name is repeated"))
    records = []
    for line, record in rows[1:]:
        if not any(cell.strip() for cell in record):
            continue  # blank line
        if len(record) != len(header):
            problems.append(DataProblem(
                file, line, None, ",".join(record), "row_width",
                f"row has {len(record)} cells but the header has {len(header)} (shifted or merged columns?)"))
            continue
        records.append([*record, line])
    if not records and table == "indicators":
        problems.append(DataProblem(file, None, None, None, "rows_present",
                                    "the file has a header but no indicator rows"))
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(records, columns=[*header, LINE], dtype=object)
    for col in (*required, *optional):
        if col not in frame:
            frame[col] = ""
    frame[LINE] = frame[LINE].astype(int)
    return frame


def _read_workbook(book: Path) -> dict[str, RawTable]:
    from openpyxl import load_workbook  # only workbook users pay for the import

    try:
        wb = load_workbook(book, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises several types for a broken file
        raise DataError([DataProblem(_rel(book), None, None, None, "xlsx_readable",
                                     f"cannot open workbook: {err}")]) from None
    tables: dict[str, RawTable] = {}
    missing = [s for s in REQUIRED_TABLES if s not in wb.sheetnames]
    if missing:
        raise DataError([DataProblem(_rel(book), None, None, None, "xlsx_sheets",
                                     f"sheet '{s}' is missing (sheets: {', '.join(wb.sheetnames)})")
                         for s in missing])
    for name in TABLES:
        if name not in wb.sheetnames:
            continue
        file = f"{_rel(book)}[{name}]"
        rows = [(i, [_cell_text(v) for v in row])
                for i, row in enumerate(wb[name].iter_rows(values_only=True), start=1)]
        # Trailing empty columns are common in sheets people edited.
        width = max((len(r) - next((k for k, v in enumerate(reversed(r)) if v), len(r)) for _, r in rows), default=0)
        rows = [(i, r[:width]) for i, r in rows]
        if not rows or not any(rows[0][1]):
            raise DataError([DataProblem(file, None, None, None, "file_not_empty", "sheet is empty (no header row)")])
        tables[name] = RawTable(name, file, _frame(rows, name, file))
    return tables


def _cell_text(value: object) -> str:
    """Workbook cells as text; the template stores them as text so verbatim forms survive."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
