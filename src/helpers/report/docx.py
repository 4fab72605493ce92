"""The review as a Word file an office can send: the same cell outputs as the HTML review, through pandoc
with the reference document `templates/reference.docx` (GB/T 9704 layout: A4, 仿宋/黑体/楷体, bordered tables;
made by `python -m helpers.tools.reference_docx`).

Before pandoc sees the HTML: links are removed (a Word file travels without the notebooks they point to;
the HTML review and provenance.json keep the provenance), each table gets column widths from its content
(no column squeezed to one character per line), and each figure the width of the text column. After pandoc:
tables too wide for a portrait page are put on landscape pages of their own.
"""

from __future__ import annotations

import base64
import copy
import io
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree

REFERENCE = Path(__file__).parent / "templates" / "reference.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TABLE_PT = 10.5  # table text size of the reference document (五号)
MM_PER_PT = 25.4 / 72
TWIPS_PER_MM = 1440 / 25.4
CELL_PADDING_MM = 2.2  # left + right cell margins of the reference table style
DATA_URI = re.compile(r"data:image/(?P<type>[\w.+-]+);base64,(?P<data>[A-Za-z0-9+/=\s]+)")
MIN_CHARS, MAX_CHARS = 3.0, 16.0  # a column shows at least this many characters a line, and needs no more


def text_width(text: str) -> float:
    """Width of a text in characters of a CJK font: full-width characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text.strip())


def column_chars(rows: list[list[str]], header_rows: int = 1) -> list[float]:
    """How many characters a line each column of a table should hold: by its longest and typical cell
    (a header wraps more easily than data, so it counts at half)."""
    n = max((len(r) for r in rows), default=0)
    out = []
    for c in range(n):
        cells = [r[c] for r in rows if c < len(r)]
        data = [text_width(t) for t in cells[header_rows:]] or [0.0]
        head = [text_width(t) / 2 for t in cells[:header_rows]] or [0.0]
        typical = sorted(data)[len(data) // 2]
        want = max(max(head), 0.6 * max(data) + 0.4 * typical)
        out.append(min(MAX_CHARS, max(MIN_CHARS, want)))
    return out


def _rows(table) -> tuple[list[list[str]], int]:
    rows, header = [], 0
    for tr in table.find_all("tr"):
        cells = tr.find_all(["th", "td"], recursive=False)
        rows.append([c.get_text(" ", strip=True) for c in cells])
        if cells and all(c.name == "th" for c in cells) and header == len(rows) - 1:
            header += 1
    return rows, max(header, 1)


def word_html(fragments: list[str], media: Path | None = None) -> tuple[str, list[list[float]]]:
    """The HTML pandoc turns into the Word file, and for each table the width its columns need (mm). With
    `media`, each figure inlined as a data URI is written there and referenced as a file: pandoc decodes
    base64 in HTML slowly (0.65 s for the 8 charts of a review; 0.2 s reading the same files)."""
    soup = BeautifulSoup("\n".join(fragments), "html.parser")
    for a in soup.find_all("a"):
        a.unwrap()  # no hyperlinks in the Word file
    widths = []
    char_mm = TABLE_PT * MM_PER_PT
    for table in soup.find_all("table"):
        rows, header = _rows(table)
        needed = [c * char_mm + CELL_PADDING_MM for c in column_chars(rows, header)]
        widths.append(needed)
        for old in table.find_all("colgroup"):
            old.decompose()
        colgroup = soup.new_tag("colgroup")
        for mm in needed:
            colgroup.append(soup.new_tag("col", attrs={"width": f"{100 * mm / sum(needed):.1f}%"}))
        table.insert(0, colgroup)
    for i, img in enumerate(soup.find_all("img"), start=1):
        for attr in ("width", "height", "style"):
            img.attrs.pop(attr, None)
        img["width"] = "100%"  # of the text column
        inlined = DATA_URI.fullmatch(img.get("src", ""))
        if media is not None and inlined:
            file = media / f"figure-{i}.{inlined['type'].split('+')[0]}"
            file.write_bytes(base64.b64decode(inlined["data"]))
            img["src"] = file.name  # pandoc finds it on its --resource-path; the name is kept in the file
    return str(soup), widths


def _twips(sect: etree._Element, key: str, parent: str) -> int:
    return int(sect.find(f"w:{parent}", NS).get(f"{{{W}}}{key}"))


def text_width_mm(sect: etree._Element) -> float:
    """Width of the text column of a section (page width less the side margins)."""
    return (_twips(sect, "w", "pgSz") - _twips(sect, "left", "pgMar") - _twips(sect, "right", "pgMar")) / TWIPS_PER_MM


def _landscape(portrait: etree._Element) -> etree._Element:
    """The same page turned: A4 landscape, the margins turned with it."""
    sect = copy.deepcopy(portrait)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    wid, hgt = size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")
    size.set(f"{{{W}}}w", hgt)
    size.set(f"{{{W}}}h", wid)
    size.set(f"{{{W}}}orient", "landscape")
    top, bottom = margins.get(f"{{{W}}}top"), margins.get(f"{{{W}}}bottom")
    left, right = margins.get(f"{{{W}}}left"), margins.get(f"{{{W}}}right")
    for key, value in (("top", left), ("bottom", right), ("left", top), ("right", bottom)):
        margins.set(f"{{{W}}}{key}", value)
    return sect


def _section_break(sect: etree._Element) -> etree._Element:
    p = etree.Element(f"{{{W}}}p")
    ppr = etree.SubElement(p, f"{{{W}}}pPr")
    ppr.append(copy.deepcopy(sect))
    return p


def _set_widths(table: etree._Element, columns_mm: list[float]) -> None:
    """Fixed column widths (twips) on the grid and on every cell, and the table's own width."""
    twips = [round(mm * TWIPS_PER_MM) for mm in columns_mm]
    tblpr = table.find("w:tblPr", NS)
    for old in tblpr.findall("w:tblW", NS) + tblpr.findall("w:tblLayout", NS):
        tblpr.remove(old)
    style = tblpr.find("w:tblStyle", NS)
    at = 0 if style is None else list(tblpr).index(style) + 1
    width = etree.Element(f"{{{W}}}tblW")
    width.set(f"{{{W}}}w", str(sum(twips)))
    width.set(f"{{{W}}}type", "dxa")
    tblpr.insert(at, width)
    layout = etree.Element(f"{{{W}}}tblLayout")
    layout.set(f"{{{W}}}type", "fixed")
    tblpr.insert(at + 1, layout)
    grid = table.find("w:tblGrid", NS)
    for old in list(grid):
        grid.remove(old)
    for tw in twips:
        etree.SubElement(grid, f"{{{W}}}gridCol").set(f"{{{W}}}w", str(tw))
    for row in table.findall("w:tr", NS):
        col = 0
        for cell in row.findall("w:tc", NS):
            tcpr = cell.find("w:tcPr", NS)
            if tcpr is None:
                tcpr = etree.Element(f"{{{W}}}tcPr")
                cell.insert(0, tcpr)
            span_el = tcpr.find("w:gridSpan", NS)
            span = int(span_el.get(f"{{{W}}}val")) if span_el is not None else 1
            for old in tcpr.findall("w:tcW", NS):
                tcpr.remove(old)
            cell_width = etree.Element(f"{{{W}}}tcW")
            cell_width.set(f"{{{W}}}w", str(sum(twips[col:col + span])))
            cell_width.set(f"{{{W}}}type", "dxa")
            tcpr.insert(0, cell_width)
            col += span


