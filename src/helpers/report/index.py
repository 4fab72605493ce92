"""reports/index.html: every locality with its judgement counts and a link to its review, synthetic
localities labelled as such, and a heatmap of progress by indicator × locality for the indicators that
several plans share by name and unit (data/processed/<id>/evaluation.csv: name, unit, progress). A
locality whose review of this period was withdrawn (FAILED.txt in its report folder) is marked as such.

    python -m helpers.report.index          # write reports/index.html
    python -m helpers.report.index --print  # also list the reviews on the console
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any, TypedDict

import pandas as pd

from helpers.pipeline import config, paths
from helpers.report.render import CSS
from helpers.report.review import numbered_judgements

# Both scales, best first: the mid-term graded classes, then the end-of-period ones.
CLASSES = ("提前完成", "快于预期", "基本符合预期", "符合进度", "滞后于进度", "滞后", "难以完成",
           "完成", "基本完成", "未完成", "无法评价", "指标调整")
FAILED_MARK = "FAILED.txt"


class Row(TypedDict):
    loc: config.Locality
    summary: dict[str, Any] | None  # summary.json
    review: Path | None  # review.html, when it exists and is current
    failed: str  # why the review of this period was withdrawn (FAILED.txt), or ""


def rows() -> list[Row]:
    out: list[Row] = []
    for loc in config.all_localities():
        summary_path = paths.processed_dir(loc.id) / "summary.json"
        folder = paths.report_dir(loc.id, loc.as_of)
        review, failed = folder / "review.html", folder / FAILED_MARK
        summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
        reason = failed.read_text(encoding="utf-8").strip() if failed.exists() else ""
        if summary is not None and summary.get("as_of") not in (None, loc.as_of):
            summary = None  # counts of another period are not this review's
        out.append({"loc": loc, "summary": None if reason else summary,
                    "review": review if review.exists() and not reason else None, "failed": reason})
    return out


def plan_label(loc: config.Locality) -> str:
    if loc.kind == "annual":
        return f"{loc.plan}计划"
    return f"“{loc.plan}”规划（{loc.plan_start + 1}—{loc.plan_end}年）"


def label(loc: config.Locality) -> str:
    return f"{loc.name}“{loc.plan}”"


def review_kind(loc: config.Locality, summary: dict[str, Any] | None) -> str:
    if loc.kind == "annual":
        return "年度计划执行情况"
    if summary is None:
        return "—"
    if summary.get("mode") == "end":
        return "终期评估"
    return "中期评估" if summary.get("n_not_evaluated", 0) < summary.get("n_indicators", 0) else "规划指标概览"


def _match_key(frame: pd.DataFrame) -> pd.Series:
    """Indicators match across plans when name (spaces and full-width forms ignored) and unit agree."""
    name = frame["name"].map(lambda s: unicodedata.normalize("NFKC", str(s))).str.replace(r"\s+", "", regex=True)
    return name + "｜" + frame["unit"].fillna("").map(lambda s: unicodedata.normalize("NFKC", str(s)))


def progress_matrix(localities: list[config.Locality]) -> pd.DataFrame:
    """Progress (share of the way from baseline to target) by indicator × plan, for the indicators found
    with the same name and unit in at least two plans; rows without any progress are dropped."""
    frames = []
    for loc in localities:
        path = paths.processed_dir(loc.id) / "evaluation.csv"
        if path.exists():
            frame = pd.read_csv(path, usecols=["name", "unit", "progress"], dtype={"name": str, "unit": str})
            frames.append(frame.assign(key=_match_key(frame), locality=loc.id))
    if not frames:
        return pd.DataFrame()
    data = pd.concat(frames)
    # a comparison needs the indicator's progress in at least two plans, not only its name
    shared = data[data["progress"].notna()].groupby("key")["locality"].nunique()
    data = data[data["key"].isin(shared[shared >= 2].index)]
    matrix = data.pivot_table(index="key", columns="locality", values="progress", aggfunc="first", sort=False,
                              dropna=False)
    labels = {loc.id: label(loc) for loc in localities}
    matrix = (matrix.reindex(columns=list(dict.fromkeys(data["locality"]))).dropna(how="all")
              .dropna(axis=1, how="all").rename(columns=labels))
    matrix.index = [k.replace("｜", "（") + "）" if not k.endswith("｜") else k[:-1] for k in matrix.index]
    return matrix


def heatmap_data_uri(matrix: pd.DataFrame) -> str:
    """The matrix as a seaborn heatmap (Chinese labels), as a PNG data URI with no timestamp in it."""
    from helpers.report import plotting

    plotting.setup()
    import matplotlib.pyplot as plt
    import seaborn as sns

    rows, cols = matrix.shape
    fig, ax = plt.subplots(figsize=(min(40.0, 4 + 0.45 * cols), 1.5 + 0.32 * rows))
    sns.heatmap(matrix, vmin=0, vmax=1, cmap="RdYlGn", annot=cols <= 15, fmt=".0%", annot_kws={"fontsize": 7},
                linewidths=0.5, cbar_kws={"label": "完成进度"}, ax=ax)
    ax.set_facecolor("#dddddd")  # no progress computed (qualitative target, no data)
    ax.grid(False)
    ax.set_xlabel("规划")
    ax.set_ylabel("指标（单位）")
    ax.tick_params(labelsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def heatmap_section(localities: list[config.Locality]) -> str:
    matrix = progress_matrix(localities)
    head = "<h2>同名指标完成进度（指标 × 规划）</h2>"
    if matrix.empty:
        return head + "<p class='no-data'>没有两个以上规划共有（名称和单位相同）且已计算进度的指标。</p>"
    return (head + f"<figure><img id='progress-heatmap' alt='同名指标完成进度热力图' src='{heatmap_data_uri(matrix)}'>"
            f"<figcaption>{len(matrix)} 个同名指标 × {matrix.shape[1]} 个规划；仅列名称和单位都相同、且至少两个规划已计算进度的指标；"
            "完成进度 = (实际 − 基期)/(目标 − 基期)，颜色截断于 0 与 1，灰色为无法计算；各规划评估时点不同，"
            "时间进度见各报告。</figcaption></figure>")


def numbered_counts(loc: config.Locality) -> tuple[int, dict[str, int]]:
    """Indicators as the plan numbers them (parts such as 19a–19d count as one, as in the review) and the
    count of each class over them, so that the number of indicators and the class counts add up."""
    path = paths.processed_dir(loc.id) / "evaluation.csv"
    if not path.exists():
        return 0, {}
    by_number = numbered_judgements(pd.read_csv(path, dtype=str, keep_default_na=False))
    return len(by_number), dict(Counter(by_number.values()))


def _period(as_of: str) -> str:
    return f"{as_of[:-2]}年上半年" if as_of.endswith("H1") else f"{as_of}年"


def write() -> str:
    all_rows = rows()
    numbered = {r["loc"].id: numbered_counts(r["loc"]) for r in all_rows}
    used = [c for c in CLASSES if any(r["summary"] and c in numbered[r["loc"].id][1] for r in all_rows)]
    body = []
    for r in all_rows:
        loc, summary = r["loc"], r["summary"]
        kind = review_kind(loc, summary)
        n, counts = numbered[loc.id] if summary and kind != "规划指标概览" else (numbered[loc.id][0], {})
        if r["failed"]:
            link = f"<span class='failed' title='{html.escape(r['failed'])}'>已撤回（本期评估未完成）</span>"
        elif r["review"]:
            link = f"<a href='{paths.relative(r['review']).removeprefix('reports/')}'>评估报告</a>"
        else:
            link = "（尚未生成）"
        cells = [html.escape(loc.name), html.escape(plan_label(loc)),
                 "<b>合成数据（仅供测试）</b>" if loc.synthetic else "公开文件", html.escape(_period(loc.as_of)),
                 html.escape(kind), str(n) if summary else "—",
                 *[str(counts[c]) if c in counts else "" for c in used], link]
        row_class = " class='synthetic'" if loc.synthetic else (" class='failed'" if r["failed"] else "")
        body.append(f"<tr data-locality='{html.escape(loc.id)}'{row_class}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    n_plans = len(all_rows)
    n_places = len({r["loc"].name for r in all_rows})
    n_failed = sum(1 for r in all_rows if r["failed"])
    head = ["地区", "规划及规划期", "数据", "评估时点", "文件类型", "指标数", *used, "报告"]
    summary_line = (f"共 {n_plans} 个规划（{n_places} 个地区）" + (f"，其中 {n_failed} 个本期评估已撤回" if n_failed else "")
                    + "。各类别列为指标个数。")
    page = (f"<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>规划评估报告索引</title>"
            f"<style>{CSS}tr.synthetic td{{background:#fff6e0}}tr.failed td{{background:#fde2e2}}"
            ".failed{color:#b00020}</style></head><body><h1>规划评估报告索引</h1>"
            f"<p>{html.escape(summary_line)}</p><h2>各规划评价结果</h2><table><thead><tr>"
            + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>" + "".join(body)
            + "</tbody></table>" + heatmap_section(config.all_localities()) + "</body></html>\n")
    out = paths.REPORTS_DIR / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return paths.relative(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write reports/index.html")
    parser.add_argument("--print", action="store_true", help="list the reviews on the console")
    args = parser.parse_args(argv)
    index = write()
    if args.print:
        for r in rows():
            where = paths.relative(r["review"]) if r["review"] else f"withdrawn: {r['failed'] or 'not rendered'}"
            print(f"  {r['loc'].id:16s} {where}")
        print(f"Index of all reviews: {index}")


if __name__ == "__main__":
    main()
