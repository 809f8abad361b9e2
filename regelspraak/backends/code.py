"""A small pretty printer for generated code (both backends): nodes that print flat when they fit in LIMIT
columns and break over lines (calls, boolean operators, strings as implicitly joined pieces) when they do not,
and comment lines that wrap. Display width counts wide characters twice. `parts()` gives the nodes inside a
node, so a generator can see what a statement refers to without reading its text.
"""
from __future__ import annotations

from collections.abc import Sequence

from regelspraak.plan.nodes import Quantifier

from .names import comment_text, width

LIMIT = 120


def comment_lines(indent: str, text: str) -> list[str]:
    """`# text` lines that fit in LIMIT columns; long text continues on lines indented four more."""
    safe = comment_text(text)
    room = max(40, LIMIT - width(indent) - 2)
    lead = " " * (len(safe) - len(safe.lstrip(" ")))
    lines: list[str] = []
    cur = lead
    for word in safe.split(" ")[len(lead):]:
        sep = "" if cur.strip() == "" else " "
        if width(cur + sep + word) <= room:
            cur += sep + word
            continue
        if cur.strip():
            lines.append(cur)
            cur = lead + "    "
        for c in word:                      # a word longer than a line is cut
            if width(cur + c) > room:
                lines.append(cur)
                cur = lead + "    "
            cur += c
    lines.append(cur)
    return [f"{indent}# {line}".rstrip() for line in lines]


class Node:
    breakable = True

    def flat(self, top: bool = False) -> str:
        raise NotImplementedError

    def broken(self, indent: int, top: bool) -> str:
        return self.flat(top)

    def parts(self) -> Sequence[Node]:
        """The nodes directly inside this one."""
        return ()


def fmt(n: Node, indent: int, col: int, tail: int = 0, top: bool = False) -> str:
    """n as text starting at column col; continuation lines carry their own absolute indentation."""
    f = n.flat(top)
    if col + width(f) + tail <= LIMIT or not n.breakable:
        return f
    return n.broken(indent, top)


class Atom(Node):
    breakable = False

    def __init__(self, text: str):
        self.text = text

    def flat(self, top: bool = False) -> str:
        return self.text


class Str(Node):
    """A string literal, always through repr(); split into implicitly joined pieces when too long. An enum
    of the plan prints as its word."""

    def __init__(self, value: str):
        self.value = str(value)

    def flat(self, top: bool = False) -> str:
        return repr(self.value)

    def broken(self, indent: int, top: bool) -> str:
        budget, pieces, cur = max(24, LIMIT - indent - 6), [], ""
        for c in self.value:
            if cur and width(repr(cur + c)) > budget:
                pieces.append(cur)
                cur = ""
            cur += c
        pieces.append(cur)
        pad = " " * (indent + 4)
        return "(\n" + "\n".join(pad + repr(p) for p in pieces) + "\n" + " " * indent + ")"


class Kw(Node):
    def __init__(self, name: str, value: Node, sep: str = "="):
        self.name, self.value, self.sep = name, value, sep

    def flat(self, top: bool = False) -> str:
        return f"{self.name}{self.sep}{self.value.flat()}"

    def parts(self) -> Sequence[Node]:
        return (self.value,)

    def broken(self, indent: int, top: bool) -> str:
        col = indent + len(self.name) + len(self.sep)
        if self.sep == ": " and col + width(self.value.flat()) + 1 > LIMIT:     # dict value on its own line
            return f"{self.name}:\n{' ' * (indent + 4)}" + fmt(self.value, indent + 4, indent + 4, 1)
        return f"{self.name}{self.sep}" + fmt(self.value, indent, col, 1)


class Entry(Node):
    """`key: value` in a dict display: a long key breaks like a call, a long value goes on its own line."""

    def __init__(self, key: Node, value: Node):
        self.key, self.value = key, value

    def flat(self, top: bool = False) -> str:
        return f"{self.key.flat()}: {self.value.flat()}"

    def parts(self) -> Sequence[Node]:
        return (self.key, self.value)

    def broken(self, indent: int, top: bool) -> str:
        head = fmt(self.key, indent, indent, 1) + ":"
        col = width(head.split("\n")[-1]) if "\n" in head else indent + width(head)
        if col + 2 + width(self.value.flat()) <= LIMIT:           # (room for the comma after it)
            return head + " " + self.value.flat()
        return head + "\n" + " " * (indent + 4) + fmt(self.value, indent + 4, indent + 4, 1)


