"""The 自评报告 (writers/docx.py): read back, never compared on bytes.

* Round trip: each demo document (and each seed, where ../shared/seeds exists) is extracted,
  scored and written in its rule set's outline; the report is read by our .docx reader and
  parsed by the genre parsers, and must give back the money rows, indicator rows, stated total
  and grade (locations excluded) — our writers and readers keep each other honest.
* Outlines: chapters 一、二、三 … strictly increasing, never a repeated number (seed 003 has
  two chapters 三); the Gansu outline has eight chapters.
* Fonts: every run names an official East-Asian font; the styles do too; A4, official margins.
* Findings never appear in the report; missing data gives "（未填报）" and a warning.
* Golden: paragraphs (style and text) and table cells of one report per outline.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import fields, replace
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from jixiao.checks.engine import run_checks
from jixiao.checks.registry import ALL_CHECKS
from jixiao.genres import parse
from jixiao.model.blocks import Source
from jixiao.model.evaluation import DocType, Evaluation
from jixiao.model.scorecard import ScoreCard
from jixiao.readers.registry import read
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from jixiao.services.demo import demo_paths
from jixiao.writers import docx_model, docx_tables
from jixiao.writers.base import MISSING, WriteError
from jixiao.writers.docx import write_report
from jixiao.writers.docx_fonts import OFFICIAL_FONTS
from tests.goldens import check_golden
from tests.seeds import seed_path

GOLDEN = Path(__file__).parent / "golden" / "docx"
DEMOS = {p.name.split("-")[0]: p for p in demo_paths()}
# (document, rule set, outline, doc_type read back)
DEMO_CASES = (
    ("qingcheng", "gansu-2024", "R17-gansu", DocType.DEPT_SELF_EVAL_REPORT),
    ("jingxing", "hebei-2019", "R17-hebei", DocType.DEPT_SELF_EVAL_REPORT),
    ("shijiazhuang", "hebei-2019", "R17-hebei", DocType.DEPT_SELF_EVAL_REPORT),
    ("luquan", "hebei-2019", "R17-hebei", DocType.DEPT_SELF_EVAL_REPORT),
    ("minzheng", "national-2020", "R16", DocType.PROJECT_SELF_EVAL_TABLE),
    ("minzheng", "national-2020", "R15", DocType.PROJECT_SELF_EVAL_REPORT),
    ("qingcheng", "national-2020", "R15", DocType.DEPT_SELF_EVAL_REPORT),
    ("jingxing", "gansu-2024", "R17-gansu", DocType.DEPT_SELF_EVAL_REPORT),
)
SEED_CASES = (
    ("000", "hebei-2019", "R17-hebei"),
    ("001", "hebei-2019", "R17-hebei"),
    ("002", "hebei-2019", "R17-hebei"),
    ("003", "gansu-2024", "R17-gansu"),
)
OUTLINES = ("R15", "R16", "R17-hebei", "R17-gansu")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHAPTERS = {"R15": 7, "R16": 6, "R17-hebei": 6, "R17-gansu": 8}


# ---- helpers ----------------------------------------------------------------------------


def extract(data: bytes, name: str) -> Evaluation:
    blocks = read(Source(name, data))
    assert not hasattr(blocks, "reason"), blocks
    return parse(blocks)  # type: ignore[arg-type]


@cache
def demo(name: str) -> Evaluation:
    path = DEMOS[name]
    return extract(path.read_bytes(), path.name)


@cache
def card_of(name: str, ruleset: str) -> ScoreCard:
    return score(demo(name), catalog.get(ruleset))


def rows(items: tuple[Any, ...]) -> list[dict[str, Any]]:
    """A row's fields as read (derived fields and locations left out)."""
    return [
        {f.name: getattr(x, f.name) for f in fields(x) if f.init and f.name != "location"}
        for x in items
    ]


def assert_round_trip(ev: Evaluation, back: Evaluation) -> None:
    assert rows(back.funds) == rows(ev.funds)
    assert rows(back.indicators) == rows(ev.indicators)
    assert back.stated_total_score == ev.stated_total_score
    assert back.stated_grade == ev.stated_grade


def document(data: bytes) -> Any:
    return docx.Document(BytesIO(data))


def body_items(doc: Any) -> Iterator[Paragraph | Table]:
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            yield Paragraph(el, doc)
        elif el.tag == qn("w:tbl"):
            yield Table(el, doc)


def all_text(doc: Any) -> str:
    out: list[str] = []
    for item in body_items(doc):
        if isinstance(item, Paragraph):
            out.append(item.text)
        else:
            out += [cell.text for row in item.rows for cell in row.cells]
    return "\n".join(out)


