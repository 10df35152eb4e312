"""The bureau's dashboards: aggregates over the records a user may see, one fiscal year at a time
(and year over year), each computed in SQL with GROUP BY; no document is read and no Python loop
runs over the records themselves, only over the groups (units × grades, years × grades,
categories × severities).

Scope: :func:`jixiao.storage.selectors.visible_records` (a reviewer or auditor: the units under
their bureau, never drafts; a filler: their own unit; an administrator: everything). Findings are
counted from :class:`RecordFinding` by its own year and unit columns (index
``finding_year_category``), in the units of :func:`selectors.visible_units`, without the drafts'
where the user may not see drafts.

Means are exact: SQL gives ``Sum`` and ``Count``; on SQLite the sum of a decimal column comes
back as a float (the column is REAL), so the sum is first quantized to 2 places (every value has
2 places, and the float error of ≤ 100 000 additions is far below 0.005, so this recovers the
exact sum), then divided in ``Decimal`` and rounded half-up to 2 places.

>>> mean(Decimal("240.0000000001"), 3)
Decimal('80.00')
>>> mean(Decimal("0"), 0) is None
True
>>> share(1, 3)
Decimal('33.33')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, QuerySet, Sum

from jixiao.model.findings import Category, Severity
from jixiao.model.workflow import Role, Status
from jixiao.storage import selectors
from jixiao.storage.models import Record, RecordFinding, Unit
from jixiao.storage.records import TARGET_DOC_TYPE

TWO: Final = Decimal("0.01")
HUNDRED: Final = Decimal(100)
UNGRADED: Final = "未评级"
# the four columns, with the labels each rule set uses for them (national 优良中差, Hebei R11)
GRADE_COLUMNS: Final = (
    ("优", ("优", "优秀")),
    ("良", ("良", "良好")),
    ("中", ("中", "一般")),
    ("差", ("差", "较差")),
)
GRADE_HEADERS: Final = (*(label for label, _ in GRADE_COLUMNS), UNGRADED)
_COLUMN_OF: Final = {g: k for k, (_, labels) in enumerate(GRADE_COLUMNS) for g in labels}
SEVERITIES: Final = tuple(s.value for s in sorted(Severity, key=lambda s: -s.rank))
CATEGORIES: Final = tuple(c.value for c in Category)  # interface.md §3, in its order
MAX_POINTS: Final = 2000
HASH_FACTOR, HASH_MODULUS = 48271, 2**31 - 1  # the scatter's sample (MINSTD)
EXECUTION_LINE: Final = Decimal(80)  # % of the budget spent
SCORE_LINE: Final = Decimal(90)  # points (the national 优 band)


def mean(total: Decimal | None, count: int) -> Decimal | None:
    """``total / count`` rounded half-up to 2 places; ``None`` when nothing was counted."""
    if not count or total is None:
        return None
    exact = Decimal(total).quantize(TWO, rounding=ROUND_HALF_UP)
    return (exact / count).quantize(TWO, rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, 2 places, half-up."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / whole).quantize(TWO, rounding=ROUND_HALF_UP)


def grade_column(grade: str) -> int:
    """The column (0–3 for 优良中差, 4 for 未评级) a stored grade label counts in."""
    return _COLUMN_OF.get(grade, len(GRADE_COLUMNS))


def _int(expression: Any) -> ExpressionWrapper[Any]:
    return ExpressionWrapper(expression, output_field=IntegerField())


def _visible(user: Any) -> QuerySet[Record]:
    """The evaluations the user may see: target tables have no score or grade to chart."""
    return selectors.visible_records(user).exclude(doc_type=TARGET_DOC_TYPE).order_by()


def default_year(user: Any) -> int | None:
    """The latest fiscal year of the records the user may see (walks the year index backwards
    and stops at the first visible record)."""
    first = (
        _visible(user).filter(fiscal_year__isnull=False).order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)[:1]
    )  # fmt: skip
    return next(iter(first), None)


# --- one pass over the records -----------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """The visible records of one (year, unit, grade): what every record chart needs."""

    year: int | None
    unit_id: int
    grade: str
    records: int
    scored: int
    score_sum: Decimal  # exact (see the module's note)
    executed: int
    execution_sum: Decimal
    both: int  # with a score and an execution rate
    quadrants: tuple[int, int, int]  # of ``both``: high/high, high/low, low/high (exec/score)


def record_groups(user: Any, year: int | None = None) -> list[Group]:
    """One GROUP BY (year, unit, grade) over the records the user may see, of one fiscal year
    or of all: a single scan feeds the grade table, the scatter's counts and the years."""
    records = _visible(user)
    if year is not None:
        records = records.filter(fiscal_year=year)
    # Grouped on (year, grade, unit) in the order of the ``record_dashboard`` index, which also
    # holds the scope's columns and the sums' inputs: SQLite reads that index alone, in group
    # order (27 ms for 100 000 records; the table and a temporary b-tree took 46–60 ms).
    has_both = Q(score__isnull=False, execution_rate__isnull=False)
    high_exec, high_score = Q(execution_rate__gte=EXECUTION_LINE), Q(score__gte=SCORE_LINE)
    rows = records.values_list("fiscal_year", "grade", "unit_id").annotate(
        n=Count("pk"), scored=Count("score"), score_sum=Sum("score"),
        executed=Count("execution_rate"), execution_sum=Sum("execution_rate"),
        both=Count("pk", filter=has_both),
        hh=Count("pk", filter=has_both & high_exec & high_score),
        hl=Count("pk", filter=has_both & high_exec & ~high_score),
        lh=Count("pk", filter=has_both & ~high_exec & high_score),
    )  # fmt: skip
    return [
        Group(y, u, g, n, scored, _sum(ss), executed, _sum(es), both, (hh, hl, lh))
        for y, g, u, n, scored, ss, executed, es, both, hh, hl, lh in rows
    ]


