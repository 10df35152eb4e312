"""Charts (writers/charts.py) for the demo evaluations: valid PNG / SVG / PDF bytes, the Chinese
labels in the SVG (matplotlib writes each text as a comment beside its glyph paths), the SC face,
no missing glyph, deterministic bytes, and the numbers printed from ``Decimal``."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imread

from jixiao.model.evaluation import Evaluation
from jixiao.model.scorecard import ScoreCard
from jixiao.rules import catalog
from jixiao.scoring.engine import score
from jixiao.services.extract import Extracted, extract_path
from jixiao.writers import charts

DEMO = Path(charts.__file__).resolve().parent.parent / "demo"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# demo file → the rule set it is scored under
RULESETS = {
    "minzheng-2024-project-self-eval.txt": "national-2020",
    "jingxing-2025-dept-self-eval.txt": "hebei-2019",
    "huailai-2024-targets.txt": "hebei-2019",
    "luquan-2025-dept-self-eval.txt": "hebei-2019",
}
Demo = tuple[Evaluation, ScoreCard]


@pytest.fixture(scope="session")
def demos() -> dict[str, Demo]:
    out = {}
    for name, ruleset in RULESETS.items():
        got = extract_path(DEMO / name)
        assert isinstance(got, Extracted), got
        out[name.split("-")[0]] = (got.evaluation, score(got.evaluation, catalog.get(ruleset)))
    return out


def _kinds(demos: dict[str, Demo]) -> dict[str, Callable[[str], bytes]]:
    """One chart per kind, each from the demo that has its data."""
    mz, jx, hl, lq = (demos[k] for k in ("minzheng", "jingxing", "huailai", "luquan"))
    assert lq[0].grade_counts is not None
    counts = lq[0].grade_counts
    return {
        "score_by_block": lambda fmt: charts.score_by_block(*mz, fmt=fmt),
        "score_by_block_projects": lambda fmt: charts.score_by_block(*jx, fmt=fmt),
        "execution_year_end": lambda fmt: charts.execution_by_month(mz[0], fmt=fmt),
        "execution_plan": lambda fmt: charts.execution_by_month(hl[0], fmt=fmt),
        "grade_distribution": lambda fmt: charts.grade_distribution(counts, fmt=fmt),
    }


@pytest.fixture(scope="session")
def rendered(demos: dict[str, Demo]) -> dict[tuple[str, str], bytes]:
    """Every kind in every format, made once per session."""
    kinds = _kinds(demos)
    return {(kind, fmt): make(fmt) for kind, make in kinds.items() for fmt in charts.FORMATS}


def svg_texts(svg: bytes) -> str:
    """The SVG's texts: matplotlib draws glyphs as paths and keeps each string in a comment."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(svg, parser=parser)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return "\n".join((node.text or "").strip() for node in root.iter() if node.tag is ET.Comment)


LABELS = {
    "score_by_block": [
        "各一级指标得分与分值", "产出指标", "效益指标", "满意度指标", "预算执行率", "9.24 / 10",
        "48.68 / 50", "特困人员救助供养资金（复核得分 97.92）", "得分", "分值",
    ],
    "score_by_block_projects": [
        "土地管控制度改革（复核得分 95.79）", "夯实基础工作（复核得分 95.79）",
        "积极推动矿山综合整治（复核得分 93.79）", "38 / 40", "5.79 / 10",
    ],
    "execution_year_end": [
        "资金支出进度与计划", "全年预算执行率", "92.35%", "12月", "累计支出占全年预算",
    ],
    "execution_plan": ["支出计划", "等4个项目", "等3个项目", "3月", "10月"],
    "grade_distribution": [
        "项目自评等级分布（共 146 个）", "优秀", "良好", "一般", "较差", "138（94.5%）",
        "3（2.1%）", "1（0.7%）", "4（2.7%）",
    ],
}  # fmt: skip


@pytest.mark.parametrize("kind", LABELS)
def test_valid_bytes_in_every_format(rendered: dict[tuple[str, str], bytes], kind: str) -> None:
    assert rendered[kind, "png"].startswith(PNG_SIGNATURE)
    assert rendered[kind, "pdf"].startswith(b"%PDF-")
    svg_texts(rendered[kind, "svg"])  # parses, and is an <svg>


@pytest.mark.parametrize("kind", LABELS)
def test_chinese_labels_in_svg(rendered: dict[tuple[str, str], bytes], kind: str) -> None:
    texts = svg_texts(rendered[kind, "svg"])
    missing = [label for label in LABELS[kind] if label not in texts]
    assert missing == []


