"""Run-time findings (R6xx): the error a rule raises for one instance, the finding a run keeps, and every
message text, written once for all evaluators.

A `RuleError` is raised while one value is computed; the evaluation driver turns it into a `Finding` for that
instance and value, and the run goes on for the others.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Protocol

from ..codes import Code
from ..errors import RunError
from .values import format_number


class Rule(Protocol):
    """What a finding needs of a rule version (a plan Version, or the compiled runtime's Rule)."""
    @property
    def rule(self) -> str: ...
    @property
    def articles(self) -> tuple[Any, ...]: ...
    def label(self) -> str: ...


class RuleError(RunError):
    """A rule could not be applied to one instance (conflict, division by zero, missing parameter…)."""

    code: Code

    def __init__(self, code: Code, message: str, rules: tuple[Any, ...] = ()):
        super().__init__(code, message)
        self.code, self.rules = code, rules

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.code, self.message, self.rules)


@dataclass
class Finding:
    """A problem for one instance: the run goes on for the others."""
    code: str
    instance: str
    attribute: str | None
    message: str
    rules: tuple[Any, ...] = ()

    def cause(self) -> str:
        """The finding in a few words, for a value that failed because of it ('R601 bij p1: conflict …')."""
        return f"{self.code} bij {self.instance}: {self.message}"


class Failed:
    """The value of a member whose evaluation failed (a finding, or an input that failed): not leeg, not a
    number. Everything that reads it fails too; outputs show it as failed with the finding that caused it."""
    __slots__ = ()
    _instance: Failed | None = None

    def __new__(cls) -> Failed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "FAILED"

    def __bool__(self) -> bool:
        raise TypeError("a failed value has no truth value")

    def __reduce__(self) -> tuple[Any, ...]:
        return Failed, ()


FAILED = Failed()


class FailedInput(RunError):
    """Raised by a read of a value that failed: what reads it fails too, for the same cause (no new finding)."""

    def __init__(self, cause: Finding):
        super().__init__(Code(cause.code), f"hangt af van een waarde die niet kon worden berekend ({cause.cause()})")
        self.cause = cause

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.cause,)


def articles_of(r: Rule) -> str:
    """The articles of a rule version for a message: 'Wzt art. 2 lid 1, Wzt art. 3' or 'geen artikel'."""
    return ", ".join(a.show() for a in r.articles if a.article) or "geen artikel"


def _day(on: date) -> str:
    return on.strftime("%d-%m-%Y")


# ------------------------------------------------------------------ the errors, one function per message

def conflict(a: Rule, b: Rule, name: str, instance: str) -> RuleError:
    return RuleError(Code.R601, f"conflict: regels '{a.label()}' ({articles_of(a)}) en '{b.label()}' ({articles_of(b)}) "
                             f"stellen allebei '{name}' van {instance} vast", (a, b))


def evaluation_error(message: str, r: Rule) -> RuleError:
    """R602: a value operation failed (division by zero, a date that does not exist, minimum above maximum…)."""
    return RuleError(Code.R602, f"{message} in regel '{r.label()}'", (r,))


def unknown_construct(what: str) -> RuleError:
    return RuleError(Code.R602, f"onbekende uitdrukking {what}")


def cycle(name: str, instance: str) -> RuleError:
    return RuleError(Code.R502, f"kringverwijzing: '{name}' van {instance} hangt van zichzelf af")


def sign_violated(r: Rule, target: str, value: Fraction, sign: str) -> RuleError:
    return RuleError(Code.R604, f"'{target}' krijgt {format_number(value)}, maar is gedeclareerd als {sign}", (r,))


def too_many_decimals(r: Rule, target: str, value: Fraction, decimals: int) -> RuleError:
    return RuleError(Code.R604, f"'{target}' krijgt {format_number(value)}, meer decimalen dan de {decimals} die "
                             f"gedeclareerd zijn", (r,))


def missing_parameter(name: str, on: date, sets_in_force: tuple[str, ...] = ()) -> RuleError:
    """R605: no value for a parameter on the rekendatum; names the parameter sets that hold then, if any."""
    if not sets_in_force:
        return RuleError(Code.R605, f"parameter '{name}' heeft geen waarde op {_day(on)}: geen parameterset geldt dan")
    names = ", ".join(f"'{s}'" for s in sets_in_force)
    which = "de parameterset" if len(sets_in_force) == 1 else "de parametersets"
    return RuleError(Code.R605, f"parameter '{name}' heeft geen waarde op {_day(on)}: {which} {names} die dan "
                             f"{'geldt' if len(sets_in_force) == 1 else 'gelden'}, {'geeft' if len(sets_in_force) == 1 else 'geven'} hem niet")


def unknown_parameter_set(name: str) -> RuleError:
    return RuleError(Code.R605, f"parameterset '{name}' bestaat niet")


def parameter_set_not_in_force(name: str, on: date) -> RuleError:
    return RuleError(Code.R605, f"parameterset '{name}' geldt niet op de rekendatum {_day(on)}")


def too_many_players(base: str, role: str, found: list[str], fact_type: str, r: Rule | None) -> RuleError:
    return RuleError(Code.R606, f"{base} heeft meer dan één {role} ({', '.join(found)}), terwijl het feittype "
                             f"'{fact_type}' er één toestaat", (r,))


def inconsistent(r: Rule, instance: str) -> Finding:
    return Finding(Code.R603, instance, None, f"regel '{r.label()}' is inconsistent voor {instance}", (r,))


def not_unique(r: Rule, attribute: str, instance: str, ids: list[str]) -> Finding:
    return Finding(Code.R603, instance, attribute, f"regel '{r.label()}' is inconsistent: '{attribute}' van "
                                                f"{', '.join(ids)} is gelijk", (r,))
