"""Checks: (Evaluation, RuleSet, ScoreCard) → findings. Pure; one module per category."""
