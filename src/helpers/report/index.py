"""The page of reports/index.html: every locality with its judgement counts and a link to its review,
synthetic localities labelled as such, and a heatmap table of progress by indicator × plan for the
indicators that several plans share by name and unit (evaluation.csv: name, unit, progress). A locality
whose review of this period was withdrawn (FAILED.txt in its report folder) is marked as such.

It takes each locality with its folders (Entry) and returns the page as a string; the pipeline layer
(helpers.pipeline.index_stage, `python -m helpers.pipeline index`) reads params.yaml and writes the file.
The values and colours are computed here, in plain Python (no plotting library and no pandas, so the
stage, which runs on every `dvc repro` that changes a locality, starts fast: 0.40 s with pandas, 0.10 s
without); all wording is in templates/index.j2, as the review's is in its templates.
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from jinja2 import Template
from markupsafe import Markup

from helpers.plan.model import Locality
from helpers.report import wording
from helpers.report.classes import ALL_CLASSES, numbered_judgements
from helpers.report.render import CSS
from helpers.report.wording import period_label

FAILED_MARK = "FAILED.txt"
# ColorBrewer RdYlGn (11 classes), red to green, the anchors of matplotlib's "RdYlGn" the PNG used.
RDYLGN = ("#a50026", "#d73027", "#f46d43", "#fdae61", "#fee08b", "#ffffbf",
          "#d9ef8b", "#a6d96a", "#66bd63", "#1a9850", "#006837")
CLIP = (0.0, 1.0)  # progress from red to green; beyond, the end colours (the PNG's vmin, vmax)
NO_VALUE = "#dddddd"  # no progress computed (qualitative target, no data)
LEGEND_STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)
HEATMAP_CSS = (
    ".heatmap-scroll{overflow-x:auto;max-width:100%}"
    # auto width and small cells, so that 100 plans stay readable (the page scrolls sideways)
    "table.heatmap{width:auto;font-size:.72em;line-height:1.2;margin:.5em 0}"
    "table.heatmap td{padding:.15em .25em;min-width:2.6em;text-align:center;white-space:nowrap;"
    "vertical-align:middle}"
    # plan names written top to bottom (Chinese reads so), so a column is only as wide as its numbers
    "table.heatmap thead th{writing-mode:vertical-rl;white-space:nowrap;padding:.3em .1em;vertical-align:bottom}"
    # the indicator stays in view while the plans scroll by
    "table.heatmap th[scope=row],table.heatmap thead th:first-child{position:sticky;left:0;z-index:1;"
    "background:#f0f0f0;text-align:left;writing-mode:horizontal-tb;white-space:nowrap}"
    ".heatmap-legend span{display:inline-block;padding:0 .5em;margin-right:.2em}")


@dataclass(frozen=True)
class Entry:
    """A locality as the page needs it: its plan, and where its outputs are."""
    loc: Locality
    processed: Path  # data/processed/<id>/: evaluation.csv
    summary: Path  # data/summary/<id>.json: the counts
    report: Path  # reports/<id>/<as_of>/: review.html, FAILED.txt


class Row(TypedDict):
    entry: Entry
    summary: dict[str, Any] | None  # data/summary/<id>.json
    review: Path | None  # review.html, when it exists and is current
    failed: str  # why the review of this period was withdrawn (FAILED.txt), or ""


def rows(entries: list[Entry]) -> list[Row]:
    out: list[Row] = []
    for entry in entries:
        summary_path = entry.summary
        review, failed = entry.report / "review.html", entry.report / FAILED_MARK
        summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
        reason = failed.read_text(encoding="utf-8").strip() if failed.exists() else ""
        if summary is not None and summary.get("as_of") not in (None, entry.loc.as_of):
            summary = None  # counts of another period are not this review's
        out.append({"entry": entry, "summary": None if reason else summary,
                    "review": review if review.exists() and not reason else None, "failed": reason})
    return out


def label(loc: Locality) -> str:
    """A plan as a heatmap column names it: 越城区“十四五”, or 全国2025年计划 (an annual plan's name is its year)."""
    return f"{loc.name}{loc.plan}计划" if loc.kind == "annual" else f"{loc.name}“{loc.plan}”"


def review_kind(loc: Locality, summary: dict[str, Any] | None) -> str | None:
    """annual, end, mid or overview (no actuals yet: a baseline overview); None without a summary."""
    if loc.kind == "annual":
        return "annual"
    if summary is None:
        return None
    if summary.get("mode") == "end":
        return "end"
    return "mid" if summary.get("n_not_evaluated", 0) < summary.get("n_indicators", 0) else "overview"


@dataclass(frozen=True)
class Matrix:
    """Progress by indicator (rows) × plan (columns); None where a plan has no progress for the indicator."""
    plans: list[str]
    rows: list[tuple[str, list[float | None]]]


def _match_key(name: str, unit: str) -> tuple[str, str]:
    """Indicators match across plans when name (spaces and full-width forms ignored) and unit agree."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)), unicodedata.normalize("NFKC", unit)


def _progress(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:  # empty: no progress computed
        return None
    return None if math.isnan(value) else value


def evaluations(entries: list[Entry]) -> dict[str, list[dict[str, str]]]:
    """Each locality's evaluation.csv rows as texts (an empty cell is ''), read once for the heatmap and the
    counts; a locality without the file is left out."""
    out = {}
    for entry in entries:
        path = entry.processed / "evaluation.csv"
        if path.exists():
            with open(path, encoding="utf-8", newline="") as f:
                out[entry.loc.id] = list(csv.DictReader(f))
    return out


def progress_matrix(entries: list[Entry], rows_of: dict[str, list[dict[str, str]]]) -> Matrix:
    """Progress (share of the way from baseline to target) by indicator × plan, for the indicators found
    with the same name and unit in at least two plans (in the order they first appear); a plan without any
    progress among them is left out."""
    progress: dict[tuple[str, str], dict[str, float | None]] = {}  # key -> locality -> its first value
    for entry in entries:
        for row in rows_of.get(entry.loc.id, []):
            by_plan = progress.setdefault(_match_key(row["name"], row["unit"]), {})
            if by_plan.get(entry.loc.id) is None:  # the first value the plan gives
                by_plan[entry.loc.id] = _progress(row["progress"])
    # a comparison needs the indicator's progress in at least two plans, not only its name
    shared = {key: by_plan for key, by_plan in progress.items()
              if sum(value is not None for value in by_plan.values()) >= 2}
    plans = [entry for entry in entries
             if any(by_plan.get(entry.loc.id) is not None for by_plan in shared.values())]
    return Matrix(plans=[label(entry.loc) for entry in plans],
                  rows=[(f"{name}（{unit}）" if unit else name, [by_plan.get(entry.loc.id) for entry in plans])
                        for (name, unit), by_plan in shared.items()])


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def heat_colour(value: float | None) -> str:
    """The background of a progress value: RdYlGn from CLIP[0] (red) to CLIP[1] (green), values outside
    clipped, grey for no value."""
    if value is None or math.isnan(value):
        return NO_VALUE
    position = (min(max(value, CLIP[0]), CLIP[1]) - CLIP[0]) / (CLIP[1] - CLIP[0]) * (len(RDYLGN) - 1)
    i = min(int(position), len(RDYLGN) - 2)
    share = position - i
    low, high = _rgb(RDYLGN[i]), _rgb(RDYLGN[i + 1])
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(low, high))


def text_colour(background: str) -> str:
    """White on dark backgrounds, black on light ones: whichever contrasts more (WCAG relative luminance;
    white wins below 0.179, i.e. at both dark ends of RdYlGn)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(background))
    return "#ffffff" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.179 else "#000000"


