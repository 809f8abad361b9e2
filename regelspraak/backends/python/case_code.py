"""What the case-function generator (backends/fast.py) works with: generated code for one expression with
what is known about its value (`Code`), whose values it reads (`Ctx`), and a few pretty-printer nodes
beyond those of backends/python.py (operators with precedence, `a if t else b`, comprehensions, assignments).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..code import Atom, Call, Node, Not, Str, fmt, width


class NotSupported(Exception):
    """A construct the case function does not translate: the module then has none (the functions compute)."""


# ================================================================== a few more nodes for the pretty printer

class Op(Node):
    """`a op b op c`; items are wrapped in parentheses where precedence needs it; broken over lines in ( )."""

    def __init__(self, op: str, items: list[Node], prec: int):
        self.op, self.prec = op, prec
        self.items = [wrap(x, prec + (k > 0 or prec == 4)) for k, x in enumerate(items)]

    def flat(self, top=False):
        return f" {self.op} ".join(i.flat() for i in self.items)

    def broken(self, indent, top):
        pad = " " * (indent + 4)
        lines = [pad + ("" if k == 0 else self.op + " ") + fmt(i, indent + 4, indent + 5 + len(self.op))
                 for k, i in enumerate(self.items)]
        return "(\n" + "\n".join(lines) + "\n" + " " * indent + ")"


class Paren(Node):
    prec = 100

    def __init__(self, inner: Node):
        self.inner = inner

    def flat(self, top=False):
        return "(" + self.inner.flat(True) + ")"

    def broken(self, indent, top):
        if isinstance(self.inner, (Op, Ternary)):
            return self.inner.broken(indent, top)
        inner = fmt(self.inner, indent + 4, indent + 4, top=True)
        return "(\n" + " " * (indent + 4) + inner + "\n" + " " * indent + ")"


class Ternary(Node):
    """`a if test else b`."""
    prec = 0

    def __init__(self, then: Node, test: Node, other: Node):
        self.then, self.test, self.other = wrap(then, 1), wrap(test, 1), wrap(other, 0)

    def flat(self, top=False):
        return f"{self.then.flat()} if {self.test.flat(True)} else {self.other.flat()}"

    def broken(self, indent, top):
        pad = " " * (indent + 4)
        return (f"(\n{pad}{fmt(self.then, indent + 4, indent + 4)}\n{pad}if {fmt(self.test, indent + 4, indent + 7)}"
                f"\n{pad}else {fmt(self.other, indent + 4, indent + 9)}\n" + " " * indent + ")")


class Each(Node):
    """`[item for var in source]`."""

    def __init__(self, item: Node, var: str, source: Node):
        self.item, self.var, self.source = item, var, source

    def flat(self, top=False):
        return f"[{self.item.flat()} for {self.var} in {self.source.flat()}]"

    def broken(self, indent, top):
        pad = " " * (indent + 4)
        head = f"for {self.var} in "
        return (f"[\n{pad}{fmt(self.item, indent + 4, indent + 4)}\n{pad}{head}"
                f"{fmt(self.source, indent + 4, indent + 4 + width(head))}\n" + " " * indent + "]")


class Assign(Node):
    """`target = … = value`; long targets (subscripts with long keys) break like calls."""

    def __init__(self, targets: list[Node], value: Node):
        self.targets, self.value = targets, value

    def flat(self, top=False):
        return " = ".join([t.flat() for t in self.targets] + [self.value.flat(True)])

    def broken(self, indent, top):
        out, col = "", indent
        for t in self.targets:
            out += fmt(t, indent, col, 3) + " = "
            last = out.split("\n")[-1]
            col = width(last) if "\n" in out else indent + width(last)
        return out + fmt(self.value, indent, col, top=True)


def keyed(head: str, name: str) -> Node:
    """`head[subject, 'name']` (memo, fired), breakable when the name is long."""
    return Call(head, [Atom("subject"), Str(name)], "[", "]")


def _prec(n: Node) -> int:
    if isinstance(n, (Op, Ternary)):
        return n.prec
    if isinstance(n, Not):
        return 3
    return 100


def wrap(n: Node, need: int) -> Node:
    return Paren(n) if _prec(n) < need else n


def compare_node(left: Node, op: str, right: Node) -> Op:
    return Op(op, [left, right], 4)


def is_none(n: Node, negated: bool = False) -> Op:
    return compare_node(n, "is not" if negated else "is", Atom("None"))


def power(k: int) -> Atom:
    """10**k as it reads best (Python folds the constant)."""
    return Atom("1" if k == 0 else "10" if k == 1 else f"10**{k}")


# ================================================================== compiled expressions

@dataclass
class Code:
    """Generated code for one expression and what is known about its value."""
    node: Node
    kind: str                     # fixed frac date plain obj ids list none
    scale: int = 0                # fixed (and a list of fixed): decimals
    nullable: bool = True         # may be leeg (None)
    cheap: bool = False           # a name, a literal or a column read: may be written twice
    safe: bool = True             # cannot raise: a short-circuit may skip it
    value: Fraction | None = None  # a number literal
    elem: str | None = None       # list: the kind of its elements
    same: Node | None = None      # an existing object with exactly this value (the memo takes it: no new Fraction)


NONE = Code(Atom("None"), "none", cheap=True)


@dataclass
class Ctx:
    """Whose values an expression reads: the loop's subject (members as locals) or another instance (columns)."""
    subject: str
    local: bool
    vars: dict[str, Code] = field(default_factory=dict)
