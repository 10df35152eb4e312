"""Helpers of the consistency and completeness checks: normalised text and similarity, keyword
settings, sentences, project names, amount tolerance, and "one finding per place" for rows.

Text is compared after normalisation (checks.md §0): full-width → half-width, spaces,
punctuation and list prefixes removed; similarity is ``difflib.SequenceMatcher.ratio``.

>>> norm("通过足额缴纳开垦费，加快批地进度。") == norm("通过足额缴纳开垦费, 加快批地进度")
True
>>> name_key("2024 年第二批避险搬迁补助资金项目")
'第二批避险搬迁补助资金'
>>> words("已完成、已掌握、完成了")
('已完成', '已掌握', '完成了')
>>> amounts_agree(Decimal("2830.9"), Decimal("2830.898743")), amounts_agree(
...     Decimal("1247.18"), Decimal("1159.81745"))
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Final

from jixiao.checks._similarity import norm
from jixiao.model.evaluation import Evaluation, Fund, Indicator
from jixiao.model.indicator_value import EMPTY_MARKS
from jixiao.model.location import Location
from jixiao.model.numbers import ZERO
from jixiao.model.text import normalize

AMOUNT_TOLERANCE: Final = Decimal("0.01")  # 万元 (checks.md §0)
SCORE_TOLERANCE: Final = Decimal("0.01")  # scores and weights
RELATIVE: Final = Decimal("0.005")  # derived figures (rates, 完成率): 0.5 % relative
_HALF: Final = Decimal("0.5")
_YEARS: Final = re.compile(r"(?:19|20)\d{2}\s*年?\s*度?")
_SENTENCE_END: Final = re.compile(r"(?<=[。！？!?；;\n])")
EXCERPT: Final = 80  # characters of a quoted text in a message or evidence


def words(setting: str | Iterable[str]) -> tuple[str, ...]:
    """A keyword list as a setting gives it: "甲、乙" (or a YAML list)."""
    if isinstance(setting, str):
        return tuple(w.strip() for w in setting.split("、") if w.strip())
    return tuple(str(w) for w in setting)


def sentences(text: str | None) -> list[str]:
    """Sentences and lines of a text (split after 。！？；and line ends)."""
    if not text:
        return []
    return [s.strip() for s in _SENTENCE_END.split(normalize(text)) if s.strip()]


def excerpt(text: str | None, size: int = EXCERPT) -> str:
    """The first ``size`` characters of a text, on one line."""
    s = " ".join((text or "").split())
    return s if len(s) <= size else s[:size] + "…"


def is_blank(text: str | None, *also: str) -> bool:
    """Nothing written: empty, a dash or a slash, or one of ``also`` (a reason "无")."""
    return text is None or normalize(text).strip() in EMPTY_MARKS.union(also)


def name_key(name: str | None) -> str:
    """A project's name for matching: normalised, without years and "项目"."""
    return norm(_YEARS.sub("", normalize(name or ""))).replace("项目", "")


