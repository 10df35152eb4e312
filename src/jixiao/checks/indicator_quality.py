"""indicator_quality checks (interface.md §3)."""

from __future__ import annotations
