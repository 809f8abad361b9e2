"""Deterministic S-expression dumps of syntax and model nodes for golden files."""
from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from fractions import Fraction

from regelspraak.model import nodes as M


def dump(node, indent: int = 0) -> str:
    """A readable, stable text form: (Class field=value …); spans left out, types abbreviated."""
    pad = "  " * indent
    if isinstance(node, M.Type):
        bits = [node.kind]
        if not node.unit.is_dimensionless:
            bits.append(str(node.unit))
        if node.decimals is not None:
            bits.append(f"dec={node.decimals}")
        if node.name:
            bits.append(node.name)
        return "<" + " ".join(bits) + ">"
    if isinstance(node, Enum):
        return repr(node.value)
    if isinstance(node, Fraction):
        return str(node)
    if isinstance(node, date):
        return node.isoformat()
    if isinstance(node, (set, frozenset)):
        return "{" + ", ".join(sorted(repr(x) for x in node)) + "}"
    if isinstance(node, (tuple, list)):
        if not node:
            return "()"
        inner = [dump(x, indent + 1) for x in node]
        if all("\n" not in x and len(x) < 60 for x in inner):
            return "(" + " ".join(inner) + ")"
        return "(\n" + "\n".join(f"{pad}  {x}" for x in inner) + f"\n{pad})"
    if isinstance(node, dict):
        return "{" + ", ".join(f"{k}: {dump(v, indent + 1)}" for k, v in sorted(node.items())) + "}"
    if dataclasses.is_dataclass(node):
        parts = []
        for f in dataclasses.fields(node):
            if f.name == "span" or not f.init:      # derived fields (keys) follow from the others
                continue
            v = getattr(node, f.name)
            if v is None or v == () or v is False or v == frozenset():
                continue
            parts.append(f"{f.name}={dump(v, indent + 1)}")
        one = f"({type(node).__name__} " + " ".join(parts) + ")"
        if len(one) < 100 and "\n" not in one:
            return one
        return f"({type(node).__name__}\n" + "\n".join(f"{pad}  {p}" for p in parts) + f"\n{pad})"
    return repr(node)