def same_project(a: str | None, b: str | None, threshold: float) -> bool:
    """Names of one project (checks.md RESULT_CONTRADICTS_GRADE: similarity ≥ threshold once
    years and "项目" are removed)."""
    x, y = name_key(a), name_key(b)
    if not x or not y:
        return False
    return x == y or SequenceMatcher(None, x, y, autojunk=False).ratio() >= threshold


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last digit as written ("2830.9" → 0.05; zero is exact)."""
    exponent = value.as_tuple().exponent
    if value == ZERO or not isinstance(exponent, int):
        return ZERO
    return _HALF * Decimal(1).scaleb(exponent)


def amounts_agree(a: Decimal, b: Decimal) -> bool:
    """Two amounts in 万元 agree within 0.01, widened to half a unit of the coarser figure."""
    return abs(a - b) <= max(AMOUNT_TOLERANCE, half_unit(a), half_unit(b))


def rates_agree(a: Decimal, b: Decimal) -> bool:
    """Derived figures agree within 0.5 % relative."""
    return abs(a - b) <= RELATIVE * max(abs(a), abs(b))


def names_with_reason(texts: Iterable[str | None], name: str, reason_words: Sequence[str]) -> bool:
    """Some sentence of the texts names the row (normalised name inside the normalised
    sentence) and gives a reason (因, 由于, 原因 …)."""
    key = norm(name)
    if not key:
        return False
    for text in texts:
        for sentence in sentences(text):
            if key in norm(sentence) and any(w in sentence for w in reason_words):
                return True
    return False


def narrative_texts(ev: Evaluation) -> list[str]:
    """Every free text of a document: sections, goals and results, projects, problems."""
    out = [f"{s.heading}\n{s.text}" for s in ev.sections]
    if ev.targets is not None:
        out += [ev.targets.planned or "", ev.targets.achieved or ""]
    for p in ev.projects:
        out += [p.goal or "", p.indicator_text or "", p.achieved or ""]
    out += list(ev.problems)
    return [t for t in out if t]


# ---- one finding per place ----------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where to report rows that share a defect: one row, or a whole block (``scope`` names it:
    the document, a task or project, a first-level block) every row of which has it."""

    positions: tuple[int, ...]
    scope: str | None = None


_MIN_BLOCK: Final = 2  # a "block" of one row is just the row


def _scope(rows: Sequence[int], hits: set[int]) -> bool:
    return len(rows) >= _MIN_BLOCK and all(p in hits for p in rows)


def places(ev: Evaluation, hits: Iterable[int]) -> list[Place]:
    """The places to report the hit rows at: the whole document when every row is hit, else
    per task or project, else per first-level block, else per row (checks.md §0)."""
    hit = set(hits)
    rows = list(enumerate(ev.indicators))
    if not hit:
        return []
    if _scope([p for p, _ in rows], hit):
        return [Place(tuple(sorted(hit)), "全部指标")]
    out: list[Place] = []
    for group in ev.groups():
        in_group = [(p, i) for p, i in rows if i.group == group]
        if group is not None and _scope([p for p, _ in in_group], hit):
            out.append(Place(tuple(p for p, _ in in_group), _group_name(ev, group)))
            continue
        for level1 in dict.fromkeys(i.level1 for _, i in in_group):
            block = [p for p, i in in_group if i.level1 == level1]
            if level1 and _scope(block, hit):
                out.append(Place(tuple(block), f"“{level1}”"))
            else:
                out.extend(Place((p,)) for p in block if p in hit)
    return out


def _group_name(ev: Evaluation, group: int) -> str:
    name = ev.projects[group].name if 0 <= group < len(ev.projects) else f"第{group + 1}组"
    return f"“{name}”"


def row_names(ev: Evaluation, positions: Sequence[int]) -> list[str]:
    return [ev.indicators[p].name for p in positions]


def first_row(ev: Evaluation, place: Place) -> Indicator:
    return ev.indicators[place.positions[0]]


def flat(text: str | None) -> str:
    """The text normalised (full-width digits and signs folded), "**" markup removed."""
    return normalize(text or "").replace("**", "")


# ---- what the narrative states (NARRATIVE_TABLE_MISMATCH, TARGET_DEADLINE_BEFORE_YEAR) ----

_FIGURE: Final = re.compile(
    r"(?P<label>基本支出|项目支出|人员经费|日常公用经费|公用经费|年度资金总额|自评总金额|"
    r"部门整体支出|整体支出)\s*(?:预算|决算|支出)?\s*(?:数|金额|资金|总额)?\s*"
    r"(?:为|是|共计|合计|:|：)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)"
)
# "其中基本支出 X 万元，项目 Y 万元": "项目" after a 基本支出 figure is 项目支出
_PROJECT_PART: Final = re.compile(
    r"[，,、]\s*项目\s*(?:为|是)?\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)"
)
_LABELS: Final = {"日常公用经费": "公用经费", "年度资金总额": "总额", "自评总金额": "总额",
                  "部门整体支出": "总额", "整体支出": "总额"}  # fmt: skip
