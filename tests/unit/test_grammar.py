"""Every distinct text form found in the two seed documents, and the forms that must be refused."""

import pytest

from helpers.plan.grammar import ParseError, normalise_unit, parse_text

# (verbatim text, kind, number, comparator, qualifier, is_estimate)
FORMS = [
    ("1005.3", "number", 1005.3, None, None, False),
    ("1.60", "number", 1.6, None, None, False),
    ("0.0104", "number", 0.0104, None, None, False),
    ("1500以上", "number", 1500, "≥", "以上", False),
    ("10 以上", "number", 10, "≥", "以上", False),
    ("32 以上", "number", 32, "≥", "以上", False),
    ("＞65", "number", 65, ">", None, False),
    ("＞90", "number", 90, ">", None, False),
    ("＜28", "number", 28, "<", None, False),
    ("＜35", "number", 35, "<", None, False),
    ("＜0.01", "number", 0.01, "<", None, False),
    ("≥92", "number", 92, "≥", None, False),
    ("5左右", "number", 5, "≈", "左右", False),
    ("11.6 左右", "number", 11.6, "≈", "左右", False),
    ("138000 左右", "number", 138000, "≈", "左右", False),
    ("7.5%左右", "number", 7.5, "≈", "左右", False),
    ("1.6以内", "number", 1.6, "≤", "以内", False),
    ("83000（预计）", "number", 83000, None, "预计", True),
    ("3.1（预计）", "number", 3.1, None, "预计", True),
    ("37.5（预计）", "number", 37.5, None, "预计", True),
    ("8.8%", "number", 8.8, None, None, False),
    ("下降7.3%", "change", -7.3, None, "下降", False),  # a change, signed (was kind number)
    ("高于7%", "number", 7, ">", "高于", False),
    ("[5]", "cumulative", 5, None, "累计", False),
    ("[53]", "cumulative", 53, None, "累计", False),
    ("[91.8]", "cumulative", 91.8, None, "累计", False),
    ("年均增长7%", "growth", 7, None, "年均增长", False),
    ("年均增长 7.4%", "growth", 7.4, None, "年均增长", False),
]


@pytest.mark.parametrize("text, kind, number, comparator, qualifier, is_estimate", FORMS)
def test_value_forms(text, kind, number, comparator, qualifier, is_estimate):
    p = parse_text(text)
    assert (p.kind, p.comparator, p.qualifier, p.is_estimate) == (kind, comparator, qualifier, is_estimate)
    assert p.number == pytest.approx(number)
    assert p.text == text  # the verbatim text is kept


def test_remark_in_parentheses_is_kept():
    p = parse_text("82.37（由市级测算）")
    assert (p.number, p.remark, p.is_estimate) == (82.37, "由市级测算", False)


def test_percent_flag():
    assert parse_text("26.12").is_percent is False
    assert parse_text("8.8%").is_percent is True


@pytest.mark.parametrize(
    "text, status, cls",
    [
        ("未出", "未出", "missing"),
        ("未统计", "未统计", "missing"),
        ("—", "—", "missing"),
        ("/", "/", "missing"),
        ("由市级测算未发布", "由市级测算未发布", "missing"),
        ("由市级测\n算未发布", "由市级测算未发布", "missing"),
        ("完成省市下达指标", "完成省市下达指标", "met"),
        ("完成省市\n下达指标", "完成省市下达指标", "met"),
        ("完成省下达指标", "完成省下达指标", "met"),
        ("省下达指标", "省下达指标", "met"),
        ("指标调整为城镇调查失业率", "指标调整为城镇调查失业率", "adjusted"),
    ],
)
def test_status_words(text, status, cls):
    p = parse_text(text)
    assert (p.kind, p.status, p.status_class, p.number) == ("status", status, cls, None)


@pytest.mark.parametrize("text", ["与经济增长基本同步", "快于经济增长", "与经济增长基本\n同步"])
def test_relational(text):
    p = parse_text(text)
    assert p.kind == "relational" and p.status_class == "relational"


@pytest.mark.parametrize("text", ["", "  ", None])
def test_empty(text):
    assert parse_text(text).kind == "empty"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("１５００", "full-width digits"),
        ("1,500", "thousands separator"),
        ("约1500亿元左右以上", "not a number"),
        ("abc", "not a number"),
        ("12.3.4", "not a number"),
        ("＜5以上", "two comparators"),
    ],
)
def test_unknown_forms_raise_naming_the_text(text, problem):
    with pytest.raises(ParseError) as err:
        parse_text(text)
    assert problem in str(err.value)
    assert repr(text) in str(err.value)


@pytest.mark.parametrize("unit, expected", [("µg/m3", "µg/m³"), ("μg/m³", "µg/m³"), ("亿元", "亿元"), ("％", "%")])
def test_units(unit, expected):
    assert normalise_unit(unit) == expected


def test_every_text_in_the_shipped_raw_data_parses():
    """The transcribed seeds hold no form the parser does not know."""
    import csv
    from pathlib import Path

    raw = Path(__file__).resolve().parents[2] / "data" / "raw"
    columns = {"indicators.csv": ("baseline", "target"), "observations.csv": ("value", "yoy_growth")}
    seen = 0
    for name, cols in columns.items():
        for path in raw.glob(f"*/{name}"):
            for row in csv.DictReader(path.open(encoding="utf-8")):
                for col in cols:
                    parse_text(row[col])
                    seen += 1
    assert seen > 300
