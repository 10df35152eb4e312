"""Charts for the 自评报告: score by first-level block against its weight, spending by month
against the 资金支出计划, and the distribution of grades. PNG for Word, SVG or PDF as asked.

matplotlib is imported inside the functions (``jixiao --help`` stays fast) and used without
pyplot: each figure gets its own Agg canvas, so nothing global changes and no window opens.
Fonts: Noto Sans CJK SC, never the JP face (stack.md pitfall 1); DejaVu Sans for what it lacks.
Output is deterministic where matplotlib allows: no dates in the metadata, a fixed SVG salt.

Amounts and points are ``Decimal`` everywhere in jixiao; here, and only here, they become
``float``, because matplotlib draws floats. Labels print the ``Decimal`` values.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from jixiao.model.evaluation import Evaluation, PlanEntry
from jixiao.model.scorecard import GroupScore, LineKind, ScoreCard

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS: Final = ("png", "svg", "pdf")
DPI: Final = 200
FONT_FAMILY: Final = ("Noto Sans CJK SC", "DejaVu Sans")  # SC, never the JP face
_METADATA: Final[dict[str, dict[str, Any]]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
WEIGHT_COLOR: Final = "#D9DEE7"
POINTS_COLOR: Final = "#2F6DB5"
PLAN_COLORS: Final = ("#7F8C9D", "#B0803A", "#6A9F58", "#8E6BB0", "#C0504D", "#4BACC6")
ACTUAL_COLOR: Final = "#C0392B"
MAX_PANELS: Final = 12  # a report page holds about this many project panels
NAME_MAX: Final = 18  # characters of a project name in a panel title
DECEMBER: Final = 12
EXECUTION_BLOCK: Final = "预算执行率"
NO_BUDGET: Final = "未填报全年预算数，实际支出无法按比例绘制"
# Grades from best to worst, in the wordings the rule sets and documents use, with a colour
# per band (优 / 良 / 中 / 差).
GRADE_ORDER: Final = ("优秀", "优", "良好", "良", "合格", "中", "一般", "较差", "差", "不合格")
GRADE_COLORS: Final = {"优秀": "#2E7D32", "优": "#2E7D32", "良好": "#7CB342", "良": "#7CB342",
                       "合格": "#F9A825", "中": "#F9A825", "一般": "#F9A825",
                       "较差": "#C62828", "差": "#C62828", "不合格": "#C62828"}  # fmt: skip
OTHER_GRADE_COLOR: Final = "#7F8C9D"


def _f(value: Decimal) -> float:
    return float(value)  # drawing only: matplotlib takes floats


# ---- figure plumbing ----------------------------------------------------------------------------


@functools.cache
def _fonts_known() -> bool:
    """matplotlib caches the font list on first use; fonts installed after that (Noto CJK by
    ``make test``) stay unknown until the cache is rebuilt. Rebuild once if ours is missing."""
    from matplotlib import font_manager  # noqa: PLC0415

    def found() -> bool:
        try:
            font_manager.findfont(FONT_FAMILY[0], fallback_to_default=False)
        except ValueError:
            return False
        return True

    if found():
        return True
    loader = getattr(font_manager, "_load_fontmanager", None)
    if loader is not None:
        font_manager.fontManager = loader(try_read_cache=False)
    return found()


@contextlib.contextmanager
def _figure(width: float, height: float) -> Iterator[Figure]:
    """A figure on its own Agg canvas, drawn and saved under our rcParams."""
    import matplotlib  # noqa: PLC0415 - heavy; only when a chart is asked for
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415
    from matplotlib.typing import RcKeyType  # noqa: PLC0415

    _fonts_known()
    rc: dict[RcKeyType, Any] = {
        "font.family": list(FONT_FAMILY),
        "axes.unicode_minus": False,
        "svg.hashsalt": "jixiao",  # stable ids: the same chart gives the same SVG
        "svg.fonttype": "path",  # looks the same without our fonts; text stays in comments
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        yield fig


def _save(fig: Figure, fmt: str) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=DPI, metadata=_METADATA[fmt])
    return buf.getvalue()


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"图表格式须为 {'、'.join(FORMATS)} 之一，而不是 {fmt!r}")


def _no_data(ax: Axes, text: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=12, color="#666666")


def _num(value: Decimal) -> str:
    """A Decimal for a label: 9.24, 10 (no trailing zeros, no exponent)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---- score by block -----------------------------------------------------------------------------


