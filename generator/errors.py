"""The generator's one error a caller can cause: a bad argument, with a message that says what to fix."""

from __future__ import annotations


class GeneratorArgumentError(ValueError):
    """An argument `generate` cannot use (the CLI prints the message as one line)."""


def check(condition: bool, message: str) -> None:
    if not condition:
        raise GeneratorArgumentError(message)
