"""genres."""