_MONEY: Final = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}
_ANY_YEAR: Final = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_SCORE_SENTENCE: Final = re.compile(
    r"得分\s*(?:为|是|:|：)?\s*(?P<score>\d+(?:\.\d+)?)\s*分[^。；]{0,40}?"
    r"(?:等级|评级|级别|定为|评定为|结果为)\s*(?:为|是|:|：)?\s*[“\"「]?\s*"
    r"(?P<grade>优秀|良好|一般|较差|不合格|合格|优|良|中|差)"
)
_TARGET_EXCLUDE: Final = ("实现", "完成情况", "分析", "自评", "评价")
_HEADING_MAX: Final = 40  # a sub-heading line is short
_CN_SUBHEADING: Final = re.compile(r"^\s*[（(][一二三四五六七八九十]+[)）]")


@dataclass(frozen=True)
class Figure:
    """An amount the narrative states for a money row: label, value in 万元, as written."""

    label: str  # 总额, 基本支出, 项目支出, 人员经费, 公用经费
    value: Decimal
    written: str
    half: Decimal  # half a unit of its last written digit, in 万元
    sentence: str
    section: str

    def agrees(self, table: Decimal) -> bool:
        return abs(self.value - table) <= max(AMOUNT_TOLERANCE, self.half, half_unit(table))


def _figure(m: re.Match[str], label: str, sentence: str, section: str) -> Figure:
    number = Decimal(m.group("num").replace(",", ""))
    factor = _MONEY[m.group("unit")]
    written = f"{m.group('num')}{m.group('unit')}"
    return Figure(label, number * factor, written, half_unit(number) * factor, sentence, section)


def figures_in(ev: Evaluation) -> list[Figure]:
    """The money figures of the narrative, in sentences of the evaluated year (a sentence that
    names only other years is left out)."""
    out: list[Figure] = []
    for s in ev.sections:
        for sentence in sentences(flat(s.text)):
            years = {int(y) for y in _ANY_YEAR.findall(sentence)}
            if years and ev.fiscal_year not in years:
                continue
            basic = False
            for m in _FIGURE.finditer(sentence):
                label = _LABELS.get(m.group("label"), m.group("label"))
                basic = basic or label == "基本支出"
                out.append(_figure(m, label, sentence, s.heading))
            if basic:
                out += [_figure(m, "项目支出", sentence, s.heading)
                        for m in _PROJECT_PART.finditer(sentence)]  # fmt: skip
    return out


def table_funds(ev: Evaluation) -> dict[str, Fund]:
    """The money rows of the document's own table (not the narrative's), by figure label."""
    out: dict[str, Fund] = {}
    for f in ev.funds:
        if f.group is not None or f.location is None or f.location.table is None:
            continue
        name = norm(f.name)
        label = (
            "总额"
            if f.level == 0
            else next(
                (w for w in ("基本支出", "项目支出", "人员经费", "公用经费") if w in name), None
            )
        )
        if label is not None:
            out.setdefault(label, f)
    return out


def score_statements(ev: Evaluation) -> list[tuple[Decimal, str, str]]:
    """(score, grade, sentence) of each narrative sentence that states a total and its grade."""
    out: list[tuple[Decimal, str, str]] = []
    for s in ev.sections:
        for sentence in sentences(flat(s.text)):
            m = _SCORE_SENTENCE.search(sentence)
            if m:
                out.append((Decimal(m.group("score")), m.group("grade"), sentence))
    return out


