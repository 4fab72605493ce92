"""Make the reference .docx of the review's Word file from pandoc's own default reference document.

    python -m helpers.tools.reference_docx            # writes src/helpers/report/templates/reference.docx

The result is committed; this script is how it was made, so every style can be traced and changed here.
The layout follows GB/T 9704-2012 (党政机关公文格式), the format Chinese offices print in:
- A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; page number "— 1 —" at the foot;
- body text 仿宋_GB2312 三号 (16 pt), first line indented by two characters, about 28 pt line pitch;
- the title (the review's level-1 heading) 方正小标宋简体 二号 (22 pt), centred; level-2 headings (一、) 黑体 三号;
  level-3 (（一）) 楷体_GB2312 三号; level-4 仿宋_GB2312 三号 bold;
- tables fully bordered, text 仿宋_GB2312 五号 (10.5 pt), single spacing; captions centred.
Font names are written into the styles whether or not the fonts are installed where the file is made
(Word and LibreOffice substitute; `w:altName` names the common Windows font of each face).
"""

from __future__ import annotations

import argparse
import io
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

OUT = Path(__file__).resolve().parents[1] / "report" / "templates" / "reference.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry times: the same file every time it is made

BODY_FONT = "仿宋_GB2312"
FONTS = {  # name: (Windows fallback for w:altName, GB2312 charset "86")
    "仿宋_GB2312": "仿宋", "黑体": "SimHei", "楷体_GB2312": "楷体", "方正小标宋简体": "华文中宋", "宋体": "SimSun",
}
MM = 56.6929  # twentieths of a point (twips) per millimetre


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def el(tag: str, **attrs: str) -> etree._Element:
    node = etree.Element(w(tag))
    for key, value in attrs.items():
        node.set(w(key), value)
    return node


def pandoc_default() -> bytes:
    """pandoc's default reference.docx (the pandoc binary of the pypandoc-binary wheel)."""
    import pypandoc

    return subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                          check=True, capture_output=True).stdout


def run_props(font: str, size_pt: float, bold: bool = False, ascii_font: str = "Times New Roman") -> etree._Element:
    rpr = el("rPr")
    rpr.append(el("rFonts", ascii=ascii_font, hAnsi=ascii_font, eastAsia=font, cs=ascii_font))
    if bold:
        rpr.append(el("b"))
        rpr.append(el("bCs"))
    rpr.append(el("color", val="000000"))
    half_points = str(round(size_pt * 2))
    rpr.append(el("sz", val=half_points))
    rpr.append(el("szCs", val=half_points))
    return rpr


def para_props(*, before: int = 0, after: int = 0, line: int | None = None, rule: str = "exact",
               first_line_chars: int | None = None, align: str | None = None,
               keep_next: bool = False, outline: int | None = None) -> etree._Element:
    ppr = el("pPr")
    if keep_next:
        ppr.append(el("keepNext"))
        ppr.append(el("keepLines"))
    spacing = el("spacing", before=str(before), after=str(after))
    if line is not None:
        spacing.set(w("line"), str(line))
        spacing.set(w("lineRule"), rule)
    ppr.append(spacing)
    if first_line_chars is not None:  # in twips of a 16 pt character (LibreOffice ignores w:firstLineChars)
        ppr.append(el("ind", firstLine=str(first_line_chars * 320)))
    if align:
        ppr.append(el("jc", val=align))
    if outline is not None:
        ppr.append(el("outlineLvl", val=str(outline)))
    return ppr


def set_style(styles: etree._Element, style_id: str, ppr: etree._Element | None, rpr: etree._Element | None) -> None:
    style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    if style is None:
        raise KeyError(f"pandoc's reference.docx has no style {style_id}")
    for tag in ("pPr", "rPr"):
        for old in style.findall(f"w:{tag}", NS):
            style.remove(old)
    for node in (ppr, rpr):
        if node is not None:
            style.append(node)


