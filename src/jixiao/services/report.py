"""Write the official outputs of one evaluation: the 自评表 (xlsx), the 自评报告 (docx, PDF),
the reviewer's 审核意见 (docx), and the charts — the same service for the CLI and the web app.

The file is written to a temporary file beside its destination and renamed into place, so a
failed write never leaves half a file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from jixiao.checks.engine import run_checks
from jixiao.checks.registry import ALL_CHECKS
from jixiao.model.blocks import Unreadable
from jixiao.model.evaluation import DocType, Evaluation
from jixiao.model.scorecard import ScoreCard
from jixiao.rules.ruleset import RuleSet
from jixiao.rules.values import ReportOutline
from jixiao.scoring.engine import score
from jixiao.services.extract import extract_path
from jixiao.services.rulesets import Selected, select
from jixiao.writers.base import WriteError, Written

KINDS: Final = ("xlsx", "docx", "pdf", "review")
_NAMES: Final = {"xlsx": "自评表", "docx": "自评报告", "pdf": "自评报告", "review": "审核意见"}


@dataclass(frozen=True)
class Reported:
    path: str  # the input
    out: Path  # what was written
    selected: Selected
    written: Written
    charts: tuple[Path, ...] = ()


@dataclass(frozen=True)
class NotWritten:
    """The input was read but nothing could be written (no LibreOffice, a bad template, a
    folder that cannot be written): the reason in Chinese; an existing file is left as it was."""

    name: str
    reason: str


def default_output(source: Path, kind: str, ev: Evaluation) -> Path:
    """ "<input stem>-自评表.xlsx" beside the input (绩效目标表 for a target table)."""
    name = "绩效目标表" if kind == "xlsx" and ev.doc_type is DocType.TARGET_TABLE else _NAMES[kind]
    suffix = ".pdf" if kind == "pdf" else (".xlsx" if kind == "xlsx" else ".docx")
    return source.with_name(f"{source.stem}-{name}{suffix}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def outline_for(ev: Evaluation, rs: RuleSet) -> str:
    """The report outline the rule set gives this kind of document (R15–R17)."""
    outline: ReportOutline | None = rs.value("report.report_outline", ev.fiscal_year)
    if outline is None:  # pragma: no cover - every shipped set has one
        return "R15"
    if ev.doc_type is not None and ev.doc_type.is_department:
        return outline.department_report
    if ev.doc_type is DocType.PROJECT_SELF_EVAL_TABLE:
        return outline.project_table
    return outline.project_report


def make_charts(ev: Evaluation, card: ScoreCard, fmt: str = "png") -> dict[str, bytes]:
    """The charts the report shows: score by block, execution against plan, grades."""
    from jixiao.writers import charts  # noqa: PLC0415 - matplotlib loads only when asked

    out = {"score_by_block": charts.score_by_block(ev, card, fmt)}
    if ev.spending_plan or ev.budget_total_wan is not None or ev.funds:
        out["execution_by_month"] = charts.execution_by_month(ev, None, fmt)
    if ev.grade_counts:
        out["grade_distribution"] = charts.grade_distribution(ev.grade_counts, fmt)
    return out


def _write(kind: str, ev: Evaluation, card: ScoreCard, rs: RuleSet, template: bytes | None,
           charts: Mapping[str, bytes]) -> Written:  # fmt: skip
    if kind == "xlsx":
        from jixiao.writers.xlsx import write_form  # noqa: PLC0415

        return write_form(ev, card, template)
    if kind == "review":
        from jixiao.writers.review import write_review  # noqa: PLC0415

        run = run_checks(ev, rs, ALL_CHECKS, card)
        return write_review(ev, card, run.findings, rs.name)
    if ev.doc_type is DocType.TARGET_TABLE:
        raise WriteError("绩效目标表只有表格形式，请用 --to xlsx")
    from jixiao.writers.docx import write_report  # noqa: PLC0415

    report = write_report(ev, card, outline_for(ev, rs), charts, template)
    if kind == "docx":
        return report
    from jixiao.writers.pdf import to_pdf  # noqa: PLC0415

    pdf = to_pdf(report.data)
    return Written(pdf.data, pdf.suffix, (*report.warnings, *pdf.warnings))


def render(ev: Evaluation, kind: str, rs: RuleSet, name: str) -> Written | NotWritten:
    """One output of an evaluation held in memory (the web's downloads), as bytes; an
    impossible output (no LibreOffice for a PDF) is reported with ``name``, never raised."""
    if kind not in KINDS:
        raise ValueError(f"unknown output kind {kind!r}")
    card = score(ev, rs)
    try:
        charts = make_charts(ev, card) if kind in ("docx", "pdf") else {}
        return _write(kind, ev, card, rs, None, charts)
    except WriteError as exc:
        return NotWritten(name, f"{name}：{exc.reason}")


def report_path(
    path: Path,
    kind: str,
    out: Path | None = None,
    ruleset: RuleSet | None = None,
    template: Path | None = None,
    charts_dir: Path | None = None,
) -> Reported | Unreadable | NotWritten:
    """Write one output of one input file. Unreadable input or an impossible output (no
    LibreOffice for a PDF, a bad template) is reported, never raised."""
    if kind not in KINDS:
        raise ValueError(f"unknown output kind {kind!r}")  # the CLI offers only KINDS
    extracted = extract_path(path)
    if isinstance(extracted, Unreadable):
        return extracted
    ev = extracted.evaluation
    selected = select(ev, extracted.place, ruleset)
    card = score(ev, selected.ruleset)
    try:
        template_bytes = template.read_bytes() if template is not None else None
        charts = make_charts(ev, card) if kind in ("docx", "pdf") or charts_dir else {}
        written = _write(kind, ev, card, selected.ruleset, template_bytes, charts)
    except WriteError as exc:
        return NotWritten(str(path), f"{path}：{exc.reason}")
    except OSError as exc:
        return NotWritten(str(path), f"{template}：无法读取模板（{exc.strerror}）")
    target = out or default_output(path, kind, ev)
    try:
        write_atomic(target, written.data)
        saved = _save_charts(charts_dir, path, ev, card) if charts_dir else ()
    except OSError as exc:
        where = exc.filename or target
        return NotWritten(str(path), f"{where}：无法写入（{exc.strerror or exc}），原有文件未改动")
    return Reported(str(path), target, selected, written, saved)


def _save_charts(folder: Path, source: Path, ev: Evaluation, card: ScoreCard) -> tuple[Path, ...]:
    saved: list[Path] = []
    for fmt in ("png", "svg"):
        for name, data in make_charts(ev, card, fmt).items():
            target = folder / f"{source.stem}-{name}.{fmt}"
            write_atomic(target, data)
            saved.append(target)
    return tuple(saved)