def test_png_size_fits_a_report_page(rendered: dict[tuple[str, str], bytes]) -> None:
    pixels = imread(io.BytesIO(rendered["score_by_block", "png"]), format="png")
    height, width = pixels.shape[:2]
    assert (width, height) == (1280, 640)  # 6.4 × 3.2 in at 200 dpi
    dark = (pixels[..., :3].mean(axis=-1) < 0.5).sum()
    assert dark > 1000  # labels and bars, not an empty canvas


def test_one_chart_per_kind_for_a_demo(demos: dict[str, Demo]) -> None:
    ev, card = demos["minzheng"]
    made = {
        "score_by_block": charts.score_by_block(ev, card),
        "execution_by_month": charts.execution_by_month(ev),
        "grade_distribution": charts.grade_distribution({"优秀": 1, "良好": 2}),
    }
    assert all(data.startswith(PNG_SIGNATURE) for data in made.values())
    assert len({*made.values()}) == 3


def test_no_missing_glyph(demos: dict[str, Demo]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for make in _kinds(demos).values():
            make("png")
    glyphs = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert glyphs == []


def test_the_glyph_check_can_fail() -> None:
    # U+E000 (private use) is in neither Noto Sans CJK SC nor DejaVu Sans: matplotlib warns.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.grade_distribution({"\ue000": 1})
    assert any("missing from font" in str(w.message) for w in caught)


def test_the_font_is_the_simplified_chinese_face() -> None:
    # 令 直 骨 have different forms in the JP face (the collection's first face). The family
    # charts name must render them differently from JP, i.e. matplotlib picks the SC face.
    def draw(family: str) -> bytes:
        fig = Figure(figsize=(2, 1))
        FigureCanvasAgg(fig)
        fig.text(0.1, 0.3, "令直骨", family=family, size=30)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()

    assert charts.FONT_FAMILY[0] == "Noto Sans CJK SC"
    assert draw(charts.FONT_FAMILY[0]) != draw("Noto Sans CJK JP")


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_deterministic(demos: dict[str, Demo], fmt: str) -> None:
    ev, card = demos["jingxing"]
    assert charts.score_by_block(ev, card, fmt) == charts.score_by_block(ev, card, fmt)


def test_monthly_spending_is_accumulated_against_the_budget(demos: dict[str, Demo]) -> None:
    ev, _ = demos["minzheng"]  # 全年预算数 4000.00 万元
    spent = {3: Decimal("1000.00"), 6: Decimal("1000.00"), 12: Decimal("1694.00")}
    texts = svg_texts(charts.execution_by_month(ev, spent, fmt="svg"))
    assert "实际累计支出" in texts
    assert "92.35%" in texts  # (1000 + 1000 + 1694) ÷ 4000
    assert "全年预算执行率" not in texts


def test_empty_inputs_say_so(demos: dict[str, Demo]) -> None:
    ev, card = demos["huailai"]  # a target table: nothing to score
    assert "无可评分的指标" in svg_texts(charts.score_by_block(ev, card, "svg"))
    assert "无等级数据" in svg_texts(charts.grade_distribution({}, "svg"))
    assert "未填报资金支出计划和执行数" in svg_texts(
        charts.execution_by_month(Evaluation(), fmt="svg")
    )


def test_spending_without_a_budget_is_not_drawn_as_a_share(demos: dict[str, Demo]) -> None:
    ev, _ = demos["huailai"]  # plans, but no 全年预算数
    texts = svg_texts(charts.execution_by_month(ev, {3: Decimal("10")}, fmt="svg"))
    assert "未填报全年预算数，实际支出无法按比例绘制" in texts
    assert "支出计划" in texts and "实际累计支出" not in texts


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="图表格式"):
        charts.grade_distribution({"优秀": 1}, fmt="gif")


@pytest.mark.parametrize(
    ("period", "month"),
    [("3月底", 3), ("10 月底", 10), ("第二季度末", 6), ("三季度", 9), ("上半年", 6), ("年底", 12),
     ("全年", 12), ("13月", None), ("某时", None)],
)  # fmt: skip
def test_month_of(period: str, month: int | None) -> None:
    assert charts.month_of(period) == month


def test_importing_the_writers_does_not_load_matplotlib() -> None:
    code = (
        "import sys, jixiao.writers.charts, jixiao.writers.pdf; print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