def target_texts(ev: Evaluation) -> list[tuple[str, str, Location | None]]:
    """The target parts of a document: (label, text, location) of each target chapter (or the
    绩效目标 sub-chapter of a chapter), then each project's goal and indicators."""
    out: list[tuple[str, str, Location | None]] = []
    for s in ev.sections:
        loc = s.location.at("text") if s.location else None
        if "目标" in s.heading and not any(w in s.heading for w in _TARGET_EXCLUDE):
            out.append((s.heading, s.text, loc))
            continue
        part = _target_part(s.text)
        if part is not None:
            out.append((part[0], part[1], loc))
    for p in ev.projects:
        loc = p.location.at("goal") if p.location else None
        for label, text in (("绩效目标", p.goal), ("绩效指标", p.indicator_text)):
            if text:
                out.append((f"“{p.name}”的{label}", text, loc))
    return out


def _target_part(text: str) -> tuple[str, str] | None:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if (
            len(line) <= _HEADING_MAX
            and "绩效目标" in line
            and not any(w in line for w in _TARGET_EXCLUDE)
        ):
            body: list[str] = []
            for nxt in lines[i + 1 :]:
                if _CN_SUBHEADING.match(nxt) and "目标" not in nxt:
                    break
                body.append(nxt)
            return line.strip(), "\n".join(body)
    return None


# ---- results against targets (ACHIEVED_COPIES_TARGET, TARGET_NOT_REPORTED) ----------------

# units of counted outputs; percentages are thresholds of rates, not quantities to report
_UNITS: Final = (
    "平方公里|平方千米|平方米|㎡|公顷|亩|公里|千米|个|宗|处|条|次|棵|株|户|人|本|幅|项|份|件|家|"
    "台|套|块|册|所|座|间"
)
_QUANTITY: Final = re.compile(
    rf"(?<![\d.\-])(?P<num>\d+(?:\.\d+)?)\s*(?P<wan>万)?\s*(?:余|多)?\s*(?P<unit>{_UNITS})"
)
_UNIT_SAME: Final = {"平方千米": "平方公里", "㎡": "平方米", "千米": "公里"}


Quantity = tuple[Decimal, str, str]  # value, unit, as written


def quantities(text: str | None) -> list[Quantity]:
    """(value, unit, as written) of each number with a unit ("7.3万宗" → 73000 宗). A single
    item ("建设1个数据库") is left out: a result names it without its count."""
    out: list[Quantity] = []
    for m in _QUANTITY.finditer(flat(text)):
        value = Decimal(m.group("num")) * (Decimal(10000) if m.group("wan") else Decimal(1))
        unit = _UNIT_SAME.get(m.group("unit"), m.group("unit"))
        if value != 1 and all(not (v == value and u == unit) for v, u, _ in out):
            out.append((value, unit, m.group(0).strip()))
    return out


def unreported(wanted: list[Quantity], got: list[Quantity]) -> list[Quantity]:
    """The target quantities the result does not give: same unit, value within 0.5 %. Parts
    whose sum the result gives are reported (修测30 + 新测15 平方千米 = the 45 reported)."""
    missing = [q for q in wanted if not any(q[1] == g[1] and rates_agree(q[0], g[0]) for g in got)]
    for unit in {q[1] for q in missing}:
        parts = [q for q in missing if q[1] == unit]
        total = sum((q[0] for q in parts), Decimal(0))
        if len(parts) > 1 and any(g[1] == unit and rates_agree(total, g[0]) for g in got):
            missing = [q for q in missing if q[1] != unit]
    return missing


_THRESHOLD: Final = re.compile(
    r"(?:大于|高于|不低于|不少于|超过|≥|>)\s*\d+(?:\.\d+)?\s*%?|\d+(?:\.\d+)?\s*%?\s*(?:及)?以上"
)


def copied_threshold(achieved: str, target_texts: list[str]) -> str | None:
    """A threshold phrase of the result (大于90%, 80%以上) that the target text also has."""
    targets = [norm(t) for t in target_texts]
    for m in _THRESHOLD.finditer(flat(achieved)):
        phrase = norm(m.group(0))
        if phrase and any(phrase in t for t in targets):
            return m.group(0).strip()
    return None
