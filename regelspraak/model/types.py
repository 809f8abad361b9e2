"""The types of the model: what an expression evaluates to (kind, decimals, unit, sign)."""
from __future__ import annotations

from dataclasses import dataclass

from .units import DIMENSIONLESS, Unit

__all__ = ["BOOLEAN", "DATE", "EMPTY", "NUMBER", "TEXT", "Type"]



@dataclass(frozen=True, slots=True)
class Type:
    """kind: number | percentage | boolean | text | date | enum | object | collection | empty."""
    kind: str
    decimals: int | None = None           # None = unbounded (e.g. after a division)
    unit: Unit = DIMENSIONLESS
    name: str | None = None               # enum domain or object type
    integer: bool = False
    sign: str | None = None               # negatief | niet-negatief | positief (declared attributes only)

    def show(self) -> str:
        """Dutch description for messages."""
        words = {"number": "getal", "percentage": "percentage", "boolean": "waar/onwaar", "text": "tekst",
                 "date": "datum", "enum": f"enumeratie {self.name}", "object": f"{self.name}",
                 "collection": f"verzameling {self.name}", "empty": "leeg"}
        base = words.get(self.kind, self.kind)
        return f"{base} in {self.unit}" if self.kind == "number" and not self.unit.is_dimensionless else base


NUMBER = Type("number")
BOOLEAN = Type("boolean")
DATE = Type("date")
TEXT = Type("text")
EMPTY = Type("empty")
