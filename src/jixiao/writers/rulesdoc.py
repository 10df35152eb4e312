"""A rule set as Markdown: what `jixiao rules show` prints and docs/rules.md holds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from jixiao.model.numbers import fmt
from jixiao.rules import catalog
from jixiao.rules.ruleset import RuleSet
from jixiao.rules.schema import RuleSetMeta, Source
from jixiao.rules.values import Band


def summarize(value: Any) -> str:
    """A compact one-line text for any rule value."""
    if value is None:
        return "（无：此规则不适用）"
    if isinstance(value, Band):
        return f"≥{fmt(value.min)} {value.grade}"
    if isinstance(value, BaseModel):
        items = value.model_dump(exclude_none=True, exclude_defaults=False)
        return "，".join(
            f"{k}={summarize(getattr(value, k))}"
            for k in items
            if getattr(value, k) not in ((), [])
        )
    if isinstance(value, tuple | list):
        return "；".join(summarize(v) for v in value)
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    return str(getattr(value, "value", value))


def _source(s: Source) -> str:
    parts = [p for p in (s.doc, s.title) if p]
    text = "《" + "》".join(parts[1:2]) + "》" if len(parts) > 1 else ""
    head = parts[0] + text if parts else ""
    extra = f"，{s.ref}" if s.ref else ""
    note = f"；{s.note}" if s.note else ""
    return f"{head}（置信度 {s.confidence}{extra}）{note}"


def _meta(m: RuleSetMeta) -> list[str]:
    region = "".join(x for x in (m.region.province, m.region.city, m.region.county) if x) or "全国"
    lines = [f"## {m.name} — {m.title}", ""]
    lines.append(
        f"- 适用地区：{region}；生效：{m.effective}；性质：{m.standing}；置信度：{m.confidence}"
    )
    if m.doc:
        lines.append(f"- 文号：{m.doc}" + (f"（{m.issued} 发布）" if m.issued else ""))
    if m.extends:
        lines.append(f"- 继承：{m.extends}（只列本规则集改动的参数）")
    if m.note:
        lines.append(f"- 说明：{m.note}")
    return [*lines, ""]


def ruleset_markdown(rs: RuleSet) -> str:
    lines = _meta(rs.meta)
    for path, pd in rs.params.items():
        param = pd.param
        rule_id = rs.rule_id(path)
        label = param.label or next(
            (p.params[path].param.label for p in rs.chain() if path in p.params and
             p.params[path].param.label), ""
        )  # fmt: skip
        lines.append(f"### `{path}` · {rule_id} · {label}")
        for day, entry in sorted(param.values.items()):
            shown = f"方案 {entry.variant}" if entry.variant else summarize(entry.value)
            lines.append(f"- {day} 起：{shown}")
            lines.append(f"  - 来源：{_source(entry.source)}")
        for name, variant in param.variants.items():
            lines.append(f"- 可选方案 `{name}`（{variant.label}）：{summarize(variant.value)}")
            lines.append(f"  - 来源：{_source(variant.source)}")
        lines.append("")
    return "\n".join(lines)


def catalog_markdown() -> str:
    """Every shipped rule set (docs/rules.md)."""
    head = [
        "# 规则集（由 `rules/data` 生成，勿手改：`jixiao rules show` 输出相同内容）",
        "",
        "每个取值自其日期起生效，按评价年度的12月31日查找；地区规则集只列其改动。",
        "",
    ]
    return "\n".join(head + [ruleset_markdown(catalog.get(n)) for n in catalog.names()])