def headings(doc: Any) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]


def chapter_numbers(titles: list[str]) -> list[int]:
    """The numbers of the chapters "一、…" (an unnumbered 附件 is left out)."""
    numbers = {docx_model.chinese_number(n): n for n in range(1, 30)}
    return [numbers[t.split("、")[0]] for t in titles if t.split("、")[0] in numbers]


def report(name: str, ruleset: str, outline: str, **kw: Any) -> bytes:
    return write_report(demo(name), card_of(name, ruleset), outline, **kw).data


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid PNG, written by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = zlib.compress(b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height)))
    head = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", head) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


# ---- round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "ruleset", "outline", "kind"), DEMO_CASES)
def test_round_trip_demo(name: str, ruleset: str, outline: str, kind: DocType) -> None:
    ev = demo(name)
    back = extract(report(name, ruleset, outline), "report.docx")
    assert back.doc_type is kind
    assert_round_trip(ev, back)


@pytest.mark.seeds
@pytest.mark.parametrize(("prefix", "ruleset", "outline"), SEED_CASES)
def test_round_trip_seed(prefix: str, ruleset: str, outline: str) -> None:
    path = seed_path(prefix)
    ev = extract(path.read_bytes(), path.name)
    written = write_report(ev, score(ev, catalog.get(ruleset)), outline)
    assert_round_trip(ev, extract(written.data, "report.docx"))


def test_recomputed_total_read_back_when_jixiao_scored() -> None:
    """A form without a stated total: the report states the computed one, and says so."""
    ev = replace(demo("minzheng"), stated_total_score=None)
    card = score(ev, catalog.get("national-2020"))
    written = write_report(ev, card, "R16")
    back = extract(written.data, "report.docx")
    assert card.total is not None
    assert back.stated_total_score == card.total
    assert "逐项计算得出" in all_text(document(written.data))


# ---- content --------------------------------------------------------------------------------


def test_stated_figures_stay_and_recomputed_stand_beside() -> None:
    text = all_text(document(report("qingcheng", "gansu-2024", "R17-gansu")))
    assert "绩效自评得分为86.82分，评价等级为“良”" in text
    assert "按规则（gansu-2024）复算为94.26分（优），与自评得分相差7.44分" in text


def test_agreeing_figures_are_said_to_agree() -> None:
    ev = demo("minzheng")
    card = card_of("minzheng", "national-2020")
    assert card.total is not None and card.grade is not None
    same = replace(ev, stated_total_score=card.total, stated_grade=card.grade.label)
    text = all_text(document(write_report(same, card, "R15").data))
    assert "总分与等级与自评结果一致" in text


@pytest.mark.parametrize(("name", "ruleset", "outline", "kind"), DEMO_CASES[:6])
def test_findings_never_in_report(name: str, ruleset: str, outline: str, kind: DocType) -> None:
    run = run_checks(demo(name), catalog.get(ruleset), ALL_CHECKS)
    assert run.findings, "the demo documents carry deliberate errors"
    text = all_text(document(report(name, ruleset, outline)))
    for finding in run.findings:
        assert finding.code not in text
        assert finding.message not in text


def test_problems_and_deviation_reasons_in_report() -> None:
    text = all_text(document(report("minzheng", "national-2020", "R16")))
    for ind in demo("minzheng").indicators:
        if ind.deviation_reason:
            assert ind.deviation_reason in text
    text = all_text(document(report("qingcheng", "gansu-2024", "R17-gansu")))
    for problem in demo("qingcheng").problems:
        assert problem in text


def test_indicator_rows_written_row_by_row() -> None:
    doc = document(report("minzheng", "national-2020", "R15"))
    text = all_text(doc)
    for ind in demo("minzheng").indicators:
        assert f"{ind.level3}（{ind.level1}／{ind.level2}），年度指标值{ind.target}" in text


def test_charts_embedded_where_the_outline_shows_them() -> None:
    charts = {"score_by_block": png(), "execution_by_month": png(6, 2)}
    doc = document(report("qingcheng", "gansu-2024", "R17-gansu", charts=charts))
    assert len(doc.inline_shapes) == 2
    captions = [p.text for p in doc.paragraphs if p.text.startswith("图")]
    assert captions == ["图1 预算执行进度", "图2 各评价维度得分"]
    assert "〔jixiao:" not in all_text(doc)
    unknown = document(report("minzheng", "national-2020", "R15", charts={"radar": png()}))
    assert len(unknown.inline_shapes) == 0


# ---- the 自评表 ------------------------------------------------------------------------------


def _form(doc: Any) -> Table:
    return next(t for t in doc.tables if any(c.text == "一级指标" for c in t._cells))


