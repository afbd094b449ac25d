"""The 17 Sustainable Development Goals (ODS): number, official colour, names in es/pt/en."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from seminar.colours import text_on

DATA = Path(__file__).parent / "data" / "ods.csv"


@dataclass(frozen=True)
class Goal:
    number: int
    colour: str
    names: dict[str, str]

    @property
    def ink(self) -> str:
        """The colour of text on this goal's colour: black or white, for AA contrast."""
        return text_on(self.colour)

    def name(self, language: str = "es") -> str:
        return self.names.get(language) or self.names["es"]


@cache
def goals() -> dict[int, Goal]:
    with DATA.open(encoding="utf-8") as fh:
        return {
            int(row["number"]): Goal(
                int(row["number"]),
                row["colour"],
                {lang: row[f"name_{lang}"] for lang in ("es", "pt", "en")},
            )
            for row in csv.DictReader(fh)
        }


def goal(number: int) -> Goal:
    return goals()[number]
