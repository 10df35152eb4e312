"""consistency: one statement against another (interface.md §3) — the title's year against the
year the content evaluates, a deadline against the target's year, the 完成率 shown against the
score, the text against the table, a result against the grade, one result under two projects.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from jixiao.checks._similarity import norm, similarity
from jixiao.checks._text_util import (
    SCORE_TOLERANCE,
    excerpt,
    figures_in,
    first_row,
    flat,
    places,
    rates_agree,
    row_names,
    same_project,
    score_statements,
    table_funds,
    target_texts,
    words,
)
from jixiao.checks.spec import CheckInput, Hit, check, hit
from jixiao.model.evaluation import ProjectLine
from jixiao.model.findings import Category, Severity
from jixiao.model.indicator_value import ValueKind
from jixiao.model.location import Location
from jixiao.model.numbers import HUNDRED
from jixiao.scoring.explain import completion_pct
from jixiao.scoring.grade import band_of

# A fiscal-year phrase: "2025年预算收入", "2025年末", "2024 年度部门整体支出", "2024 年我单位收入".
# Dates ("2026年3月13日"), names ("2015 年土地变更调查项目") and file numbers do not match.
_FISCAL_PHRASE: Final = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年\s*度?\s*(?:我(?:单位|局|部门)|本(?:单位|局|部门))?\s*"
    r"(?:部门)?\s*(?:整体支出|预算|决算|收入|支出|年?末)"
)
_YEAR: Final = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*年")
# words before a year that make it a status date or a comparison, not a deadline
_NOT_DEADLINE_BEFORE: Final = re.compile(r"(?:截至|截止|截止到|较|比|同比|自|从|至|与)\s*$")
_THING_NOUNS: Final = re.compile(r"项目|工程|资金|专项|文件|通知|批次")
_CLAUSE_END: Final = re.compile(r"[。；;！？!?\n]")
_CENT: Final = Decimal("0.01")
_TOP, _BOTTOM = 0, 3  # ranks of the top and bottom grades
_RANK: Final = {"优": 0, "优秀": 0, "良": 1, "良好": 1, "中": 2, "一般": 2, "合格": 2,
                "差": 3, "较差": 3, "不合格": 3}  # fmt: skip


# ---- YEAR_TITLE_NE_CONTENT -----------------------------------------------------------------


@check(
    "YEAR_TITLE_NE_CONTENT", Category.CONSISTENCY, Severity.ERROR,
    title="标题年度与所评价的年度不符", rule="R17",
    why="取标题中的年度，与正文中财政年度用语（“YYYY年（度）”后接整体支出、预算、决算、收入、"
    "支出、年末）最常出现的年度比较；两者不同即报告。日期、项目名称和文号中的年份不计。"
    "正文年度用语少于 min_phrases 处或两个年度出现次数相同时不作判断。",
    min_phrases=2,
)  # fmt: skip
def title_year_not_content_year(inp: CheckInput) -> Iterator[Hit]:
    """The title's year is not the most frequent year of the fiscal-year phrases."""
    ev = inp.evaluation
    if ev.title_year is None:
        return
    phrases = [
        (int(m.group("y")), m.group(0)) for m in _FISCAL_PHRASE.finditer(flat(inp.facts.text))
    ]
    ranked = Counter(y for y, _ in phrases).most_common(2)
    if not ranked or ranked[0][1] < int(inp.setting("min_phrases")):
        return
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return
    year, n = ranked[0]
    if year == ev.title_year:
        return
    examples = list(dict.fromkeys(p for y, p in phrases if y == year))[:3]
    yield hit(
        f"标题为{ev.title_year}年度（“{ev.title or ''}”），正文评价的却是{year}年"
        f"（“{'”“'.join(examples)}”等{n}处）",
        Location(field="title"),
        None,
        title=ev.title, title_year=ev.title_year, content_year=year, phrases=n, examples=examples,
    )  # fmt: skip


# ---- TARGET_DEADLINE_BEFORE_YEAR -----------------------------------------------------------


