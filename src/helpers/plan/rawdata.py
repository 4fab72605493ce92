"""Reading a locality's raw tables (CSV or one .xlsx workbook) as text, keeping each row's line.

Structural problems (encoding, UTF-16, NUL bytes, empty file, missing or repeated columns, shifted
rows, an over-long cell, a missing sheet) raise `DataError` naming file and line: such a file cannot
be read at all. Everything else (values that do
not parse, duplicates, …) is left to the validation stage, so that all problems are reported at once.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.plan.problems import DataError, DataProblem

LINE = "raw_line"  # the row's line in the raw file (header is line 1)

# Required and optional columns per table, in the contract's order (data/raw/README.md).
TABLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "indicators": (
        ("code", "category", "name", "unit", "baseline_year", "baseline", "target_year", "target",
         "attribute", "measure", "source"),
        # Optional: what the table leaves ambiguous, stated by the transcriber (data/raw/README.md).
        ("direction", "target_kind", "change_basis", "reference", "value_kind", "price_basis"),
    ),
    "observations": (("code", "period", "value", "source"),
                     ("yoy_growth", "note", "value_kind", "data_period", "breaks_series")),
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


MAX_CELL = 131_072  # characters in one cell (the csv module's own limit): a longer one is a broken file


def require_folder(folder: object, call: str, kind: str = "raw") -> Path:
    """Plan functions take folders: the pipeline layer knows where a locality lives (e.g. `{call}`)."""
    if isinstance(folder, Path):
        return folder
    raise TypeError(f"pass the folder as a Path, e.g. {call} (from helpers.pipeline import paths); got {folder!r}")


def workbook_path(folder: Path) -> Path | None:
    """The locality's workbook: data/raw/<id>.xlsx or data/raw/<id>/<id>.xlsx, for folder data/raw/<id>."""
    folder = require_folder(folder, "workbook_path(paths.raw_dir(locality))")
    for candidate in (folder.parent / f"{folder.name}.xlsx", folder / f"{folder.name}.xlsx"):
        if candidate.exists():
            return candidate
    return None


def input_files(folder: Path) -> list[Path]:
    """The raw files a locality's pipeline reads (for DVC deps and for 'raw data stays identical')."""
    book = workbook_path(folder)
    if book is not None:
        return [book]
    return [folder / f"{t}.csv" for t in TABLES if (folder / f"{t}.csv").exists()]


def read_tables(folder: Path, root: Path | None = None) -> dict[str, RawTable]:
    """All tables of the locality whose raw folder is `folder` (data/raw/<id>); optional tables that
    are absent come back empty with their columns. Messages name files relative to `root` (the
    project root; by default the folder's grandparent's parent, i.e. the root of data/raw/<id>)."""
    folder = require_folder(folder, "read_tables(paths.raw_dir(locality), paths.PROJ_ROOT)")
    root = root if root is not None else folder.parent.parent.parent
    book = workbook_path(folder)
    tables = _read_workbook(book, root) if book is not None else _read_folder(folder, root)
    for name, (required, optional) in TABLES.items():
        if name not in tables:
            tables[name] = RawTable(name, "", pd.DataFrame(columns=[*required, *optional, LINE]))
    return tables


def _read_folder(folder: Path, root: Path) -> dict[str, RawTable]:
    if not folder.is_dir():
        raise DataError([DataProblem(_rel(folder, root), None, None, None, "locality_folder",
                                     "no raw data folder (or .xlsx workbook) for this locality")])
    tables: dict[str, RawTable] = {}
    for name in TABLES:
        path = folder / f"{name}.csv"
        if path.exists():
            tables[name] = RawTable(name, _rel(path, root), _parse_csv(path.read_bytes(), name, _rel(path, root)))
        elif name in REQUIRED_TABLES:
            raise DataError([DataProblem(_rel(path, root), None, None, None, "file_present",
                                         f"required file {name}.csv is missing")])
    return tables


