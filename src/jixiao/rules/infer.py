"""Which rule set applies: region (county → city → province), fiscal year and doc type.

The most specific shipped set whose region contains the document's place wins; among sets of
one region the latest whose effective date is on or before 31 December of the fiscal year.
A year before every such set takes the earliest, with a warning. No regional match: the
national set. The choice comes with its reason in Chinese, which every command prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from jixiao.model.evaluation import DocType
from jixiao.rules.places import Place
from jixiao.rules.schema import RuleSetMeta

NATIONAL: Final = "national-2020"


@dataclass(frozen=True)
class Choice:
    name: str
    reason: str
    warnings: tuple[str, ...] = ()


def _specificity(meta: RuleSetMeta, place: Place) -> int | None:
    """3 county, 2 city, 1 province, 0 national; ``None`` when the region does not contain it."""
    r = meta.region
    wanted = [(r.province, place.province), (r.city, place.city), (r.county, place.county)]
    if all(want is None for want, _ in wanted):
        return 0
    for want, have in wanted:
        if want is not None and want != have:
            return None
    return max(i + 1 for i, (want, _) in enumerate(wanted) if want is not None)


def choose(
    sets: Sequence[RuleSetMeta], place: Place, fiscal_year: int | None, doc_type: str | None
) -> Choice:
    """The rule set for a document, with the reason."""
    fitting = [
        (spec, m)
        for m in sets
        if (spec := _specificity(m, place)) is not None
        and (not m.doc_types or doc_type is None or doc_type in m.doc_types)
    ]
    if not fitting:  # pragma: no cover - the national set fits everything
        return Choice(NATIONAL, "没有适用的规则集，采用全国规则")
    top = max(spec for spec, _ in fitting)
    candidates = sorted((m for spec, m in fitting if spec == top), key=lambda m: m.effective)
    warnings: list[str] = []
    on = date(fiscal_year, 12, 31) if fiscal_year is not None else date.max
    in_force = [m for m in candidates if m.effective <= on]
    if in_force:
        chosen = in_force[-1]
    else:
        chosen = candidates[0]
        warnings.append(
            f"{fiscal_year}年早于最早的适用规则集 {chosen.name}（{chosen.effective}起），沿用之"
        )
    return Choice(chosen.name, _reason(chosen, place, fiscal_year, doc_type), tuple(warnings))


def _label(doc_type: str) -> str:
    """ "dept_self_eval_report" → "部门整体支出绩效自评报告" (an unknown key as it is)."""
    try:
        return DocType(doc_type).label
    except ValueError:
        return doc_type


def _reason(meta: RuleSetMeta, place: Place, fiscal_year: int | None, doc_type: str | None) -> str:
    where = place.text() or "未能从文中识别"
    names = "、".join(place.evidence[:3])
    seen = f"地区：{where}" + (f"（据文中“{names}”）" if names else "")
    year = f"年度：{fiscal_year}" if fiscal_year is not None else "年度：未识别"
    kind = f"类型：{_label(doc_type)}" if doc_type else "类型：未识别"
    scope = meta.region
    region = "".join(x for x in (scope.province, scope.city, scope.county) if x) or "全国"
    return f"{seen}；{year}；{kind} → {meta.name}（{region}，{meta.title}）"
