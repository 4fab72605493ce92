"""The Word file: the committed reference document is what its generator makes (A4, GB/T 9704 fonts,
bordered tables), and a review written with it has no links, one title, and tables that fit the page."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from helpers.report import docx
from helpers.tools import reference_docx

from .review_period import BODY, TITLE

W = {"w": docx.W}


def part(path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", W)
    assert found is not None, style_id
    return found


def attr(node: etree._Element, name: str) -> str:
    return node.get(f"{{{docx.W}}}{name}")


def test_committed_reference_is_what_the_generator_makes(tmp_path):
    made = tmp_path / "reference.docx"
    made.write_bytes(reference_docx.make(reference_docx.pandoc_default()))
    with zipfile.ZipFile(made) as ours, zipfile.ZipFile(docx.REFERENCE) as committed:
        assert ours.namelist() == committed.namelist()
        for name in ours.namelist():
            assert ours.read(name) == committed.read(name), f"{name} differs: run python -m helpers.tools.reference_docx"


def test_reference_is_a4_with_official_fonts_and_bordered_tables():
    body = part(docx.REFERENCE, "word/document.xml").find("w:body/w:sectPr", W)
    size = body.find("w:pgSz", W)
    assert (attr(size, "w"), attr(size, "h")) == ("11906", "16838")  # A4 in twips
    assert round(docx.text_width_mm(body)) == 156  # 210 mm less 28 + 26 mm margins
    styles = part(docx.REFERENCE, "word/styles.xml")
    fonts = {sid: attr(style(styles, sid).find("w:rPr/w:rFonts", W), "eastAsia")
             for sid in ("Normal", "Compact", "Heading1", "Heading2", "Heading3", "Heading4")}
    assert fonts == {"Normal": "仿宋_GB2312", "Compact": "仿宋_GB2312", "Heading1": "方正小标宋简体",
                     "Heading2": "黑体", "Heading3": "楷体_GB2312", "Heading4": "仿宋_GB2312"}
    assert attr(style(styles, "Normal").find("w:rPr/w:sz", W), "val") == "32"  # 三号 = 16 pt
    borders = style(styles, "Table").find("w:tblPr/w:tblBorders", W)
    assert {etree.QName(b).localname: attr(b, "val") for b in borders} == {
        side: "single" for side in ("top", "left", "bottom", "right", "insideH", "insideV")}
    table = part(docx.REFERENCE, "word/fontTable.xml")
    assert {attr(f, "name") for f in table} >= {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体"}


def test_column_widths_follow_the_content():
    chars = docx.column_chars([["单位", "指标名称"], ["亿元", "全区生产总值"], ["%", "数字经济核心产业增加值占GDP比重"]])
    assert chars[0] == docx.MIN_CHARS  # a short column still holds MIN_CHARS a line
    assert chars[1] > 10
    widths = docx.fit([10.0, 30.0, 200.0], 150.0)
    assert sum(widths) == pytest.approx(150.0)
    assert min(widths) >= docx.MIN_CHARS * docx.TABLE_PT * docx.MM_PER_PT + docx.CELL_PADDING_MM - 1e-9


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    out = tmp_path_factory.mktemp("word") / "review.docx"
    narrow = "<table><tr><th>指标</th><th>说明</th></tr><tr><td>甲</td><td>乙</td></tr></table>"
    return docx.write_docx([TITLE, BODY, narrow], out)


def test_word_file_has_no_links(word):
    assert docx.hyperlinks(word) == []
    assert "来源" in etree.tostring(part(word, "word/document.xml"), encoding="unicode")  # the text stays


def test_word_file_has_one_title(word):
    document = part(word, "word/document.xml")
    styles = [attr(s, "val") for s in document.iter(f"{{{docx.W}}}pStyle")]
    assert styles.count("Heading1") == 1 and "Title" not in styles


def test_word_tables_fit_their_pages(word):
    document = part(word, "word/document.xml")
    body = document.find("w:body", W)
    final = body.find("w:sectPr", W)
    sections = body.findall("w:p/w:pPr/w:sectPr", W)
    assert [attr(s.find("w:pgSz", W), "orient") for s in sections] == [None, "landscape"]  # the wide table
    wide, narrow = body.findall("w:tbl", W)
    for table, sect in ((wide, sections[1]), (narrow, final)):
        assert table.find("w:tblPr/w:tblStyle", W).get(f"{{{docx.W}}}val") == "Table"  # bordered style
        cols = [int(attr(c, "w")) for c in table.iter(f"{{{docx.W}}}gridCol")]
        assert sum(cols) / docx.TWIPS_PER_MM == pytest.approx(docx.text_width_mm(sect), abs=1)
        assert min(cols) / docx.TWIPS_PER_MM >= 12  # three characters of 10.5 pt and the cell margins
    assert final.find("w:pgSz", W).get(f"{{{docx.W}}}w") == "11906"


def test_a_figure_inlined_in_the_review_is_embedded_once_and_named_plainly(tmp_path):
    """The review's charts are data URIs; pandoc is given them as files (it decodes base64 in HTML slowly). The
    Word file holds each image, and neither the base64 text nor the temporary folder it was written to."""
    import base64
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (40, 20), "#4575b4").save(png, format="PNG")
    uri = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    figure = f"<figure><img alt='综合实力指标走势' src='{uri}'><figcaption>图</figcaption></figure>"
    out = docx.write_docx([TITLE, figure, figure], tmp_path / "review.docx")
    with zipfile.ZipFile(out) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        document = z.read("word/document.xml").decode("utf-8")
        assert [z.read(n) for n in media] == [png.getvalue()] * len(media) and len(media) >= 1
    assert "base64" not in document and "review-docx-" not in document and "/tmp" not in document
    assert 'descr="综合实力指标走势"' in document  # the alt text stays the picture's description
    again = docx.write_docx([TITLE, figure, figure], tmp_path / "again.docx")
    with zipfile.ZipFile(again) as z:
        assert z.read("word/document.xml").decode("utf-8") == document  # the same review, the same text
