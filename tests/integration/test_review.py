"""The rendered reviews: every number traceable, self-contained, deterministic, and shown in a browser."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.report.render import REVIEW_CELLS

from .conftest import REPO, run

pytestmark = pytest.mark.integration
LOCALITIES = {"yuecheng": "2023H1", "shaoxing": "2020", "shaoxing-13th": "2020"}
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


def test_no_script_in_the_review(built):
    page = (built / "reports/yuecheng/2023H1/review.html").read_text(encoding="utf-8")
    assert "<script" not in page.split("<body", 1)[1].lower()


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
    notebook = json.loads((built / "reports/yuecheng/2023H1/notebooks/04_review.ipynb").read_text(encoding="utf-8"))
    labels = {m.group(1) for c in notebook["cells"] for m in [re.search(r"#\|\s*label:\s*(\S+)", "".join(c["source"]))] if m}
    assert set(REVIEW_CELLS) <= labels


def test_docx_has_the_tables(built):
    from zipfile import ZipFile

    with ZipFile(built / "reports/yuecheng/2023H1/review.docx") as docx:
        document = docx.read("word/document.xml").decode("utf-8")
    assert document.count("<w:tbl>") >= 3
    assert "全区生产总值" in document and "主要指标完成情况一览表" in document


@pytest.mark.browser
def test_review_in_headless_chromium(built):
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.skip("Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--window-size=1200,1600"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        page = built / "reports/yuecheng/2023H1/review.html"
        driver.get(page.as_uri())
        tables = driver.find_elements("css selector", "table")
        images = driver.find_elements("css selector", "figure img")
        assert len(tables) >= 3 and len(images) >= 5
        assert all(driver.execute_script("return arguments[0].naturalWidth", img) > 0 for img in images)
        assert len(driver.find_elements("css selector", "[data-fact] a[href*='#cell-id=']")) > 500
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
        assert errors == [], errors
        requests = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
        urls = {m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"}
        assert all(u.startswith(("file:", "data:")) for u in urls), urls
        shots = REPO / "reports" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(shots / "review-yuecheng.png"))
        assert (shots / "review-yuecheng.png").stat().st_size > 10000
    finally:
        driver.quit()


STRUCTURE = {  # the parts of seed 004's structure each review must show, by plan kind
    "yuecheng": ["中期评估报告", "一、主要指标完成情况", "二、重点任务实施情况评价", "（八）奋力提升基层治理首位度",
                 "三、总体评价和调整建议", "（一）总体评价", "（二）指标调整建议", "四、推进规划实施的对策举措", "五、保障措施",
                 "附件一 数据质量说明", "附件二 评估方法", "附件三 数据来源"],
    "shaoxing-13th": ["终期评估报告", "一、主要指标完成情况", "三、总体评价和调整建议", "五、保障措施", "附件二 评估方法"],
    "shaoxing": ["主要指标概览", "隐含年均增速"],
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