def test_form_has_merged_level_cells() -> None:
    doc = document(report("minzheng", "national-2020", "R16"))
    table = _form(doc)
    xml = table._tbl.xml
    assert 'w:vMerge w:val="restart"' in xml  # 产出指标 over five rows, 质量指标 over two
    texts = [c.text for c in table._cells]
    assert texts.count("产出指标") >= 5  # python-docx repeats a merged cell at each position


def test_form_keeps_the_documents_money_unit() -> None:
    doc = document(report("qingcheng", "gansu-2024", "R17-gansu"))
    texts = [c.text for c in _form(doc)._cells]
    assert "整体支出规模（元）" in texts
    assert "28308987.43" in texts  # 2830.898743 万元 written back in 元, as the seed wrote it


# ---- outlines and numbering ----------------------------------------------------------------


@pytest.mark.parametrize("outline", OUTLINES)
def test_chapters_strictly_increasing(outline: str) -> None:
    name, ruleset = (
        ("minzheng", "national-2020")
        if outline in ("R15", "R16")
        else (("qingcheng", "gansu-2024") if outline == "R17-gansu" else ("jingxing", "hebei-2019"))
    )
    numbers = chapter_numbers(headings(document(report(name, ruleset, outline))))
    assert numbers == list(range(1, CHAPTERS[outline] + 1))


def test_gansu_outline_renumbers_the_seeds_second_chapter_three() -> None:
    titles = headings(document(report("qingcheng", "gansu-2024", "R17-gansu")))
    assert titles[:8] == [
        "一、基本情况",
        "二、年度绩效目标",
        "三、绩效自评工作开展情况",
        "四、部门整体支出绩效自评情况分析",
        "五、部门预算项目支出绩效自评情况分析",
        "六、存在问题",
        "七、改进措施",
        "八、绩效自评结果拟应用和公开情况",
    ]
    assert titles[8:] == ["附件"]


def test_sub_chapters_restart_in_each_chapter() -> None:
    doc = document(report("jingxing", "hebei-2019", "R17-hebei"))
    per_chapter: dict[str, list[str]] = {}
    chapter = ""
    for p in doc.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name == "Heading 1":
            chapter = p.text
            per_chapter[chapter] = []
        elif name == "Heading 2":
            per_chapter[chapter].append(p.text.split("）")[0] + "）")
    numbered = {k: v for k, v in per_chapter.items() if v}
    assert len(numbered) == 4
    for subs in numbered.values():
        assert subs == [f"（{docx_model.chinese_number(n)}）" for n in range(1, len(subs) + 1)]


# ---- fonts and page -----------------------------------------------------------------------


def _runs(doc: Any) -> Iterator[Any]:
    for part in [doc.element.body] + [s.footer._element for s in doc.sections]:
        yield from part.iter(qn("w:r"))


@pytest.mark.parametrize("outline", OUTLINES)
def test_every_run_has_an_official_east_asian_font(outline: str) -> None:
    doc = document(report("qingcheng", "gansu-2024", outline, charts={"score_by_block": png()}))
    runs = list(_runs(doc))
    assert runs
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) in OFFICIAL_FONTS


def test_styles_name_official_fonts_and_the_page_is_a4() -> None:
    doc = document(report("minzheng", "national-2020", "R15"))
    expect = {
        "Normal": "仿宋_GB2312",
        "Title": "方正小标宋简体",
        "Heading 1": "黑体",
        "Heading 2": "楷体_GB2312",
    }
    for name, font in expect.items():
        rpr = doc.styles[name].element.rPr
        assert rpr.rFonts.get(qn("w:eastAsia")) == font
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    assert round(section.top_margin.cm, 1) == 3.7
    assert round(section.left_margin.cm, 1) == 2.8
    footer = section.footer._element.xml
    assert "PAGE" in footer  # page numbers
    # Chinese, not the python-docx default ja-JP: Simplified glyph forms and line breaking
    lang = doc.styles.element.find(
        f"{{{W_NS}}}docDefaults/{{{W_NS}}}rPrDefault/{{{W_NS}}}rPr/{{{W_NS}}}lang"
    )
    assert lang is not None and lang.get(qn("w:eastAsia")) == "zh-CN"
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    assert theme is not None and theme.get(qn("w:eastAsia")) == "zh-CN"


# ---- bad input ------------------------------------------------------------------------------


def _empty_card() -> ScoreCard:
    return score(Evaluation(), catalog.get("national-2020"))