def _blocks(group: GroupScore) -> list[tuple[str, Decimal, Decimal | None]]:
    """(block, summed weight, summed points) per first-level block, in document order;
    points ``None`` where no line of the block has any."""
    weights: dict[str, Decimal] = {}
    points: dict[str, Decimal | None] = {}
    for line in group.lines:
        level1 = getattr(line.row, "level1", None)
        name = EXECUTION_BLOCK if line.kind is LineKind.EXECUTION else level1 or "其他"
        weights[name] = weights.get(name, Decimal(0)) + (line.weight or 0)
        have = points.get(name)
        if line.points is not None:
            points[name] = (have or Decimal(0)) + line.points
        else:
            points.setdefault(name, None)
    return [(name, weights[name], points[name]) for name in weights]


def _panel_title(ev: Evaluation, group: GroupScore) -> str:
    name = group.name or ev.project or ev.department or "全部指标"
    name = name if len(name) <= NAME_MAX else name[:NAME_MAX] + "…"
    total = "未评分" if group.total is None else f"复核得分 {_num(group.total)}"
    return f"{name}（{total}）"


def _draw_blocks(ax: Axes, blocks: Sequence[tuple[str, Decimal, Decimal | None]]) -> None:
    names = [b[0] for b in blocks][::-1]  # first block on top
    weights = [_f(b[1]) for b in blocks][::-1]
    points = [0.0 if b[2] is None else _f(b[2]) for b in blocks][::-1]
    ys = range(len(names))
    ax.barh(ys, weights, height=0.7, color=WEIGHT_COLOR, label="分值")
    ax.barh(ys, points, height=0.38, color=POINTS_COLOR, label="得分")
    top = max(weights + points + [1.0])
    for y, (_, weight, got) in zip(ys, blocks[::-1], strict=True):
        text = f"{'未评分' if got is None else _num(got)} / {_num(weight)}"
        ax.text(max(_f(weight), 0.0) + top * 0.02, y, text, va="center", fontsize=8)
    ax.set_yticks(list(ys), names)
    ax.set_xlim(0, top * 1.3)
    ax.tick_params(axis="y", length=0)