@check(
    "TARGET_DEADLINE_BEFORE_YEAR", Category.CONSISTENCY, Severity.WARNING,
    title="目标的完成期限早于目标所属年度", rule="R12",
    why="在绩效目标部分（目标章节、项目的绩效目标和指标）找“YYYY年”后 window 个字以内跟着"
    "完成期限用语（完成、前完成、底前、年底、年中）的说法；年份早于文件的年度，说明目标沿用了"
    "往年文字（R12、R14 完整性）。“截至…”“较…”等时点或比较、已完成的事（“已…”“…完成的”）、"
    "项目名称中的年份不计。",
    window=15, deadline_words="前完成、底前、年底、完成",
)  # fmt: skip
def deadline_before_year(inp: CheckInput) -> Iterator[Hit]:
    """A target of year Y with a deadline in an earlier year (one finding per paragraph)."""
    ev = inp.evaluation
    year = ev.fiscal_year
    if year is None:
        return
    window = int(inp.setting("window"))
    deadline = words(inp.setting("deadline_words"))
    for label, text, loc in target_texts(ev):
        for paragraph in (text or "").split("\n"):
            found = _stale_deadlines(paragraph, year, window, deadline)
            if not found:
                continue
            yield hit(
                f"{year}年度的绩效目标（{label}）写有“{'”“'.join(found)}”，完成期限早于"
                f"{year}年，疑为沿用往年的目标文字",
                loc,
                None,
                year=year, where=label, phrases=found, paragraph=excerpt(paragraph),
            )  # fmt: skip


def _stale_deadlines(text: str, year: int, window: int, deadline: tuple[str, ...]) -> list[str]:
    s = flat(text)
    found: list[str] = []
    for m in _YEAR.finditer(s):
        y = int(m.group("y"))
        if y >= year or _NOT_DEADLINE_BEFORE.search(s[max(0, m.start() - 4) : m.start()]):
            continue
        tail = s[m.end() - 1 : m.end() + window]  # from the 年 on
        cut = _CLAUSE_END.search(tail)
        nxt = _YEAR.search(tail, 1)
        end = min(x.start() for x in (cut, nxt) if x is not None) if (cut or nxt) else len(tail)
        tail = tail[:end]
        hit_at = _deadline_at(tail, deadline)
        if hit_at is None or "已" in tail[:hit_at] or _THING_NOUNS.search(tail[:hit_at]):
            continue
        found.append((s[m.start() : m.end()] + tail[1:]).strip("，,、 "))
    return found


def _deadline_at(tail: str, deadline: tuple[str, ...]) -> int | None:
    """Where the first deadline word of the clause is: "年中" only as a time (not 年中心), and
    no word used as an attribute ("2023年完成的项目" names past work, it sets no deadline)."""
    words_ = "|".join(re.escape(w) for w in deadline)
    spots = [m.start() for m in re.finditer(rf"(?:{words_})(?!的)", tail)]
    spots += [m.start() for m in re.finditer(r"年中(?=$|[，,、前完])", tail)]
    return min(spots) if spots else None


# ---- COMPLETION_PCT_NE_SCORE ---------------------------------------------------------------


@check(
    "COMPLETION_PCT_NE_SCORE", Category.CONSISTENCY, Severity.WARNING,
    title="所填完成率与得分或完成值不符", rule="R3.4",
    why="定性指标完成率填100%却未得满分（得分低于分值0.01以上），完成率与得分自相矛盾（R4）；"
    "正向定量指标的完成率应为实际值÷目标值（可超过100%，R3.4），相差超过0.5%（相对）即报告；"
    "反向指标完成时完成率为100%。按比例填写（1.06 表示 106%）的不计。",
)  # fmt: skip
def completion_pct_not_score(inp: CheckInput) -> Iterator[Hit]:
    """The stated 完成率 against the tier score (qualitative) or a ÷ t (quantitative)."""
    ev = inp.evaluation
    quals: dict[int, tuple[Decimal, Decimal, Decimal]] = {}
    for pos, ind, line in inp.indicators():
        stated = ind.completion_pct
        if stated is None or line is None or line.note == "execution_from_amounts":
            continue
        w = ind.weight if ind.weight is not None else line.weight  # the document's own weight
        if ind.kind is ValueKind.QUALITATIVE or line.method == "tiers":
            score = ind.score
            if (
                stated == HUNDRED
                and w is not None
                and score is not None
                and score < w - SCORE_TOLERANCE
            ):
                quals[pos] = (stated, score, w)
            continue
        expected = completion_pct(line)
        if expected is None or rates_agree(stated, expected):
            continue
        if rates_agree(stated * HUNDRED, expected):  # written as a ratio
            continue
        loc = ind.location.at("completion_pct") if ind.location else None
        yield hit(
            f"指标“{ind.name}”完成率填{stated}%，按实际值{ind.actual}与目标{ind.target}应为"
            f"{expected.quantize(_CENT)}%",
            loc, line.rule,
            row=ind.name, target=ind.target, actual=ind.actual, completion_pct=stated,
            expected=expected.quantize(_CENT),
        )  # fmt: skip
    for place in places(ev, quals):
        ind = first_row(ev, place)
        stated, score, w = quals[place.positions[0]]
        loc = ind.location.at("completion_pct") if ind.location else None
        if place.scope is None:
            yield hit(
                f"定性指标“{ind.name}”完成率填100%，得分却只有{score}分（分值{w}分）",
                loc, None, row=ind.name, completion_pct=stated, score=score, weight=w,
            )  # fmt: skip
            continue
        rows = row_names(ev, place.positions)
        yield hit(
            f"{place.scope}的{len(rows)}项定性指标完成率均填100%，得分却都低于分值"
            f"（如“{ind.name}”{score}/{w}分）",
            loc, None,
            block=place.scope, rows=rows, count=len(rows), completion_pct=stated,
            scores=[f"{quals[p][1]}/{quals[p][2]}" for p in place.positions],
        )  # fmt: skip


