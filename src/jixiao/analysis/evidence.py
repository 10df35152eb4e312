"""佐证材料: which indicator rows claim full marks without a supporting file.

A file is attached to a row by the row's key, its three levels ("产出指标/数量指标/特困人员救助
供养人数"), so the attachment stays with its row when other rows are added or removed. A row whose
stated score equals its weight and that has no file gives one ``EVIDENCE_MISSING_FULL_MARKS``
finding (completeness, warning). Its id is built like the checks engine's (a hash of the code,
the place and the identifying evidence), from the row key alone, so it is the same finding
however the rows around it move.

>>> from decimal import Decimal as D
>>> from jixiao.model.evaluation import Indicator
>>> row_key(Indicator(level1="产出指标", level2=" 数量指标", level3="特困人员救助供养人数"))
'产出指标/数量指标/特困人员救助供养人数'
>>> row_key(Indicator(level3="满意度"))
'//满意度'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from typing import Final

from jixiao.model.evaluation import Indicator
from jixiao.model.findings import Category, Finding, Severity
from jixiao.model.numbers import fmt
from jixiao.model.scorecard import ScoreCard

CODE: Final = "EVIDENCE_MISSING_FULL_MARKS"
KEY_LENGTH: Final = 400  # Evidence.row_key


def row_key(indicator: Indicator) -> str:
    """The row's three levels, stripped and joined by "/" (see the module doc)."""
    levels = (indicator.level1, indicator.level2, indicator.level3)
    return "/".join((x or "").strip() for x in levels)[:KEY_LENGTH]


def finding_id(key: str) -> str:
    """Stable for the row: the engine's hash of [code, place, evidence], with the row key as
    the evidence and no place (a row's place moves when rows above it are deleted)."""
    text = json.dumps([CODE, {}, {"indicator": key}], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def missing_evidence(card: ScoreCard, evidenced_keys: Collection[str]) -> list[Finding]:
    """One finding per full-marks indicator row (stated score == weight > 0) with no file."""
    out: list[Finding] = []
    seen: set[str] = set()
    for line in card.indicator_lines():
        row = line.row
        if not isinstance(row, Indicator) or line.weight is None or line.weight <= 0:
            continue
        if line.stated is None or line.stated != line.weight:
            continue
        key = row_key(row)
        if key in evidenced_keys or key in seen:
            continue
        seen.add(key)
        out.append(
            Finding(
                id=finding_id(key),
                code=CODE,
                category=Category.COMPLETENESS,
                severity=Severity.WARNING,
                message=(
                    f"指标“{line.name}”满分但无佐证材料（分值{fmt(line.weight)}分，"
                    f"自评{fmt(line.stated)}分），请上传佐证材料"
                ),
                location=None if line.location is None else line.location.at("score"),
                evidence={
                    "indicator": key,
                    "weight": fmt(line.weight),
                    "score": fmt(line.stated),
                },
            )
        )
    return out
