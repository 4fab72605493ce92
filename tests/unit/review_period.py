"""A small executed period (four notebooks as papermill leaves them) for the rendering tests."""

from __future__ import annotations

from pathlib import Path

import nbformat

from helpers.report import facts

TITLE = "<h1>测试区“十四五”规划纲要实施中期评估报告</h1>"
BODY = (
    "<h2>一、主要指标</h2><p>共 <span class=\"fact\" data-fact=\"n.count\">3</span> 项指标，"
    "详见<a href=\"https://example.org/source\">来源</a>。</p>"
    "<table><tr><th>类别</th><th>指标</th><th>单位</th><th>目标</th><th>基期</th><th>2021年</th><th>2022年</th>"
    "<th>2023年上半年</th><th>完成进度</th><th>时间进度</th><th>评价</th><th>公布评价</th></tr>"
    "<tr><td>综合实力</td><td>1. 全区生产总值</td><td>亿元</td><td>1500以上</td><td>1005.3</td><td>1191.5</td>"
    "<td>1271</td><td>624.5</td><td>73%</td><td>60%</td><td>符合进度</td><td>完成</td></tr></table>"
)


def _code(source: str, outputs: list[dict], cell_id: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id
    cell.outputs = [nbformat.v4.new_output("display_data", data=o) for o in outputs]
    return cell


def make_period(folder: Path) -> list[Path]:
    """reports/<id>/<as_of>/notebooks/0[1-4]_*.ipynb under `folder`; 03 records the fact n.count."""
    nb_dir = folder / "notebooks"
    nb_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for stage in ("01_clean", "02_validate", "03_evaluate", "04_review"):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        if stage == "03_evaluate":
            nb.cells = [_code("facts.record(...)", [facts.bundle({"n.count": (3, "3")})], "facts-count")]
        elif stage == "04_review":
            nb.cells = [
                _code("#| label: setup\nx = 1", [], "setup"),
                _code("#| label: sec-title\ndisplay(HTML(title))", [{"text/html": TITLE}], "sec-title"),
                _code("#| label: sec-body\ndisplay(HTML(body))", [{"text/html": BODY}], "sec-body"),
            ]
        else:
            nb.cells = [_code("x = 1", [], "only")]
        path = nb_dir / f"{stage}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths
