"""Input problems reported to the user, in French, all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, located as precisely as possible."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        text = ", ".join(where)
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
            text += f", valeur « {shown} »"
        return f"{text} : {self.message}"


#: Problems printed at most; past them, how many more (a file wrong from end
#: to end gives one per cell: the first ones say what to fix).
REPORTED = 100


class InputError(Exception):
    """Raised when input files are unusable; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:REPORTED]))

    def report(self) -> str:
        """French, human-readable report of the problems (the first
        :data:`REPORTED`, then how many more)."""
        n = len(self.problems)
        head = "1 erreur dans les données" if n == 1 else f"{n} erreurs dans les données"
        lines = [f"  - {p}" for p in self.problems[:REPORTED]]
        if n > REPORTED:
            lines.append(
                f"  … et {n - REPORTED} autres, non affichées : corrigez celles-ci (souvent la même erreur "
                "répétée) et relancez"
            )
        return head + " :\n" + "\n".join(lines)