def percent(value: float) -> str:
    text = f"{value:.0%}"
    return "0%" if text == "-0%" else text  # -0.3 % rounds to "-0%", which reads as a sign error


def heat_cell(value: float | None) -> dict[str, str]:
    """A progress value as the page shows it: background, text colour, and the percentage ('' for none)."""
    value = None if value is None or math.isnan(value) else float(value)
    background = heat_colour(value)
    return {"background": background, "colour": text_colour(background),
            "shown": "" if value is None else percent(value)}


def heatmap_values(matrix: Matrix) -> dict[str, Any]:
    """The matrix for the template: plans, and rows of (indicator, [(plan, cell)])."""
    return {"plans": matrix.plans,
            "rows": [(indicator, [(plan, heat_cell(v)) for plan, v in zip(matrix.plans, values)])
                     for indicator, values in matrix.rows]}


def heatmap_table(matrix: Matrix) -> str:
    """The matrix as a table (templates/index_macros.j2): one row per indicator, one column per plan, each cell its
    progress in percent on its colour; a cell without progress is grey and empty."""
    return str(wording.environment().get_template("index_macros.j2").module.heatmap_table(heatmap_values(matrix)))


def _template() -> Template:
    return wording.environment().get_template("index.j2")


def numbered_counts(rows: list[dict[str, str]]) -> tuple[int, dict[str, int]]:
    """Indicators as the plan numbers them (parts such as 19a–19d count as one, as in the review) and the
    count of each class over them, so that the number of indicators and the class counts add up."""
    by_number = numbered_judgements(rows)
    return len(by_number), dict(Counter(by_number.values()))


def page(entries: list[Entry], folder: Path) -> str:
    """reports/index.html as text; links to the reviews are relative to folder, where the page goes."""
    all_rows = rows(entries)
    rows_of = evaluations(entries)
    numbered = {r["entry"].loc.id: numbered_counts(rows_of.get(r["entry"].loc.id, [])) for r in all_rows}
    context_rows = []
    for r in all_rows:
        loc, summary = r["entry"].loc, r["summary"]
        kind = review_kind(loc, summary)
        n, counts = numbered[loc.id]
        context_rows.append({
            "loc": loc, "period": period_label(loc.as_of), "kind": kind, "n": n if summary else None,
            "counts": counts if summary and kind != "overview" else {}, "failed": r["failed"],
            "href": r["review"].relative_to(folder).as_posix() if r["review"] else None})
    used = [c for c in ALL_CLASSES if any(c in row["counts"] for row in context_rows)]
    css = (f"{CSS}tr.synthetic td{{background:#fff6e0}}tr.failed td{{background:#fde2e2}}"
           f".failed{{color:#b00020}}{HEATMAP_CSS}")
    return _template().render(rows=context_rows, classes=used, css=Markup(css), heatmap={
        **heatmap_values(progress_matrix(entries, rows_of)), "legend": [heat_cell(v) for v in LEGEND_STEPS],
        "no_value": NO_VALUE, "clip": [percent(bound) for bound in CLIP]},
                              n_places=len({r["entry"].loc.name for r in all_rows}),
                              n_failed=sum(1 for r in all_rows if r["failed"])) + "\n"
