"""The one exception a reader raises on purpose: the file cannot be read, and why (Chinese).

The registry turns it into :class:`jixiao.model.blocks.Unreadable` with the file name in front;
any other exception from a format library becomes a generic "无法读取" the same way.
"""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be read, for a reason the user can act on ("PDF已加密，无法读取")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
