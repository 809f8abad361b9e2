"""The public pipeline: files → parse → resolve → validity → order → Model; and runs over a population."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable

from .codes import Code
from .diagnostics import Diagnostics
from .errors import RegelspraakError, RuleFileError  # noqa: F401  (RegelspraakError: the root callers catch)
from .evaluate.findings import FAILED
from .evaluate.interpreter import Evaluation, Population
from .evaluate.values import to_json_number
from .model import nodes as M
from .model.order import order
from .model.resolve import resolve
from .model.testcheck import check_properties, check_testsets
from .model.validity import check_validity
from .source import SourceFile, read_source
from .syntax.parser import parse, vocabulary_of

RULE_SUFFIXES = (".rgs", ".rgs.md")


@dataclass(frozen=True)
class Loaded:
    """A checked model with the sources it came from (for excerpts and explanations)."""
    model: M.Model | None
    diagnostics: Diagnostics
    sources: dict[str, SourceFile]


def rule_files(paths: Iterable[str | Path]) -> list[Path]:
    """The rule files under the given files and folders (recursively), sorted."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(f for f in sorted(p.rglob("*")) if f.is_file() and f.name.endswith(RULE_SUFFIXES))
        else:
            out.append(p)
    return sorted(dict.fromkeys(out))


def check_sources(sources: list[SourceFile]) -> Loaded:
    """Run every pass over in-memory sources; the model is None when there are errors."""
    diag = Diagnostics()
    srcmap = {s.path: s for s in sources}
    vocab = vocabulary_of(sources)
    modules = [parse(s, diag, vocab) for s in sources]
    if diag.has_errors:
        return Loaded(None, diag, srcmap)
    model = resolve(modules, diag)
    if not diag.has_errors:
        check_validity(model, diag)
        check_testsets(model, diag)
        check_properties(model, diag)
    if diag.has_errors:
        return Loaded(None, diag, srcmap)
    model = order(model, diag)
    return Loaded(None if diag.has_errors else model, diag, srcmap)


def check(paths: Iterable[str | Path]) -> Loaded:
    """Read and check rule files and folders. Unreadable files become diagnostics, never exceptions."""
    diag = Diagnostics()
    sources = []
    shown: dict[str, SourceFile] = {}        # files that could not be read, as far as they can be shown
    files = rule_files(paths)
    for f in files:
        read = read_source(f)
        if isinstance(read, SourceFile):
            sources.append(read)
        else:
            diag.error(Code.R100, read.message, read.span, note=read.note, hint=read.hint)
            if read.shown is not None:
                shown[read.shown.path] = read.shown
    if not files:
        diag.error(Code.R100, "geen regelbestanden (.rgs, .rgs.md) gevonden", hint="geef een map of bestand met regels")
    loaded = check_sources(sources)
    loaded.diagnostics.items.extend(diag.items)
    loaded.sources.update(shown)
    return Loaded(loaded.model if not diag.has_errors else None, loaded.diagnostics, loaded.sources)


def load(paths: Iterable[str | Path]) -> M.Model:
    """Like check(), but raises RuleFileError on errors."""
    loaded = check(paths)
    if loaded.model is None:
        raise RuleFileError(loaded.diagnostics.errors(), loaded.sources)
    return loaded.model


def evaluate_all(ev: Evaluation) -> None:
    """Compute every attribute and kenmerk of every instance, then run the consistentieregels."""
    names = {key: _member_names(t) for key, t in ev.model.object_types.items()}
    for inst in list(ev.instances.values()):
        for name in names.get(inst.type.lower(), ()):
            ev.result(inst.id, name)                # a failed value is kept as FAILED with its cause
    ev.check_consistency()


def _member_names(t: M.ObjectTypeInfo) -> list[str]:
    seen, out = set(), []
    for info in list(t.attributes.values()) + list(t.kenmerken.values()):
        if info.name.lower() not in seen:
            seen.add(info.name.lower())
            out.append(info.name)
    return out


def run(model: M.Model, population: Population, rekendatum: date, parameterset: str | None = None) -> Evaluation:
    """Evaluate everything for a population; problems per instance are in `.findings`."""
    ev = Evaluation(model, population, rekendatum, parameterset)
    evaluate_all(ev)
    return ev


def json_value(v: Any) -> Any:
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, Fraction):
        return to_json_number(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return [json_value(x) for x in v]
    return v


def result_json(ev: Evaluation) -> dict:
    """The stable JSON shape of a run: every object with all attribute and kenmerk values, and findings."""
    objects = []
    for inst in ev.instances.values():
        t = ev.model.object_type(inst.type)
        attrs: dict[str, Any] = {}
        kenm: dict[str, bool | None] = {}
        failed: dict[str, dict[str, Any]] = {}
        if t is not None:
            for name in _member_names(t):
                key = name.lower()
                value = ev.memo.get((inst.id, key))
                if value is FAILED:
                    cause = ev.failures[(inst.id, key)]
                    failed[name] = {"code": cause.code, "object": cause.instance, "attribuut": cause.attribute,
                                    "melding": cause.message}
                    value = None
                if key in t.kenmerken:
                    kenm[name] = None if name in failed else bool(value)
                else:
                    attrs[name] = json_value(value)
        objects.append({"id": inst.id, "type": inst.type, "attributen": attrs, "kenmerken": kenm,
                        "mislukt": failed})
    findings = [{"code": f.code, "object": f.instance, "attribuut": f.attribute, "melding": f.message,
                 "regels": [{"regel": r.label(), "artikelen": [j for a in r.articles if (j := a.jci())]}
                            for r in f.rules]} for f in ev.findings]
    return {"rekendatum": ev.rekendatum.isoformat(), "objecten": objects, "bevindingen": findings}


def dumps(data: Any) -> str:
    """JSON text with exact decimals written as JSON numbers (no float rounding)."""
    marker = "\u0000num:"

    def default(o):
        if isinstance(o, Decimal):
            return marker + str(o)
        raise TypeError(type(o).__name__)
    text = json.dumps(data, default=default, ensure_ascii=False, indent=2)
    return re.sub(r'"\\u0000num:([^"]*)"', r"\1", text)
