"""Write a synthetic corpus of 项目支出绩效自评表 in every format, with controlled errors.

The shape is the national project form of the demo document
``src/jixiao/demo/minzheng-2024-project-self-eval.txt`` (header, money block, goals,
indicator rows, total): the generator fills it with departments of real counties (so the rule
set is inferred: Hebei, Gansu or national), projects followed over three fiscal years, indicator
rows from per-bureau templates, and scores computed by the rules (ratio for missed targets,
execution points = E × 10), so a clean document gives none of the injected codes. Then, by
chance and recorded in ``OUT_DIR/.manifest.jsonl``:

- per document (``injected``): SCORE_FULL_BELOW_TARGET, ROW_SCORES_NE_TOTAL, GRADE_NE_BANDS,
  EXEC_RATE_NE_AMOUNTS, SATISFACTION_TARGET_100;
- across documents (``planted``): TARGET_BELOW_LAST_ACTUAL (a target at last year's actual),
  TEXT_REUSED (the goal copied from another department's project), EXEC_PEER_OUTLIER
  (E = 15 %), TARGET_UNCHANGED_YEARS (a target kept three years while the actual exceeds it).

Formats: txt, html, docx, xlsx (the builders of tests/formats) and pdf (LibreOffice, from the
docx, many files per call); ``--pages 3`` adds a narrative (基本情况, 完成情况, 存在问题 …) so
that a PDF has about three pages. No seed sentence is used: every text is made here.

    python benchmarks/make_corpus.py OUT_DIR [--documents 10000] [--formats txt,html,docx,xlsx]
                                     [--pages 1] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.formats.build import build_docx, build_html, build_xlsx, items_of  # noqa: E402

D = Decimal
Q = D("0.01")
MANIFEST = ".manifest.jsonl"  # hidden: a batch over the folder leaves it out
COUNTIES = {
    "河北省": ["正定县", "井陉县", "平山县", "赞皇县", "灵寿县", "行唐县"],
    "甘肃省": ["庆城县", "环县", "华池县", "合水县", "宁县"],
    "山西省": ["平遥县", "祁县", "太谷区", "介休市"],
}
BUREAUS = {
    "民政局": [
        ("困难群众救助资金", "救助对象人数", "人", 3000),
        ("养老服务补贴", "补贴发放人数", "人", 1200),
    ],
    "教育局": [
        ("义务教育公用经费", "保障学生人数", "人", 20000),
        ("校舍维修改造", "维修校舍面积", "平方米", 8000),
    ],
    "农业农村局": [
        ("高标准农田建设", "建设农田面积", "亩", 15000),
        ("动物防疫补助", "免疫畜禽数量", "万头", 40),
    ],
    "水利局": [
        ("农村饮水安全巩固", "改造供水工程数量", "处", 30),
        ("河道治理工程", "治理河道长度", "公里", 12),
    ],
    "卫生健康局": [
        ("基本公共卫生服务", "建立健康档案人数", "人", 150000),
        ("计划生育扶助", "扶助对象人数", "人", 900),
    ],
    "自然资源局": [
        ("耕地保护补偿", "补偿耕地面积", "亩", 60000),
        ("地质灾害防治", "治理隐患点数量", "处", 15),
    ],
}


def _parts(*choices: str) -> tuple[tuple[str, ...], ...]:
    """Each argument: the choices for one clause, separated by 、."""
    return tuple(tuple(c.split("、")) for c in choices)


QUALITY = [("资金发放准确率", "=", 100, "%"), ("项目验收合格率", "=", 100, "%")]
TIMELY = [("资金拨付及时率", "≥", 95, "%"), ("项目按期完成率", "≥", 90, "%")]
EFFECT = [("政策知晓率", "≥", 85, "%"), ("受益群众覆盖率", "≥", 90, "%")]
NARRATIVE = (
    "一、项目基本情况",
    "本项目由{dept}组织实施，资金用于{project}，覆盖全县各乡镇。",
    "二、绩效目标完成情况",
    "{year}年度各项产出指标基本完成，资金按计划拨付，项目管理规范有序。",
    "三、存在的问题",
    "部分乡镇资料报送不够及时，个别指标设置的科学性有待提高。",
    "四、改进措施",
    "下一步将加强过程监控，完善指标体系，提高预算编制的精准度。",
)


GOAL_PARTS = _parts(
    "聚焦民生短板、围绕年度重点任务、按照县委县政府部署、对照上级考核要求、立足本部门职责",
    "加快项目实施进度、规范资金拨付流程、完善项目管理制度、强化过程监督检查、细化任务分解落实",
    "确保资金安全高效使用、提高公共服务供给水平、推动政策措施落地见效、形成可复制的工作经验",
    "切实增强群众获得感、促进区域协调发展、巩固拓展已有成果、夯实基层工作基础、提升治理能力",
)
DONE_PARTS = _parts(
    "年内、全年、截至年底、本年度",
    "各项任务按期完成、主要指标全部达到预期、项目全部竣工验收、资金足额拨付到位、服务对象全部覆盖",
    "管理制度进一步健全、档案资料完整规范、群众反映良好、未发现违规使用资金问题、社会效益逐步显现",
)


def _phrase(rng: random.Random, parts: tuple[tuple[str, ...], ...]) -> str:
    return "，".join(rng.choice(p) for p in parts) + "。"


@dataclass
class Spec:
    """One document: who, what, which year, and what was injected or planted."""

    province: str
    county: str
    bureau: str
    project: str
    code: str
    year: int
    measure: str
    unit: str
    base: int
    injected: list[str] = field(default_factory=list)
    planted: list[str] = field(default_factory=list)
    goal: str | None = None
    target: int | None = None
    actual: int | None = None


def _q(x: Decimal) -> Decimal:
    return x.quantize(Q, rounding=ROUND_HALF_UP)


def _rows(
    spec: Spec, rng: random.Random, budget: Decimal, executed: Decimal
) -> list[tuple[str, str, str, str, str, Decimal, Decimal]]:
    """(level1, level2, name, target, actual, weight, points) for the indicator rows."""
    target = spec.target or spec.base
    actual = spec.actual if spec.actual is not None else int(target * rng.uniform(0.92, 1.1))
    rows = []
    main_points = D(10) if actual >= target else _q(D(10) * D(actual) / D(target))
    rows.append(
        (
            "产出指标",
            "数量指标",
            spec.measure,
            f"≥{target}{spec.unit}",
            f"{actual}{spec.unit}",
            D(10),
            main_points,
        )
    )
    for level2, pool in (("质量指标", QUALITY), ("时效指标", TIMELY)):
        name, cmp, value, unit = rng.choice(pool)
        got = value if cmp == "=" else min(100, value + rng.randint(1, 4))
        rows.append(("产出指标", level2, name, f"{cmp}{value}{unit}", f"{got}{unit}", D(10), D(10)))
    rows.append(
        ("产出指标", "成本指标", "项目总成本", f"≤{budget}万元", f"{executed}万元", D(20), D(20))
    )
    name, cmp, value, unit = rng.choice(EFFECT)
    rows.append(
        (
            "效益指标",
            "社会效益指标",
            name,
            f"{cmp}{value}{unit}",
            f"{value + 3}{unit}",
            D(30),
            D(30),
        )
    )
    satisfaction = "≥100%" if "SATISFACTION_TARGET_100" in spec.injected else "≥90%"
    pleased = "100%" if "SATISFACTION_TARGET_100" in spec.injected else "95%"
    rows.append(
        ("满意度指标", "服务对象满意度指标", "受益对象满意度", satisfaction, pleased, D(10), D(10))
    )
    if "SCORE_FULL_BELOW_TARGET" in spec.injected:
        first = rows[0]
        rows[0] = (*first[:4], f"{int(target * 0.8)}{spec.unit}", D(10), D(10))
    return rows


def document(spec: Spec, rng: random.Random, pages: int) -> str:
    dept = f"{spec.county}{spec.bureau}"
    total = D(rng.randint(200, 5000))
    rate_pct = D(15) if "EXEC_PEER_OUTLIER" in spec.planted else D(rng.randint(91, 100))
    executed = _q(total * rate_pct / 100)
    e = _q(executed / total * 100)
    stated_rate = e + 3 if "EXEC_RATE_NE_AMOUNTS" in spec.injected else e
    exec_points = _q(D(10) * e / 100)
    rows = _rows(spec, rng, total, executed)
    score = sum((r[6] for r in rows), exec_points)
    stated = score - 5 if "ROW_SCORES_NE_TOTAL" in spec.injected else score
    grade = "优秀" if stated >= 90 else "良好" if stated >= 80 else "合格" if stated >= 60 else "差"
    if "GRADE_NE_BANDS" in spec.injected:
        grade = "差" if grade == "优秀" else "优秀"
    goal = spec.goal or f"{spec.project}：{_phrase(rng, GOAL_PARTS)}"
    lines = [
        "项目支出绩效自评表",
        f"（{spec.year}年度）",
        f"填报单位：{spec.province}{dept}",
        "金额单位：万元",
        f"项目名称\t{spec.project}\t\t\t\t\t\t",
        f"项目编码\t{spec.code}\t\t\t\t\t\t",
        f"主管部门\t{dept}\t\t\t实施单位\t{dept}\t\t",
        "项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        f"\t年度资金总额\t{total}\t{total}\t{executed}\t10\t{stated_rate}%\t{exec_points}",
        f"\t其中：当年财政拨款\t{total}\t{total}\t{executed}\t/\t{e}%\t/",
        "年度总体目标\t预期目标\t\t\t实际完成情况\t\t\t",
        f"\t{goal}\t\t\t{spec.measure}{spec.actual}{spec.unit}，{_phrase(rng, DONE_PARTS)}\t\t\t",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    ]
    last = ["", ""]
    for l1, l2, name, target, actual, weight, points in rows:
        reason = "受项目进度影响，部分任务未完成，下年度加快实施。" if points < weight else ""
        cells = ["" if l1 == last[0] else l1, "" if l2 == last[1] else l2]
        lines.append("\t".join([*cells, name, target, actual, str(weight), str(points), reason]))
        last = [l1, l2]
    lines.append(f"总分\t\t\t\t\t100\t{stated}\t")
    lines.append(f"自评结论：综合评分{stated}分，评价等级为{grade}。")
    for _ in range(max(0, pages - 1)):
        lines += [p.format(dept=dept, project=spec.project, year=spec.year) for p in NARRATIVE] * 3
    return "\n".join(lines) + "\n"


INJECT = (
    ("SCORE_FULL_BELOW_TARGET", 0.05),
    ("ROW_SCORES_NE_TOTAL", 0.05),
    ("GRADE_NE_BANDS", 0.04),
    ("EXEC_RATE_NE_AMOUNTS", 0.04),
    ("SATISFACTION_TARGET_100", 0.05),
)


def _targets(spec: Spec, i: int, kind: float, specs: list[Spec], rng: random.Random) -> None:
    """Year ``i`` of a series: kept target (kind < 0.04), target at last year's actual
    (< 0.10), else a target rising 10 % a year and met."""
    base = spec.base
    if kind < 0.04:  # kept three years, exceeded each year
        spec.target, spec.actual = base, int(base * 1.2)
        if i > 0:  # a kept target is also below last year's actual
            spec.planted.append("TARGET_BELOW_LAST_ACTUAL")
        if i == 2:
            spec.planted.append("TARGET_UNCHANGED_YEARS")
    elif kind < 0.10 and i > 0:  # this year's target at last year's actual
        last = specs[-1]
        last.actual = max(last.actual or base, (last.target or base) + 1)
        spec.target, spec.actual = last.actual, int((last.actual or base) * 1.05)
        spec.planted.append("TARGET_BELOW_LAST_ACTUAL")
    else:
        spec.target = int(base * (1 + 0.1 * i))
        spec.actual = int(spec.target * rng.uniform(1.0, 1.08))


def _copy_goals(specs: list[Spec], rng: random.Random, n: int) -> None:
    """A goal copied from another department's project; the finding goes to the newer."""
    for spec in rng.sample(specs, max(1, n // 50)):
        source = rng.choice(specs)
        if source.county + source.bureau != spec.county + spec.bureau:
            spec.goal = (
                f"统筹推进{source.project}，{source.measure}稳步增加，服务群众的能力和"
                f"水平显著提升，为{source.county}经济社会发展提供有力保障。"
            )
            source.goal = spec.goal
            newer = max(spec, source, key=lambda x: (x.year, specs.index(x)))
            newer.planted.append("TEXT_REUSED")


def plan(n: int, rng: random.Random) -> list[Spec]:
    """Projects followed over 2022–2024 (three documents each), errors injected by chance."""
    specs: list[Spec] = []
    k = 0
    while len(specs) < n:
        province = rng.choice(list(COUNTIES))
        county = rng.choice(COUNTIES[province])
        bureau = rng.choice(list(BUREAUS))
        project, measure, unit, base = rng.choice(BUREAUS[bureau])
        code = f"{rng.randint(130000, 659999)}{k:06d}"
        base = int(base * rng.uniform(0.6, 1.6))
        kind = rng.random()
        for i, year in enumerate((2022, 2023, 2024)):
            name = f"{project}（{k}）"
            spec = Spec(province, county, bureau, name, code, year, measure, unit, base)
            _targets(spec, i, kind, specs, rng)
            spec.injected += [c for c, p in INJECT if rng.random() < p]
            if rng.random() < 0.01:
                spec.planted.append("EXEC_PEER_OUTLIER")
            specs.append(spec)
        k += 1
    _copy_goals(specs, rng, n)
    return specs[:n]


def _pdfs(docx_files: list[Path], outdir: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("PDF 需要 LibreOffice（soffice）")
    with tempfile.TemporaryDirectory() as profile:
        for start in range(0, len(docx_files), 200):
            batch = [str(p) for p in docx_files[start : start + 200]]
            subprocess.run(
                [
                    soffice,
                    "--headless",
                    f"-env:UserInstallation=file://{profile}",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(outdir),
                    *batch,
                ],
                check=True,
                capture_output=True,
                timeout=3600,
            )


def write_corpus(
    out: Path, n: int, formats: list[str], pages: int, seed: int
) -> list[dict[str, object]]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    pending_pdf: list[Path] = []
    scratch = Path(tempfile.mkdtemp(prefix="jixiao-corpus-"))
    for i, spec in enumerate(plan(n, rng)):
        fmt = formats[i % len(formats)]
        text = document(spec, rng, pages)
        path = out / f"{i:05d}-{spec.year}.{fmt}"
        if fmt == "txt":
            path.write_text(text, encoding="utf-8")
        elif fmt == "pdf":
            pending_pdf.append(build_docx(items_of(text), scratch / f"{path.stem}.docx"))
        else:
            {"html": build_html, "docx": build_docx, "xlsx": build_xlsx}[fmt](items_of(text), path)
        manifest.append(
            {
                "path": str(path.resolve()),
                "format": fmt,
                "year": spec.year,
                "department": f"{spec.county}{spec.bureau}",
                "project": spec.project,
                "code": spec.code,
                "injected": spec.injected,
                "planted": spec.planted,
            }
        )
    if pending_pdf:
        _pdfs(pending_pdf, out)
    shutil.rmtree(scratch, ignore_errors=True)
    with (out / MANIFEST).open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest)
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--formats", default="txt,html,docx,xlsx")
    parser.add_argument("--pages", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    t0 = time.perf_counter()
    manifest = write_corpus(
        args.out, args.documents, args.formats.split(","), args.pages, args.seed
    )
    print(
        f"wrote {len(manifest):,} documents to {args.out} in {time.perf_counter() - t0:.1f} s "
        f"({MANIFEST} lists what was injected)"
    )


if __name__ == "__main__":
    main()
