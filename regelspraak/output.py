"""The stable JSON shape of `regels run --format json` (also what the web service and simulator will speak).

These pydantic models document and validate the shape; `api.result_json` produces it with exact numbers.
"""
from __future__ import annotations

from datetime import date
from typing import Union

from pydantic import BaseModel, ConfigDict, Field

Value = Union[bool, int, float, str, None, list]


class Cause(BaseModel):
    """The finding that made a value impossible to compute (its own, or that of a value it depends on)."""
    code: str
    object: str
    attribuut: str | None
    melding: str


class ObjectResult(BaseModel):
    """One object with every attribute value (exact decimals as JSON numbers, leeg as null) and kenmerk. A value
    that could not be computed is null too, and `mislukt` names the finding that caused it: null in
    `attributen` or `kenmerken` means leeg only when the name is not in `mislukt`."""
    model_config = ConfigDict(extra="forbid")
    id: str
    type: str
    attributen: dict[str, Value] = Field(description="attribuutnaam → waarde; datums als JJJJ-MM-DD")
    kenmerken: dict[str, bool | None]
    mislukt: dict[str, Cause] = Field(default_factory=dict,
                                      description="naam → de bevinding waardoor de waarde niet te berekenen is")


class RuleRef(BaseModel):
    regel: str
    artikelen: list[str] = Field(description="JCI-verwijzingen van de regel")


class FindingOut(BaseModel):
    """A problem with one object (conflict, division by zero, inconsistency); the other objects stand."""
    code: str
    object: str
    attribuut: str | None
    melding: str
    regels: list[RuleRef]


class DiagnosticOut(BaseModel):
    code: str
    ernst: str
    melding: str
    bestand: str
    regel: int
    kolom: int
    hulp: str | None
    wet: str | None


class RunOutput(BaseModel):
    """What `regels run --format json` prints."""
    model_config = ConfigDict(extra="forbid")
    rekendatum: date
    objecten: list[ObjectResult]
    bevindingen: list[FindingOut]
    diagnostieken: list[DiagnosticOut] = []


def run_output_schema() -> dict:
    return RunOutput.model_json_schema()
