"""The review's charts (matplotlib, Chinese labels): each indicator's values against its target
drawn as what it is (a floor, a ceiling, a level to reach), and progress against the time share."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.plan.model import Indicator
from helpers.report import plotting

plotting.setup()
import matplotlib.pyplot as plt  # noqa: E402  (after the font set-up)
from matplotlib.lines import Line2D  # noqa: E402

JUDGEMENT_COLORS = {
    "提前完成": "#1a9850", "快于预期": "#66bd63", "基本符合预期": "#a6d96a", "符合进度": "#a6d96a",
    "滞后于进度": "#fdae61", "滞后": "#fdae61", "难以完成": "#d73027", "无法评价": "#bdbdbd", "指标调整": "#878787",
    "完成": "#1a9850", "基本完成": "#a6d96a", "未完成": "#d73027",
}
CLASS_ORDER = list(JUDGEMENT_COLORS)
# A panel's value axis spans at least this share of the target's size: a miss by 0.2 on 4620 (温州 2015)
# filled the panel as if by half. Applies to every panel alike; wider data keep their own range.
MIN_SPAN_OF_TARGET = 0.1
# The overview's bars stop at these shares of the way to the target (the axis label says where).
PROGRESS_CLIP = (-0.5, 1.5)


def _chartable(ind: Indicator) -> bool:
    """A target level to draw as a line, and at least one observed value (an empty panel says nothing)."""
    return (ind.target is not None and ind.target_kind == "level"
            and any(o.value is not None for o in ind.observations))


# How a target line is drawn and named in the legend, by what it is (the legend names the kinds drawn).
TARGET_LINES = {"floor": ("目标下限（不低于）", "#2c7fb8"), "rank": ("目标位次（不低于）", "#2c7fb8"),
                "ceiling": ("目标上限（不高于）", "#c0392b"), "about": ("目标（左右）", "#7f8c8d")}
ACTUAL = ("实际值（空心为预计）", "#555555")


def _target_line(ind: Indicator) -> str:
    """What the target is: a ceiling (not above), a level about which to stay, a floor (not below) or a
    rank not to fall behind (TARGET_LINES)."""
    if ind.target_comparator in ("<", "≤") or (ind.direction == "down" and ind.measure != "rank"):
        return "ceiling"
    if ind.target_comparator == "≈":
        return "about"
    return "floor" if ind.measure != "rank" else "rank"


# The layout is set in inches from what is known before drawing (panels, legend rows, the longest tick
# label), not by fig.tight_layout(): that measures every text of the figure and was a third of the time.
PT = 1 / 72  # inches per point
LINE = 1.5  # height of a line of text in em, with room to spare (Noto Sans CJK: ascent + descent 1.45 em)
TICK_PAD = (6 + 3.5) * PT  # the theme's tick length (the ticks are hidden, their room is kept) and pad
PANEL_W, PANEL_AXES_H, PANEL_RIGHT = 3.3, 2.0, 0.15  # the right margin takes half of the last year label
TITLE_H = (6 + 8.5 * LINE) * PT  # title pad and an 8.5 pt title
PANEL_XTICKS_H = TICK_PAD + 6.5 * LINE * PT


def _text_width(text: str, size: float) -> float:
    """Width in inches of a one-line text of `size` points, an estimate on the safe side: in Noto Sans CJK a
    CJK (wide or ambiguous) character is 1 em, a digit 0.56 em, and Agg rounds each advance to whole pixels
    (7 pt at 110 dpi: 10.7 → 11 px)."""
    return size * PT * sum(1.05 if unicodedata.east_asian_width(c) in "WFA" else 0.65 for c in text)


def _legend_h(rows: int, size: float) -> float:
    """Height in inches of a frameless legend of `rows` rows (border pads 0.4 em, label spacing 0.5 em)."""
    return (0.8 + rows * LINE + (rows - 1) * 0.5) * size * PT


def _ytick_labels(ax: plt.Axes) -> list[str]:
    """The y tick labels the axis will show (or one more tick): from the locator and formatter, no drawing."""
    return ax.yaxis.get_major_formatter().format_ticks(ax.yaxis.get_majorticklocs())


def _min_span(ax: plt.Axes, span: float) -> None:
    """Widen the y axis about its middle to at least `span`, not below zero when the data are not."""
    low, high = ax.get_ylim()
    if high - low >= span:
        return
    middle = (low + high) / 2
    low, high = middle - span / 2, middle + span / 2
    if low < 0 <= min(ax.dataLim.y0, ax.dataLim.y1):
        low, high = 0.0, high - low
    ax.set_ylim(low, high)


def level_paths(indicators: list[Indicator], evaluation: pd.DataFrame,
                category: str) -> tuple[plt.Figure | None, list[str]]:
    """Small multiples of one category: values by year, the baseline, and the target as a horizontal line
    from the baseline year to the target year (a bound, not a path). Returns the figure and the names of
    codes of the category's indicators that cannot be charted (qualitative, relational, cumulative or no target)."""
    in_category = [i for i in indicators if i.category == category]
    chosen = [i for i in in_category if _chartable(i)]
    left_out = [i.code for i in in_category if not _chartable(i)]
    if not chosen:
        return None, left_out
    cols = min(3, len(chosen))
    rows = math.ceil(len(chosen) / cols)
    kinds = [k for k in TARGET_LINES if k in {_target_line(i) for i in chosen}]  # the legend: what is drawn
    entries = 1 + len(kinds)
    # a single narrow panel gets one legend entry per line, so that no entry is cut off
    ncol = min(3, entries) if cols > 1 else 1
    legend_h = _legend_h(math.ceil(entries / ncol), 7.5)
    row_h = TITLE_H + PANEL_AXES_H + PANEL_XTICKS_H + 0.12
    width, height = PANEL_W * cols, 0.05 + rows * row_h + legend_h + 0.05
    fig = plt.figure(figsize=(width, height))
    judgements = evaluation.set_index("code")["judgement"] if len(evaluation) else pd.Series(dtype=str)
    axes = []
    for ind in chosen:
        ax = fig.add_axes((0, 0, 1, 1))  # placed below, once the widest y tick label is known
        axes.append(ax)
        color = JUDGEMENT_COLORS.get(judgements.get(ind.code, ""), "#4575b4")
        points = [(o.t, o.value, o.is_estimate) for o in ind.observations
                  if o.value is not None and not (o.is_partial_year and ind.measure == "flow")]
        if ind.baseline is not None:
            points = [(float(ind.baseline_year), ind.baseline, False)] + points
        ax.hlines(ind.target, ind.baseline_year, ind.target_year, colors=TARGET_LINES[_target_line(ind)][1],
                  linestyles="--", lw=1.2)
        if points:
            xs, ys, est = zip(*points)
            ax.plot(xs, ys, marker="o", ms=3.5, color=color, lw=1.6)
            estimates = [(x, y) for x, y, e in points if e]
            if estimates:  # an estimate is an open marker
                ax.plot(*zip(*estimates), ls="none", marker="o", ms=6, mfc="white", mec=color)
        else:
            ax.text(0.5, 0.5, "暂无数据", transform=ax.transAxes, ha="center", va="center", color="#777777")
        title = f"{ind.code}．{ind.name}"
        # y given: matplotlib then skips lifting the title over top tick labels or an offset (there are none),
        # a measurement of the whole y axis at every draw
        ax.set_title(title if len(title) <= 16 else title[:15] + "…", fontsize=8.5, y=1.0)
        ax.set_ylabel(ind.unit, fontsize=7)
        # whole numbers on the axis: an offset or a ×10ⁿ note would sit above the panel, over the title
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        _min_span(ax, MIN_SPAN_OF_TARGET * abs(ind.target))
        if ind.measure == "rank":
            ax.invert_yaxis()  # first place on top: up is better
        ax.set_xlim(ind.baseline_year - 0.3, ind.target_year + 0.3)
        ax.set_xticks(range(ind.baseline_year, ind.target_year + 1))
        ax.tick_params(labelsize=6.5)
    # left of each panel: its y tick labels, their pad and the unit (rotated, 7 pt, label pad 4 pt)
    label_w = [max(_text_width(t, 6.5) for t in _ytick_labels(ax)) for ax in axes]
    left = max(label_w) + TICK_PAD + (4 + 7 * LINE) * PT + 0.05
    axes_w = PANEL_W - left - PANEL_RIGHT
    for k, ax in enumerate(axes):
        row, col = divmod(k, cols)
        bottom = height - 0.05 - row * row_h - TITLE_H - PANEL_AXES_H
        ax.set_position(((col * PANEL_W + left) / width, bottom / height, axes_w / width, PANEL_AXES_H / height))
        # the unit next to this panel's tick labels, placed here rather than by measuring them at every draw
        ax.yaxis.set_label_coords(-(label_w[k] + TICK_PAD + 4 * PT) / axes_w, 0.5)
    handles = [Line2D([], [], color=ACTUAL[1], ls="-", marker="o", ms=3.5, label=ACTUAL[0])]
    handles += [Line2D([], [], color=TARGET_LINES[k][1], ls="--", label=TARGET_LINES[k][0]) for k in kinds]
    # at the bottom, in the room left for it under the last row's x tick labels
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.05 / height), borderaxespad=0,
               ncol=ncol, fontsize=7.5, frameon=False)
    return fig, left_out


