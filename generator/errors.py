"""Argument checks that raise the CLI's one-line user error."""

from __future__ import annotations

from sprint.errors import UserError


def check(condition: bool, message: str) -> None:
    if not condition:
        raise UserError(message)
