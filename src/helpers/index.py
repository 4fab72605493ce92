"""reports/index.html: every locality with its judgement counts and a link to its review.

    python -m helpers.index          # write reports/index.html
    python -m helpers.index --print  # also list the reviews on the console
"""

from __future__ import annotations

import argparse
import html
import json

from helpers import config, paths
from helpers.render import CSS

CLASSES = ("提前完成", "符合进度", "滞后", "难以完成", "完成", "基本完成", "未完成", "无法评价", "指标调整")


def rows() -> list[dict[str, object]]:
    out = []
    for loc in config.all_localities():
        summary_path = paths.processed_dir(loc.id) / "summary.json"
        review = paths.report_dir(loc.id, loc.as_of) / "review.html"
        summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
        out.append({"loc": loc, "summary": summary, "review": review if review.exists() else None})
    return out


def write() -> str:
    body = []
    for r in rows():
        loc, summary = r["loc"], r["summary"]
        counts = summary["counts"] if summary else {}
        link = (f"<a href='{paths.relative(r['review']).removeprefix('reports/')}'>评估报告</a>"  # type: ignore[arg-type]
                if r["review"] else "（未生成或已撤回）")
        cells = [html.escape(loc.id), html.escape(f"{loc.name}“{loc.plan}”") + ("（合成数据）" if loc.synthetic else ""),
                 html.escape(loc.as_of), str(summary["n_indicators"]) if summary else "—",
                 *[str(counts.get(c, "")) for c in CLASSES], link]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = ["地区", "规划", "评估时点", "指标数", *CLASSES, "报告"]
    page = (f"<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>规划评估报告索引</title>"
            f"<style>{CSS}</style></head><body><h1>规划评估报告索引</h1><table><thead><tr>"
            + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>" + "".join(body)
            + "</tbody></table></body></html>\n")
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
            where = paths.relative(r["review"]) if r["review"] else "not rendered (see FAILED.txt)"  # type: ignore[arg-type]
            print(f"  {r['loc'].id:16s} {where}")  # type: ignore[union-attr]
        print(f"Index of all reviews: {index}")


if __name__ == "__main__":
    main()
