"""The rendered reviews: every number traceable, self-contained, deterministic, rendered by Quarto (when
installed; CI installs it) with the same content as nbconvert, a Word file an office can send, and shown in
a browser. Screenshots of the page and of the Word file's pages are saved under
reports/<id>/<as_of>/screenshots/ of the project, to be looked at."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

from helpers.report import docx, quarto, render
from tests.conftest import need_quarto

from .conftest import LOCALITIES, REPO, run

pytestmark = pytest.mark.integration
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# The one exemption: in headings, table headers and captions, years ("2021年", "2023年上半年") and the
# numbers of tables and figures ("表1") are labels, not data.
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "th", "figcaption", "title"}
HEADING_LABEL = re.compile(r"(?:19|20)\d\d(?=年)|(?<=[表图])\d+")
# The document's item numbers ("1．" before a paragraph of key tasks) stand in their own element.
LABEL_CLASSES = {"item-no"}


class NumberAudit(HTMLParser):
    """Collects numeric tokens outside data-fact elements, and the facts the page shows."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.loose: list[str] = []
        self.shown: list[tuple[str, str]] = []  # (fact id, text shown)
        self._fact: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "meta", "link", "hr", "input"):
            return
        fid = dict(attrs).get("data-fact")
        if (dict(attrs).get("class") or "") in LABEL_CLASSES:
            tag = "label:" + tag
        self.stack.append((tag, fid is not None))
        if fid is not None:
            self._fact.append([fid, ""])

    def handle_endtag(self, tag):
        while self.stack:
            name, is_fact = self.stack.pop()
            if is_fact:
                fid, text = self._fact.pop()
                self.shown.append((fid, text))
            if name.removeprefix("label:") == tag:
                break

    def handle_data(self, data):
        if any(is_fact for _, is_fact in self.stack):
            self._fact[-1][1] += data
            return
        tags = {t for t, _ in self.stack}
        if tags & {"style", "script"}:
            return
        if any(t.startswith("label:") for t in tags):
            data = re.sub(r"^\d{1,2}[．.、]$", "", data.strip())
        if tags & HEADING_TAGS:
            data = HEADING_LABEL.sub("", data)
        self.loose += [f"{m.group()} in …{data[max(0, m.start() - 20):m.end() + 20]}…" for m in NUMBER.finditer(data)]


def cell_output_text(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        parts += [data.get("text/html", ""), data.get("text/plain", ""), output.get("text", "")]
    return "".join(p if isinstance(p, str) else "".join(p) for p in parts)


@pytest.mark.parametrize("locality, as_of", LOCALITIES.items())
def test_every_number_is_a_traceable_fact(built, locality, as_of):
    folder = built / "reports" / locality / as_of
    page = (folder / "review.html").read_text(encoding="utf-8")
    body = page[page.index("<body"):]
    audit = NumberAudit()
    audit.feed(body)
    assert audit.loose == [], f"numbers outside data-fact elements: {audit.loose[:10]}"
    assert len(audit.shown) > 50
    facts = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))["facts"]
    notebooks: dict[str, dict[str, dict]] = {}
    for fid, shown in audit.shown:
        fact = facts[fid]
        assert shown == fact["text"], fid
        cells = notebooks.setdefault(fact["notebook"], {
            c["id"]: c for c in json.loads((built / fact["notebook"]).read_text(encoding="utf-8"))["cells"]})
        assert fact["cell_id"] in cells, f"{fid}: no cell {fact['cell_id']} in {fact['notebook']}"
        assert fact["text"] in cell_output_text(cells[fact["cell_id"]]), f"{fid}: cell does not show {fact['text']!r}"
    links = re.findall(r'data-fact="([^"]+)"><a href="([^"]+)"', body)
    assert len(links) == len(audit.shown)
    for fid, href in links:
        target, anchor = href.split("#")
        assert (folder / target).exists(), href
        assert f'id="{anchor}"' in (folder / target).read_text(encoding="utf-8") or anchor == "cell-id=" + facts[fid]["cell_id"]


