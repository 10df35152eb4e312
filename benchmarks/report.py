"""Time the official outputs per report: the 自评报告 .docx, the 自评表 .xlsx, and the report's
PDF converted by LibreOffice, batched (all reports in one ``soffice`` call) against one call per
report. Prints the figures side by side with the targets of the issue:

    docx ≤ 0.2 s, xlsx ≤ 0.3 s, PDF ≤ 0.5 s per report (batched)

Reports are the demo documents (src/jixiao/demo/*.txt), extracted, scored under the rule set
inferred for each, and cycled to ``--reports`` (default 100). The single-call mode is measured
on ``--single`` reports (default 10) and extrapolated to all of them; both the measured and the
extrapolated figure are printed. One conversion runs before the timings, so LibreOffice's
profile is warm in both modes, as in a running service.

The .docx comes from ``jixiao.writers.docx.write_report`` and the .xlsx from
``jixiao.writers.xlsx.write_form``, with the charts and outline of ``services/report.py``.

    python benchmarks/report.py [--reports 100] [--single 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pypdfium2  # type: ignore[import-untyped]

from jixiao.model.evaluation import DocType, Evaluation
from jixiao.model.scorecard import ScoreCard
from jixiao.rules.ruleset import RuleSet
from jixiao.scoring.engine import score
from jixiao.services.extract import Extracted, extract_path
from jixiao.services.report import make_charts, outline_for
from jixiao.services.rulesets import select
from jixiao.writers import charts, pdf
from jixiao.writers.docx import write_report
from jixiao.writers.xlsx import write_form

DEMO = Path(charts.__file__).resolve().parent.parent / "demo"
TARGETS = {"docx": 0.2, "xlsx": 0.3, "pdf": 0.5}
Report = tuple[Evaluation, ScoreCard, RuleSet]


# ---- inputs --------------------------------------------------------------------------------------


def demo_reports() -> list[Report]:
    out = []
    for path in sorted(DEMO.glob("*.txt")):
        got = extract_path(path)
        assert isinstance(got, Extracted), got
        rs = select(got.evaluation, got.place, None).ruleset
        out.append((got.evaluation, score(got.evaluation, rs), rs))
    return out


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - t0


def row(label: str, measured: str, per_report: float | None, target: float | None) -> str:
    per = "–" if per_report is None else f"{per_report:.3f} s"
    if target is None:
        goal, verdict = "–", ""
    else:
        goal = f"≤ {target:.1f} s"
        verdict = "" if per_report is None else ("OK" if per_report <= target else "SLOW")
    return f"{label:<38}{measured:<34}{per:>10}{goal:>10}  {verdict}"


def page_count(data: bytes) -> int:
    doc = pypdfium2.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def bench_docx(
    reports: Sequence[Report], pngs: Mapping[int, dict[str, bytes]], write: Callable[..., Any]
) -> tuple[list[bytes], float]:
    """Every report's .docx, its charts made beforehand (timed on their own line)."""
    t0 = time.perf_counter()
    out = [write(ev, card, outline_for(ev, rs), pngs[id(ev)], None).data
           for ev, card, rs in reports]  # fmt: skip
    return out, (time.perf_counter() - t0) / len(reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--single", type=int, default=10)
    args = parser.parse_args()

    demos = demo_reports()
    with_report = [r for r in demos if r[0].doc_type is not DocType.TARGET_TABLE]
    reports = [with_report[i % len(with_report)] for i in range(args.reports)]
    forms = [demos[i % len(demos)] for i in range(args.reports)]
    lines = [f"{args.reports} reports cycled from {len(with_report)} demo documents "
             f"(xlsx: {len(demos)}, the 绩效目标表 included)", ""]  # fmt: skip
    lines.append(f"{'':<38}{'measured':<34}{'s/report':>10}{'target':>10}")

    # charts, made once per distinct evaluation, as the report service does; one chart first,
    # so matplotlib's import and font cache (~0.5 s, once per process) are not in the figure
    charts.grade_distribution({"优秀": 1})
    pngs, t_charts = timed(lambda: {id(ev): make_charts(ev, card) for ev, card, _ in with_report})
    n_charts = sum(map(len, pngs.values()))
    lines.append(row("charts (matplotlib PNG)", f"{n_charts} charts, {len(with_report)} reports",
                     t_charts / len(with_report), None))  # fmt: skip

    docxs, per_docx = bench_docx(reports, pngs, write_report)
    lines.append(row("docx (writers/docx.py)", f"{args.reports} reports", per_docx,
                     TARGETS["docx"]))  # fmt: skip
    _, t_xlsx = timed(lambda: [write_form(ev, card, None) for ev, card, _ in forms])
    lines.append(row("xlsx (writers/xlsx.py)", f"{args.reports} forms", t_xlsx / len(forms),
                     TARGETS["xlsx"]))  # fmt: skip

    pdf.to_pdf(docxs[0])  # warm the LibreOffice profile (a cold one costs ~0.35 s)
    batch, t_batch = timed(lambda: pdf.to_pdf_many(docxs))
    missing = sum(b is None for b in batch)
    measured = f"{args.reports} reports in {t_batch:.1f} s" + (
        f", {missing} FAILED" if missing else ""
    )
    lines.append(row("PDF batched (one soffice call)", measured, t_batch / len(docxs),
                     TARGETS["pdf"]))  # fmt: skip
    single = docxs[: args.single]
    _, t_single = timed(lambda: [pdf.to_pdf(d) for d in single])
    per_single = t_single / len(single)
    measured = f"{len(single)} in {t_single:.1f} s → {per_single * len(docxs):.0f} s / {len(docxs)}"
    lines.append(row("PDF one soffice call per report", measured, per_single, None))
    pdfs = [b.data for b in batch if b is not None]
    pages = sum(map(page_count, pdfs))
    n_pdfs = max(1, len(pdfs))
    lines += ["", f"batched is {per_single / (t_batch / len(docxs)):.1f}× faster per report; "
              f"{pages / n_pdfs:.1f} pages a report ({t_batch / max(1, pages):.3f} s a page "
              f"batched); docx {sum(map(len, docxs)) / len(docxs) / 1024:.0f} KB, "
              f"PDF {sum(map(len, pdfs)) / n_pdfs / 1024:.0f} KB on average"]  # fmt: skip
    print("\n".join(lines))
    sys.exit(0)


if __name__ == "__main__":
    main()
