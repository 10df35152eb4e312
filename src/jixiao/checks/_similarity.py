"""Text comparison for the checks: normalised text (checks.md §0) and its similarity ratio.

>>> similarity("通过足额缴纳开垦费，加快批地进度。", "通过足额缴纳开垦费, 加快批地进度")
1.0
"""

from __future__ import annotations

import functools
from difflib import SequenceMatcher

from jixiao.model.text import compact

__all__ = ["norm", "similarity"]


@functools.lru_cache(maxsize=8192)
def _compact(text: str) -> str:
    return compact(text)


def norm(text: str | None) -> str:
    """Normalised text for comparison (checks.md §0); ``""`` for ``None``. Cached: pairwise
    checks normalise the same texts many times."""
    return _compact(text) if text else ""


def similarity(a: str | None, b: str | None, at_least: float = 0.0) -> float:
    """``SequenceMatcher.ratio`` of the normalised texts (0 when either is empty).

    With ``at_least``, a pair that cannot reach it (by length, then by the quick upper bound)
    gets that bound back without the full comparison — still below ``at_least``.

    >>> similarity("一二三四", "一二三四五六七八九十", at_least=0.9) < 0.9
    True
    """
    x, y = norm(a), norm(b)
    if not x or not y:
        return 0.0
    bound = 2 * min(len(x), len(y)) / (len(x) + len(y))
    if bound < at_least:
        return bound
    matcher = SequenceMatcher(None, x, y, autojunk=False)
    if at_least:
        quick = matcher.quick_ratio()
        if quick < at_least:
            return quick
    return matcher.ratio()
