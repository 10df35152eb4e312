"""The database benchmarks/web.py measures: run by it in a child process with the web app's
environment (DATABASE_URL, JIXIAO_DATA_DIR, DJANGO_SETTINGS_MODULE), so the settings are read
exactly as gunicorn reads them.

Migrates the fresh database, then loads N synthetic evaluations made from the demo documents:
each demo file is read (extract_path), split into its projects and assessed once; the records
vary year (2019–2025), unit, status, score and grade (jittered around the assessed score and
graded by the rule set's own bands), title; each keeps the real demo document (to_document) so
the detail pages render and re-score realistic content. Units: 20 finance bureaus × 10
departments × 2 branch units; the first bureau (a provincial capital's) holds half the records.
One reviewer of that bureau and one filler of its first department are created to measure as.

Each document carries 16–24 indicator rows (20 on average, 2 000 000 for 100 000 records): a
base's rows cut to that many, or, where it has fewer, rows split in two with their weight and
score halved (the block keeps its total); a narrative report without a table borrows the rows of
a table of its kind. Each record keeps a few of its base's real findings as ``RecordFinding``
rows (0–6, two on average, so the categories and severities follow the demo documents'), with
the errors and warnings columns counting them; ``flags`` are the risk patterns of its jittered
self-score, score and execution rate (``model.risk.patterns``), and ``risk`` the
queue's points from both (``risk_points``), as the save path sets them. The statuses by year put
about one record in ten in 已提交, the review queue.

Prints one JSON line: timings, counts and a sample of record ids the reviewer may open.

    DATABASE_URL=… JIXIAO_DATA_DIR=… python benchmarks/web_data.py --records 100000
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import django

BUREAUS = (
    "石家庄市", "井陉县", "怀来县", "庆城县", "鹿泉区", "正定县", "栾城区", "藁城区", "晋州市",
    "新乐市", "辛集市", "平山县", "元氏县", "赞皇县", "无极县", "深泽县", "赵县", "高邑县",
    "灵寿县", "行唐县",
)  # fmt: skip
DEPARTMENTS = (
    "自然资源和规划局", "民政局", "教育局", "卫生健康局", "交通运输局", "农业农村局", "水利局",
    "住房和城乡建设局", "生态环境局", "文化广电和旅游局",
)  # fmt: skip
BRANCHES = ("综合服务中心", "执法大队")
YEARS = tuple(range(2019, 2026))
BIG_BUREAU_SHARE = 0.5
REVIEWER = "bench-czj"
FILLER = "bench-filler"
BATCH = 2000
CHUNK = 10_000
ROWS_LOW, ROWS_HIGH = 16, 24  # indicator rows per document
FINDINGS_PER_RECORD = {0: 20, 1: 22, 2: 20, 3: 15, 4: 11, 5: 7, 6: 5}  # weights: mean ≈ 2.2

# status by fiscal year: old years are published, the current ones still in the workflow
STATUS_OLD = {"published": 80, "approved": 12, "submitted": 4, "returned": 2, "draft": 2}
STATUS_2024 = {"published": 50, "approved": 25, "submitted": 13, "returned": 5, "draft": 7}
STATUS_2025 = {"draft": 35, "submitted": 35, "returned": 10, "approved": 15, "published": 5}


@dataclass(frozen=True)
class Base:
    """One demo evaluation, assessed once: its document and what its columns say."""

    document: dict[str, Any]
    summary: Any  # jixiao.storage.records.Summary
    bands: tuple[Any, ...]  # the rule set's grade bands, to grade a jittered score
    department: bool
    name: str
    weight: int
    full_marks: bool  # every scored row claims its weight (a risk pattern)
    variants: dict[int, dict[str, Any]] | None = None  # rows → the document with that many


def risk_module() -> Any:
    """The record risk functions (patterns, risk_points, full_marks) of the revision measured:
    jixiao.model.risk, formerly jixiao.analysis.record_risk; None before issue 8."""
    import importlib  # noqa: PLC0415

    for name in ("jixiao.model.risk", "jixiao.analysis.record_risk"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def base_documents() -> list[Base]:
    from jixiao.scoring.params import params_for  # noqa: PLC0415
    from jixiao.services.assess import assess, split_projects, to_document  # noqa: PLC0415
    from jixiao.services.demo import demo_paths  # noqa: PLC0415
    from jixiao.services.extract import extract_path  # noqa: PLC0415
    from jixiao.web.flows import summary_of, with_locations  # noqa: PLC0415

    bases = []
    for path in demo_paths():
        extracted = extract_path(path)
        assert not hasattr(extracted, "reason"), extracted
        parts = split_projects(extracted.evaluation)  # type: ignore[union-attr]
        for part in parts:
            ev = with_locations(part)
            a = assess(ev)
            s = summary_of(a)
            # every demo file is equally likely (a file of several projects splits its share);
            # the three with a score count double, so grade filters select thousands
            weight = (2 if s.score is not None else 1) * 840 // len(parts)
            bands = params_for(a.selected.ruleset, ev.fiscal_year).grade_bands
            dept = ev.doc_type is not None and ev.doc_type.is_department
            name = ev.project or ev.title or path.stem
            risk = risk_module()
            full = risk is not None and risk.full_marks(a.card)
            base = Base(to_document(ev), s, bands, dept, name, weight, full)
            bases.append(base)
    return [with_rows(b, bases) for b in bases]


def with_rows(base: Base, bases: list[Base]) -> Base:
    """The base with a document for each row count from ROWS_LOW to ROWS_HIGH."""
    rows = base.document.get("indicators") or []
    if not rows:  # a narrative report: the rows of a table of its kind (else of any)
        donors = [b for b in bases if b.document.get("indicators")]
        same = [b for b in donors if b.department == base.department] or donors
        rows = max(same, key=lambda b: b.weight).document["indicators"]
    variants = {
        n: {**base.document, "indicators": resized(rows, n)} for n in range(ROWS_LOW, ROWS_HIGH + 1)
    }
    return Base(base.document, base.summary, base.bands, base.department, base.name,
                base.weight, base.full_marks, variants)  # fmt: skip


def _half(text: Any) -> tuple[Any, Any]:
    """A decimal string split in two parts that add up to it (2 places, the first rounded
    down); anything else stays on both."""
    from decimal import ROUND_DOWN, InvalidOperation  # noqa: PLC0415

    try:
        whole = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return text, text
    first = (whole / 2).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return str(first), str(whole - first)


def resized(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` indicator rows from ``rows``: the first ``n``, or every row in turn split in two
    (weight and score halved, the second named “（续）”) until there are ``n``."""
    out = [dict(r) for r in rows[:n]]
    k = 0
    while len(out) < n:
        row = out[k]
        w1, w2 = _half(row.get("weight")) if row.get("weight") else (None, None)
        s1, s2 = _half(row.get("score")) if row.get("score") else (None, None)
        twin = {**row, "level3": f"{row.get('level3') or ''}（续）", "weight": w2, "score": s2}
        out[k] = {**row, "weight": w1, "score": s1}
        out.insert(k + 1, twin)
        k = (k + 2) % len(out)
    for i, row in enumerate(out, start=1):
        row["location"] = {"sheet": "在线填报", "row": i}
    return out