def table_style(styles: etree._Element) -> None:
    """Every cell bordered (0.5 pt black lines), header row bold and centred, text vertically centred."""
    style = styles.find("w:style[@w:styleId='Table']", NS)
    for old in style.findall("w:tblPr", NS) + style.findall("w:tblStylePr", NS):
        style.remove(old)
    tblpr = el("tblPr")
    tblpr.append(el("tblInd", w="0", type="dxa"))
    borders = el("tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(side, val="single", sz="4", space="0", color="000000"))
    tblpr.append(borders)
    margins = el("tblCellMar")
    for side, width in (("top", "28"), ("left", "57"), ("bottom", "28"), ("right", "57")):
        margins.append(el(side, w=width, type="dxa"))
    tblpr.append(margins)
    style.append(tblpr)
    first = el("tblStylePr", type="firstRow")
    first_ppr = el("pPr")
    first_ppr.append(el("jc", val="center"))
    first.append(first_ppr)
    first_rpr = el("rPr")
    first_rpr.append(el("b"))
    first.append(first_rpr)
    tcpr = el("tcPr")
    tcpr.append(el("vAlign", val="center"))
    first.append(tcpr)
    style.append(first)


def restyle(styles_xml: bytes) -> bytes:
    styles = etree.fromstring(styles_xml)
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = defaults.find("w:rFonts", NS)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for key, value in (("ascii", "Times New Roman"), ("hAnsi", "Times New Roman"), ("eastAsia", BODY_FONT),
                       ("cs", "Times New Roman")):
        fonts.set(w(key), value)
    body = dict(line=560, first_line_chars=2, align="both")  # 28 pt pitch, two-character indent, justified
    set_style(styles, "Normal", para_props(line=560), run_props(BODY_FONT, 16))
    set_style(styles, "BodyText", para_props(**body), None)
    set_style(styles, "FirstParagraph", para_props(**body), None)
    set_style(styles, "Compact", para_props(line=240, rule="auto", first_line_chars=0, align="left"),
              run_props(BODY_FONT, 10.5))  # table cells
    set_style(styles, "Title", para_props(before=0, after=560, line=700, align="center"),
              run_props("方正小标宋简体", 22))
    set_style(styles, "Subtitle", para_props(after=280, align="center"), run_props("楷体_GB2312", 16))
    set_style(styles, "Heading1", para_props(after=560, line=700, align="center", keep_next=True, outline=0),
              run_props("方正小标宋简体", 22))
    set_style(styles, "Heading2", para_props(line=560, first_line_chars=2, keep_next=True, outline=1),
              run_props("黑体", 16))
    set_style(styles, "Heading3", para_props(line=560, first_line_chars=2, keep_next=True, outline=2),
              run_props("楷体_GB2312", 16))
    for level in range(4, 10):
        set_style(styles, f"Heading{level}", para_props(line=560, first_line_chars=2, keep_next=True,
                                                         outline=level - 1), run_props(BODY_FONT, 16, bold=True))
    for char_style in [f"Heading{level}Char" for level in range(1, 10)] + ["TitleChar", "SubtitleChar"]:
        set_style(styles, char_style, None, None)  # the paragraph styles carry the look
    # Figures and captions: single spacing (an exact line pitch would clip a picture), centred, no indent.
    set_style(styles, "Figure", para_props(before=120, line=240, rule="auto", align="center"), None)
    set_style(styles, "CaptionedFigure", para_props(before=120, line=240, rule="auto", align="center",
                                                    keep_next=True), None)
    set_style(styles, "Caption", para_props(after=240, line=400, rule="auto", align="center"),
              run_props(BODY_FONT, 14))
    set_style(styles, "TableCaption", para_props(before=240, after=120, line=400, rule="auto", align="center",
                                                 keep_next=True), run_props("黑体", 14))
    set_style(styles, "ImageCaption", para_props(after=240, line=400, rule="auto", align="center"),
              run_props(BODY_FONT, 14))
    table_style(styles)
    return etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_fonts(font_table_xml: bytes) -> bytes:
    table = etree.fromstring(font_table_xml)
    for name, alt in FONTS.items():
        font = el("font", name=name)
        font.append(el("altName", val=alt))
        font.append(el("charset", val="86"))
        font.append(el("family", val="modern" if name != "宋体" else "auto"))
        font.append(el("pitch", val="fixed" if name != "宋体" else "variable"))
        table.append(font)
    return etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


FOOTER = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r>
</w:p></w:ftr>
""".encode("utf-8")


def a4_section(document_xml: bytes) -> bytes:
    """A4 portrait with the margins of GB/T 9704, the page-number footer."""
    doc = etree.fromstring(document_xml)
    body = doc.find("w:body", NS)
    for old in body.findall("w:sectPr", NS):
        body.remove(old)
    sect = el("sectPr")
    ref = el("footerReference", type="default")
    ref.set(f"{{{R}}}id", "rIdReviewFooter")
    sect.append(ref)
    sect.append(el("pgSz", w=str(round(210 * MM)), h=str(round(297 * MM))))
    sect.append(el("pgMar", top=str(round(37 * MM)), bottom=str(round(35 * MM)), left=str(round(28 * MM)),
                   right=str(round(26 * MM)), header=str(round(15 * MM)), footer=str(round(25 * MM)),
                   gutter="0"))
    sect.append(el("cols", space="425"))
    body.append(sect)
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_footer_part(rels_xml: bytes, types_xml: bytes) -> tuple[bytes, bytes]:
    rels = etree.fromstring(rels_xml)
    rel = etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")
    rel.set("Id", "rIdReviewFooter")
    rel.set("Type", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer")
    rel.set("Target", "footer1.xml")
    types = etree.fromstring(types_xml)
    over = etree.SubElement(types, "{http://schemas.openxmlformats.org/package/2006/content-types}Override")
    over.set("PartName", "/word/footer1.xml")
    over.set("ContentType", "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml")
    return (etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True),
            etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True))


def make(source: bytes) -> bytes:
    """The review's reference.docx from pandoc's default one (bytes in, bytes out)."""
    with zipfile.ZipFile(io.BytesIO(source)) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    parts["word/styles.xml"] = restyle(parts["word/styles.xml"])
    parts["word/fontTable.xml"] = add_fonts(parts["word/fontTable.xml"])
    parts["word/document.xml"] = a4_section(parts["word/document.xml"])
    parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"] = add_footer_part(
        parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"])
    parts["word/footer1.xml"] = FOOTER
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml"):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, parts[name])
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(make(pandoc_default()))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