def progress_overview(evaluation: pd.DataFrame) -> plt.Figure | None:
    """Progress of every indicator (share of the way from baseline to target) against the time share,
    coloured by the graded class; indicators without a progress figure are listed at zero with a note."""
    if evaluation.empty:
        return None
    data = evaluation.copy()
    data["label"] = data["code"].astype(str) + "．" + data["name"].astype(str)
    has = data["progress"].notna()
    if not has.any():
        return None
    data["progress_pct"] = data["progress"].clip(*PROGRESS_CLIP).fillna(0) * 100
    present = [c for c in CLASS_ORDER if c in set(data["judgement"])]
    handles = [Line2D([], [], color=JUDGEMENT_COLORS[c], lw=6, label=c) for c in present]
    handles.append(Line2D([], [], color="#111111", lw=2, label="时间进度（按各指标最新数据时点）"))
    n = len(data)
    # inches: the labels on the left; the rows (0.24 each, one more for the 目标 note on top); below the axes
    # the x tick labels, the x label and the legend
    left = max(_text_width(t, 7) for t in data["label"]) + TICK_PAD + 0.1
    axes_h = 0.24 * (n + 1)
    below = TICK_PAD + 7.5 * LINE * PT + (4 + 8 * LINE) * PT + 0.1
    legend_h = _legend_h(math.ceil(len(handles) / 4), 7.5)
    width, height = 7.2, 0.1 + axes_h + below + legend_h + 0.05
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((left / width, (below + legend_h + 0.05) / height, (width - left - 0.25) / width,
                       axes_h / height))  # 0.25 in on the right: half of the last x tick label, 150
    y = range(n)
    colors = [JUDGEMENT_COLORS.get(j, "#4575b4") for j in data["judgement"]]
    ax.barh(list(y), data["progress_pct"], color=colors, height=0.7)
    for i, (ok, j) in enumerate(zip(has, data["judgement"])):
        if not ok:
            ax.text(2, i, f"无进度数据（{j}）", va="center", fontsize=6.5, color="#555555")
    ax.set_yticks(list(y), data["label"], fontsize=7)
    ax.set_ylim(n - 0.4, -1.4)  # first indicator on top, room above it for the 目标 note
    # each indicator's own time share (its latest data may be of another period): a black tick on its row
    rows = np.flatnonzero(data["tau"].notna())
    ax.vlines(data["tau"].iloc[rows] * 100, rows - 0.45, rows + 0.45, color="#111111", lw=2)  # one artist
    ax.axvline(100, color="#333333", lw=1)
    ax.text(100, -0.75, "目标", fontsize=6.5, ha="center", va="bottom")
    low, high = (round(100 * bound) for bound in PROGRESS_CLIP)
    ax.set_xlim(low - 5, high + 10)
    ax.tick_params(axis="x", labelsize=7.5)
    ax.set_xlabel(f"完成进度（%，截断于 {low}% 与 {high}%）", fontsize=8)
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.05 / height), borderaxespad=0,
               ncol=4, fontsize=7.5, frameon=False)
    return fig


def fresh_folder(folder: Path) -> Path:
    """The figures folder, without the charts of an earlier run: a category that has no chart now must not
    show an old one (a run by hand does not empty the folder, as DVC does)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


def save(fig: plt.Figure, path: Path) -> Path:
    """PNG without timestamps, so two runs write the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # zlib level 3: as fast as 1 here (filtering dominates), 2 % larger files than the default 6, 30 % faster
    fig.savefig(path, dpi=110, metadata={"Software": None}, pil_kwargs={"compress_level": 3})
    plt.close(fig)  # the notebook shows the saved file; an open figure would be drawn a second time
    return path
