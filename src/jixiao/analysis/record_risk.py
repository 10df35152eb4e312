"""Moved to :mod:`jixiao.model.risk` (storage and the web may import the model, not analysis);
this name stays only while the review pages move over."""

from jixiao.model.risk import (  # noqa: F401
    PATTERN_POINTS,
    WEIGHTS,
    full_marks,
    patterns,
    reasons,
    risk_points,
)
