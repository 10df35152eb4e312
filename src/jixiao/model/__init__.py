"""Pure data: the evaluation, its values, blocks, score cards and findings (stdlib only)."""
