"""The analysts' narrative: sections, cited facts, and figures typed into the text."""

import re

import pytest

from helpers.report import narrative


@pytest.mark.parametrize("line, figures", [
    ("开工人才房 5000余套", ["5000"]),
    ("科技成果转化率超过25%", ["25%"]),
    ("全角数字２０２２年", ["２０２２"]),
    ("阿拉伯-印度数字 ٣ 项", ["٣"]),
    ("PM2.5年均浓度下降", ["PM2.5"]),
    ("加快5G网络覆盖", ["5G"]),
    ("占比百分之五", ["百分之五"]),
    ("增长五十%", ["五十%"]),
    ("（一）奋力提升创新首位度", []),
    ("“十四五”规划和二〇三五年远景目标", []),
    ("八个方面重点任务、三大科技城", []),
    ("1．首位度人才“特区”更具吸引力", []),  # the document's item number is a label
    ('开工人才房{{ fact("tasks.1.02") }}余套', []),
])
def test_literal_figures(line, figures):
    assert narrative.literal_figures(line) == figures


def _write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_a_figure_typed_into_the_text_names_file_and_line(tmp_path):
    folder = tmp_path / "narrative" / "2023H1"
    _write(folder, "tasks.md", "---\nsection: tasks\n---\n\n第一段。\n\n新增就业 9.6万人。\n")
    with pytest.raises(narrative.NarrativeError, match=r"tasks.md, line 7: figure '9.6'"):
        narrative.load(folder, tmp_path)


def test_cited_facts_come_from_the_table_with_their_source(tmp_path):
    folder = tmp_path / "n"
    _write(folder, "narrative_facts.csv", "id,text,source\ntasks.1,9.6,report.txt:L916\n")
    _write(folder, "tasks.md", '---\nsection: tasks\n---\n\n新增城镇就业{{ fact("tasks.1") }}万人。\n')
    narr = narrative.load(folder, tmp_path)
    assert narr.facts["tasks.1"][:2] == (9.6, "9.6") and "report.txt:L916" in narr.facts["tasks.1"][2]
    html = narrative.to_html(narr.sections["tasks"].body, lambda fid: f"<F>{narr.facts[fid][1]}</F>")
    assert html == "<p>新增城镇就业<F>9.6</F>万人。</p>\n"


@pytest.mark.parametrize("csv, md, message", [
    ("id,text,source\n", '---\nsection: tasks\n---\n{{ fact("nope") }}\n', "fact 'nope' is neither"),
    ("id,text,source\na,1,\n", "---\nsection: tasks\n---\n正文\n", "a: no source"),
    ("id,text,source\na,1,x\na,2,x\n", "---\nsection: tasks\n---\n正文\n", "given twice"),
    ("id,text,source\nobs.1,1,x\n", "---\nsection: tasks\n---\n正文\n", "starts like a computed fact"),
    ("id,text,source\n", "---\nsection: chapter9\n---\n正文\n", "is not one of"),
    ("id,text,source\n", "正文\n", "starts with front matter"),
    ("id,text,source\n", "---\nsection: tasks\n---\n{% if x %}正文{% endif %}\n", "only {{ fact"),
])
def test_bad_narrative_is_an_error(tmp_path, csv, md, message):
    folder = tmp_path / "n"
    _write(folder, "narrative_facts.csv", csv)
    _write(folder, "tasks.md", md)
    with pytest.raises(narrative.NarrativeError, match=message):
        narrative.load(folder, tmp_path)


def test_no_narrative_folder_is_an_empty_narrative(tmp_path):
    assert narrative.load(tmp_path / "missing").sections == {}


def test_raw_html_in_markdown_is_escaped():
    assert "<script>" not in narrative.to_html("<script>x</script>", str)


def test_yuecheng_narrative_is_complete_and_every_figure_has_its_line():
    from helpers.pipeline import paths

    narr = narrative.load(paths.raw_dir("yuecheng") / "narrative" / "2023H1", paths.PROJ_ROOT)
    assert set(narr.sections) >= {"preface", "tasks", "outlook", "safeguards"}
    assert narr.sections["tasks"].body.count("\n## （") + narr.sections["tasks"].body.startswith("## （") == 8
    assert len(narr.facts) > 100
    assert all(re.search(r"004_c101dda91553eaf2\.txt:L\d+$", note) for _, _, note in narr.facts.values())