def make_units() -> tuple[list[list[int]], list[int], dict[int, str]]:
    """The unit tree; returns, per bureau, the ids of the units that fill in (departments and
    branches), the bureau ids, and every unit's name."""
    from jixiao.storage.models import Unit  # noqa: PLC0415

    bureaus = Unit.objects.bulk_create(
        Unit(name=f"{b}财政局", kind=Unit.Kind.BUREAU, region=f"河北省{b}") for b in BUREAUS
    )
    depts = Unit.objects.bulk_create(
        Unit(name=f"{b}{d}", kind=Unit.Kind.DEPARTMENT, parent=bu, region=bu.region)
        for b, bu in zip(BUREAUS, bureaus, strict=True)
        for d in DEPARTMENTS
    )
    branches = Unit.objects.bulk_create(
        Unit(name=f"{dept.name}{x}", kind=Unit.Kind.BRANCH, parent=dept, region=dept.region)
        for dept in depts
        for x in BRANCHES
    )
    fillers: list[list[int]] = [[] for _ in bureaus]
    for k, dept in enumerate(depts):
        fillers[k // len(DEPARTMENTS)].append(dept.pk)
    for k, branch in enumerate(branches):
        fillers[k // (len(DEPARTMENTS) * len(BRANCHES))].append(branch.pk)
    names = {u.pk: u.name for u in (*bureaus, *depts, *branches)}
    return fillers, [b.pk for b in bureaus], names


def make_users(bureau_id: int, department_id: int) -> None:
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from jixiao.model.workflow import Role  # noqa: PLC0415
    from jixiao.storage.models import Membership  # noqa: PLC0415
    from jixiao.web.demo import DEMO_PASSWORD  # noqa: PLC0415

    users = get_user_model()
    for name, unit, role in (
        (REVIEWER, bureau_id, Role.REVIEWER),
        (FILLER, department_id, Role.FILLER),
    ):
        user = users.objects.create_user(username=name, password=DEMO_PASSWORD, first_name=name)
        Membership.objects.create(user=user, unit_id=unit, role=role.value)


def _jitter(value: Decimal | None, rng: random.Random, low: float, high: float) -> Decimal | None:
    if value is None:
        return None
    moved = value + Decimal(str(round(rng.uniform(low, high), 2)))
    return min(max(moved, Decimal(0)), Decimal(100)).quantize(Decimal("0.01"))


class Maker:
    """Synthetic records: a weighted demo evaluation in a random unit and year."""

    def __init__(self, bases: list[Base], fillers: list[list[int]], names: dict[int, str]):
        from jixiao.scoring.grade import band_of  # noqa: PLC0415

        self.band_of = band_of
        self.bases = bases
        self.weights = [b.weight for b in bases]
        self.fillers = fillers
        small = (1 - BIG_BUREAU_SHARE) / (len(fillers) - 1)
        self.bureau_weights = [BIG_BUREAU_SHARE] + [small] * (len(fillers) - 1)
        self.names = names
        self.rng = random.Random(2025)
        from jixiao.storage.models import Record  # noqa: PLC0415

        # ``--rev`` measures older revisions too: before issue 8 no risk, flags or findings
        self.has_risk = any(f.name == "risk" for f in Record._meta.get_fields())

    def status(self, year: int) -> str:
        table = STATUS_2025 if year == 2025 else STATUS_2024 if year == 2024 else STATUS_OLD
        return self.rng.choices(list(table), weights=list(table.values()))[0]

    def findings(self, base: Base) -> list[Any]:
        """A few of the base's real findings (0–6, two on average)."""
        k = self.rng.choices(list(FINDINGS_PER_RECORD), weights=list(FINDINGS_PER_RECORD.values()))
        pool = base.summary.findings
        return self.rng.sample(pool, min(k[0], len(pool)))

    def record(self) -> Any:
        from jixiao.model.findings import Severity  # noqa: PLC0415
        from jixiao.storage.models import Record  # noqa: PLC0415

        rng = self.rng
        base = rng.choices(self.bases, weights=self.weights)[0]
        s = base.summary
        bureau = rng.choices(range(len(self.fillers)), weights=self.bureau_weights)[0]
        unit = rng.choice(self.fillers[bureau])
        year = rng.choice(YEARS)
        status = self.status(year)
        score = _jitter(s.score, rng, -9, 3)
        stated = None if score is None else _jitter(score, rng, -1, 2)
        title = (
            f"{self.names[unit]}{year}年度部门整体支出绩效自评"
            if base.department
            else f"{year}年度{self.names[unit]}{base.name}"
        )
        published = None
        if status == "published":
            published = datetime(year + 1, rng.randint(3, 12), rng.randint(1, 28), tzinfo=UTC)
        execution = _jitter(s.execution_rate, rng, -6, 6)
        found = self.findings(base)
        severities = [f.severity for f in found]
        risk_of = risk_module()
        flags: tuple[str, ...] = ()
        risk = Decimal(0)
        if risk_of is not None:
            flags = risk_of.patterns(stated, score, execution, full_marks=base.full_marks)
            risk = risk_of.risk_points(severities, flags).quantize(Decimal("0.01"))
        assert base.variants is not None
        document = base.variants[rng.randint(ROWS_LOW, ROWS_HIGH)]
        return Record(
            unit_id=unit, fiscal_year=year, doc_type=s.doc_type, title=title[:300],
            status=status, score=score, stated_score=stated,
            grade="" if score is None else self.band_of(score, base.bands),
            stated_grade="" if stated is None else self.band_of(stated, base.bands),
            execution_rate=execution,
            errors=severities.count(Severity.ERROR), warnings=severities.count(Severity.WARNING),
            ruleset=s.ruleset, version=rng.randint(1, 4), published_at=published,
            **({"risk": risk, "flags": ",".join(flags)} if self.has_risk else {}),
        ), document, found  # fmt: skip


def load(n: int) -> dict[str, Any]:
    from django.db import connection, transaction  # noqa: PLC0415

    from jixiao.model.workflow import Status  # noqa: PLC0415
    from jixiao.storage import models  # noqa: PLC0415
    from jixiao.web.demo import DEMO_PASSWORD  # noqa: PLC0415

    Record = models.Record  # noqa: N806

    t0 = time.perf_counter()
    bases = base_documents()
    t_assess = time.perf_counter() - t0

    t0 = time.perf_counter()
    counts = {"indicator_rows": 0, "findings": 0}
    with transaction.atomic():
        fillers, bureau_ids, names = make_units()
        make_users(bureau_ids[0], fillers[0][0])
        maker = Maker(bases, fillers, names)
        for start in range(0, n, CHUNK):
            made = [maker.record() for _ in range(min(CHUNK, n - start))]
            counts["indicator_rows"] += sum(len(d["indicators"]) for _, d, _ in made)
            counts["findings"] += insert(made)
    t_insert = time.perf_counter() - t0
    t0 = time.perf_counter()
    if connection.vendor == "postgresql":  # what autovacuum does shortly after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    t_analyze = time.perf_counter() - t0
    visible = list(
        Record.objects.filter(unit_id__in=[bureau_ids[0], *fillers[0]])
        .exclude(status=Status.DRAFT.value)
        .values_list("pk", flat=True)
    )
    rng = random.Random(7)
    queue = Record.objects.filter(status=Status.SUBMITTED.value)
    return {
        **counts,
        "submitted": queue.count(),
        "reviewer_queue": _visible_submitted(Record, bureau_ids[0], fillers[0]),
        "password": DEMO_PASSWORD,
        "database_bytes": database_bytes(),
        "assess_seconds": t_assess,
        "insert_seconds": t_insert,
        "analyze_seconds": t_analyze,
        "bases": len(bases),
        "units": len(names),
        "records": Record.objects.count(),
        "reviewer_visible": len(visible),
        "detail_ids": rng.sample(visible, min(1000, len(visible))),
        "reviewer": REVIEWER,
        "filler": FILLER,
    }


def insert(made: list[tuple[Any, dict[str, Any], list[Any]]]) -> int:
    """A chunk of records with their documents and findings; the number of findings."""
    from django.db import connection  # noqa: PLC0415
    from django.db.models import JSONField, Value  # noqa: PLC0415

    from jixiao.storage import models  # noqa: PLC0415

    # the document has its own table since 74348b2; before, it was a column of the record
    # (``--rev`` measures older revisions too); findings are kept since issue 8
    RecordDocument = getattr(models, "RecordDocument", None)  # noqa: N806
    RecordFinding = getattr(models, "RecordFinding", None)  # noqa: N806
    chunk = [r for r, _, _ in made]
    if RecordDocument is None:
        for r, d, _ in made:
            r.document = d
    if connection.vendor == "postgresql":
        # An expression in a row makes Django insert with VALUES instead of UNNEST of
        # arrays: psycopg quotes an array literal with a regex substitution per
        # backslash and quote, and these documents are full of both (JSONField writes
        # \uXXXX escapes) — 2 000 rows took 47 s that way, 8 s this way.
        for r in chunk:
            r.version = Value(r.version)
    models.Record.objects.bulk_create(chunk, batch_size=BATCH)
    found = 0 if RecordFinding is None else keep_findings(RecordFinding, made)
    if RecordDocument is not None:
        docs = [RecordDocument(record_id=r.pk, document=d) for r, d, _ in made]
        if connection.vendor == "postgresql":  # VALUES, not UNNEST (as above)
            for rd in docs:
                rd.document = Value(rd.document, output_field=JSONField())
        RecordDocument.objects.bulk_create(docs, batch_size=BATCH)
    return found


def keep_findings(model: Any, made: list[tuple[Any, dict[str, Any], list[Any]]]) -> int:
    """The records' findings as the save path keeps them (storage.records.keep_findings)."""
    rows = [
        model(
            record_id=r.pk, fid=f.id, code=f.code[:60], category=f.category.value,
            severity=f.severity.value, message=f.message,
            place="" if f.location is None else f.location.describe()[:200],
            fiscal_year=r.fiscal_year, unit_id=r.unit_id,
        )
        for r, _, found in made
        for f in found
    ]  # fmt: skip
    model.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _visible_submitted(record: Any, bureau: int, units: list[int]) -> int:
    from jixiao.model.workflow import Status  # noqa: PLC0415

    mine = record.objects.filter(unit_id__in=[bureau, *units])
    return int(mine.filter(status=Status.SUBMITTED.value).count())


def database_bytes() -> int:
    from django.db import connection  # noqa: PLC0415

    if connection.vendor == "sqlite":
        return Path(connection.settings_dict["NAME"]).stat().st_size
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return int(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate = time.perf_counter() - t0
    result = load(args.records)
    result["migrate_seconds"] = migrate
    print(json.dumps(result))


if __name__ == "__main__":
    main()