def score_by_block(ev: Evaluation, card: ScoreCard, fmt: str = "png") -> bytes:
    """Points against weight per first-level block (产出指标, 效益指标 …, and the execution
    row as 预算执行率), one panel per project where the card has several."""
    _check_format(fmt)
    groups = [g for g in card.groups if g.lines]
    shown = groups[:MAX_PANELS]
    cols = 1 if len(shown) <= 1 else 2
    rows = max(1, -(-len(shown) // cols))
    height = 3.2 if len(shown) <= 1 else 0.6 + 2.3 * rows
    with _figure(6.4 if cols == 1 else 8.0, height) as fig:
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        if not shown:
            _no_data(axes[0], "无可评分的指标")
        for ax, group in zip(axes, shown, strict=False):
            _draw_blocks(ax, _blocks(group))
            ax.set_title(_panel_title(ev, group), fontsize=10, loc="left")
        for ax in axes[len(shown) :]:
            ax.set_axis_off()
        if len(shown) == 1:
            axes[0].legend(loc="lower right", fontsize=8, frameon=False)
        elif shown:
            handles, labels = axes[0].get_legend_handles_labels()
            fig.legend(handles, labels, loc="outside upper right", ncols=2, fontsize=8,
                       frameon=False)  # fmt: skip
        title = "各一级指标得分与分值"
        if len(groups) > len(shown):
            title += f"（前 {len(shown)} 个项目，另有 {len(groups) - len(shown)} 个未列出）"
        fig.suptitle(title, fontsize=12)
        return _save(fig, fmt)


# ---- execution by month -------------------------------------------------------------------------

_MONTH: Final = re.compile(r"(\d{1,2})\s*月")
_QUARTER: Final = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}
_QUARTER_RE: Final = re.compile(r"([一二三四1-4])\s*季度")


def month_of(period: str) -> int | None:
    """The month a plan checkpoint names: "10月底" → 10, "三季度" → 9, "上半年" → 6,
    "年底" / "全年" → 12.

    >>> [month_of(p) for p in ("3月底", "第二季度末", "上半年", "年底", "某时")]
    [3, 6, 6, 12, None]
    """
    m = _MONTH.search(period)
    if m and 1 <= int(m.group(1)) <= DECEMBER:
        return int(m.group(1))
    q = _QUARTER_RE.search(period)
    if q:
        return _QUARTER[q.group(1)]
    if "上半年" in period:
        return 6
    return 12 if any(w in period for w in ("年底", "年末", "全年", "下半年")) else None


def _plans(ev: Evaluation) -> list[tuple[str, list[tuple[int, Decimal]]]]:
    """Plan lines (label, [(month, cumulative %)]); projects with the same plan share one."""
    by_group: dict[int | None, list[PlanEntry]] = {}
    for entry in ev.spending_plan:
        by_group.setdefault(entry.group, []).append(entry)
    merged: dict[tuple[tuple[int, Decimal], ...], list[int | None]] = {}
    for group, entries in by_group.items():
        checkpoints = tuple(sorted(
            (month, e.pct)
            for e in entries
            if e.pct is not None and (month := month_of(e.period)) is not None
        ))  # fmt: skip
        if checkpoints:
            merged.setdefault(checkpoints, []).append(group)
    lines = []
    for points, groups in merged.items():
        names = [ev.projects[g].name for g in groups if g is not None and g < len(ev.projects)]
        label = "支出计划"
        if len(merged) > 1 and names:
            label += f"：{names[0][:12]}" + (f" 等{len(names)}个项目" if len(names) > 1 else "")
        lines.append((label, list(points)))
    return lines


def _budget(ev: Evaluation) -> Decimal | None:
    if ev.budget_total_wan:
        return ev.budget_total_wan
    totals = [f.total for f in ev.funds if f.level == 0 and f.total is not None]
    return sum(totals, Decimal(0)) or None


def _year_end_rate(ev: Evaluation) -> Decimal | None:
    """The stated execution rate, or 执行数 ÷ 全年预算数 in %."""
    if ev.execution_rate_pct is not None:
        return ev.execution_rate_pct
    budget = _budget(ev)
    executed = ev.executed_total_wan
    if executed is None:
        done = [f.executed for f in ev.funds if f.level == 0 and f.executed is not None]
        executed = sum(done, Decimal(0)) if done else None
    if budget is None or executed is None:
        return None
    return (executed / budget * 100).quantize(Decimal("0.01"))


def _actual(
    ev: Evaluation, spent_by_month: Mapping[int, Decimal] | None
) -> tuple[list[tuple[int, Decimal]], str]:
    """Cumulative actual points (month, % of budget) and the legend label."""
    budget = _budget(ev)
    if spent_by_month and budget:
        running, points = Decimal(0), []
        for month in sorted(m for m in spent_by_month if 1 <= m <= DECEMBER):
            running += spent_by_month[month]
            points.append((month, running / budget * 100))
        return points, "实际累计支出"
    if spent_by_month:  # amounts, but no budget to divide them by
        return [], NO_BUDGET
    rate = _year_end_rate(ev)
    return ([(DECEMBER, rate)] if rate is not None else []), "全年预算执行率"


def execution_by_month(
    ev: Evaluation, spent_by_month: Mapping[int, Decimal] | None = None, fmt: str = "png"
) -> bytes:
    """Cumulative spending in % of the 全年预算数, month by month, against the 资金支出计划
    checkpoints (one line per distinct plan). ``spent_by_month`` maps a month (1–12) to what
    was spent in that month, in 万元; it is accumulated and divided by the budget. Without it,
    the year-end execution rate is one point at 12月."""
    _check_format(fmt)
    plans = _plans(ev)
    actual, actual_label = _actual(ev, spent_by_month)
    with _figure(6.4, 3.4) as fig:
        ax = fig.subplots()
        if not plans and not actual:
            _no_data(ax, NO_BUDGET if actual_label == NO_BUDGET else "未填报资金支出计划和执行数")
            return _save(fig, fmt)
        if actual_label == NO_BUDGET:
            ax.text(0.98, 0.04, NO_BUDGET, transform=ax.transAxes, ha="right", fontsize=8,
                    color="#666666")  # fmt: skip
        for i, (label, points) in enumerate(plans):
            xs, ys = [0] + [m for m, _ in points], [0.0] + [_f(p) for _, p in points]
            color = PLAN_COLORS[i % len(PLAN_COLORS)]
            ax.plot(xs, ys, "--o", color=color, markersize=4, linewidth=1.5, label=label)
        if actual:
            xs = [m for m, _ in actual]
            ys = [_f(p) for _, p in actual]
            ax.plot(xs, ys, "-o", color=ACTUAL_COLOR, markersize=5, linewidth=2, label=actual_label)
            last_m, last_p = actual[-1]
            ax.annotate(f"{_num(last_p.quantize(Decimal('0.01')))}%", (last_m, _f(last_p)),
                        textcoords="offset points", xytext=(-8, 8), ha="right",
                        color=ACTUAL_COLOR, fontsize=9)  # fmt: skip
        drawn = [_f(p) for _, pts in plans for _, p in pts] + [_f(p) for _, p in actual]
        peak = max([100.0, *drawn])
        ax.set_xlim(0, 12.5)
        ax.set_ylim(0, peak * 1.12)
        ax.set_xticks(range(1, 13), [f"{m}月" for m in range(1, 13)])
        ax.yaxis.set_major_formatter("{x:.0f}%")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.8)
        ax.set_ylabel("累计支出占全年预算")
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.set_title("资金支出进度与计划", fontsize=12)
        return _save(fig, fmt)


