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
    ("下降7.3%", "change", 7.3, None, "下降", False),  # a change: the number as printed, the word gives the sign
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


# --- the grammar of plan tables (issue 10) ----------------------------------------------------------

import math  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from helpers.plan import vocab  # noqa: E402
from helpers.plan.grammar import change_sign  # noqa: E402

FORM_FIELDS = ("kind", "number", "comparator", "unit", "change_basis", "base_year", "reference", "note", "is_estimate",
               "status_class", "real")
SHOWN_FORMS = vocab.load("forms")["forms"]


@pytest.mark.parametrize("form", SHOWN_FORMS, ids=[f"form{i}" for i in range(len(SHOWN_FORMS))])
def test_every_documented_form_reads_as_documented(form):
    """vocab/forms.yaml is the table data/raw/README.md shows: each row must read exactly so."""
    p = parse_text(form["text"])
    for field in FORM_FIELDS:
        if field in form:
            assert getattr(p, field) == form[field], (form["text"], field, p)


@pytest.mark.parametrize(
    "text, kind, number, note",
    [
        ("60.6*", "number", 60.6, "*"),  # a footnote mark
        ("〔13.5〕", "cumulative", 13.5, ""),  # the State Council's brackets
        ("【5】", "cumulative", 5, ""),
        ("［5］", "cumulative", 5, ""),
        ("高于GDP增长", "relational", None, ""),
        ("与GDP增长基本同步", "relational", None, ""),
        ("＞7、力争投入强度高于“十三五”时期实际", "number", 7, "力争投入强度高于“十三五”时期实际"),
        ("保持在合理区间、各年度视情提出", "qualitative", None, ""),
    ],
)
def test_national_table_texts_that_stopped_the_pipeline(text, kind, number, note):
    p = parse_text(text)
    assert (p.kind, p.number, p.note) == (kind, number, note)


def test_relational_texts_name_what_they_compare_with():
    assert parse_text("高于GDP增长").reference == "GDP增长"
    p = parse_text("与GDP增长基本同步")
    assert (p.reference, p.comparator, p.qualifier) == ("GDP增长", "≈", "基本同步")
    assert parse_text("快于经济增长").comparator == ">"


@pytest.mark.parametrize(
    "text, number, sign, basis, base_year, unit",
    [
        ("下降20%", 20, -1, "relative", None, "%"),
        ("较2015年下降16.7%", 16.7, -1, "relative", 2015, "%"),
        ("提高1个百分点", 1, 1, "absolute", None, "个百分点"),
        ("提高1岁", 1, 1, "absolute", None, "岁"),
        ("累计下降13.5%", 13.5, -1, "relative", None, "%"),
        ("减少85万人", 85, -1, "absolute", None, "万人"),
    ],
)
def test_changes_keep_their_word_and_never_read_as_a_negative_level(text, number, sign, basis, base_year, unit):
    p = parse_text(text)
    assert (p.kind, p.number, change_sign(p), p.change_basis, p.base_year, p.unit) == (
        "change", number, sign, basis, base_year, unit)


@pytest.mark.parametrize(
    "text, number, comparator, sign",
    [("年均增长7%", 7, None, 1), ("年均下降3%", 3, None, -1), ("年均增长7%以上", 7, "≥", 1),
     ("年均增长不低于7%", 7, "≥", 1)],
)
def test_yearly_growth(text, number, comparator, sign):
    p = parse_text(text)
    assert (p.kind, p.number, p.comparator, change_sign(p), p.unit) == ("growth", number, comparator, sign, "%")


@pytest.mark.parametrize(
    "text, number, comparator, unit",
    [("39.6万套", 39.6, None, "万套"), ("21787元", 21787, None, "元"), ("＞65", 65, ">", ""), ("≧92", 92, "≥", ""),
     ("不少于7%", 7, "≥", "%"), ("超100亿元", 100, ">", "亿元"), ("超过5万人", 5, ">", "万人"),
     ("控制在3.5%以内", 3.5, "≤", "%"), ("低于5.5%", 5.5, "<", "%"), ("不高于3%", 3, "≤", "%"),
     ("12.4‰", 12.4, None, "‰"), ("1500（以下）", 1500, "≤", ""), ("1500(以上)", 1500, "≥", "")],
)
def test_numbers_with_comparators_and_units(text, number, comparator, unit):
    p = parse_text(text)
    assert (p.kind, p.number, p.comparator, p.unit) == ("number", number, comparator, unit)


