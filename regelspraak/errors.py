"""The errors the engine reports to a user, under one root. Every message is Dutch and names what is wrong.

- `RuleFileError`: rule files with errors (the diagnostics, with file, line, column and hint);
- `UnsupportedConstruct`: a backend cannot translate a construct of a rule yet (names it and the rule);
- `InputError` → `CaseError`, `ScenarioError`: a case or scenario file that cannot be used (names the field);
- `RunError`: a computation or run that cannot go on (with its R6xx code when it has one).

Internal control flow (a backend falling back, a parser rebuilding) uses its own exceptions, never these.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .codes import Code
from .diagnostics import Diagnostic, render_all
from .source import SourceFile

__all__ = ["CaseError", "InputError", "RegelspraakError", "RuleFileError", "RunError", "ScenarioError",
           "UnsupportedConstruct"]


class RegelspraakError(Exception):
    """The root: catch this to report any engine error to a user without a traceback."""


class RuleFileError(RegelspraakError):
    """Rule files have errors; holds every diagnostic, sorted by place, and the sources for excerpts."""

    def __init__(self, diagnostics: Sequence[Diagnostic], sources: Mapping[str, SourceFile]):
        self.diagnostics, self.sources = list(diagnostics), dict(sources)
        super().__init__(render_all(self.diagnostics, self.sources))


class UnsupportedConstruct(RegelspraakError):
    """A construct a backend cannot translate yet; names the construct and, where known, the rule."""

    def __init__(self, message: str, construct: str = "", rule: str | None = None):
        super().__init__(message)
        self.construct, self.rule = construct, rule


class InputError(RegelspraakError):
    """An input file that cannot be used; `problems` are Dutch sentences that each name a field."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems

    def __reduce__(self) -> tuple[Any, ...]:        # travels between processes (Dask workers)
        return type(self), (self.problems,)


class CaseError(InputError):
    """A case file (casus) that cannot be used."""


class ScenarioError(InputError):
    """A scenario file that cannot be used."""


class RunError(RegelspraakError):
    """A computation that cannot go on: a rule failing for an instance, an unknown parameter set, a record
    that stops a simulation. `code` is the R6xx code (R502 for a cycle) when there is one."""

    def __init__(self, code: Code | None, message: str):
        super().__init__(message)
        self.code, self.message = code, message

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.code, self.message)
