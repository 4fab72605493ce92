"""Excel workbooks for the raw data: an empty template to fill in, or a locality's CSV folder as a workbook.

    python -m helpers.tools.workbook template data/raw/template.xlsx
    python -m helpers.tools.workbook from-csv data/raw/yuecheng out.xlsx

One sheet per table of the raw-data contract (data/raw/README.md), the contract's columns as header
row, a note on each header cell, drop-down lists for `attribute`, `measure` and `direction`, and every
cell formatted as text ('@') so that verbatim forms such as `1.60` or `[5]` stay as typed.
helpers.plan.rawdata reads such a workbook from data/raw/<locality>/<locality>.xlsx.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

TEXT = "@"
# A text cell starting with one of these is a formula to openpyxl (`=`) or to Excel when it is edited
# (`=`, `+`, `-`, `@`; tab and CR per OWASP's CSV-injection advice): written as text with Excel's quote prefix.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Columns per sheet in the contract's order, each with the note shown on its header cell.
COLUMNS: dict[str, dict[str, str]] = {
    "indicators": {
        "code": "序号：规划指标表中的编号，本地区内唯一，如 1、2、19a、19b",
        "category": "类别：指标表中的一级指标分组，如 综合实力；须是 params.yaml 中该地区的 categories 之一",
        "name": "指标名称：按原文照录（不含单位）",
        "unit": "单位：按原文照录，如 亿元、%、位、万元/亩、µg/m³；无单位则留空",
        "baseline_year": "基期年份，如 2020",
        "baseline": "基期值：按原文照录，如 1005.3、＜35、11.6 左右、—、/、完成省下达指标",
        "target_year": "目标年份，如 2025",
        "target": "目标：按原文照录，如 1500以上、＜28、5左右、[5]、完成省市下达指标",
        "attribute": "属性：预期性 或 约束性（下拉选择）",
        "measure": "类型：flow 年度流量（GDP、收入等，半年值不能与年目标比较）、stock 时点存量、"
                   "rate 比率/强度/浓度、rank 排位（越小越好）（下拉选择）",
        "direction": "方向（可选）：up 越高越好、down 越低越好；留空则自动推断，推断有误时填写（下拉选择）",
        "source": "来源（必填）：原文文件名和行号或页码，如 004_c101dda91553eaf2.txt:L367",
        "target_kind": "目标类型（可选，表意不明时填写）：level、growth、cumulative、change、relational、qualitative、not_stated",
        "change_basis": "变化口径（可选）：relative 按基期值百分比、absolute 按指标自身单位（如百分点、岁）",
        "reference": "参照指标（可选）：关系型目标（如 高于GDP增长）所比较的指标编号",
        "value_kind": "数值类型（可选）：level 当期水平、yoy_change 比上年变化、period_total 累计值、change_since_base 比基期变化",
        "price_basis": "价格口径（可选）：real 可比价、nominal 现价",
    },
    "observations": {
        "code": "序号：indicators 表中的指标编号",
        "period": "期间：全年填 YYYY（如 2023）；年内累计：一季度 YYYYQ1，上半年 YYYYH1，前三季度 YYYYQ3，1至某月 YYYYMnn（如 1—7月 2023M07）",
        "value": "数值：按原文照录，如 1191.5、83000（预计）、未出、—",
        "yoy_growth": "同比增长（可选）：按原文照录，如 8.8%、-7.3%",
        "source": "来源（必填）：数值（及增速）在原文中的位置，如 004_c101dda91553eaf2.txt:L372; yoy L39",
        "note": "备注（可选），如原表的栏目说明",
        "value_kind": "数值类型（可选）：level、yoy_change、period_total、change_since_base；留空则按指标或原文判断",
        "data_period": "数据所属期间（可选）：数值实际所指的期间，如 2021 栏填的是 2020 年数据时填 2020",
        "breaks_series": "口径变化（可选）：自该期起口径或方法调整、与此前不可比时填 true",
    },
    "statements": {
        "code": "序号：指标编号；关于全部指标的表述填 ALL",
        "period": "期间：表述所指的期间（增长目标可留空）",
        "field": "字段：value、target、growth_target、avg_growth、progress_stated、"
                 "count_on_schedule、count_early、count_behind、count_total",
        "text": "原文数字：按原文照录，如 年均增长7%、6.25%",
        "source": "来源（必填）：在原文中的位置",
    },
    "published": {
        "code": "序号：指标编号",
        "judgement": "已公布的评价结论：按原文照录，如 完成、未完成、—",
        "source": "来源（必填）：在原文中的位置",
    },
    "overrides": {
        "code": "序号：指标编号",
        "judgement": "评价结论（可选）：替换计算结果，如 指标调整、无法评价",
        "proposal": "建议（可选）：keep、adjust_target、remove 或 replace",
        "proposal_value": "建议值：新目标或替换指标，按原文照录（adjust_target / replace 时填写）",
        "reason": "理由（必填）",
        "decided_by": "决定者，如 越城区发改局（中期评估报告 表2）或分析人员姓名",
        "source": "来源（必填）：决定的出处",
    },
}

CHOICES = {"attribute": ("预期性", "约束性"), "measure": ("flow", "stock", "rate", "rank"), "direction": ("up", "down")}


def _sheet(wb: Workbook, name: str, header: list[str], rows: list[list[str]]) -> Worksheet:
    """A sheet with a noted header row, text-formatted columns, drop-down lists and the rows as text."""
    ws = wb.create_sheet(name)
    notes = COLUMNS.get(name, {})
    for row in [header, *rows]:
        ws.append([str(v) for v in row])
        for cell in ws[ws.max_row]:
            _as_text(cell)
    for col, column in enumerate(header, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].number_format = TEXT  # cells typed later are text too
        ws.column_dimensions[letter].width = 14 if column in notes else 10
        for cell in ws[letter]:
            cell.number_format = TEXT
        if column in notes:
            ws.cell(1, col).comment = Comment(notes[column], "plan-review", width=300, height=120)
        if column in CHOICES:
            validation = DataValidation(type="list", formula1='"' + ",".join(CHOICES[column]) + '"',
                                        allow_blank=True, showErrorMessage=True,
                                        error=f"请选择：{'、'.join(CHOICES[column])}")
            validation.add(f"{letter}2:{letter}1048576")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    return ws


def _as_text(cell: Any) -> None:
    """Text stays text: openpyxl would store `=HYPERLINK(…)` as a live formula (which a reader with
    data_only=True then reads back empty), so the cell is typed as a string; cells that Excel would turn
    into a formula when edited get the quote prefix (shown as typed, kept as text)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_START):
            cell.quotePrefix = True


