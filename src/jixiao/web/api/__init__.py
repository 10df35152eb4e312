"""The JSON API under /api/v1/ (interface.md §4): the documents of the CLI, token auth."""
