"""jixiao 绩效 — read, re-score, check and write Chinese budget-performance documents."""

__version__ = "0.1.0"
