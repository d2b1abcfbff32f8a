"""Command-line values parsed in the handlers, so a bad one is a one-line UserError naming
its flag rather than argparse's usage dump."""

from __future__ import annotations

import datetime as dt

from sprint.errors import UserError


def parse_number(text: str, flag: str, kind: type) -> int | float:
    try:
        return kind(text)
    except ValueError:
        raise UserError(f"{flag} must be {'an integer' if kind is int else 'a number'}, got {text!r}") from None


def parse_date(text: str | None, flag: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{flag} must be a date YYYY-MM-DD, got {text!r}") from None


def parse_month(text: str | None, flag: str) -> dt.date | None:
    """A YYYY-MM month as the date of its first day."""
    if text is None:
        return None
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise UserError(f"{flag} must be a month YYYY-MM, got {text!r}") from None
