"""Traces: how each value came about (rule, articles, inputs) and why other rules did not fire; Dutch text."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Mapping

from ..plan import nodes as P
from ..source import SourceFile
from .findings import FAILED
from .values import decimals_of, format_number


@dataclass(frozen=True, slots=True)
class Why:
    """A rule version that did not fire, and the part of its condition that failed."""
    rule: P.Version
    failed: Any                   # model Condition
    reads: tuple[tuple[str, str, Any], ...]


@dataclass(frozen=True, slots=True)
class Step:
    """How one value of one instance was obtained."""
    instance: str
    name: str
    value: Any
    rule: P.Version | None
    reads: tuple[tuple[str, str, Any], ...]
    why_not: tuple[Why, ...]
    given: bool = False
    other_rules: tuple[P.Version, ...] = ()
    error: str | None = None


def show_value(v: Any, t: P.Type | None = None) -> str:
    """A value as a rule author writes it: 1.573 €, 503,93 €, 1,879%, 01-01-2025, waar, leeg; a value that
    failed: 'niet te berekenen'."""
    if v is None:
        return "leeg"
    if v is FAILED:
        return "niet te berekenen"
    if isinstance(v, bool):
        return "waar" if v else "onwaar"
    if isinstance(v, date):
        return v.strftime("%d-%m-%Y")
    if isinstance(v, Fraction):
        places = t.decimals if t is not None else None
        money = t is not None and "€" in str(t.unit)
        exact = decimals_of(v)
        padded = money and places and exact is not None and exact <= places
        text = format_number(v, places if padded else None, thousands=money)
        if t is not None and t.kind == "percentage":
            return f"{text}%"
        unit = str(t.unit) if t is not None and not t.unit.is_dimensionless else ""
        return f"{text} {unit}".strip()
    if isinstance(v, list):
        return "[" + ", ".join(show_value(x, t) for x in v) + "]"
    return str(v)


def source_text(span, sources: Mapping[str, SourceFile]) -> str:
    """The rule text under a span (joined lines, trimmed), or '' when unknown."""
    if span is None or span.line == 0 or span.path not in sources:
        return ""
    src = sources[span.path]
    lines = [src.line_text(n) for n in range(span.line, span.end_line + 1)]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][span.column - 1: span.end_column - 1].strip()
    lines[0] = lines[0][span.column - 1:]
    lines[-1] = lines[-1][: span.end_column - 1]
    return " ".join(l.strip() for l in lines).strip()


def articles_text(r: P.Version, on: date | None = None, links: bool = True) -> list[str]:
    out = []
    for a in r.articles:
        if not a.article:
            continue
        line = a.show()
        url = a.url(on)
        out.append(f"{line} — {url}" if links and url else line)
    return out


class Explainer:
    """Renders the derivation of values from an Evaluation, following inputs down to the givens."""

    def __init__(self, evaluation, sources: Mapping[str, SourceFile]):
        self.ev = evaluation
        self.sources = sources
        self.model = evaluation.model

    def _type(self, inst: str, name: str) -> P.Type | None:
        i = self.ev.instances.get(inst)
        t = self.model.object_type(i.type) if i else None
        a = t.attributes.get(name.lower()) if t else None
        return a.type if a else (P.BOOLEAN if t and name.lower() in t.kenmerken else None)

    def explain(self, inst: str, name: str, depth: int = 6) -> str:
        """The derivation of one value as indented Dutch text."""
        self.ev.result(inst, name)
        lines: list[str] = []
        self._explain(inst, name, depth, 0, set(), lines)
        return "\n".join(lines)

    def _declared_name(self, inst: str, name: str) -> str:
        i = self.ev.instances.get(inst)
        t = self.model.object_type(i.type) if i else None
        info = (t.attributes.get(name.lower()) or t.kenmerken.get(name.lower())) if t else None
        return info.name if info else name

    def _explain(self, inst, name, depth, level, seen, lines):
        pad = "  " * level
        name = self._declared_name(inst, name)
        step = self.ev.steps.get((inst, name.lower()))
        value = self.ev.memo.get((inst, name.lower()))
        head = f"{pad}{name} van {inst} = {show_value(value, self._type(inst, name))}"
        if (inst, name.lower()) in seen:
            lines.append(head + "  (zie hierboven)")
            return
        seen.add((inst, name.lower()))
        lines.append(head)
        if step is None:
            return
        if step.error:
            lines.append(f"{pad}  fout: {step.error}")
            return
        if step.rule is not None:
            r = step.rule
            lines.append(f"{pad}  volgens regel '{r.label()}'")
            for a in articles_text(r, self.ev.rekendatum):
                lines.append(f"{pad}    {a}")
            if r.closed_from:
                lines.append(f"{pad}    overgangsrecht: gesloten voor nieuwe gevallen vanaf "
                             f"{r.closed_from.strftime('%d-%m-%Y')}")
            text = source_text(r.expr.span, self.sources) if r.expr is not None else ""
            if text:
                lines.append(f"{pad}    \"{_short(text)}\"")
        elif step.given:
            lines.append(f"{pad}  gegeven")
        elif not step.why_not:
            lines.append(f"{pad}  geen regel stelt deze waarde vast; niet gegeven")
        rows: dict[str, list[str]] = {}
        for why in step.why_not:
            table, _, row = why.rule.rule.partition(", rij ")
            if row:
                rows.setdefault(table, []).append(row)
                continue
            failed = source_text(getattr(why.failed, "span", None), self.sources)
            reason = f": niet voldaan aan \"{_short(failed)}\"" if failed else ""
            lines.append(f"{pad}  regel '{why.rule.label()}' is niet gevuurd{reason}")
            arts = articles_text(why.rule, self.ev.rekendatum, links=False)
            if arts:
                lines.append(f"{pad}    ({'; '.join(arts)})")
        for table, numbers in rows.items():
            word = "rij" if len(numbers) == 1 else "rijen"
            lines.append(f"{pad}  beslistabel '{table}': {word} {_ranges(numbers)} niet van toepassing")
        params = [(n, v) for i, n, v in step.reads if i == ""]
        for n, v in dict.fromkeys(params):
            p = self.model.parameters.get(n.lower())
            lines.append(f"{pad}  parameter {n} = {show_value(v, p.type if p else None)}")
        if level < depth:
            children = [(i, n) for i, n, _ in step.reads if i != ""]
            for w in step.why_not:
                children += [(i, n) for i, n, _ in w.reads if i != ""]
            for i, n in dict.fromkeys(children):
                self._explain(i, n, depth, level + 1, seen, lines)


def _ranges(numbers: list[str]) -> str:
    """'1, 3, 4, 5, 7' → '1, 3–5, 7' (row numbers of a decision table)."""
    try:
        values = sorted(int(n) for n in numbers)
    except ValueError:
        return ", ".join(numbers)
    out, start, prev = [], values[0], values[0]
    for v in values[1:] + [None]:
        if v is not None and v == prev + 1:
            prev = v
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if v is not None:
            start = prev = v
    return ", ".join(out)


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