def _rel(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def _parse_csv(data: bytes, table: str, file: str) -> pd.DataFrame:
    if data.startswith(b"\xef\xbb\xbf"):  # Excel writes a UTF-8 BOM: harmless, drop it
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and data.count(b"\x00") * 3 > len(data)):
        # Excel's "Unicode text" and Notepad's "Unicode" are UTF-16: every other byte is NUL.
        raise DataError([DataProblem(file, 1, None, None, "encoding_utf8",
                                     "file is UTF-16 (Excel 'Unicode text'?), not UTF-8: save it as 'CSV UTF-8'")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise DataError([DataProblem(file, line, None, None, "encoding_utf8",
                                     "file is not UTF-8 (GBK/GB18030 from Excel?): save it as 'CSV UTF-8'")]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataError([DataProblem(file, line, None, None, "no_nul_byte",
                                     "the file holds a NUL byte (a damaged or binary file): re-save it as 'CSV UTF-8'")])
    if "\r" in text and "\n" not in text:
        # Classic Mac line ends: read them as line ends (the lines then count as in any editor).
        text = text.replace("\r", "\n")
    if not text.strip():
        raise DataError([DataProblem(file, None, None, None, "file_not_empty", "file is empty (no header row)")])
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for record in reader:
            rows.append((start, record))
            start = reader.line_num + 1
    except csv.Error as err:
        raise DataError([DataProblem(file, start, None, None, "csv_readable",
                                     f"the file cannot be read as CSV here: {err} (an unclosed quote, or a cell over "
                                     f"{MAX_CELL:,} characters?)")]) from None
    long = [(line, i) for line, record in rows for i, cell in enumerate(record) if len(cell) > MAX_CELL]
    if long:
        line, i = long[0]
        header = rows[0][1]
        raise DataError([DataProblem(file, line, header[i] if i < len(header) else None, None, "cell_length",
                                     f"a cell holds more than {MAX_CELL:,} characters")])
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
    repeated = [h for h in dict.fromkeys(header) if header.count(h) > 1]
    problems += [DataProblem(file, header_line, col, None, "columns_unique",
                             f"column '{col}' appears {header.count(col)} times in the header row")
                 for col in repeated]
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


def _read_workbook(book: Path, root: Path) -> dict[str, RawTable]:
    from openpyxl import load_workbook  # only workbook users pay for the import

    try:
        # Formulas, not their stored results: a formula cell is refused (its cached value may be stale).
        wb = load_workbook(book, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises several types for a broken file
        raise DataError([DataProblem(_rel(book, root), None, None, None, "xlsx_readable",
                                     f"cannot open workbook: {err}")]) from None
    tables: dict[str, RawTable] = {}
    missing = [s for s in REQUIRED_TABLES if s not in wb.sheetnames]
    if missing:
        raise DataError([DataProblem(_rel(book, root), None, None, None, "xlsx_sheets",
                                     f"sheet '{s}' is missing (sheets: {', '.join(wb.sheetnames)})")
                         for s in missing])
    for name in TABLES:
        if name not in wb.sheetnames:
            continue
        file = f"{_rel(book, root)}[{name}]"
        rows: list[tuple[int, list[str]]] = []
        problems: list[tuple[int, DataProblem]] = []
        for i, row in enumerate(wb[name].iter_rows(), start=1):
            texts = [_cell_text(getattr(cell, "value", None)) for cell in row]
            problems += [(k, p) for k, cell in enumerate(row)
                         if i > 1 and (p := _cell_problem(cell, file, i, texts[k])) is not None]
            rows.append((i, texts))
        if problems:
            header = [h.strip() for h in rows[0][1]] if rows else []
            raise DataError([DataProblem(p.file, p.line, header[k] if k < len(header) else None, p.value, p.rule,
                                         p.message) for k, p in problems])
        # Trailing empty columns are common in sheets people edited.
        width = max((len(r) - next((k for k, v in enumerate(reversed(r)) if v), len(r)) for _, r in rows), default=0)
        rows = [(i, r[:width]) for i, r in rows]
        if not rows or not any(rows[0][1]):
            raise DataError([DataProblem(file, None, None, None, "file_not_empty", "sheet is empty (no header row)")])
        tables[name] = RawTable(name, file, _frame(rows, name, file))
    return tables


def _cell_problem(cell: object, file: str, line: int, text: str) -> DataProblem | None:
    """A cell whose stored value is not what the person sees: a formula, or a number shown as a percent."""
    kind = getattr(cell, "data_type", None)
    value = getattr(cell, "value", None)
    if kind == "f" or (isinstance(value, str) and value.startswith("=") and kind != "s"):
        return DataProblem(file, line, None, text, "xlsx_formula",
                           "a formula cell: type the published value itself (paste values only), not a formula")
    number_format = str(getattr(cell, "number_format", "") or "")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in number_format:
        return DataProblem(file, line, None, text, "xlsx_percent_cell",
                           f"a number formatted as percent: Excel stores {value!r}, the sheet shows it as a percent; "
                           "type the text as published (format the cell as text)")
    return None


def _cell_text(value: object) -> str:
    """Workbook cells as text; the template stores them as text so verbatim forms survive."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
