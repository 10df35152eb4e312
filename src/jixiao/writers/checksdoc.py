"""The catalog of checks as Markdown (docs/findings.md), generated from the registry, so the
page and `jixiao check --list` cannot drift apart."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.checks.spec import CheckSpec
from jixiao.model.findings import Category

_CATEGORY_TITLES = {
    Category.ARITHMETIC: "arithmetic 算术",
    Category.SCORE_RULE: "score_rule 计分规则",
    Category.EXECUTION: "execution 预算执行",
    Category.GRADE: "grade 等级",
    Category.WEIGHTS: "weights 权重",
    Category.CONSISTENCY: "consistency 前后一致",
    Category.INDICATOR_QUALITY: "indicator_quality 指标质量",
    Category.SPENDING_PLAN: "spending_plan 资金支出计划",
    Category.COMPLETENESS: "completeness 完整性",
}


def findings_markdown(specs: Sequence[CheckSpec]) -> str:
    lines = [
        "# 检查项目（由检查注册表生成，勿手改：`jixiao check --list` 输出相同内容）",
        "",
        "每项检查有固定代码、唯一类别、默认级别和所依据的规则（rules.md 编号，或 arithmetic）。",
        "阈值可由规则集的 `checks.yaml` 调整；`jixiao check --explain 代码` 显示下列说明。",
        "",
        "| 代码 | 类别 | 级别 | 说明 | 规则 |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| `{s.code}` | {s.category.value} | {s.severity.value} | {s.title} | {s.rule} |"
              for s in specs]  # fmt: skip
    for category, title in _CATEGORY_TITLES.items():
        members = [s for s in specs if s.category is category]
        if not members:
            continue
        lines += ["", f"## {title}"]
        for s in members:
            lines += [
                "",
                f"### `{s.code}` · {s.severity.value} · {s.rule}",
                "",
                f"**{s.title}**。{s.why}",
            ]
            if s.defaults:
                params = "，".join(f"`{k}` = {v}" for k, v in s.defaults.items())
                lines += ["", f"可调参数（checks.yaml）：{params}"]
    return "\n".join(lines) + "\n"
