"""Recorded facts: the only way a number reaches the review document.

A computing notebook cell calls `record(...)`; the fact is written into that cell's outputs (a small
visible table plus a machine-readable bundle). After papermill has run the notebooks, `collect` reads
the executed notebooks and returns every fact with the notebook and the id of the cell that made it,
so the report can link each number to its cell and a test can check that the cell really shows it.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Mapping


MIME = "application/vnd.plan-review.facts+json"


@dataclass(frozen=True)
class Fact:
    id: str
    value: Any  # a number, or None for a fact that is only text
    text: str  # as printed in the report
    notebook: str = ""  # executed notebook, relative to the project root
    cell_id: str = ""
    note: str = ""  # in Chinese: how the number was made (the sentence of reasoning) and its source

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("id")
        if not d["note"]:
            d.pop("note")
        return d

    @property
    def is_number(self) -> bool:
        """A fact whose printed text holds a figure (a digit); names and words are facts only for the record."""
        return any(ch.isdigit() for ch in self.text)


# {id: (value, text)} or {id: (value, text, note)}
FactMap = Mapping[str, tuple[Any, ...]]


def fmt_number(value: float | int | None, decimals: int | None = None) -> str:
    """Numbers as a Chinese review prints them: no thousands separator, trailing zeros dropped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if decimals is None:  # about four significant digits, as review tables print them
        size = abs(value)
        decimals = 0 if size >= 10000 else 1 if size >= 100 else 2 if size >= 1 else 4
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_pct(value: float | None, decimals: int = 1) -> str:
    """A share (0.618) as a percentage text ('61.8%')."""
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{fmt_number(value * 100, decimals)}%"


def _clean_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _entry(item: tuple[Any, ...]) -> dict[str, Any]:
    value, text, *rest = item
    entry = {"value": _clean_value(value), "text": text}
    if rest and rest[0]:
        entry["note"] = rest[0]
    return entry


def bundle(facts: FactMap) -> dict[str, str | dict[str, Any]]:
    """The display data of a cell that records `facts` ({id: (value, text[, note])}): the cell shows each
    fact's text and, where given, the sentence that explains it."""
    data = {fid: _entry(item) for fid, item in facts.items()}
    rows = "".join(
        f"<tr><td><code>{html.escape(fid)}</code></td><td>{html.escape(d['text'])}</td>"
        f"<td>{html.escape(d.get('note', ''))}</td></tr>"
        for fid, d in data.items()
    )
    return {
        MIME: data,
        "text/html": f"<table class='facts'><tr><th>fact</th><th>text</th><th>说明</th></tr>{rows}</table>",
        "text/plain": "\n".join(f"{fid} = {d['text']}" for fid, d in data.items()),
    }


def tooltip(fact: Fact) -> str:
    """The hover text of a number in the review: how it was made and where, in Chinese."""
    where = f"{Path(fact.notebook).stem} 笔记本" if fact.notebook else ""
    if fact.note:
        return f"{fact.note}（{where}）" if where else fact.note
    return f"见{where}" if where else ""


def record(facts: FactMap) -> None:
    """Record facts in the current notebook cell's outputs."""
    from IPython.display import display  # only inside a kernel

    display(bundle(facts), raw=True)


class FactError(Exception):
    """Facts that cannot be traced: recorded twice, or asked for but never recorded."""


def collect(notebooks: list[Path], root: Path) -> dict[str, Fact]:
    """Every fact recorded in the executed notebooks, with its notebook (relative to the project folder
    `root`, '/'-separated) and cell id."""
    found: dict[str, Fact] = {}
    for nb_path in notebooks:
        nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                for fid, d in output.get("data", {}).get(MIME, {}).items():
                    if fid in found:
                        raise FactError(f"fact {fid!r} recorded twice ({found[fid].notebook} and {nb_path})")
                    found[fid] = Fact(fid, d["value"], d["text"], Path(nb_path).resolve().relative_to(root.resolve()).as_posix(), cell["id"],
                                      d.get("note", ""))
    return found


def write_provenance(facts: dict[str, Fact], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"facts": {fid: f.as_dict() for fid, f in sorted(facts.items())}}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def read_provenance(path: Path) -> dict[str, Fact]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))["facts"]
    return {fid: Fact(fid, d["value"], d["text"], d["notebook"], d["cell_id"], d.get("note", ""))
            for fid, d in data.items()}

