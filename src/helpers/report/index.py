"""reports/index.html: every locality with its judgement counts and a link to its review, synthetic
localities labelled as such, and a heatmap of progress by indicator × locality for the indicators that
several localities share by name (data/processed/<id>/evaluation.csv: name, progress).

    python -m helpers.report.index          # write reports/index.html
    python -m helpers.report.index --print  # also list the reviews on the console
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import json
from pathlib import Path
from typing import Any, TypedDict

import pandas as pd

from helpers.pipeline import config, paths
from helpers.report.render import CSS

CLASSES = ("提前完成", "符合进度", "滞后", "难以完成", "完成", "基本完成", "未完成", "无法评价", "指标调整")


class Row(TypedDict):
    loc: config.Locality
    summary: dict[str, Any] | None  # summary.json
    review: Path | None  # review.html, when it exists


def rows() -> list[Row]:
    out: list[Row] = []
    for loc in config.all_localities():
        summary_path = paths.processed_dir(loc.id) / "summary.json"
        review = paths.report_dir(loc.id, loc.as_of) / "review.html"
        summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
        out.append({"loc": loc, "summary": summary, "review": review if review.exists() else None})
    return out


def label(loc: config.Locality) -> str:
    return f"{loc.name}“{loc.plan}”（{loc.as_of}）"


def progress_matrix(localities: list[config.Locality]) -> pd.DataFrame:
    """Progress (share of the way from baseline to target) by indicator name × locality label, for the
    names found in at least two localities' evaluation.csv; rows without any progress are dropped."""
    frames = []
    for loc in localities:
        path = paths.processed_dir(loc.id) / "evaluation.csv"
        if path.exists():
            frame = pd.read_csv(path, usecols=["name", "progress"], dtype={"name": str})
            frames.append(frame.assign(name=frame["name"].str.replace(r"\s+", "", regex=True), locality=loc.id))
    if not frames:
        return pd.DataFrame()
    data = pd.concat(frames)
    shared = data.groupby("name")["locality"].nunique()
    data = data[data["name"].isin(shared[shared >= 2].index)]
    matrix = data.pivot_table(index="name", columns="locality", values="progress", aggfunc="first", sort=False,
                              dropna=False)
    labels = {loc.id: label(loc) for loc in localities}
    return matrix.reindex(columns=list(dict.fromkeys(data["locality"]))).dropna(how="all").rename(columns=labels)


def heatmap_data_uri(matrix: pd.DataFrame) -> str:
    """The matrix as a seaborn heatmap (Chinese labels), as a PNG data URI with no timestamp in it."""
    from helpers.report import plotting

    plotting.setup()
    import matplotlib.pyplot as plt
    import seaborn as sns

    rows, cols = matrix.shape
    fig, ax = plt.subplots(figsize=(min(40.0, 4 + 0.45 * cols), 1.5 + 0.32 * rows))
    sns.heatmap(matrix, vmin=0, vmax=1, cmap="RdYlGn", annot=cols <= 15, fmt=".0%", annot_kws={"fontsize": 7},
                linewidths=0.5, cbar_kws={"label": "完成进度（0 = 基期，1 = 目标）"}, ax=ax)
    ax.set_facecolor("#dddddd")  # no progress computed (qualitative target, no data)
    ax.grid(False)
    ax.set_xlabel("地区（评估时点）")
    ax.set_ylabel("指标")
    ax.tick_params(labelsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def heatmap_section(localities: list[config.Locality]) -> str:
    matrix = progress_matrix(localities)
    head = "<h2>同名指标完成进度（指标 × 地区）</h2>"
    if matrix.empty:
        return head + "<p class='no-data'>没有两个以上地区共有且已计算进度的同名指标。</p>"
    return (head + f"<figure><img id='progress-heatmap' alt='同名指标完成进度热力图' src='{heatmap_data_uri(matrix)}'>"
            f"<figcaption>{len(matrix)} 个同名指标 × {matrix.shape[1]} 个地区；完成进度 = (实际 − 基期)/(目标 − 基期)，"
            "颜色截断于 0 与 1，灰色为无法计算；各地评估时点不同，时间进度见各报告。</figcaption></figure>")


def write() -> str:
    body = []
    for r in rows():
        loc, summary = r["loc"], r["summary"]
        counts = summary["counts"] if summary else {}
        link = (f"<a href='{paths.relative(r['review']).removeprefix('reports/')}'>评估报告</a>"
                if r["review"] else "（未生成或已撤回）")
        cells = [html.escape(loc.id), html.escape(f"{loc.name}“{loc.plan}”"),
                 "<b>合成数据（仅供测试）</b>" if loc.synthetic else "公开文件", html.escape(loc.as_of),
                 str(summary["n_indicators"]) if summary else "—", *[str(counts.get(c, "")) for c in CLASSES], link]
        row_class = " class='synthetic'" if loc.synthetic else ""
        body.append(f"<tr{row_class}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = ["地区", "规划", "数据", "评估时点", "指标数", *CLASSES, "报告"]
    page = (f"<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>规划评估报告索引</title>"
            f"<style>{CSS}tr.synthetic td{{background:#fff6e0}}</style></head><body><h1>规划评估报告索引</h1>"
            "<h2>各地区评价结果（指标个数）</h2><table><thead><tr>"
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
            where = paths.relative(r["review"]) if r["review"] else "not rendered (see FAILED.txt)"
            print(f"  {r['loc'].id:16s} {where}")
        print(f"Index of all reviews: {index}")


if __name__ == "__main__":
    main()
