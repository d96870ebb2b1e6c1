"""Errors whose message is meant for the clerk (Simplified Chinese)."""


class UserError(Exception):
    """Something the clerk can fix; ``str(error)`` is a complete Chinese sentence."""


class ValidationError(UserError):
    """Input that must not be stored. ``problems`` maps a field name to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("\n".join(self.problems.values()))

    @property
    def first_field(self) -> str:
        return next(iter(self.problems))