@pytest.mark.parametrize(
    "text, kind, number, comparator, is_estimate, status_class",
    [
        ("7%左右", "number", 7, "≈", False, None),
        ("达到50%", "number", 50, "≥", False, None),
        ("保持全国份额基本稳定", "qualitative", None, None, False, "qualitative"),
        ("预计7.3 %左右", "number", 7.3, "≈", True, None),
        ("预计-3%左右", "number", -3, "≈", True, None),
        ("预计占比12.4‰", "number", 12.4, None, True, None),
        ("预计可以完成", "status", None, None, True, "met"),
        ("预计较难完成", "status", None, None, True, "not_met"),
        ("83000（预计）", "number", 83000, None, True, None),
    ],
)
def test_annual_plan_execution_table(text, kind, number, comparator, is_estimate, status_class):
    p = parse_text(text)
    assert (p.kind, p.number, p.comparator, p.is_estimate, p.status_class) == (
        kind, number, comparator, is_estimate, status_class)


def test_expected_to_fall_short_is_never_met():
    assert parse_text("预计较难完成").status_class == "not_met"
    assert parse_text("较难完成").status_class == "not_met"


@pytest.mark.parametrize("text", ["完成省市下达指标", "完成国家下达指标", "完成省下达的目标任务"])
def test_targets_set_by_a_higher_level_are_met_status(text):
    assert parse_text(text).status_class == "met"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("9" * 309, "309 digits"),  # used to become inf
        ("1" * 400 + ".5", "400 digits"),
        ("1271 4", "space inside a number"),  # used to become 12714
        ("1271\u30004", "space inside a number"),
        ("٣٤", "non-ASCII digit"),  # Arabic-Indic: used to be accepted while full-width was refused
        ("۳۴", "non-ASCII digit"),  # extended Arabic-Indic
        ("४१", "non-ASCII digit"),  # Devanagari
        ("１５００", "full-width digits"),
        ("约一千二百亿", "Chinese numerals"),
        ("提高一个百分点", "Chinese numerals"),
        ("6000、7000", "two figures"),
        ("1191.5\x00", "control character"),
        ("较2015年16.7%", "without a change word"),
    ],
)
def test_silent_numbers_are_errors(text, problem):
    with pytest.raises(ParseError) as err:
        parse_text(text)
    assert problem in str(err.value)


def test_an_unreadable_text_is_told_the_nearest_accepted_form():
    with pytest.raises(ParseError) as err:
        parse_text("约1500亿元左右以上")
    assert err.value.suggestion and "nearest accepted form" in str(err.value)
    documented = {str(f["text"]) for f in SHOWN_FORMS}
    assert err.value.suggestion in documented


def test_a_long_text_is_shortened_in_the_message():
    with pytest.raises(ParseError) as err:
        parse_text("9" * 5000)
    assert len(str(err.value)) < 400


# --- properties -------------------------------------------------------------------------------------

ALPHABET = st.sampled_from(list("0123456789.%+-—,、；（）()[]〔〕【】＞＜≥≤<>=~*①注 \t\n") + list(
    "以上下内左右预计累计年均增长下降提高个百分点万亿元套岁高于快于与同步基本保持稳定完成省市达指标较比到至余多超过不低于"))


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=30), st.text(alphabet=ALPHABET, max_size=20)))
def test_no_text_crashes_with_anything_but_parse_error(text):
    try:
        p = parse_text(text)
    except ParseError:
        return
    assert p.text == text
    if p.number is not None:
        assert math.isfinite(p.number)
    assert p.kind in ("number", "status", "cumulative", "growth", "change", "relational", "qualitative", "empty")


_CMP = vocab.load("comparators")
_UNIT_VOCAB = vocab.load("units")
PREFIXES = sorted(_CMP["prefix"].items())
SUFFIXES = sorted(_CMP["suffix"].items())
UNITS = ["", *_UNIT_VOCAB["special"], *_UNIT_VOCAB["base"],
         *(s + b for s in _UNIT_VOCAB["scale"] for b in ("元", "人", "套", "吨", "斤"))]


