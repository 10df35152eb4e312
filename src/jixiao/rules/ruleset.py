"""A rule set: its own dated values merged over the set it extends.

``value(path, fiscal_year)`` looks a parameter up for 31 December of the fiscal year: the most
specific set that has a value in force then wins; a set that has none in force defers to its
parent. A year before every value uses the earliest value and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jixiao.model.scorecard import RuleRef
from jixiao.rules.schema import DatedValue, Param, RuleSetMeta, Source


@dataclass(frozen=True)
class ParamData:
    """One parameter of one rule set, as validated, with where each value was written."""

    param: Param[Any]
    file: str  # "national-2020/scoring.yaml"
    lines: dict[str, int]  # ISO date (or "variant:<name>") → line


@dataclass(frozen=True)
class Resolved:
    """A looked-up value with its reference; ``warning`` when the year is not covered."""

    value: Any
    ref: RuleRef
    source: Source
    warning: str | None = None


@dataclass(eq=False)  # identity: a rule set is hashed and cached as the object it is
class RuleSet:
    meta: RuleSetMeta
    params: dict[str, ParamData]
    parent: RuleSet | None = None
    origin: str = ""  # directory or file the set was loaded from
    _cache: dict[tuple[str, int | None], Resolved | None] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.meta.name

    def chain(self) -> list[RuleSet]:
        """This set, then the set it extends, up to the root."""
        out: list[RuleSet] = []
        rs: RuleSet | None = self
        while rs is not None:
            out.append(rs)
            rs = rs.parent
        return out

    def paths(self) -> list[str]:
        """Every parameter path known along the chain, root order first."""
        seen: dict[str, None] = {}
        for rs in reversed(self.chain()):
            for p in rs.params:
                seen.setdefault(p, None)
        return list(seen)

    def rule_id(self, path: str) -> str:
        for rs in self.chain():
            pd = rs.params.get(path)
            if pd is not None and pd.param.id:
                return pd.param.id
        raise KeyError(path)

    def _variant(self, path: str, name: str) -> tuple[Any, Source, str]:
        for rs in self.chain():
            pd = rs.params.get(path)
            if pd is not None and name in pd.param.variants:
                v = pd.param.variants[name]
                return v.value, v.source, f"{pd.file}:{pd.lines.get('variant:' + name, '?')}"
        raise KeyError(f"{path}: variant {name}")  # the loader checks names exist

    def _entry(self, rs: RuleSet, path: str, day: date, entry: DatedValue[Any]) -> Resolved:
        pd = rs.params[path]
        origin = f"{pd.file}:{pd.lines.get(day.isoformat(), '?')}"
        value, source = entry.value, entry.source
        if entry.variant is not None:
            value, _variant_source, origin = self._variant(path, entry.variant)
        ref = RuleRef(rs.name, self.rule_id(path), path, day, source.doc or source.title, origin)
        return Resolved(value, ref, source)

    def lookup(self, path: str, fiscal_year: int | None) -> Resolved | None:
        """The value in force on 31 December of ``fiscal_year`` (latest known when ``None``).

        ``None`` when the parameter is unknown or its rule was ended (``value: null``).
        """
        key = (path, fiscal_year)
        if key not in self._cache:
            self._cache[key] = self._lookup(path, fiscal_year)
        return self._cache[key]

    def _lookup(self, path: str, fiscal_year: int | None) -> Resolved | None:
        on = date.max if fiscal_year is None else date(fiscal_year, 12, 31)
        earliest: tuple[RuleSet, date] | None = None
        for rs in self.chain():
            pd = rs.params.get(path)
            if pd is None or not pd.param.values:
                continue
            in_force = [d for d in pd.param.values if d <= on]
            if in_force:
                day = max(in_force)
                return self._entry(rs, path, day, pd.param.values[day])
            first = min(pd.param.values)
            if earliest is None or first < earliest[1]:
                earliest = (rs, first)
        if earliest is None:
            return None
        rs, day = earliest
        found = self._entry(rs, path, day, rs.params[path].param.values[day])
        warning = f"{fiscal_year}年早于规则“{path}”最早的取值（{day}起），沿用最早的取值"
        return Resolved(found.value, found.ref, found.source, warning)

    def value(self, path: str, fiscal_year: int | None) -> Any:
        """The bare value (``None`` when the rule is off or unknown)."""
        found = self.lookup(path, fiscal_year)
        return None if found is None else found.value