class Call(Node):
    """`head(args)` (or another pair of brackets); the head is text or a node printed flat."""

    def __init__(self, head: str | Node, args: Sequence[Node], open_: str = "(", close: str = ")",
                 tuple_: bool = False, pack: bool = False):
        self.head, self.args, self.open, self.close = head, list(args), open_, close
        self.tuple, self.pack = tuple_, pack

    def _head(self) -> str:
        return self.head if isinstance(self.head, str) else self.head.flat()

    def flat(self, top: bool = False) -> str:
        inner = ", ".join(a.flat() for a in self.args)
        if self.tuple and len(self.args) == 1:
            inner += ","
        return f"{self._head()}{self.open}{inner}{self.close}"

    def parts(self) -> Sequence[Node]:
        return self.args if isinstance(self.head, str) else [self.head, *self.args]

    def broken(self, indent: int, top: bool) -> str:
        if not self.args:
            return self.flat()
        pad = " " * (indent + 4)
        if not self.pack:
            body = "".join(pad + fmt(a, indent + 4, indent + 4, 1) + ",\n" for a in self.args)
            return f"{self._head()}{self.open}\n{body}{' ' * indent}{self.close}"
        lines: list[str] = []
        for a in self.args:                      # several short arguments per line
            text = a.flat()
            if lines and "\n" not in lines[-1] and width(lines[-1]) + width(text) + 3 <= LIMIT:
                lines[-1] += " " + text + ","
            else:
                lines.append(pad + fmt(a, indent + 4, indent + 4, 1) + ",")
        return f"{self._head()}{self.open}\n" + "\n".join(lines) + f"\n{' ' * indent}{self.close}"


def Tuple(items: Sequence[Node]) -> Call:
    return Call("", items, "(", ")", tuple_=True)


class BoolOp(Node):
    op: str
    items: list[Node]

    def __init__(self, op: str, items: Sequence[Node]):
        flat_items: list[Node] = []
        for i in items:
            flat_items.extend(i.items if isinstance(i, BoolOp) and i.op == op else [i])
        self.op, self.items = op, flat_items

    def flat(self, top: bool = False) -> str:
        text = f" {self.op} ".join(i.flat() for i in self.items)
        return text if top else f"({text})"

    def parts(self) -> Sequence[Node]:
        return self.items

    def broken(self, indent: int, top: bool) -> str:
        pad = " " * (indent + 4)
        lines = []
        for k, item in enumerate(self.items):
            lead = "" if k == 0 else self.op + " "
            lines.append(pad + lead + fmt(item, indent + 4, indent + 4 + len(lead)))
        return "(\n" + "\n".join(lines) + "\n" + " " * indent + ")"


class Not(Node):
    def __init__(self, operand: Node):
        self.operand = operand

    def flat(self, top: bool = False) -> str:
        return "not " + self.operand.flat()

    def parts(self) -> Sequence[Node]:
        return (self.operand,)

    def broken(self, indent: int, top: bool) -> str:
        return "not " + fmt(self.operand, indent, indent + 4)


class Suffix(Node):
    """`<left> is True` and the like."""

    def __init__(self, left: Node, suffix: str):
        self.left, self.suffix = left, suffix

    def flat(self, top: bool = False) -> str:
        return self.left.flat() + self.suffix

    def parts(self) -> Sequence[Node]:
        return (self.left,)

    def broken(self, indent: int, top: bool) -> str:
        return fmt(self.left, indent, indent, len(self.suffix)) + self.suffix


class Lambda(Node):
    def __init__(self, body: Node):
        self.body = body

    def flat(self, top: bool = False) -> str:
        return "lambda: " + self.body.flat()

    def parts(self) -> Sequence[Node]:
        return (self.body,)

    def broken(self, indent: int, top: bool) -> str:
        return "lambda: " + fmt(self.body, indent, indent + 8)


class Comp(Node):
    """`[item for item in (base or []) if test]`."""

    def __init__(self, var: str, source: Node, test: Node):
        self.var, self.source, self.test = var, source, test

    def flat(self, top: bool = False) -> str:
        return f"[{self.var} for {self.var} in {self.source.flat()} if {self.test.flat(True)}]"

    def parts(self) -> Sequence[Node]:
        return (self.source, self.test)

    def broken(self, indent: int, top: bool) -> str:
        pad = " " * (indent + 4)
        head = f"for {self.var} in "
        return (f"[\n{pad}{self.var}\n{pad}{head}{fmt(self.source, indent + 4, indent + 4 + len(head))}\n"
                f"{pad}if {fmt(self.test, indent + 4, indent + 7, top=True)}\n{' ' * indent}]")


def quantified_node(q: Quantifier, count: int | None, items: list[Node]) -> Node | None:
    """The expression of a quantified condition over already-translated items (None: unknown quantifier);
    alle/geen/ten minste één short-circuit like the interpreter, counts go through rt.at_least/at_most/exactly."""
    if q is Quantifier.ALL:
        return Atom("True") if not items else items[0] if len(items) == 1 else BoolOp("and", items)
    if q is Quantifier.NONE:
        return Atom("True") if not items else Not(items[0] if len(items) == 1 else BoolOp("or", items))
    if q is Quantifier.AT_LEAST and count == 1 and items:
        return items[0] if len(items) == 1 else BoolOp("or", items)
    if q in (Quantifier.AT_LEAST, Quantifier.AT_MOST):
        head = "rt.at_least" if q is Quantifier.AT_LEAST else "rt.at_most"
        return Call(head, [Atom(repr(count)), *(Lambda(i) for i in items)])
    if q is Quantifier.EXACTLY:
        return Call("rt.exactly", [Atom(repr(count)), *items])
    return None
