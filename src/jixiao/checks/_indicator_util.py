"""Helpers of the indicator_quality checks: normalised names, row predicates, places, blocks.

They also serve the live findings of the 绩效目标表 web form (R13), so all is cheap per row:
text is normalised once per distinct string, the R13 switches looked up once (cached).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Final

from jixiao.checks.spec import CheckInput, Hit, hit
from jixiao.model.evaluation import DocType, Evaluation, Indicator, ProjectLine
from jixiao.model.indicator_value import ValueKind
from jixiao.model.location import Location
from jixiao.model.numbers import fmt
from jixiao.model.text import compact, normalize

PERCENT_UNITS: Final = frozenset({"%", "％", "百分比"})
BLOCK_MIN_ROWS: Final = 3  # a defect on every row of a block this size is reported once
_NAME_MAX: Final = 24  # long project names (a 文号 and a notice title) are cut in messages
_EXECUTION_WORDS: Final = ("预算执行率", "资金到位率", "支出进度", "资金拨付率", "资金执行率",
                           "支出执行率", "预算执行情况", "预算执行进度")  # fmt: skip
# 文号 such as 怀财字【2024】7号, 财预〔2020〕10号, 冀财资环[2023]26 号
FILE_NUMBER: Final = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d+\s*号")
_COMPARATOR_PREFIX: Final = re.compile(r"^(?:[≥≤=><≈]+|大于等于|小于等于|不低于|不高于|不少于|"
                                       r"不超过|大于|小于|达到|等于)")  # fmt: skip
_COMPARATOR_SUFFIX: Final = re.compile(r"(?:及以上|及以下|以上|以下|以内|之内)$")
_CLAUSE_SPLIT: Final = re.compile(r"[；;。\n]+")


@lru_cache(maxsize=8192)
def norm(text: str | None) -> str:
    """Compact text (checks.md §0), cached: the same few names recur on every row."""
    return compact(text) if text else ""


def stem(text: str | None) -> str:
    """A normalised name without its trailing "指标" ("预算执行率指标" → "预算执行率")."""
    return norm(text).removesuffix("指标")


def has_any(text: str, words: Iterable[str]) -> bool:
    return any(w in text for w in words)


def rule_on(inp: CheckInput, flag: str) -> bool:
    """The rule set's R13 switch ``flag`` (``targets.target_validation_rules``); off when the
    rule is ended or unknown (a switched-off rule stays silent)."""
    found = inp.ruleset.lookup("targets.target_validation_rules", inp.ev.fiscal_year)
    if found is None or found.value is None:
        return False
    return bool(getattr(found.value, flag, True))


def at(loc: Location | None, field: str) -> Location | None:
    return None if loc is None else loc.at(field)


def is_percent(unit: str | None) -> bool:
    return unit in PERCENT_UNITS


def percent_value(ind: Indicator) -> Decimal | None:
    """The target's number when it is a percentage (its own unit or the unit column)."""
    t = ind.target_parsed
    if t.value is None or not is_percent(ind.effective_unit):
        return None
    return t.value


def is_satisfaction(name: str, words: Iterable[str] = ("满意度", "满意率")) -> bool:
    return has_any(norm(name), words)


def is_execution(ind: Indicator, words: Iterable[str] = _EXECUTION_WORDS) -> bool:
    """A budget-execution measure (预算执行率, 资金到位率 …), by name."""
    return ind.inputs.execution_named or has_any(norm(ind.level3 or ind.name), words)


def is_cost_row(ind: Indicator, name_words: Iterable[str] = ("预算控制数",)) -> bool:
    """A cost indicator: under a 成本 block, or named …成本 / 预算控制数 (R13.5)."""
    blocks = norm(ind.level1) + norm(ind.level2)
    name = stem(ind.level3 or ind.name)
    return "成本" in blocks or name.endswith("成本") or has_any(name, name_words)


