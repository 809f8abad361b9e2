"""What the case-function generator (case_function.py) works with: generated code for one expression with
what is known about its value (`Code`), whose values it reads (`Ctx`), how a member stores its value (`Store`),
a few pretty-printer nodes beyond those of backends/code.py (operators with precedence, `a if t else b`,
comprehensions, assignments), and the locals of the case function that are set up only when used (`Local`,
recorded by `CaseModule` as its statements are written).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ..code import Atom, Call, Node, Not, Str, fmt
from ..names import width
from .generator import Module


class NotSupported(Exception):
    """A construct the case function does not translate: the module then has none (the functions compute)."""


@dataclass
class Store:
    """How a member's value lives in the case function: fixed (int · 10**scale), frac, date, plain, bool."""
    kind: str
    scale: int = 0


# ================================================================== a few more nodes for the pretty printer

class Op(Node):
    """`a op b op c`; items are wrapped in parentheses where precedence needs it; broken over lines in ( )."""

    def __init__(self, op: str, items: Sequence[Node], prec: int):
        self.op, self.prec = op, prec
        self.items = [wrap(x, prec + (k > 0 or prec == 4)) for k, x in enumerate(items)]

    def flat(self, top: bool = False) -> str:
        return f" {self.op} ".join(i.flat() for i in self.items)

    def parts(self) -> Sequence[Node]:
        return self.items

    def broken(self, indent: int, top: bool) -> str:
        pad = " " * (indent + 4)
        lines = [pad + ("" if k == 0 else self.op + " ") + fmt(i, indent + 4, indent + 5 + len(self.op))
                 for k, i in enumerate(self.items)]
        return "(\n" + "\n".join(lines) + "\n" + " " * indent + ")"


class Paren(Node):
    prec = 100

    def __init__(self, inner: Node):
        self.inner = inner

    def flat(self, top: bool = False) -> str:
        return "(" + self.inner.flat(True) + ")"

    def parts(self) -> Sequence[Node]:
        return (self.inner,)

    def broken(self, indent: int, top: bool) -> str:
        if isinstance(self.inner, (Op, Ternary)):
            return self.inner.broken(indent, top)
        inner = fmt(self.inner, indent + 4, indent + 4, top=True)
        return "(\n" + " " * (indent + 4) + inner + "\n" + " " * indent + ")"


class Ternary(Node):
    """`a if test else b`."""
    prec = 0

    def __init__(self, then: Node, test: Node, other: Node):
        self.then, self.test, self.other = wrap(then, 1), wrap(test, 1), wrap(other, 0)

    def flat(self, top: bool = False) -> str:
        return f"{self.then.flat()} if {self.test.flat(True)} else {self.other.flat()}"

    def parts(self) -> Sequence[Node]:
        return (self.then, self.test, self.other)

    def broken(self, indent: int, top: bool) -> str:
        pad = " " * (indent + 4)
        return (f"(\n{pad}{fmt(self.then, indent + 4, indent + 4)}\n{pad}if {fmt(self.test, indent + 4, indent + 7)}"
                f"\n{pad}else {fmt(self.other, indent + 4, indent + 9)}\n" + " " * indent + ")")


class Each(Node):
    """`[item for var in source]`."""

    def __init__(self, item: Node, var: str, source: Node):
        self.item, self.var, self.source = item, var, source

    def flat(self, top: bool = False) -> str:
        return f"[{self.item.flat()} for {self.var} in {self.source.flat()}]"

    def parts(self) -> Sequence[Node]:
        return (self.item, self.source)

    def broken(self, indent: int, top: bool) -> str:
        pad = " " * (indent + 4)
        head = f"for {self.var} in "
        return (f"[\n{pad}{fmt(self.item, indent + 4, indent + 4)}\n{pad}{head}"
                f"{fmt(self.source, indent + 4, indent + 4 + width(head))}\n" + " " * indent + "]")


class Assign(Node):
    """`target = … = value`; long targets (subscripts with long keys) break like calls."""

    def __init__(self, targets: Sequence[Node], value: Node):
        self.targets, self.value = list(targets), value

    def flat(self, top: bool = False) -> str:
        return " = ".join([t.flat() for t in self.targets] + [self.value.flat(True)])

    def parts(self) -> Sequence[Node]:
        return [*self.targets, self.value]

    def broken(self, indent: int, top: bool) -> str:
        out, col = "", indent
        for t in self.targets:
            out += fmt(t, indent, col, 3) + " = "
            last = out.split("\n")[-1]
            col = width(last) if "\n" in out else indent + width(last)
        return out + fmt(self.value, indent, col, top=True)


class Joined(Node):
    """Text and nodes printed next to each other, never broken (`c_x[subject]`, `d.year`, `roles.get`)."""
    breakable = False

    def __init__(self, *pieces: Node | str):
        self.pieces = pieces

    def flat(self, top: bool = False) -> str:
        return "".join(p if isinstance(p, str) else p.flat() for p in self.pieces)

    def parts(self) -> Sequence[Node]:
        return [p for p in self.pieces if not isinstance(p, str)]


class Local(Atom):
    """A local of the case function that it sets up only when used (`memo`, `roles`, `params`, `rekendatum`,
    a Fraction constant, …): written as its name; `CaseModule.stmt` records it."""


def locals_in(node: Node) -> Iterator[str]:
    """The names of the Local nodes inside node."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Local):
            yield n.text
        stack.extend(n.parts())


class CaseModule(Module):
    """Lines of (a part of) the case function and the names of the Locals its statements use."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[str] = set()

    def stmt(self, indent: int, prefix: str, node: Node, suffix: str = "", top: bool = True) -> None:
        self.used.update(locals_in(node))
        super().stmt(indent, prefix, node, suffix, top)

    def extend(self, part: CaseModule) -> None:
        """Append the lines of a part written separately, with the locals and imports it needs."""
        self.lines.extend(part.lines)
        self.used |= part.used
        self.uses_fraction |= part.uses_fraction
        self.uses_date |= part.uses_date


def keyed(head: str, name: str) -> Node:
    """`head[subject, 'name']` (memo, fired), breakable when the name is long."""
    return Call(Local(head), [Atom("subject"), Str(name)], "[", "]")


def get(mapping: Node, args: Sequence[Node]) -> Call:
    """`mapping.get(args)`."""
    return Call(Joined(mapping, ".get"), args)


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


Read = tuple[tuple[str, str], bool]
"""A member an expression reads: ((object type, member), whether from another instance than the subject)."""


@dataclass
class Ctx:
    """Whose values an expression reads: the loop's subject (members as locals) or another instance (columns)."""
    subject: str
    local: bool
    vars: dict[str, Code] = field(default_factory=dict)
