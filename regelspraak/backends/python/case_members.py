"""The pieces of a case function (case_function.py) per member: its branches (one per rule version) and the
block of code that computes one member of one instance.

A block tries the member's rule versions in model order: one version is an `if` with the given value in its
`else`; versions that can never fire together (case_conditions.exclusive) an `if`/`elif` chain; others all
conditions in turn with `found`, where a second firing version raises rt.Fallback (the interpreter reports
R601). Kenmerk versions are OR-ed. A geïnitialiseerd version runs when nothing fired and the given value is
leeg. Each applying version writes its value to the memo as the interpreter's value (an existing object
where there is one: a parameter, another member, a number from the rules) and marks the rule as fired.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from regelspraak.plan import nodes as P

from ..code import Atom, BoolOp, Call, Node, Str
from .case_code import Assign, CaseModule, Code, Local, NotSupported, Read, Store, get, keyed, power
from .case_conditions import exclusive

if TYPE_CHECKING:
    from .case_expressions import Exprs


@dataclass
class Branch:
    """One rule version of a member, translated."""
    version: P.Version
    test: list[Node]                                  # active [and role] [and condition]
    before: list[tuple[str, Node]]                    # variables the condition uses: computed before the branches
    inside: list[tuple[str, Code]]                    # variables only the value uses: computed in the branch
    value: Code | None


@dataclass
class Member:
    """An attribute or kenmerk as the case function computes (or only reads) it."""
    key: tuple[str, str]
    type_name: str
    name: str
    kenmerk: bool
    type: P.Type
    local: str
    main: list[Branch] = field(default_factory=list)
    inits: list[Branch] = field(default_factory=list)
    store: Store | None = None
    reads: set[Read] = field(default_factory=set)
    navs: dict[str, Node] = field(default_factory=dict)
    computed: bool = False

    @property
    def stored(self) -> Store:
        """Its storage, known once its versions are translated."""
        if self.store is None:
            raise NotSupported(f"'{self.name}' van {self.type_name} wordt gelezen voordat het berekend is")
        return self.store


GIVEN, KENMERKEN = Local("given"), Local("kenmerken")


class MemberWriter:
    """Writes the block of one member (mixed into CaseFunction, which supplies mod, exprs, columns, kept)."""

    mod: CaseModule
    exprs: Exprs
    columns: dict[tuple[str, str], str]
    kept: set[tuple[str, str]]                        # members read from the locals of this loop or a column

    @staticmethod
    def _converted(value: Node, store: Store) -> Node:
        if store.kind == "fixed":
            return Call("rt.number", [value, power(store.scale)])
        if store.kind == "frac":
            return Call("rt.rational", [value])
        if store.kind == "date":
            return Call("rt.given_date", [value])
        return value

    def _comment(self, ind: int, r: P.Version) -> None:
        arts = "; ".join(a.show() for a in r.articles) or "geen artikel"
        kind = "initialisatie" if r.kind is P.RuleKind.INITIAL else r.kind.value
        self.mod.comment(ind, f"regel '{r.label()}' ({kind}): {arts} ({r.span.path}:{r.span.line})")

    def _fire(self, ind: int, r: P.Version) -> None:
        self.mod.stmt(ind, "", Assign([keyed("fired", r.key)], Atom("True")))

    def _before(self, ind: int, m: Member) -> None:
        for v in m.main + m.inits:
            for name, code in v.before:
                self.mod.stmt(ind, f"{name} = ", code)

    def _inside(self, ind: int, v: Branch) -> None:
        for name, code in v.inside:
            self.mod.stmt(ind, f"{name} = ", code.node)

    def _attribute(self, m: Member, ind: int) -> None:
        mod, x = self.mod, m.local
        mod.comment(ind, f"{m.type_name}: {m.name}")
        self._before(ind, m)
        if len(m.main) == 1:
            v = m.main[0]
            self._comment(ind, v.version)
            mod.stmt(ind, "if ", BoolOp("and", v.test), ":", top=True)
            self._branch(ind + 1, v, m)
            self._fire(ind + 1, v.version)
            mod.emit(ind, "else:")
            self._given(ind + 1, m)
        elif len(m.main) > 1 and exclusive([v.version for v in m.main]):
            for k, v in enumerate(m.main):
                self._comment(ind, v.version)
                mod.stmt(ind, "elif " if k else "if ", BoolOp("and", v.test), ":", top=True)
                self._branch(ind + 1, v, m)
                self._fire(ind + 1, v.version)
            mod.emit(ind, "else:")
            self._given(ind + 1, m)
        elif m.main:
            mod.emit(ind, "found = False")
            for k, v in enumerate(m.main):
                self._comment(ind, v.version)
                mod.stmt(ind, "if ", BoolOp("and", v.test), ":", top=True)
                if k:
                    mod.emit(ind + 1, "if found:")
                    mod.emit(ind + 2, "raise rt.Fallback  # R601: twee regels stellen deze waarde vast")
                self._branch(ind + 1, v, m)
                self._fire(ind + 1, v.version)
                mod.emit(ind + 1, "found = True")
            mod.emit(ind, "if not found:")
            self._given(ind + 1, m)
        else:
            self._given(ind, m)
        if m.key in self.columns:
            mod.emit(ind, f"{self.columns[m.key]}[subject] = {x}")

    def _branch(self, ind: int, v: Branch, m: Member) -> None:
        """The value of a version that applies, into the local and (as the interpreter's value) the memo."""
        self._inside(ind, v)
        x, c, store = m.local, v.value, m.stored
        same = c.same if store.kind == "fixed" and c is not None else None
        stored, raises = self._stored(v, m)
        if m.key in self.kept or same is None:
            self.mod.stmt(ind, f"{x} = ", stored)
        elif raises:
            self.mod.stmt(ind, "", stored)                   # its value is in the memo; evaluated for its errors
        if store.kind != "fixed":
            out: Node = Atom(x)
        elif same is not None:
            out = same
        else:
            out = Call("rt.fraction", [Atom(x), power(store.scale)])
        self.mod.stmt(ind, "", Assign([keyed("memo", m.key[1])], out))

    def _given(self, ind: int, m: Member) -> None:
        """No version fired: the given value (kept as given in the memo), then the initialisations."""
        mod, x, store = self.mod, m.local, m.stored
        memo, given = keyed("memo", m.key[1]), get(GIVEN, [Str(m.key[1])])
        if m.key not in self.kept:
            mod.stmt(ind, "", Assign([memo, *([Atom("value")] if m.inits else [])], given))
        elif store.kind in ("fixed", "frac", "date"):
            mod.stmt(ind, "", Assign([memo, Atom("value")], given))
            mod.stmt(ind, f"{x} = ", self._converted(Atom("value"), store))
        else:
            mod.stmt(ind, "", Assign([memo, Atom(x), *([Atom("value")] if m.inits else [])], given))
        if not m.inits:
            return
        mod.emit(ind, "if value is None:")
        for k, v in enumerate(m.inits):
            self._comment(ind + 1, v.version)
            mod.stmt(ind + 1, "elif " if k else "if ", BoolOp("and", v.test), ":", top=True)
            self._branch(ind + 2, v, m)

    def _kenmerk(self, m: Member, ind: int) -> None:
        mod, x = self.mod, m.local
        mod.comment(ind, f"{m.type_name}: {m.name} (kenmerk)")
        self._before(ind, m)
        given = Call("bool", [get(KENMERKEN, [Str(m.key[1])])])
        if not m.main:
            mod.stmt(ind, f"{x} = ", given)
        chain = len(m.main) == 1 or exclusive([v.version for v in m.main])
        if m.main and not chain:
            mod.emit(ind, f"{x} = False")
        for k, v in enumerate(m.main):
            self._comment(ind, v.version)
            mod.stmt(ind, "elif " if k and chain else "if ", BoolOp("and", v.test), ":", top=True)
            self._inside(ind + 1, v)
            if v.value is not None and not v.value.safe:
                mod.stmt(ind + 1, "", v.value.node)       # a value rule on a kenmerk: evaluated for its errors
            self._fire(ind + 1, v.version)
            mod.emit(ind + 1, f"{x} = True")
        if m.main:
            mod.emit(ind, "else:" if chain else f"if not {x}:")
            mod.stmt(ind + 1, f"{x} = ", given)
        mod.stmt(ind, "", Assign([keyed("memo", m.key[1])], Atom(x)))
        if m.key in self.columns:
            mod.emit(ind, f"{self.columns[m.key]}[subject] = {x}")

    def _stored(self, v: Branch, m: Member) -> tuple[Node, bool]:
        """The version's value as the member stores it, checked like interpreter._eval_value (R604); and whether
        computing it can raise."""
        c, s = v.value, m.stored
        raises = c is not None and not c.safe
        if c is None or c.kind == "none":
            node: Node = Atom("None")
        elif s.kind == "fixed" and c.kind == "fixed":
            raises |= c.scale > s.scale
            node = self.exprs.aligned(c, s.scale) if c.scale <= s.scale else \
                Call("rt.fit", [c.node, power(c.scale - s.scale)])
        elif s.kind == "fixed" and c.kind == "frac":
            raises = True
            node = Call("rt.fit_fraction", [c.node, power(s.scale)])
        elif s.kind == "frac" and c.kind in ("fixed", "frac"):
            node = self.exprs.exact(c)
        elif s.kind == c.kind or (s.kind == "plain" and c.kind == "obj"):
            node = c.node
        else:
            raise NotSupported(f"'{m.name}' krijgt een {c.kind}")
        sign = v.version.target.type.sign
        if c is None or c.kind == "none" or c.value is not None and not P.sign_violation(c.value, sign):
            sign = None                                   # leeg, or a number in the rule that has the sign
        if sign is not None:
            check = {"negatief": "rt.negative", "niet-negatief": "rt.not_negative"}.get(sign, "rt.positive")
            node = Call(check, [node])
        return node, raises or sign is not None