# ---- grade distribution -------------------------------------------------------------------------


def _grade_rank(label: str) -> int:
    return GRADE_ORDER.index(label) if label in GRADE_ORDER else len(GRADE_ORDER)


def grade_distribution(counts: Mapping[str, int], fmt: str = "png") -> bytes:
    """How many projects got each grade (优秀 / 良好 / 一般 / 较差 …), best first, with the
    share of the total on each bar."""
    _check_format(fmt)
    items = sorted(counts.items(), key=lambda kv: _grade_rank(kv[0]))  # stable: unknown last
    total = sum(n for _, n in items)
    with _figure(6.4, 3.2) as fig:
        ax = fig.subplots()
        if total <= 0:
            _no_data(ax, "无等级数据")
            return _save(fig, fmt)
        labels = [k for k, _ in items]
        values = [n for _, n in items]
        colors = [GRADE_COLORS.get(k, OTHER_GRADE_COLOR) for k in labels]
        bars = ax.bar(labels, values, width=0.6, color=colors)
        texts = [f"{n}（{Decimal(n * 100) / total:.1f}%）" for n in values]
        ax.bar_label(bars, texts, padding=2, fontsize=9)
        ax.set_ylim(0, max(values) * 1.18)
        ax.set_ylabel("项目个数")
        ax.grid(axis="y", color="#E5E5E5", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_title(f"项目自评等级分布（共 {total} 个）", fontsize=12)
        return _save(fig, fmt)
