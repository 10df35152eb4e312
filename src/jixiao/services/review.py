"""What the bureau's review pages use from the core: the re-score's blend with the self-score
(:mod:`jixiao.scoring.blend`) and full marks without 佐证材料 (:mod:`jixiao.analysis.evidence`).
The web imports them from here (design.md §3: the web goes through services)."""

from __future__ import annotations

from jixiao.analysis.evidence import missing_evidence, row_key
from jixiao.scoring.blend import NO_BLEND, blend, blend_of, grade_of_final

__all__ = ["NO_BLEND", "blend", "blend_of", "grade_of_final", "missing_evidence", "row_key"]