@pytest.mark.parametrize("outline", OUTLINES)
def test_missing_fields_give_placeholders_and_warnings(outline: str) -> None:
    written = write_report(Evaluation(), _empty_card(), outline)
    assert written.suffix == ".docx"
    assert written.warnings
    assert all(MISSING in w for w in written.warnings)
    assert MISSING in all_text(document(written.data))
    extract(written.data, "empty.docx")  # still a readable document


def test_partly_filled_evaluation_names_what_is_missing() -> None:
    ev = replace(demo("minzheng"), department=None, fiscal_year=None, title_year=None)
    written = write_report(ev, card_of("minzheng", "national-2020"), "R15")
    joined = "\n".join(written.warnings)
    assert "实施单位未填报" in joined and "评价年度未填报" in joined


def test_unknown_outline_is_an_error() -> None:
    with pytest.raises(WriteError, match="R99"):
        write_report(demo("minzheng"), card_of("minzheng", "national-2020"), "R99")


def test_bad_template_is_an_error() -> None:
    with pytest.raises(WriteError):
        write_report(
            demo("minzheng"),
            card_of("minzheng", "national-2020"),
            "R15",
            template=b"not a word file",
        )


def test_bureau_template_gets_the_context_variables() -> None:
    tpl = docx.Document()
    for text in (
        "{{ title }}",
        "编报单位：{{ department }}（规则集 {{ ruleset }}）",
        "{%p for b in blocks %}",
        "{{ b.text }}",
        "{%p endfor %}",
    ):
        tpl.add_paragraph(text)
    buf = BytesIO()
    tpl.save(buf)
    written = write_report(
        demo("qingcheng"), card_of("qingcheng", "gansu-2024"), "R17-gansu", template=buf.getvalue()
    )
    doc = document(written.data)
    text = all_text(doc)
    assert "编报单位：庆城县自然资源局（规则集 gansu-2024）" in text
    assert len(doc.tables) == 2  # the score summary and the 自评表, in place of their markers
    for run in _runs(doc):
        assert run.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) in OFFICIAL_FONTS
    assert_round_trip(demo("qingcheng"), extract(written.data, "report.docx"))


# ---- golden and speed -----------------------------------------------------------------------


def content(data: bytes) -> dict[str, Any]:
    """What a reader sees: each paragraph's style and text, each table's cell texts."""
    doc = document(data)
    paragraphs: list[list[str]] = []
    tables: list[list[list[str]]] = []
    for item in body_items(doc):
        if isinstance(item, Paragraph):
            style = item.style.name if item.style is not None else ""
            paragraphs.append([style, item.text])
        else:
            paragraphs.append(["[table]", str(len(tables) + 1)])
            tables.append([[cell.text for cell in row.cells] for row in item.rows])
    return {"paragraphs": paragraphs, "tables": tables}


@pytest.mark.parametrize(
    ("name", "ruleset", "outline"),
    [
        ("qingcheng", "gansu-2024", "R17-gansu"),
        ("jingxing", "hebei-2019", "R17-hebei"),
        ("minzheng", "national-2020", "R16"),
        ("minzheng", "national-2020", "R15"),
    ],
)
def test_golden(name: str, ruleset: str, outline: str, update_golden: bool) -> None:
    data = report(name, ruleset, outline)
    check_golden(content(data), GOLDEN / f"{name}-{outline}.json", update_golden)


def test_no_seed_sentence_in_writer_files() -> None:
    """No line of 30 characters or more of a seed appears in our code, templates or goldens."""
    seeds = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed documents not found at {seeds}")
    lines = {
        line.strip()
        for p in seeds.glob("*.txt")
        for line in p.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) >= 30
    }
    root = Path(__file__).resolve().parents[2]
    ours = [
        *root.glob("src/jixiao/writers/docx*.py"),
        root / "src/jixiao/writers/review.py",
        *GOLDEN.glob("*.json"),
        root / "tests" / "writers" / "test_docx.py",
        root / "tests" / "writers" / "test_review.py",
        root / "scripts" / "make_templates.py",
    ]
    for template in root.glob("src/jixiao/writers/templates/*.docx"):
        ours.append(template)
    for path in ours:
        text = (
            all_text(document(path.read_bytes()))
            if path.suffix == ".docx"
            else (path.read_text(encoding="utf-8"))
        )
        found = [line for line in lines if line in text]
        assert not found, f"{path.name}: {found[:1]}"


def test_amount_in_yuan_is_exact() -> None:
    assert docx_tables.amount_text(Decimal("1440.309614"), "元") == "14403096.14"
    assert docx_tables.amount_text(Decimal("15.0000"), "元") == "150000"
    assert docx_tables.amount_text(Decimal("3800.00"), "万元") == "3800.00"
