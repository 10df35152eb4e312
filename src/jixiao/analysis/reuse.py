"""Text reused across documents (checks.md §11 ``TEXT_REUSED``): goals, results and 存在问题
nearly the same (similarity ≥ 0.9) as another project's or another year's, and indicator rows
copied word for word (name, target and actual) across projects or years.

Texts are normalised first (checks.md §0). Boilerplate is removed: a text (or a row) found,
word for word or nearly, in the documents of five or more departments is a template (the
stock phrases of a province's outline), not a copy. Finding near-duplicates among
thousands of texts does not compare every pair: texts that share one of four min-hashes of
their character 4-grams are candidates (for texts this similar, nearly always), and only the
candidates are compared with ``difflib.SequenceMatcher``. Each finding goes to the newer
document (later year, then later path) and names the documents it repeats.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final

from jixiao.analysis.common import Doc, IndicatorFact, make_finding, norm, paths_text
from jixiao.model.findings import Category, Finding, Severity

SIMILARITY: Final = 0.9
MIN_NAME: Final = 4  # characters of an indicator name
MIN_CHARS: Final = 20  # shorter texts ("无", "按时完成") are not telling
TEMPLATE_DEPARTMENTS: Final = 5  # in this many departments' documents: boilerplate
MASKS: Final = (0x0, 0x5BD1E995, 0x2F0B3C61, 0x7FEB352D)
BUCKET_CAP: Final = 200  # a bigger bucket is a template variant, not a copy
KINDS: Final = {"goal": "绩效目标", "achieved": "实际完成情况", "problem": "存在问题"}


@dataclass(frozen=True)
class Text:
    doc: Doc
    kind: str
    text: str  # as written
    key: str  # normalised

    def order(self) -> tuple[int, str]:
        return (self.doc.year or 0, self.doc.path)


def texts_of(doc: Doc) -> Iterator[Text]:
    e = doc.extract
    items = [("goal", e.get("goal")), ("achieved", e.get("achieved"))]
    items += [("problem", p) for p in e.get("problems") or []]
    for p in e.get("projects") or []:
        items += [("goal", p.get("goal")), ("achieved", p.get("achieved"))]
    seen = set()
    for kind, text in items:
        key = norm(text) if isinstance(text, str) else ""
        if len(key) >= MIN_CHARS and (kind, key) not in seen:
            seen.add((kind, key))
            yield Text(doc, kind, str(text), key)


def _signature(key: str) -> tuple[int, ...]:
    grams = {zlib.crc32(key[i : i + 4].encode("utf-8")) for i in range(len(key) - 3)}
    return tuple(min(g ^ m for g in grams) for m in MASKS)


def _templates(texts: list[Text]) -> set[str]:
    departments: dict[str, set[str]] = defaultdict(set)
    for t in texts:
        departments[t.key].add(norm(t.doc.department) or t.doc.path)
    return {k for k, d in departments.items() if len(d) >= TEMPLATE_DEPARTMENTS}


def _candidates(texts: list[Text]) -> set[tuple[int, int]]:
    buckets: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for i, t in enumerate(texts):
        for band, value in enumerate(_signature(t.key)):
            buckets[t.kind, band, value].append(i)
    pairs = set()
    for members in buckets.values():
        if len(members) > BUCKET_CAP:
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                if texts[a].doc.path != texts[b].doc.path:
                    pairs.add((min(a, b), max(a, b)))
    return pairs


def similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if 2 * min(len(a), len(b)) / (len(a) + len(b)) < SIMILARITY:
        return 0.0  # the ratio cannot reach the threshold
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
        return 0.0
    return matcher.ratio()


def _text_finding(newer: Text, older: list[tuple[Text, float]]) -> Finding:
    label = KINDS[newer.kind]
    best = max(r for _, r in older)
    message = (f"{label}“{newer.text[:40]}”与另外{len(older)}份文件几乎相同（相似度"
               f"{best:.2f}），疑为照抄")  # fmt: skip
    evidence = {"kind": newer.kind, "text": newer.text[:200], "similarity": f"{best:.2f}",
                "documents": paths_text(t.doc.path for t, _ in older)}  # fmt: skip
    return make_finding("TEXT_REUSED", Category.CONSISTENCY, Severity.INFO, newer.doc, message,
                        evidence, "batch")  # fmt: skip


def text_findings(docs: Iterable[Doc]) -> list[Finding]:
    texts = [t for d in docs for t in texts_of(d)]
    templates = _templates(texts)
    texts = [t for t in texts if t.key not in templates]
    older: dict[int, list[tuple[Text, float]]] = defaultdict(list)
    partners: dict[int, set[str]] = defaultdict(set)  # departments writing the same thing
    for a, b in _candidates(texts):
        ratio = similarity(texts[a].key, texts[b].key)
        if ratio >= SIMILARITY:
            first, second = sorted((a, b), key=lambda i: texts[i].order())
            older[second].append((texts[first], ratio))
            partners[a].add(norm(texts[b].doc.department) or texts[b].doc.path)
            partners[b].add(norm(texts[a].doc.department) or texts[a].doc.path)
    return [
        _text_finding(texts[i], found)
        for i, found in sorted(older.items())
        if len(partners[i]) < TEMPLATE_DEPARTMENTS  # nearly the same in many: a template
    ]


# ---- indicator rows copied word for word -----------------------------------------------


def _row_key(f: IndicatorFact) -> str | None:
    """Name, target and actual, normalised; only rows with a number in the target and an
    actual, so stock qualitative rows ("达成年度指标") are not taken for copies."""
    target, actual = norm(f.target), norm(f.actual)
    if len(f.key) < MIN_NAME or not actual or not any(c.isdigit() for c in target):
        return None
    return f"{f.key}|{target}|{actual}"


def row_findings(facts: Iterable[IndicatorFact], docs: dict[str, Doc]) -> list[Finding]:
    groups: dict[str, list[IndicatorFact]] = defaultdict(list)
    for f in facts:
        key = _row_key(f)
        if key is not None:
            groups[key].append(f)
    copied: dict[str, list[tuple[IndicatorFact, IndicatorFact]]] = defaultdict(list)
    for rows in groups.values():
        departments = {norm(docs[f.path].department) or f.path for f in rows}
        distinct = {(f.project, f.year) for f in rows}
        if len(departments) >= TEMPLATE_DEPARTMENTS or len(distinct) == 1:
            continue
        first, *later = sorted(rows, key=lambda f: (f.year, f.path))
        for f in later:
            if f.path != first.path and (f.project, f.year) != (first.project, first.year):
                copied[f.path].append((f, first))
    return [_row_finding(docs[path], pairs) for path, pairs in sorted(copied.items())]


def _row_finding(doc: Doc, pairs: list[tuple[IndicatorFact, IndicatorFact]]) -> Finding:
    names = "、".join(dict.fromkeys(f.name for f, _ in pairs))
    message = (f"{len(pairs)}行指标（{names[:60]}）的名称、目标值和实际完成值与其他项目或年度"
               f"的文件逐字相同")  # fmt: skip
    evidence = {"kind": "indicator", "rows": names,
                "documents": paths_text(src.path for _, src in pairs)}  # fmt: skip
    return make_finding("TEXT_REUSED", Category.CONSISTENCY, Severity.INFO, doc, message,
                        evidence, "batch")  # fmt: skip
