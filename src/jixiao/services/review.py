"""What the bureau's review pages use from the core: the re-score's blend with the self-score
(:mod:`jixiao.scoring.blend`) and full marks without 佐证材料 (:mod:`jixiao.analysis.evidence`).
The web imports them from here (design.md §3: the web goes through services)."""

from __future__ import annotations

from jixiao.analysis.evidence import missing_evidence, row_key
from jixiao.scoring.blend import (
    MEAN_OF_GROUPS,
    NO_BLEND,
    blend,
    blend_of,
    grade_of_final,
    review_total,
)

__all__ = [
    "MEAN_OF_GROUPS", "NO_BLEND", "blend", "blend_of", "grade_of_final", "missing_evidence",
    "review_total", "row_key",
]  # fmt: skip