# ---- NARRATIVE_TABLE_MISMATCH --------------------------------------------------------------


@check(
    "NARRATIVE_TABLE_MISMATCH", Category.CONSISTENCY, Severity.ERROR,
    title="正文与表格所列同一数字不一致", rule="arithmetic",
    why="正文中写明的部门总额、基本支出、项目支出、人员经费、公用经费（换算为万元）与自评表资金行"
    "（年初预算数、全年预算数、全年执行数）逐一比较，与该行任何一列都不相符（差额超过0.01万元，"
    "并放宽到正文数字末位的半个单位）即报告；正文所写总得分、等级与表中总分、等级不同也报告。"
    "写明其他年度的句子不比较。",
)  # fmt: skip
def narrative_table_mismatch(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    funds = table_funds(ev)
    if funds:
        for fig in figures_in(ev):
            fund = funds.get(fig.label)
            if fund is None:
                continue
            columns = {
                "年初预算数": fund.initial,
                "全年预算数": fund.total,
                "全年执行数": fund.executed,
            }
            known = {k: v for k, v in columns.items() if v is not None}
            if not known or any(fig.agrees(v) for v in known.values()):
                continue
            main = known.get("全年预算数", next(iter(known.values())))
            gap = abs(fig.value - main).quantize(_CENT)
            yield hit(
                f"正文写{fig.label}{fig.written}，自评表“{fund.name}”为"
                f"{main.quantize(_CENT)}万元，相差{gap}万元",
                fund.location.at("total") if fund.location else None,
                None,
                label=fig.label, text_value=fig.value, table_value=main,
                table_columns=[f"{k}{v.quantize(_CENT)}" for k, v in known.items()],
                sentence=excerpt(fig.sentence), section=fig.section,
            )  # fmt: skip
    yield from _score_mismatch(inp)


def _score_mismatch(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    if not any(i.location is not None and i.location.table is not None for i in ev.indicators):
        return
    for score, grade, sentence in score_statements(ev):
        stated, stated_grade = ev.stated_total_score, ev.stated_grade
        if stated is not None and abs(score - stated) > SCORE_TOLERANCE:
            yield hit(
                f"正文写总得分{score}分，自评表总分为{stated}分",
                Location(field="stated_total_score"), None,
                text_score=score, table_score=stated, sentence=excerpt(sentence),
            )  # fmt: skip
        elif grade and stated_grade and _RANK.get(grade) != _RANK.get(stated_grade):
            yield hit(
                f"正文写评价等级“{grade}”，自评表为“{stated_grade}”",
                Location(field="stated_grade"), None,
                text_grade=grade, table_grade=stated_grade, sentence=excerpt(sentence),
            )  # fmt: skip


# ---- RESULT_CONTRADICTS_GRADE --------------------------------------------------------------


@check(
    "RESULT_CONTRADICTS_GRADE", Category.CONSISTENCY, Severity.WARNING,
    title="项目完成情况与其等级或问题说明矛盾", rule="R1.2",
    why="项目完成情况写“已完成”“已掌握”“完成了”，却评为最低等级（较差/差），或存在问题中说该项目"
    "未开展、不再开展、未实施、未完成；反之，完成情况说未开展却评为最高等级。项目名称去掉年份和"
    "“项目”后相似度不低于 name_similarity 即视为同一项目（R1.2）。",
    name_similarity=Decimal("0.9"), done_words="已完成、已掌握、完成了",
)  # fmt: skip
def result_contradicts_grade(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    done_words = words(inp.setting("done_words"))
    threshold = float(inp.setting("name_similarity"))
    bands = inp.facts.bands
    for p in ev.projects:
        if not p.achieved:
            continue
        grade = p.grade or (band_of(p.score, bands) if p.score is not None else None)
        done = next((w for w in done_words if w in flat(p.achieved)), None)
        not_done = _not_done(p.achieved)
        problem = next((x for x in ev.problems if _names(x, p, threshold) and _not_done(x)), None)
        rank = _RANK.get(grade or "")
        loc = p.location.at("achieved") if p.location else None
        if done and (rank == _BOTTOM or problem):
            why = f"评为“{grade}”" if rank == _BOTTOM else ""
            if problem:
                why += ("，" if why else "") + f"存在问题中又说“{_not_done(problem)}”"
            yield hit(
                f"项目“{p.name}”完成情况写“{done}”，却{why}",
                loc, None,
                project=p.name, done_word=done, grade=grade, problem=excerpt(problem),
                achieved=excerpt(p.achieved),
            )  # fmt: skip
        elif not_done and rank == _TOP:
            yield hit(
                f"项目“{p.name}”完成情况写“{not_done}”，却评为“{grade}”",
                loc, None, project=p.name, not_done=not_done, grade=grade,
                achieved=excerpt(p.achieved),
            )  # fmt: skip


_NOT_DONE: Final = re.compile(r"(?:未|不再)[^，,。；;]{0,4}?(?:开展|实施)|未能?完成")


def _not_done(text: str | None) -> str | None:
    m = _NOT_DONE.search(flat(text or ""))
    return m.group(0) if m else None


def _names(problem: str, p: ProjectLine, threshold: float) -> bool:
    """The problem item is about the project: its head (before the colon) names it."""
    head = re.split(r"[：:]", problem, maxsplit=1)[0]
    return len(head) < len(problem) and same_project(head, p.name, threshold)


# ---- DUPLICATE_RESULT_ACROSS_PROJECTS ------------------------------------------------------


@check(
    "DUPLICATE_RESULT_ACROSS_PROJECTS", Category.CONSISTENCY, Severity.WARNING,
    title="不同项目报告了同一段完成情况", rule="R1.2",
    why="两个名称不同的项目，完成情况文字（规范化后不少于 min_chars 个字）相似度不低于 similarity，"
    "即同一成果被重复计入或照抄（R1.2）。相同文字的几个项目合报一条。",
    similarity=Decimal("0.95"), min_chars=15,
)  # fmt: skip
def duplicate_result(inp: CheckInput) -> Iterator[Hit]:
    ev = inp.evaluation
    threshold = float(inp.setting("similarity"))
    min_chars = int(inp.setting("min_chars"))
    items = [(i, p) for i, p in enumerate(ev.projects) if len(norm(p.achieved)) >= min_chars]
    parent = {i: i for i, _ in items}
    best: dict[int, float] = {}
    for n, (i, p) in enumerate(items):
        for j, q in items[n + 1 :]:
            if norm(p.name) == norm(q.name):
                continue
            ratio = similarity(p.achieved, q.achieved, at_least=threshold)
            if ratio >= threshold:
                root_i, root_j = _root(parent, i), _root(parent, j)
                parent[root_j] = root_i
                best[j] = max(best.get(j, 0.0), ratio)
    clusters: dict[int, list[int]] = {}
    for i, _ in items:
        clusters.setdefault(_root(parent, i), []).append(i)
    for members in clusters.values():
        if len(members) == 1:
            continue
        names = [ev.projects[i].name for i in members]
        later = ev.projects[members[-1]]
        ratio = min(best.get(i, 1.0) for i in members[1:])
        yield hit(
            f"{len(members)}个项目（{'、'.join(f'“{n}”' for n in names)}）的完成情况几乎相同"
            f"（相似度{ratio:.2f}）",
            later.location.at("achieved") if later.location else None, None,
            projects=names, similarity=f"{ratio:.2f}", achieved=excerpt(later.achieved),
        )  # fmt: skip


def _root(parent: dict[int, int], i: int) -> int:
    while parent[i] != i:
        i = parent[i]
    return i