def _of_year(user: Any, year: int, groups: list[Group] | None) -> list[Group]:
    if groups is None:
        groups = record_groups(user, year)
    return [g for g in groups if g.year == year]


# --- (a) grade distribution by unit -------------------------------------------------------


@dataclass(frozen=True)
class GradeRow:
    unit_id: int
    unit: str
    counts: tuple[int, ...]  # 优 良 中 差 未评级 (GRADE_HEADERS)

    @property
    def total(self) -> int:
        return sum(self.counts)


def grade_distribution(user: Any, year: int, groups: list[Group] | None = None) -> list[GradeRow]:
    """Per unit (by name): how many records of the year are graded 优/良/中/差 (优秀/良好/一般/较差
    counted with them), and how many have no grade (or a label of no band)."""
    counts: dict[int, list[int]] = {}
    for g in _of_year(user, year, groups):
        counts.setdefault(g.unit_id, [0] * len(GRADE_HEADERS))[grade_column(g.grade)] += g.records
    names = dict(Unit.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    rows = [GradeRow(pk, names.get(pk, ""), tuple(c)) for pk, c in counts.items()]
    return sorted(rows, key=lambda r: (r.unit, r.unit_id))


# --- (b) execution rate against score ----------------------------------------------------


@dataclass(frozen=True)
class Point:
    record_id: int
    execution_rate: Decimal
    score: Decimal
    title: str
    unit: str


@dataclass(frozen=True)
class Scatter:
    points: list[Point]
    total: int  # records of the year with both a score and an execution rate
    step: int  # 1: every point; k: about one in k (see execution_scatter)
    # (execution ≥ 80 %, score ≥ 90) → records, over all ``total`` records, not the sample
    quadrants: dict[tuple[bool, bool], int]

    @property
    def shown(self) -> int:
        return len(self.points)


def execution_scatter(
    user: Any, year: int, cap: int = MAX_POINTS, groups: list[Group] | None = None
) -> Scatter:
    """Execution rate (%) and recomputed score of the year's records that have both. Above
    ``cap`` records, a deterministic sample: with k = ceil(total / cap), the records whose
    ``id × 48271 mod (2³¹ − 1)`` is a multiple of k (about one in k, spread evenly whatever
    order the ids were given in), at most ``cap`` of them, by id."""
    mine = _of_year(user, year, groups)
    total = sum(g.both for g in mine)
    hh, hl, lh = (sum(g.quadrants[k] for g in mine) for k in range(3))
    quadrants = {
        (True, True): hh, (True, False): hl, (False, True): lh,
        (False, False): total - hh - hl - lh,
    }  # fmt: skip
    step = max(1, -(-total // cap))
    both = _visible(user).filter(
        fiscal_year=year, score__isnull=False, execution_rate__isnull=False
    )
    if step > 1:  # a multiplicative hash of the id, so no pattern in the ids aliases with k
        mixed = _int(F("pk") * HASH_FACTOR % HASH_MODULUS % step)
        both = both.alias(sample=mixed).filter(sample=0)
    columns = ("pk", "execution_rate", "score", "title", "unit__name")
    rows = both.order_by("pk").values_list(*columns)[:cap]
    # the converters give 2-place decimals (SQLite's quantizes its REAL to the column's places)
    points = [Point(pk, e, s, t, u) for pk, e, s, t, u in rows if e is not None and s is not None]
    return Scatter(points, total, step, quadrants)


# --- (c) findings by category and severity -----------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    category: str  # interface.md §3 value
    counts: tuple[int, ...]  # error warning info (SEVERITIES)

    @property
    def total(self) -> int:
        return sum(self.counts)


def findings_by_category(user: Any, year: int) -> list[FindingRow]:
    """The stored findings of the year in the user's units, per category and severity (every
    category listed, in interface.md's order; one never found counts zeros), from the
    findings' own year and unit columns: the covering index ``finding_year_category`` alone.

    A reviewer or auditor never sees drafts: the findings of the year's drafts are counted
    apart and taken off. They are reached from the drafts (index ``record_public``: status,
    year) through each draft's findings (index on ``record_id``), a few thousand rows at most,
    with the finding's own year and unit only checked (``+ 0`` keeps the planners off the year
    index, whose every row would otherwise be fetched to read its ``record_id``). A finding
    carries its record's year and unit (storage.records.keep_findings), so what is taken off
    was counted."""
    units, drafts = _scope(user)
    found = RecordFinding.objects.order_by().filter(fiscal_year=year)
    if units is not None:
        found = found.filter(unit_id__in=units)
    table = {c: [0] * len(SEVERITIES) for c in CATEGORIES}
    _add(table, found, 1)
    if not drafts:
        of_drafts = Record.objects.filter(status=Status.DRAFT.value, fiscal_year=year)
        hidden = (
            RecordFinding.objects.order_by()
            .alias(
                year_only=_int(F("fiscal_year") + 0),
                unit_only=_int(F("unit_id") + 0),
            )
            .filter(year_only=year, unit_only__in=units or [],
                    record_id__in=of_drafts.values("pk"))
        )  # fmt: skip
        _add(table, hidden, -1)
    return [FindingRow(c, tuple(counts)) for c, counts in table.items()]


def _add(table: dict[str, list[int]], found: QuerySet[RecordFinding], sign: int) -> None:
    # COUNT(*), not COUNT(id): PostgreSQL's index holds no id, and reading the index alone
    # (an index-only scan) is what keeps this at 2 ms instead of 16
    groups = found.values_list("category", "severity").annotate(n=Count("*"))
    for category, severity, n in groups:
        if severity in SEVERITIES:
            row = table.setdefault(category, [0] * len(SEVERITIES))
            row[SEVERITIES.index(severity)] += sign * n


def _scope(user: Any) -> tuple[list[int] | None, bool]:
    """The units whose records the user may see (``None``: all) and whether drafts are among
    them, by the rules of :func:`selectors.visible_records`."""
    role = selectors.role_of(user)
    if role is Role.ADMIN:
        return None, True
    units = list(selectors.visible_units(user).values_list("pk", flat=True))
    return units, role is Role.FILLER


# --- (d) year over year ------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    records: int
    scored: int
    mean_score: Decimal | None
    grade_counts: tuple[int, ...]  # 优 良 中 差 未评级
    with_execution: int
    mean_execution: Decimal | None

    @property
    def grade_shares(self) -> tuple[Decimal | None, ...]:
        return tuple(share(n, self.records) for n in self.grade_counts)


def year_over_year(user: Any, groups: list[Group] | None = None) -> list[YearRow]:
    """Per fiscal year (oldest first): records, mean recomputed score, the share of each grade
    and the mean execution rate, over every visible record of the year."""
    acc: dict[int, list[Any]] = {}
    for g in record_groups(user) if groups is None else groups:
        if g.year is None:
            continue
        a = acc.setdefault(g.year, [0, 0, Decimal(0), [0] * len(GRADE_HEADERS), 0, Decimal(0)])
        a[0] += g.records
        a[1] += g.scored
        a[2] += g.score_sum
        a[3][grade_column(g.grade)] += g.records
        a[4] += g.executed
        a[5] += g.execution_sum
    return [
        YearRow(year, n, scored, mean(ss, scored), tuple(c), executed, mean(es, executed))
        for year, (n, scored, ss, c, executed, es) in sorted(acc.items())
    ]


def _sum(value: Any) -> Decimal:
    """A SQL sum of a 2-place column, exact (see the module's note)."""
    return Decimal(0) if value is None else Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)