@pytest.mark.parametrize("locality, as_of", LOCALITIES.items())
def test_review_is_self_contained(built, locality, as_of):
    page = (built / "reports" / locality / as_of / "review.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page), "the page loads something from the network"
    assert "@import" not in page and "mathjax" not in page.lower() and "require.js" not in page


def test_no_script_is_loaded_from_elsewhere(built):
    page = (built / "reports/yuecheng/2023H1/review.html").read_text(encoding="utf-8")
    sources = re.findall(r"<script[^>]*\ssrc=[\"']?([^\"' >]+)", page)
    assert all(src.startswith("data:") for src in sources), sources  # Quarto's own scripts, embedded


def test_review_html_is_deterministic(built, tmp_path):
    """A second clean run writes the same review, except its generated-at line."""
    page = built / "reports/yuecheng/2023H1/review.html"
    first = page.read_text(encoding="utf-8")
    run(["dvc", "repro", "--force", "review@yuecheng"], built)
    second = page.read_text(encoding="utf-8")
    generated = re.compile(r"""<p class=["']generated["']>.*?</p>""")
    assert len(generated.findall(first)) == 1
    assert generated.sub("", first) == generated.sub("", second)


def test_review_cells_are_labelled_for_quarto(built):
    sections = render.sections(built / "reports/yuecheng/2023H1/notebooks/04_review.ipynb")
    assert sections[0].label == "sec-title" and len(sections) >= 5
    assert all(s.label.startswith("sec-") and s.html.strip() for s in sections)




def audit(page: str) -> NumberAudit:
    found = NumberAudit()
    found.feed(page[page.index("<body"):])
    return found


def headings(page: str) -> list[str]:
    """The document's headings (those inside scripts are templates of Quarto's own pop-ups)."""
    page = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", page, re.S)]


@pytest.mark.parametrize("locality, as_of", LOCALITIES.items())
def test_reviews_are_rendered_by_quarto(built, locality, as_of, capsys):
    need_quarto()
    page = (built / "reports" / locality / as_of / "review.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="quarto-' in page, "renderer: auto did not use the installed Quarto"
    assert page.count("<h1") == 1 and "title-block-header" not in page  # one title: the review's own
    lines = [line for line in (built / "repro.log").read_text(encoding="utf-8").splitlines()
             if f"[render@{locality}]" in line]
    with capsys.disabled():  # CI's log shows the Quarto renders
        print("\n" + "\n".join(lines))
    assert any(f"[render@{locality}] quarto 1." in line for line in lines)


@pytest.mark.parametrize("locality, as_of", LOCALITIES.items())
def test_quarto_and_nbconvert_reviews_agree(built, locality, as_of):
    """The same facts (ids and texts, in order) and the same headings, whichever renderer made the page."""
    need_quarto()
    folder = built / "reports" / locality / as_of
    other = folder / "review.nbconvert.html"
    done = run(["python", "-m", "helpers.pipeline", "render", locality, "--renderer", "nbconvert",
                "--output", str(other)], built)
    print(done.stdout)
    ours, theirs = (folder / "review.html").read_text(encoding="utf-8"), other.read_text(encoding="utf-8")
    assert '<meta name="generator" content="quarto-' in ours and 'content="quarto-' not in theirs
    facts_quarto, facts_nbconvert = audit(ours).shown, audit(theirs).shown
    assert len(facts_quarto) > 50
    assert facts_quarto == facts_nbconvert
    assert headings(ours) == headings(theirs) and len(headings(ours)) >= 3
    assert "<script" not in theirs.split("<body", 1)[1].lower()
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", theirs)


@pytest.mark.parametrize("locality, as_of", LOCALITIES.items())
def test_word_file_is_an_official_document(built, locality, as_of):
    """A4, one title, no hyperlinks, bordered tables that fit their pages, the official fonts."""
    path = built / "reports" / locality / as_of / "review.docx"
    assert docx.hyperlinks(path) == []
    from zipfile import ZipFile

    with ZipFile(path) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    ns = {"w": docx.W}
    body = document.find("w:body", ns)
    final = body.find("w:sectPr", ns)
    size = final.find("w:pgSz", ns)
    assert (size.get(f"{{{docx.W}}}w"), size.get(f"{{{docx.W}}}h")) == ("11906", "16838")
    paragraph_styles = [s.get(f"{{{docx.W}}}val") for s in document.iter(f"{{{docx.W}}}pStyle")]
    assert paragraph_styles.count("Heading1") == 1 and "Title" not in paragraph_styles
    borders = styles.find("w:style[@w:styleId='Table']/w:tblPr/w:tblBorders", ns)
    assert len([b for b in borders if b.get(f"{{{docx.W}}}val") == "single"]) == 6
    normal = styles.find("w:style[@w:styleId='Normal']/w:rPr/w:rFonts", ns)
    assert normal.get(f"{{{docx.W}}}eastAsia") == "仿宋_GB2312"
    # each table: the bordered style, within the text width of its section (a section's sectPr ends it),
    # no column under three characters
    pending, placed = [], []
    for node in body:
        if node.tag == f"{{{docx.W}}}tbl":
            pending.append(node)
        ends = node.find("w:pPr/w:sectPr", ns) if node.tag == f"{{{docx.W}}}p" else None
        if ends is not None:
            placed += [(t, ends) for t in pending]
            pending = []
    placed += [(t, final) for t in pending]
    assert placed
    for table, section in placed:
        assert table.find("w:tblPr/w:tblStyle", ns).get(f"{{{docx.W}}}val") == "Table"
        cols = [int(c.get(f"{{{docx.W}}}w")) / docx.TWIPS_PER_MM for c in table.iter(f"{{{docx.W}}}gridCol")]
        assert sum(cols) <= docx.text_width_mm(section) + 1
        assert min(cols) >= 12


@pytest.mark.parametrize("locality, as_of", LOCALITIES.items())
def test_word_pages_in_libreoffice(built, locality, as_of, tmp_path):
    """The Word file through LibreOffice → PDF → PNG pages, saved to be looked at; every page A4."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not (soffice and pdftoppm):
        pytest.skip("LibreOffice (Debian libreoffice-writer) and pdftoppm (poppler-utils) are needed to see the pages")
    path = built / "reports" / locality / as_of / "review.docx"
    fonts = {"FONTCONFIG_FILE": str(Path(__file__).parent / "fonts" / "fonts.conf")}  # official faces → Noto CJK
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300,
                   env={**os.environ, **fonts})
    pdf = tmp_path / "review.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True).stdout
    sizes = re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert len(sizes) >= 3
    assert all(sorted((round(float(w)), round(float(h)))) == [595, 842] for w, h in sizes), "pages not A4"
    shots = REPO / "reports" / locality / as_of / "screenshots"
    shutil.rmtree(shots / "word", ignore_errors=True)
    (shots / "word").mkdir(parents=True)
    subprocess.run([pdftoppm, "-r", "60", "-png", str(pdf), str(shots / "word" / "page")], check=True, timeout=300)
    pages = sorted((shots / "word").glob("page-*.png"))
    assert len(pages) == len(sizes) and all(p.stat().st_size > 5000 for p in pages)


def test_docx_has_the_tables(built):
    from zipfile import ZipFile

    with ZipFile(built / "reports/yuecheng/2023H1/review.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert document.count("<w:tbl>") >= 3
    assert "全区生产总值" in document and "主要指标完成情况一览表" in document


@pytest.mark.browser
@pytest.mark.parametrize("locality, as_of", LOCALITIES.items())
def test_review_in_headless_chromium(built, locality, as_of, tmp_path):
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                "--window-size=1200,1600", f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.get("about:blank")
        driver.get_log("performance")  # the browser's own start-up requests (chrome://) are not the page's
        page = built / "reports" / locality / as_of / "review.html"
        driver.get(page.as_uri())
        tables = driver.find_elements("css selector", "table")
        images = driver.find_elements("css selector", "figure img")
        assert len(driver.find_elements("css selector", "h1")) == 1
        assert tables
        if locality == "yuecheng":
            assert len(tables) >= 3 and len(images) >= 5
            assert len(driver.find_elements("css selector", "[data-fact] a[href*='#cell-id=']")) > 500
        assert all(driver.execute_script("return arguments[0].naturalWidth", img) > 0 for img in images)
        # figures and the page fit the text column: nothing sticks out to the right
        overflow = driver.execute_script(
            "const main = document.querySelector('main') || document.body;"
            "const right = main.getBoundingClientRect().right + 1;"
            "return Array.from(document.querySelectorAll('figure img')).filter("
            "  i => i.getBoundingClientRect().right > right).length;")
        assert overflow == 0
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        assert errors == [], errors
        requests = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
        urls = {m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"}
        assert all(u.startswith(("file:", "data:")) for u in urls), urls
        shots = REPO / "reports" / locality / as_of / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(shots / "review.png"))
        assert (shots / "review.png").stat().st_size > 10000
        if tables:
            driver.execute_script("arguments[0].scrollIntoView()", tables[0])
            driver.save_screenshot(str(shots / "review-table.png"))
        if locality == "yuecheng":  # where earlier runs kept it
            (REPO / "reports" / "screenshots").mkdir(parents=True, exist_ok=True)
            shutil.copy(shots / "review.png", REPO / "reports" / "screenshots" / "review-yuecheng.png")
    finally:
        driver.quit()


STRUCTURE = {  # the parts of seed 004's structure each review must show, by plan kind
    "yuecheng": ["中期评估报告", "一、主要指标完成情况", "二、重点任务实施情况评价", "（八）奋力提升基层治理首位度",
                 "三、总体评价和调整建议", "（一）总体评价", "（二）指标调整建议", "四、推进规划实施的对策举措", "五、保障措施",
                 "附件一 数据质量说明", "附件二 评估方法", "附件三 数据来源"],
    "shaoxing-13th": ["终期评估报告", "一、主要指标完成情况", "三、总体评价和调整建议", "五、保障措施", "附件二 评估方法"],
    "shaoxing": ["主要指标概览", "隐含年均增速"],
    "china-14th": ["中期评估报告", "一、主要指标完成情况", "（五）安全保障指标", "三、总体评价和调整建议",
                   "本次评价与原评估结论不一致的指标及原因", "附件二 评估方法"],
    "china-2025": ["计划执行情况", "一、主要指标完成情况", "附件二 评估方法"],
    "hubei-13th": ["中期评估报告", "一、主要指标完成情况", "三、总体评价和调整建议", "附件三 数据来源"],
    "wenzhou-2015": ["计划执行情况", "一、主要指标完成情况", "三、总体评价和调整建议", "附件一 数据质量说明"],
    "wenzhou-2024h1": ["计划执行情况", "评估时点 2024年上半年", "一、主要指标完成情况", "三、总体评价和调整建议", "附件二 评估方法",
                       "序时进度（年内累计增速）"],
}


@pytest.mark.parametrize("locality, as_of", LOCALITIES.items())
def test_review_has_the_structure_and_none_of_the_banned_phrases(built, locality, as_of):
    from tests.unit.test_review import banned_in

    page = (built / "reports" / locality / as_of / "review.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page[page.index("<body"):])
    positions = [text.find(part) for part in STRUCTURE[locality]]
    assert -1 not in positions, [p for p, i in zip(STRUCTURE[locality], positions) if i < 0]
    assert positions == sorted(positions)
    assert banned_in(text) == []
    if locality == "shaoxing":
        assert "中期评估报告" not in text