@settings(max_examples=500, deadline=None)
@given(
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    st.one_of(st.none(), st.sampled_from(PREFIXES).map(lambda kv: ("pre", *kv)),
              st.sampled_from(SUFFIXES).map(lambda kv: ("suf", *kv))),
    st.sampled_from(UNITS),
)
def test_a_number_with_any_accepted_comparator_and_unit_round_trips(number, comparator, unit):
    """Every comparator word and unit of the vocabularies, before or after any number, reads back."""
    from helpers.plan.grammar import normalise_unit

    digits = format(number, "f")
    if comparator is None:
        text, expected = f"{digits}{unit}", None
    elif comparator[0] == "pre":
        text, expected = f"{comparator[1]}{digits}{unit}", comparator[2]
    else:
        text, expected = f"{digits}{unit}{comparator[1]}", comparator[2]
    p = parse_text(text)
    assert p.kind == "number", text
    assert p.number == pytest.approx(float(number)), text
    assert p.comparator == expected, text
    assert normalise_unit(p.unit) == normalise_unit(unit), text


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["下降", "降低", "提高", "增长", "减少"]), st.sampled_from(["%", "个百分点"]))
def test_a_change_round_trips_with_its_sign_in_the_word(number, word, unit):
    p = parse_text(f"{word}{number}{unit}")
    assert (p.kind, p.number, p.unit) == ("change", pytest.approx(float(number)), unit)
    assert change_sign(p) == (-1 if word in ("下降", "降低", "减少") else 1)
    assert p.change_basis == ("relative" if unit == "%" else "absolute")


# --- judgements --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "wording, key",
    [("提前完成", "ahead"), ("提前实现", "ahead"), ("已达期末目标", "ahead"), ("快于预期", "faster"),
     ("超过进度要求", "faster"), ("达到进度要求", "on_schedule"), ("基本符合预期", "basically_on_schedule"),
     ("符合预期", "on_schedule"), ("滞后于进度", "behind"), ("相对滞后", "behind"), ("滞后", "behind"),
     ("难以完成", "hard"), ("完成", "completed"), ("基本完成", "basically_completed"), ("未完成", "not_completed"),
     ("预计可以完成", "expected_complete"), ("预计较难完成", "hard"), ("无法评价", "not_evaluated"),
     ("指标调整", "adjusted"), (" 已达期末\n目标 ", "ahead")],
)
def test_published_judgement_wordings_have_a_class(wording, key):
    cls = vocab.judgement_class(wording)
    assert cls is not None and cls.key == key


def test_forecast_wordings_are_marked_and_unknown_ones_are_none():
    assert vocab.judgement_class("预计较难完成").is_estimate
    assert vocab.judgement_class("预计可以完成").is_estimate
    assert not vocab.judgement_class("完成").is_estimate
    assert vocab.judgement_class("成效显著") is None  # unknown: the caller warns, never 无法评价
    assert vocab.judgement_class("") is None


def test_every_judgement_class_has_a_label_on_the_review_scale():
    labels = {c["label"] for c in vocab.load("judgements")["classes"].values()}
    assert {"提前完成", "快于预期", "基本符合预期", "滞后于进度", "难以完成", "无法评价", "指标调整", "完成", "基本完成",
            "未完成"} <= labels


def test_the_raw_data_readme_shows_every_documented_form():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "data" / "raw" / "README.md").read_text(encoding="utf-8")
    for form in SHOWN_FORMS:
        if form["text"]:
            assert f"`{form['text']}`" in readme, form["text"]


@pytest.mark.parametrize("text_unit, unit, factor", [
    ("万亿元", "亿元", 10000.0), ("亿元", "亿元", 1.0), ("元", "万元", 1e-4), ("亿人", "万人", 10000.0),
    ("万亿斤", "万吨", None), ("亿元", "万人", None), ("%", "个百分点", None),
])
def test_scale_factor_converts_scales_of_one_unit_only(text_unit, unit, factor):
    from helpers.plan.grammar import scale_factor

    assert scale_factor(text_unit, unit) == (pytest.approx(factor) if factor else None)