def _title_before(table: etree._Element) -> etree._Element:
    """The table's caption or heading right above it, which goes onto the landscape page with it."""
    node = table.getprevious()
    while node is not None and node.tag in (f"{{{W}}}bookmarkStart", f"{{{W}}}bookmarkEnd"):
        node = node.getprevious()
    if node is not None and node.tag == f"{{{W}}}p":
        style = node.find("w:pPr/w:pStyle", NS)
        if style is not None and re.match(r"TableCaption|Heading\d", style.get(f"{{{W}}}val", "")):
            return node
    return table


def fit(needed: list[float], available: float) -> list[float]:
    """Column widths filling `available` mm: spare room shared in proportion; when room is short, only
    what columns need beyond the minimum shrinks, so no column falls below MIN_CHARS a line."""
    if sum(needed) <= available:
        return [mm * available / sum(needed) for mm in needed]
    floor = min(MIN_CHARS * TABLE_PT * MM_PER_PT + CELL_PADDING_MM, available / len(needed))
    extra = [max(0.0, mm - floor) for mm in needed]
    room = max(0.0, available - floor * len(needed))
    return [floor + e * room / sum(extra) if sum(extra) else available / len(needed) for e in extra]


def fit_tables(document_xml: bytes, widths: list[list[float]]) -> bytes:
    """Every table spans the text column with the widths its columns need; one too wide for a portrait
    page goes, with its caption, onto landscape pages (a section break before and after it)."""
    document = etree.fromstring(document_xml)
    body = document.find("w:body", NS)
    portrait = body.find("w:sectPr", NS)
    landscape = _landscape(portrait)
    tables = body.findall("w:tbl", NS)
    if len(tables) != len(widths):
        raise ValueError(f"the Word file has {len(tables)} tables at the top level, the review {len(widths)}")
    for table, needed in zip(tables, widths):
        wide = sum(needed) > text_width_mm(portrait)
        available = text_width_mm(landscape if wide else portrait)
        _set_widths(table, fit(needed, available))
        if wide:
            _title_before(table).addprevious(_section_break(portrait))
            table.addnext(_section_break(landscape))
    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rewrite(path: Path, name: str, transform) -> None:
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            zout.writestr(info, transform(data) if info.filename == name else data)
    path.write_bytes(out.getvalue())


def write_docx(fragments: list[str], out: Path, reference: Path = REFERENCE) -> Path:
    """The review's HTML fragments (the `sec-*` cell outputs) as a Word file at `out`."""
    import pypandoc

    tmp = out.with_name(f".{out.name}.tmp")
    with tempfile.TemporaryDirectory(prefix="review-docx-") as media:
        source, widths = word_html(fragments, Path(media))
        pypandoc.convert_text(source, "docx", format="html", outputfile=str(tmp),
                              extra_args=["--quiet", f"--reference-doc={reference}", f"--resource-path={media}"])
    _rewrite(tmp, "word/document.xml", lambda data: fit_tables(data, widths))
    tmp.replace(out)
    return out


def hyperlinks(path: Path) -> list[str]:
    """The hyperlinks of a Word file (targets of w:hyperlink and of HYPERLINK fields)."""
    with zipfile.ZipFile(path) as z:
        document = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    found = re.findall(r"<w:hyperlink\b[^>]*>", document)
    found += re.findall(r"HYPERLINK\s+\"?([^\"<]+)", document)
    found += re.findall(r'Target="([^"]+)"[^>]*TargetMode="External"', rels)
    return found