def write_template(path: Path | str) -> Path:
    """An empty workbook: every sheet of the contract with its header row and nothing else."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, columns in COLUMNS.items():
        _sheet(wb, name, list(columns), [])
    return _save(wb, path)


def from_csv(folder: Path | str, path: Path | str) -> Path:
    """A locality's CSV folder as one workbook: a sheet per CSV file present, every cell a text string."""
    folder = Path(folder)
    wb = Workbook()
    wb.remove(wb.active)
    for name in COLUMNS:
        file = folder / f"{name}.csv"
        if file.exists():
            with open(file, encoding="utf-8-sig", newline="") as f:
                records = list(csv.reader(f))
            if not records:
                raise ValueError(f"{file} is empty (no header row)")
            _sheet(wb, name, records[0], records[1:])
    if not wb.sheetnames:
        raise FileNotFoundError(f"no {', '.join(f'{n}.csv' for n in COLUMNS)} in {folder}")
    return _save(wb, path)


def _save(wb: Workbook, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Excel workbooks for the raw data (data/raw/README.md)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("template", help="write an empty template").add_argument("path")
    convert = commands.add_parser("from-csv", help="write a locality's CSV folder as a workbook")
    convert.add_argument("folder")
    convert.add_argument("path")
    args = parser.parse_args(argv)
    out = write_template(args.path) if args.command == "template" else from_csv(args.folder, args.path)
    print(out)


if __name__ == "__main__":
    main()
