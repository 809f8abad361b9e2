"""Diagnostics: what is wrong in a rule file, where, and what to do about it (texts in Dutch)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .codes import Code
from .source import NO_SPAN, SourceFile, Span

ERROR = "fout"
WARNING = "waarschuwing"


@dataclass(frozen=True, slots=True)
class Label:
    """A span with a short note shown under the caret."""

    span: Span
    note: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: code (R1xx syntax … R6xx runtime), severity, a one-sentence Dutch message."""

    code: Code
    severity: str
    message: str
    primary: Label
    secondary: tuple[Label, ...] = ()
    hint: str = ""
    law: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        s = self.primary.span
        return (s.path, s.line, s.column, self.code)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the stable shape used by `--format json`)."""
        s = self.primary.span
        return {
            "code": self.code,
            "ernst": self.severity,
            "melding": self.message,
            "bestand": s.path,
            "regel": s.line,
            "kolom": s.column,
            "hulp": self.hint or None,
            "wet": self.law or None,
        }


@dataclass
class Diagnostics:
    """A collector that passes append to; never raises."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, d: Diagnostic) -> None:
        self.items.append(d)

    def error(self, code: Code, message: str, span: Span = NO_SPAN, note: str = "", hint: str = "",
              secondary: Iterable[Label] = (), law: str = "") -> None:
        self.add(Diagnostic(code, ERROR, message, Label(span, note), tuple(secondary), hint, law))

    def warning(self, code: Code, message: str, span: Span = NO_SPAN, note: str = "", hint: str = "",
                secondary: Iterable[Label] = (), law: str = "") -> None:
        self.add(Diagnostic(code, WARNING, message, Label(span, note), tuple(secondary), hint, law))

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        seen: set[tuple[str, Span, str]] = set()
        out: list[Diagnostic] = []
        for d in sorted(self.items, key=Diagnostic.sort_key):
            key = (d.code, d.primary.span, d.message)
            if key not in seen:
                seen.add(key)
                out.append(d)
        return out

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if d.is_error]


def render(d: Diagnostic, sources: Mapping[str, SourceFile] | None = None) -> str:
    """Render one diagnostic the way a rule author reads it: header, place, excerpt with caret, hint."""
    sources = sources or {}
    lines = [f"{d.severity}[{d.code}]: {d.message}"]
    for i, label in enumerate((d.primary, *d.secondary)):
        s = label.span
        if s is NO_SPAN or s.line == 0:
            if label.note and i > 0:
                lines.append(f"   = {label.note}")
            continue
        arrow = "-->" if i == 0 else ":::"
        lines.append(f"  {arrow} {s.path}:{s.line}:{s.column}")
        src = sources.get(s.path)
        text = src.line_text(s.line) if src else ""
        if text:
            width = len(str(s.line))
            pad = " " * width
            end = s.end_column if s.end_line == s.line and s.end_column > s.column else len(text) + 1
            shown, column, end = _window(text, s.column, min(end, len(text) + 1))
            carets = "^" * max(1, end - column)
            lines.append(f"{pad} |")
            lines.append(f"{s.line} | {shown}")
            lines.append(f"{pad} | {' ' * (column - 1)}{carets} {label.note}".rstrip())
            lines.append(f"{pad} |")
        elif label.note:
            lines.append(f"   = {label.note}")
    if d.hint:
        lines.append(f"   = hulp: {d.hint}")
    if d.law:
        lines.append(f"   = wet:  {d.law}")
    return "\n".join(lines)


_WIDTH = 120        # an excerpt longer than this shows a window around the caret
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u0300-\u036f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _visible(text: str) -> str:
    """An excerpt as a terminal can show it: control characters, bidi controls and loose accents (which would
    hide, reorder or merge characters and move the caret) each become one '�', so the columns stay right."""
    return _INVISIBLE.sub("\ufffd", text)


def _window(text: str, column: int, end: int) -> tuple[str, int, int]:
    """The part of a long line shown in an excerpt, with the caret columns in it (a line of 20.000 characters
    is not printed whole under every diagnostic on it)."""
    if len(text) <= _WIDTH:
        return _visible(text.rstrip()), column, end
    start = max(0, min(column - 1 - _WIDTH // 3, len(text) - _WIDTH))
    stop = start + _WIDTH                          # only the window is touched: a long line costs no more
    shown = ("…" if start else "") + _visible(text[start:stop]).rstrip() + ("…" if stop < len(text) else "")
    shift = start - (1 if start else 0)
    return shown, column - shift, min(end, stop + 1) - shift


def render_all(diags: Iterable[Diagnostic], sources: Mapping[str, SourceFile] | None = None) -> str:
    """Render many diagnostics separated by blank lines, with a closing count line."""
    diags = list(diags)
    body = "\n\n".join(render(d, sources) for d in diags)
    n_err = sum(d.is_error for d in diags)
    n_warn = len(diags) - n_err
    summary = f"{n_err} {'fout' if n_err == 1 else 'fouten'}, {n_warn} {'waarschuwing' if n_warn == 1 else 'waarschuwingen'}"
    return f"{body}\n\n{summary}" if body else summary


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to word by edit distance, if it is close enough to be a likely typo."""
    import difflib

    cands = list(candidates)
    lower = {c.lower(): c for c in cands}
    match = difflib.get_close_matches(word.lower(), list(lower), n=1, cutoff=0.75)
    return lower[match[0]] if match else None
