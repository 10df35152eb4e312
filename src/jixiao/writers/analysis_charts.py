"""Charts of a batch analysis (`jixiao analyze`): PNG files for the report folder.

- ``score-vs-execution.png``: the self-score against the execution rate E, one dot a
  document, documents with error findings in red;
- ``gap-by-region.png``: the mean of (stated − recomputed) total per region;
- ``flags.png``: cross-document findings per code, and the documents' own findings per
  category.

The input is plain data (numbers and labels), so this module knows nothing of the analysis
package. matplotlib is imported inside the function with the Agg backend and no pyplot (no
window, nothing global); the font is Noto Sans CJK SC (never the JP face, stack.md pitfall 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

FONT_FAMILY: Final = ("Noto Sans CJK SC", "DejaVu Sans")
DPI: Final = 120
OK_COLOR: Final = "#2F6DB5"
BAD_COLOR: Final = "#C0392B"
MAX_BARS: Final = 15


def _save(fig: Any, path: Path) -> Path:
    fig.savefig(str(path), format="png", metadata={"Software": None})
    return path


def _scatter(figure: Any, points: Sequence[tuple[float, float, bool]], path: Path) -> Path:
    fig = figure(figsize=(6.4, 4.4), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    for bad, color, label in ((False, OK_COLOR, "无错误"), (True, BAD_COLOR, "有错误级问题")):
        xs = [e for e, _, b in points if b is bad]
        ys = [s for _, s, b in points if b is bad]
        ax.scatter(xs, ys, s=10, alpha=0.6, color=color, label=f"{label}（{len(xs)}份）")
    ax.set_xlabel("预算执行率 E（%）")
    ax.set_ylabel("自评得分")
    ax.set_title("自评得分与预算执行率")
    ax.legend(loc="lower right")
    return _save(fig, path)


def _bars(figure: Any, bars: Sequence[tuple[str, float]], title: str, xlabel: str,
          path: Path) -> Path:  # fmt: skip
    shown = list(bars)[:MAX_BARS]
    fig = figure(figsize=(6.4, 0.9 + 0.32 * max(1, len(shown))), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    labels = [name[:16] for name, _ in shown][::-1]
    values = [v for _, v in shown][::-1]
    ax.barh(labels, values, color=[BAD_COLOR if v > 0 else OK_COLOR for v in values])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    return _save(fig, path)


def write_analysis_charts(
    folder: Path,
    points: Sequence[tuple[float, float, bool]],
    gaps: Sequence[tuple[str, float]],
    counts: Sequence[tuple[str, float]],
) -> list[Path]:
    """``points``: (E, stated score, has error findings) per document; ``gaps``: (region, mean
    stated − recomputed); ``counts``: (code or category, count). Returns the files written."""
    import matplotlib  # noqa: PLC0415 - heavy; only when charts are asked for
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    def figure(**kwargs: Any) -> Any:
        fig = Figure(**kwargs)
        FigureCanvasAgg(fig)  # the Agg backend, for this figure only
        return fig

    rc: dict[RcKeyType, Any] = {
        "font.family": list(FONT_FAMILY),
        "axes.unicode_minus": False,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    with matplotlib.rc_context(rc):
        if points:
            out.append(_scatter(figure, points, folder / "score-vs-execution.png"))
        if gaps:
            out.append(_bars(figure, gaps, "各地区自评分高出复算分的均值", "分",
                             folder / "gap-by-region.png"))  # fmt: skip
        if counts:
            out.append(_bars(figure, counts, "问题数量（跨文件检查与各类检查）", "个",
                             folder / "flags.png"))  # fmt: skip
    return out
