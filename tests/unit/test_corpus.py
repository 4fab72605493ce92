"""The grammar reads real published plan texts as their readers do.

`tests/corpus/plan_texts.csv` holds verbatim target, baseline and value texts from published plans,
evaluations, annual-plan execution reports and statistical releases (sources in `tests/corpus/SOURCES.md`),
each with its expected reading. Every row is checked against `helpers.plan.grammar.parse_text` under the
`Parsed` contract: `kind` always, every other expected column only when it is filled (empty = don't care).
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from helpers.plan.grammar import ParseError, parse_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TEXTS = CORPUS / "plan_texts.csv"
JUDGEMENTS = CORPUS / "judgement_wordings.csv"

COLUMNS = [
    "text", "field", "indicator", "unit", "document", "location", "kind", "number", "comparator",
    "direction_word", "change_basis", "base_year", "is_estimate", "status_class", "reference", "note",
    "unit_in_text",
]
KINDS = {"number", "status", "cumulative", "growth", "change", "relational", "qualitative", "empty"}
FIELDS = {"target", "baseline", "value", "growth"}
STATUS_CLASSES = {"missing", "met", "not_met", "adjusted", "relational", "qualitative"}
JUDGEMENT_CLASSES = {
    "ahead", "faster", "on_track", "behind", "hard", "met", "basically_met", "not_met", "not_evaluated", "adjusted",
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ROWS = _read(TEXTS)


def _row_id(row: dict[str, str]) -> str:
    # pytest escapes non-ASCII ids, so the id is the CSV line (to find the row); the assertion message
    # names the text, its document and its location in Chinese.
    return f"line{ROWS.index(row) + 2}"


# ---- the corpus itself -----------------------------------------------------------------------------------


def test_corpus_has_its_columns() -> None:
    with TEXTS.open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == COLUMNS


def test_corpus_size_and_spread() -> None:
    assert len(ROWS) >= 150
    assert len({r["document"] for r in ROWS}) >= 6


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_corpus_row_is_well_formed(row: dict[str, str]) -> None:
    assert row["document"].strip(), "every text names its document"
    assert row["location"].strip(), "every text names where in the document it stands"
    assert row["kind"] in KINDS
    assert row["field"] in FIELDS
    assert row["status_class"] in STATUS_CLASSES | {""}
    assert row["change_basis"] in {"relative", "absolute", ""}
    assert row["is_estimate"] in {"true", "false", ""}
    assert row["comparator"] in {"≥", "≤", ">", "<", "≈", "=", ""}
    if row["number"]:
        float(row["number"])
    if row["base_year"]:
        assert 1949 < int(row["base_year"]) < 2100


def test_judgement_wordings_are_classified_with_sources() -> None:
    rows = _read(JUDGEMENTS)
    assert rows, "the judgement wordings are transcribed"
    for row in rows:
        assert list(row) == ["wording", "class", "document", "location"]
        assert row["wording"].strip() and row["document"].strip() and row["location"].strip()
        assert row["class"] in JUDGEMENT_CLASSES, row


# ---- the grammar against the corpus ----------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_grammar_reads_published_text(row: dict[str, str]) -> None:
    where = f"{row['text']!r} [{row['indicator']}, {row['field']}] in {row['document']} at {row['location']}"
    try:
        parsed = parse_text(row["text"])
    except ParseError as error:  # a published text must read; name its source in the failure
        pytest.fail(f"{where}: {error}")
    assert parsed.kind == row["kind"], where
    if row["number"]:
        assert parsed.number is not None, where
        # 下降20% reads as 20 with its direction kept apart (direction_word), never as -20.
        assert math.isclose(parsed.number, float(row["number"]), rel_tol=1e-9), where
    if row["comparator"]:
        assert parsed.comparator == row["comparator"], where
    if row["change_basis"]:
        assert parsed.change_basis == row["change_basis"], where
    if row["base_year"]:
        assert parsed.base_year == int(row["base_year"]), where
    if row["is_estimate"]:
        assert parsed.is_estimate is (row["is_estimate"] == "true"), where
    if row["status_class"]:
        assert parsed.status_class == row["status_class"], where
    if row["reference"]:
        assert parsed.reference == row["reference"], where
    if row["note"]:
        assert parsed.note == row["note"], where
    if row["unit_in_text"]:
        assert parsed.unit == row["unit_in_text"], where
