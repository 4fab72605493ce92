"""Every raw value keeps its source: where a locality keeps the excerpts it was transcribed from in
data/raw/<id>/sources/, each `sources/<file>:L<n>` reference names an existing line, and the figures of
each observation, target and published judgement's row stand on the lines its row cites."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
WITH_SOURCES = sorted(p.parent.name for p in RAW.glob("*/sources") if p.is_dir())
REF = re.compile(r"sources/([^:;\s]+):L(\d+)(?:-L?(\d+))?")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _rows(locality: str, table: str) -> list[dict[str, str]]:
    path = RAW / locality / f"{table}.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _cited_lines(locality: str, source: str) -> list[str]:
    lines = []
    for name, first, last in REF.findall(source):
        text = (RAW / locality / "sources" / name).read_text(encoding="utf-8").splitlines()
        a, b = int(first), int(last or first)
        assert 1 <= a <= b <= len(text), f"{locality}: {source!r} cites lines outside {name} ({len(text)} lines)"
        lines += text[a - 1:b]
    return lines


def test_there_are_localities_with_sources():
    assert WITH_SOURCES, "no data/raw/<id>/sources/ folder found"


@pytest.mark.parametrize("locality", WITH_SOURCES)
def test_every_row_cites_an_existing_line(locality):
    for table in ("indicators", "observations", "statements", "published"):
        for i, row in enumerate(_rows(locality, table), start=2):
            assert REF.search(row["source"]), f"{locality}/{table}.csv line {i}: no sources/<file>:L<n> reference"
            assert _cited_lines(locality, row["source"])


@pytest.mark.parametrize("locality", WITH_SOURCES)
def test_figures_stand_on_the_cited_lines(locality):
    """A transcribed number that is not on the line it cites is a transcription error."""
    checks = [(r["value"], r["source"], f"observations {r['code']}/{r['period']}") for r in _rows(locality, "observations")]
    checks += [(r["target"], r["source"], f"indicators {r['code']} target") for r in _rows(locality, "indicators")]
    checks += [(r["text"], r["source"], f"statements {r['code']}/{r['field']}") for r in _rows(locality, "statements")]
    missing = []
    for text, source, what in checks:
        cited = " ".join(_cited_lines(locality, source))
        missing += [f"{what}: {n} (from {text!r}) not on {source}" for n in NUMBER.findall(text) if n not in cited]
    assert not missing, "\n".join(missing)
