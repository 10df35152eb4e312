"""`jixiao analyze OUT.jsonl [-o REPORT]`: the cross-document analysis of a batch, as a folder.

Reads the batch's three files (the last row of each path, and the findings and extract of that
version), runs :func:`jixiao.analysis.analyze` and writes the folder ``REPORT`` (default: the
journal's name with ``-analysis``, beside it):

- ``report.md`` — the summary: counts, score inflation by region and department, the
  cross-document findings per code with the documents behind each, the review queue, what was
  left out and why, and the charts;
- ``cross-findings.jsonl`` — the cross-document findings, interface.md §3, one a line;
- ``risk.csv`` — the whole review queue with the counts behind each rank;
- ``inflation-regions.csv``, ``inflation-departments.csv``, ``inflation-flags.csv``;
- ``score-vs-execution.png``, ``gap-by-region.png``, ``flags.png``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from jixiao.analysis import LEFT_OUT, Analysis, InflationRow, analyze
from jixiao.analysis.inflation import FLAG_LABELS
from jixiao.model.numbers import fmt
from jixiao.services.batch_store import BatchFiles
from jixiao.services.batch_tables import current, current_objects, latest_rows
from jixiao.writers.analysis_charts import write_analysis_charts
from jixiao.writers.jsondoc import finding_doc
from jixiao.writers.tabular import write_csv

SHOWN: Final = 20  # rows of a table in report.md; the CSV files hold them all
CODE_TITLES: Final = {
    "TARGET_BELOW_LAST_ACTUAL": "目标低于上年实际（目标偏低）",
    "TARGET_UNCHANGED_YEARS": "目标连续三年不变而实际年年超出",
    "RESULT_EXACT_EVERY_YEAR": "实际连续三年恰好等于目标",
    "TEXT_REUSED": "文字或指标行照抄其他项目、年度",
    "TARGET_PEER_OUTLIER": "目标值与同地区同年度差异悬殊",
    "EXEC_PEER_OUTLIER": "执行率与同地区同年度差异悬殊",
    "SCORE_PEER_OUTLIER": "自评分与同地区同年度差异悬殊",
    "TOP_GRADE_SHARE_HIGH": "优秀项目占比远高于同类单位",
}


class BatchNotFoundError(FileNotFoundError):
    def __str__(self) -> str:
        return f"找不到批量结果 {self.args[0]}（先运行 jixiao batch … -o 该文件）"


@dataclass(frozen=True)
class Analyzed:
    analysis: Analysis
    folder: Path
    written: tuple[Path, ...]


def _cell(value: Any) -> str:
    text = "" if value is None else (fmt(value) if hasattr(value, "quantize") else str(value))
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return [*lines, ""]


def _inflation_rows(rows: Sequence[InflationRow]) -> list[list[Any]]:
    return [[r.group, r.docs, r.mean_stated, r.mean_recomputed, r.mean_gap, r.mean_execution,
             r.errors_per_doc, len(r.flagged)] for r in rows]  # fmt: skip


INFLATION_HEADER: Final = ("", "文件数", "平均自评分", "平均复算分", "平均差", "平均执行率%",
                           "每份错误数", "标记文件数")  # fmt: skip


_WEAK: Final = 0.3  # |r| below this: the self-score does not follow the measure


def _correlation_text(r: Mapping[str, Any]) -> str:
    """The two correlations in words; "无法计算" where too few documents or no spread."""
    execution, errors = r.get("score_vs_execution"), r.get("score_vs_errors")
    shown = [("预算执行率", execution), ("检查发现的错误数", errors)]
    parts = [f"与{name}的相关系数为{'无法计算（文件过少或无差异）' if v is None else v}"
             for name, v in shown]  # fmt: skip
    text = "自评分" + "，".join(parts) + "。"
    weak = [name for name, v in shown if v is not None and abs(float(v)) < _WEAK]
    if weak:
        text += f"自评分几乎不随{'、'.join(weak)}变化（|r| < {_WEAK}），自评分的区分度弱。"
    return text


def _summary(a: Analysis) -> list[str]:
    lines = ["# 批量分析报告", "",
             f"文件 {a.documents} 份，其中无法读取 {len(a.unreadable)} 份；"
             f"跨文件检查发现 {len(a.findings)} 个问题。", ""]  # fmt: skip
    lines += _table(("各文件自身的问题（类别）", "个数"), sorted(a.categories.items()))
    lines += ["## 一、评分虚高", "", _correlation_text(a.correlations), "",
              f"标记规则：{'；'.join(FLAG_LABELS.values())}。", "",
              "### 按地区", ""]  # fmt: skip
    lines += _table(("地区", *INFLATION_HEADER[1:]), _inflation_rows(a.by_region[:SHOWN]))
    lines += ["### 按单位", ""]
    lines += _table(("单位", *INFLATION_HEADER[1:]), _inflation_rows(a.by_department[:SHOWN]))
    flags = [[FLAG_LABELS[f.kind], f.stated, f.recomputed, f.execution, f.errors, f.path]
             for f in a.flags[:SHOWN]]  # fmt: skip
    lines += ["### 被标记的文件", ""]
    lines += _table(("标记", "自评分", "复算分", "执行率%", "错误数", "文件"), flags)
    return lines


def _cross_section(a: Analysis) -> list[str]:
    lines = ["## 二、跨文件检查", ""]
    for code in sorted(a.cross_codes):
        found = [f for f in a.findings if f.code == code]
        lines += [f"### {code} {CODE_TITLES.get(code, '')}（{len(found)} 个）", ""]
        rows = [[f.path, f.message, f.evidence.get("documents", "")] for f in found[:SHOWN]]
        lines += _table(("文件", "问题", "依据的文件"), rows)
    return lines


def _risk_section(a: Analysis) -> list[str]:
    lines = ["## 三、审核优先清单", "",
             "排序分 = 3 × 错误 + 1 × 警告 + 0.25 × 提示 + 1 × 评分虚高标记"
             "（含跨文件问题）。", ""]  # fmt: skip
    rows = [[e.rank, e.points, e.errors, e.warnings, e.infos, e.inflation_flags, e.top_codes,
             e.path] for e in a.risk[:SHOWN]]  # fmt: skip
    lines += _table(
        ("名次", "排序分", "错误", "警告", "提示", "虚高标记", "主要问题", "文件"), rows
    )
    lines += ["## 四、未做的跨文件检查", ""]
    lines += _table(("检查", "原因"), LEFT_OUT)
    if a.unreadable:
        lines += ["## 无法读取的文件", ""]
        lines += _table(("文件", "原因"), a.unreadable)
    return lines


def _csvs(a: Analysis, folder: Path) -> list[Path]:
    out = []
    risk = [dataclasses.asdict(e) for e in a.risk]
    columns = [(f.name, "str") for f in dataclasses.fields(a.risk[0])] if a.risk else []
    if columns:
        write_csv(risk, folder / "risk.csv", columns)
        out.append(folder / "risk.csv")
    for name, rows in (("regions", a.by_region), ("departments", a.by_department)):
        dicts = [{**dataclasses.asdict(r), "flagged": "；".join(r.flagged)} for r in rows]
        cols = [(f.name, "str") for f in dataclasses.fields(InflationRow)]
        write_csv(dicts, folder / f"inflation-{name}.csv", cols)
        out.append(folder / f"inflation-{name}.csv")
    flags = [{**dataclasses.asdict(f), "label": FLAG_LABELS[f.kind]} for f in a.flags]
    cols = [("path", "str"), ("kind", "str"), ("label", "str"), ("stated", "str"),
            ("recomputed", "str"), ("execution", "str"), ("errors", "str")]  # fmt: skip
    write_csv(flags, folder / "inflation-flags.csv", cols)
    return [*out, folder / "inflation-flags.csv"]


def _charts(a: Analysis, rows: list[dict[str, Any]], folder: Path) -> list[Path]:
    points = []
    for row in rows:
        stated, e = row.get("stated_total"), row.get("execution_rate_pct")
        if row.get("error") is None and stated is not None and e is not None:
            points.append((float(e), float(stated), bool(row.get("errors"))))
    gaps = [(r.group, float(r.mean_gap)) for r in a.by_region if r.mean_gap is not None]
    counts = sorted(a.cross_codes.items(), key=lambda kv: -kv[1])
    counts += sorted(a.categories.items(), key=lambda kv: -kv[1])
    return write_analysis_charts(folder, points, gaps, [(k, float(v)) for k, v in counts if v])


def analyze_batch(out: Path, report: Path | None = None, charts: bool = True) -> Analyzed:
    """Analyse the batch whose journal is ``out`` (or whose export it is) into ``report``."""
    files = BatchFiles.for_output(out)
    if not files.rows.exists():
        raise BatchNotFoundError(str(files.rows))
    rows = latest_rows(files.rows)
    keys = current(rows)
    analysis = analyze(rows, current_objects(files.evaluations, keys),
                       current_objects(files.findings, keys))  # fmt: skip
    folder = report or files.rows.with_name(files.rows.stem + "-analysis")
    folder.mkdir(parents=True, exist_ok=True)
    written = _csvs(analysis, folder)
    with (folder / "cross-findings.jsonl").open("w", encoding="utf-8") as f:
        for finding in analysis.findings:
            f.write(json.dumps(finding_doc(finding), ensure_ascii=False) + "\n")
    pictures = _charts(analysis, rows, folder) if charts else []
    lines = _summary(analysis) + _cross_section(analysis) + _risk_section(analysis)
    lines += ["## 图表", ""] + [f"![{p.stem}]({p.name})" for p in pictures]
    (folder / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    written += [folder / "cross-findings.jsonl", *pictures, folder / "report.md"]
    return Analyzed(analysis, folder, tuple(written))
