"""Data problems that a person can act on: which file, which line, which column, which rule."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class DataProblem:
    file: str  # path relative to the project root, or 'book.xlsx[sheet]'
    line: int | None  # line in the raw file (header = 1), None for whole-file problems
    column: str | None
    value: str | None
    rule: str  # short machine id of the rule broken, e.g. 'code_unique'
    message: str  # what is wrong and what to do, for a person
    severity: Severity = "error"
    # the indicator and period the problem is about, when its row names them (the review's annex lists
    # problems by indicator); not part of a problem's identity
    code: str | None = field(default=None, compare=False)
    period: str | None = field(default=None, compare=False)

    def describe(self) -> str:
        where = self.file + (f", line {self.line}" if self.line is not None else "")
        where += f", column '{self.column}'" if self.column else ""
        value = f" (value {self.value!r})" if self.value is not None else ""
        return f"{where}{value}: {self.message} [rule {self.rule}]"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class DataError(Exception):
    """Raised when input data break hard rules; carries every problem found, not just the first."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = problems
        lines = [p.describe() for p in problems]
        super().__init__(f"{len(problems)} data error(s):\n" + "\n".join(f"  - {l}" for l in lines))


def format_problems(problems: list[DataProblem], title: str) -> str:
    if not problems:
        return f"{title}: none"
    return f"{title} ({len(problems)}):\n" + "\n".join(f"  - {p.describe()}" for p in problems)