def digits_in(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def bare_value(text: str) -> str:
    """A value without its comparator words: "≥%" → "%", "XX个以上" → "XX个"."""
    s = _COMPARATOR_PREFIX.sub("", norm(text))
    return _COMPARATOR_SUFFIX.sub("", s)


def value_key(ind: Indicator) -> str:
    """A row's value for comparison: comparator, number and unit when parsed; else its text."""
    t = ind.target_parsed
    if t.value is not None:
        cmp = t.comparator.value if t.comparator else ""
        return f"{cmp}{fmt(t.value)}{ind.effective_unit or ''}"
    return norm(ind.target)


def group_name(ev: Evaluation, group: int | None) -> str | None:
    if group is None or not 0 <= group < len(ev.projects):
        return None
    name = ev.projects[group].name
    return name if len(name) <= _NAME_MAX else name[:_NAME_MAX] + "…"


def row_label(ev: Evaluation, ind: Indicator) -> str:
    """“项目”的指标“名称”, the way messages name a row."""
    owner = group_name(ev, ind.group)
    prefix = f"“{owner}”的" if owner else ""
    return f"{prefix}指标“{ind.name}”"


def group_label(ev: Evaluation, group: int | None) -> str:
    owner = group_name(ev, group)
    return f"“{owner}”" if owner else "本表"


def block_location(ev: Evaluation, group: int | None, rows: list[Indicator],
                   field: str) -> Location | None:  # fmt: skip
    """Where a block finding points: its project's place, else the table of its first row."""
    if group is not None and 0 <= group < len(ev.projects) and ev.projects[group].location:
        loc = ev.projects[group].location
        return None if loc is None else loc.at(field)
    first = next((r.location for r in rows if r.location is not None), None)
    if first is None:
        return None
    return replace(first, row=None, line=None, col=None, cell=None, field=field)


def by_group(indicators: Iterable[Indicator]) -> dict[int | None, list[Indicator]]:
    out: dict[int | None, list[Indicator]] = {}
    for ind in indicators:
        out.setdefault(ind.group, []).append(ind)
    return out


def row_ref(ind: Indicator) -> str:
    """A row in an evidence list: its name and, where written, its value."""
    return f"{ind.name}（{ind.target}）" if ind.target else ind.name


@dataclass(frozen=True)
class RowDefect:
    """One row's defect before the block rule decides: per row, or once for the block."""

    ind: Indicator
    message: str
    evidence: dict[str, Any]


def row_hit(ev: Evaluation, ind: Indicator, text: str, field: str = "target",
            **evidence: Any) -> Hit:  # fmt: skip
    """A finding on one row: “项目”的指标“名称” + ``text``; the evidence names the row and its
    target as written."""
    where = at(ind.location, field)
    return hit(f"{row_label(ev, ind)}{text}", where, None, indicator=ind.name, target=ind.target,
               **evidence)  # fmt: skip


def defect(ev: Evaluation, ind: Indicator, text: str, **evidence: Any) -> RowDefect:
    """A row's defect, worded like :func:`row_hit`, for :func:`emit` to report."""
    target = ind.target if ind.target is not None else "（空）"
    evidence = {"indicator": ind.name, "target": target, **evidence}
    return RowDefect(ind, f"{row_label(ev, ind)}{text}", evidence)


def emit(ev: Evaluation, group: int | None, defects: list[RowDefect], population: list[Indicator],
         field: str, block_message: str, **block_evidence: Any) -> Iterator[Hit]:  # fmt: skip
    """One hit per row, or, when the defect hits every row of a block of at least
    ``BLOCK_MIN_ROWS``, one hit for the block listing its rows (checks.md §0)."""
    if not defects:
        return
    if len(population) >= BLOCK_MIN_ROWS and len(defects) == len(population):
        rows = [d.ind for d in defects]
        where = block_location(ev, group, rows, field)
        yield hit(block_message, where, None, rows=[row_ref(r) for r in rows], **block_evidence)
        return
    for d in defects:
        yield hit(d.message, at(d.ind.location, field), None, **d.evidence)


_GOAL_ITEMS: Final = re.compile(r"[\n；;。]+|\s+(?=\d{1,2}\s*[.、．])")


@lru_cache(maxsize=64)
def pattern_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def bare_kind(ind: Indicator, units: tuple[str, ...], pattern: re.Pattern[str]) -> str | None:
    """Why a written target holds no value: only a unit/comparator, or a placeholder."""
    if ind.target_parsed.value is not None or not norm(ind.target):
        return None
    core = bare_value(ind.target or "")
    for unit in sorted(units, key=len, reverse=True):
        if core.endswith(unit):
            core = core[: -len(unit)]
            break
    if not core or core == norm(ind.unit):
        return "只有单位或比较符，没有数值"
    return "是模板占位文字" if pattern.fullmatch(core) else None


def placeholder_goals(ev: Evaluation, pattern: re.Pattern[str]) -> Iterator[Hit]:
    """Goals (a project's 绩效目标, or the form's own) that are a template's placeholder."""
    goals: list[tuple[int | None, str, Location | None]] = [
        (g, p.goal, p.location) for g, p in enumerate(ev.projects) if p.goal
    ]
    if not ev.projects and ev.targets is not None and ev.targets.planned:
        goals.append((None, ev.targets.planned, None))
    for group, goal, loc in goals:
        items = [norm(x) for x in _GOAL_ITEMS.split(goal)]
        if any(x and pattern.fullmatch(x) for x in items):
            said = f"的绩效目标“{goal.strip()}”是模板占位文字，未填写实际目标"
            yield hit(group_label(ev, group) + said, at(loc, "goal"), None, goal=goal.strip())


_YEARS: Final = (Decimal(1900), Decimal(2100))


def _is_date_like(unit: str, value: Decimal) -> bool:
    """A deadline ("12月底前", "6个月内") or a year ("2024年"): no comparator needed."""
    if has_any(unit, ("前", "底", "末", "内", "初")) or unit in ("月", "日", "号"):
        return True
    return unit == "年" and _YEARS[0] <= value <= _YEARS[1]


def missing_parts(ind: Indicator, need_cmp: bool, need_unit: bool) -> list[str]:
    """What a quantitative target lacks: its comparator (or 指标性质), its unit."""
    t = ind.target_parsed
    unit = ind.effective_unit
    if t.value is None or (unit is not None and _is_date_like(unit, t.value)):
        return []
    missing = []
    if need_cmp and ind.direction is None:
        missing.append("比较符（≥、≤、=）")
    if need_unit and unit is None:
        missing.append("计量单位")
    return missing


def capped_rate(name: str, suffixes: tuple[str, ...], exempt: tuple[str, ...],
                timely: tuple[str, ...]) -> bool:  # fmt: skip
    """A share that cannot pass 100 %: named …率/比例/占比, not a control, change or growth
    rate nor a ratio of actual to plan (完成率 — but 按时/及时完成率 is a share)."""
    if not name.endswith(suffixes):
        return False
    return not has_any(name, exempt) or has_any(name, timely)


def budget_of(inp: CheckInput, group: int | None) -> Decimal | None:
    """The money a cost row is capped by: its project's budget, else the form's largest."""
    ev = inp.ev
    if group is not None:
        if 0 <= group < len(ev.projects) and ev.projects[group].budget_wan is not None:
            return ev.projects[group].budget_wan
        funds = ev.funds_of(group)
    else:
        funds = () if inp.facts.total_fund is None else (inp.facts.total_fund,)
    found = [ev.budget_total_wan, ev.budget_initial_wan] if group is None else []
    found += [x for f in funds[:1] for x in (f.total, f.initial)]
    known = [x for x in found if x is not None]
    return max(known) if known else None


@dataclass(frozen=True)
class Occurrence:
    """An indicator as it appears in one task or project."""

    text: str  # as written: the name and its value, or the sentence
    group: int
    location: Location | None


def _fixed_names(inp: CheckInput) -> frozenset[str]:
    """Names of the rule set's framework blocks and rows (预算执行率指标, 满意度 …)."""
    fw = inp.params.department_framework
    if fw is None:
        return frozenset()
    rows = [(b.name, *b.aliases) for b in fw.blocks]
    rows += [(r.name, *r.aliases) for b in fw.blocks for r in b.rows]
    return frozenset(norm(n) for names in rows for n in names)


def _generic(ev: Evaluation, ind: Indicator, standard: tuple[str, ...]) -> bool:
    """A row every project may carry: a share in %, a checkable state (合格), a single item
    ("=1个"), or a blank value of a target table (PLACEHOLDER_OR_EMPTY_TARGET's)."""
    t = ind.target_parsed
    if t.kind is ValueKind.EMPTY:
        return ev.doc_type is DocType.TARGET_TABLE
    if t.value is not None:
        return is_percent(ind.effective_unit) or t.value <= 1
    return norm(ind.target) in standard


def _row_occurrences(inp: CheckInput) -> Iterator[tuple[str, Occurrence]]:
    fixed, standard = _fixed_names(inp), tuple(inp.setting("standard_values"))
    for ind in inp.ev.indicators:
        name = norm(ind.level3)
        if ind.group is None or not name or name in fixed:
            continue
        if is_satisfaction(name) or is_execution(ind) or _generic(inp.ev, ind, standard):
            continue
        text = f"{ind.level3}（{ind.target}）" if ind.target else (ind.level3 or "")
        yield f"{name}|{value_key(ind)}", Occurrence(text, ind.group, at(ind.location, "level3"))


def _text_occurrences(ev: Evaluation, min_chars: int) -> Iterator[tuple[str, Occurrence]]:
    with_rows = {ind.group for ind in ev.indicators}
    for g, p in enumerate(ev.projects):
        if g in with_rows:
            continue
        for raw in _CLAUSE_SPLIT.split(p.indicator_text or ""):  # its sentences
            key = norm(raw)
            if len(key) >= min_chars and not is_satisfaction(key):
                yield key, Occurrence(raw.strip(), g, at(p.location, "indicator_text"))


def duplicate_groups(inp: CheckInput) -> list[tuple[list[Occurrence], list[int]]]:
    """Indicators (name + value, or a sentence of a project's indicator text) found in at
    least ``min_groups`` tasks or projects, and those groups."""
    buckets: dict[str, list[Occurrence]] = {}
    found = [*_row_occurrences(inp), *_text_occurrences(inp.ev, inp.setting("min_chars"))]
    for key, occ in found:
        buckets.setdefault(key, []).append(occ)
    out = []
    for occs in buckets.values():
        places = sorted({o.group for o in occs})
        if len(places) >= inp.setting("min_groups"):
            out.append((occs, places))
    return out


def quantified(ind: Indicator) -> bool:
    """A target that is a real quantity: a number in a unit other than %."""
    if ind.target_parsed.value is not None:
        return not is_percent(ind.effective_unit)
    text = norm(ind.target)
    return digits_in(text) and "%" not in text and "百分" not in text


_PROJECT_FORMS: Final = (DocType.TARGET_TABLE, DocType.PROJECT_SELF_EVAL_TABLE,
                         DocType.PROJECT_SELF_EVAL_REPORT)  # fmt: skip


def project_goals(ev: Evaluation) -> list[ProjectLine]:
    """Projects with a goal or 资金用途; a single project form as one. Never a department."""
    if ev.projects:
        return [p for p in ev.projects if p.goal or p.purpose]
    goal = ev.targets.planned if ev.targets is not None else None
    if ev.project and goal and ev.doc_type in _PROJECT_FORMS:
        return [ProjectLine(ev.project, goal=goal)]
    return []


def off_project_words(item: ProjectLine, basic: tuple[str, ...],
                      upkeep: tuple[str, ...]) -> list[str]:  # fmt: skip
    """The upkeep words of a business project's goal and 资金用途 that say nothing of the
    project (no two-character piece of its name); empty when the goal is on the project."""
    name = norm(FILE_NUMBER.sub("", normalize(item.name)))
    if not name or has_any(name, basic):
        return []
    text = norm(item.goal) + norm(item.purpose)
    words = [w for w in upkeep if w in text]
    if not words:
        return []
    pieces = {name[i : i + 2] for i in range(len(name) - 1)}
    cjk = (p for p in pieces if all("\u4e00" <= ch <= "\u9fff" for ch in p))
    return [] if any(p in text for p in cjk) else words


def basis_defect(ev: Evaluation, ind: Indicator, words: tuple[str, ...]) -> RowDefect | None:
    """A row whose 指标值确定依据 is empty, or only a budget file number (R12.2)."""
    basis = (ind.basis or "").strip()
    if not norm(basis):
        return defect(ev, ind, "没有填写指标值确定依据", basis="（空）")
    if FILE_NUMBER.search(normalize(basis)) is None or has_any(norm(basis), words):
        return None
    text = f"的确定依据只是文号“{basis}”，不是计划、行业或历史标准"
    return defect(ev, ind, text, basis=basis)
