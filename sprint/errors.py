"""Errors a user can cause: printed by the CLI as one line, never as a traceback."""


class UserError(Exception):
    """Bad input or state the user can fix; the message says what and how."""
