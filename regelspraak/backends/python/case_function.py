"""The case function of a compiled module: every value of a whole population, straight through.

`case_function(plan, …)` writes `evaluate_case(run, parameters)` at the end of the scalar module. It computes
every attribute and kenmerk of every instance in dependency order (`plan.order`): one loop over the
instances of a type computes, with local variables, as many members as it can; a member that reads another
instance's member computed in the same loop starts a new loop. Values that cross loops or instances live in
columns (`c_x[instance id]`). Numbers are scaled integers (case_expressions.py), turned into the interpreter's
Fractions only when written to the memo, so the result is the structure an `Evaluation` has.

Exactly the interpreter's results: each member's branches are the rule versions in model order with the
same conditions; kenmerk versions are OR-ed, a geïnitialiseerd version runs when nothing fired and the given
value is leeg, results are checked against the declared sign and decimals. Where the interpreter would
report a finding (R601 two versions fire, R602, R604, R606) or an input is not what the code expects, the
function raises `rt.Fallback` and the Run computes the case with the traceable functions (runtime.Run), whose
findings and their order are the interpreter's. A model with a construct this module does not translate
gets no case function (NotSupported): its runs always use the traceable functions.

The locals the function sets up from the run (`memo`, `roles`, `params`, …) and the Fraction constants are
written only where its statements use them: those are `Local` nodes, recorded as the statements are written.
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from regelspraak.evaluate.values import decimals_of
from regelspraak.model.nodes import Model
from regelspraak.plan import nodes as P
from regelspraak.plan.lower import plan_of

from ..code import Atom, BoolOp, Call, Node, Str, Tuple
from ..names import Names, identifier
from .case_code import (
    Assign,
    CaseModule,
    Code,
    Ctx,
    Local,
    NotSupported,
    Store,
    Ternary,
    compare_node,
    get,
    keyed,
)
from .case_expressions import Exprs
from .case_members import GIVEN, KENMERKEN, Branch, Member, MemberWriter
from .generator import CaseParameter, needed_variables

__all__ = ["CaseFunction", "NotSupported", "case_function"]

_LOCALS = {"run", "parameters", "params", "memo", "fired", "roles", "active", "rekendatum", "rekenjaar", "inst",
           "subject", "given", "kenmerken", "found", "value", "evaluate_case", "l", "o", "i"}
_BUILTINS = {"max", "min", "len", "abs", "bool", "rt", "F", "date"}
_RUN_LOCALS = ("memo", "fired", "roles", "active", "params", "rekendatum")    # `name = run.name` where used
_CHECKS = (P.RuleKind.CONSISTENCY, P.RuleKind.UNIQUE)


class CaseFunction(MemberWriter):
    """Plans and writes `evaluate_case` for one plan (see the module docstring)."""

    def __init__(self, plan: P.Plan, rule_names: dict[P.Version, str], taken: set[str]):
        self.plan, self.rule_names = plan, rule_names
        self.position = {v: i for i, v in enumerate(plan.versions)}     # model order
        self.names = Names(set(taken) | _LOCALS | _BUILTINS)
        self.mod = CaseModule()
        self.exprs = Exprs(self)
        self.members: dict[tuple[str, str], Member] = {}
        self.columns: dict[tuple[str, str], str] = {}
        self.params: dict[str, tuple[str, Store, bool]] = {}        # name, storage, may be leeg
        self.nav_names: dict[tuple[str, str, bool | str], tuple[str, Node]] = {}
        self.constants: dict[Fraction, str] = {}
        self.current: Member | None = None
        self.kept: set[tuple[str, str]] = set()

    # ---------------------------------------------------------- called by Exprs
    def storage(self, key: tuple[str, str]) -> Store:
        m = self.members.get(key)
        if m is None or m.store is None:
            raise NotSupported(f"'{key[1]}' van {key[0]} wordt gelezen voordat het berekend is")
        return m.store

    def local(self, key: tuple[str, str]) -> str:
        return self.members[key].local

    def column(self, key: tuple[str, str]) -> str:
        if key not in self.columns:
            self.columns[key] = self.names.new("c_" + identifier(key[1]))
        return self.columns[key]

    def param(self, key: str) -> tuple[str, Store, bool]:
        if key not in self.params:
            info = self.plan.parameters.get(key)
            if info is None:
                raise NotSupported(f"parameter '{key}' is niet gedeclareerd")
            leeg = any(key in s.values and s.values[key] is None for s in self.plan.parameter_sets)
            self.params[key] = (self.names.new("p_" + identifier(info.name)), self._param_store(key, info.type), leeg)
        return self.params[key]

    def nav(self, fact_type: str, role: str, many: bool) -> str:
        """A local (computed once per instance) holding the subject's partner(s) in a role."""
        key = (fact_type, role, many)
        if key not in self.nav_names:
            info = next((r for f in self.plan.fact_types.values() if f.name.lower() == fact_type
                         for r in f.roles if r.name.lower() == role), None)
            name = self.names.new(identifier(info.plural if many and info and info.plural else role))
            look = Tuple([Atom("subject"), Str(fact_type), Str(role)])
            found = get(Local("roles"), [look, *([Atom("()")] if many else [])])
            self.nav_names[key] = (name, found if many else Call("rt.one", [found]))
        return self._at_top(key)

    def role(self, fact_type: str, role: str) -> str:
        """A local (computed once per instance) telling whether the subject plays the role."""
        key = (fact_type, role, "#")
        if key not in self.nav_names:
            test = compare_node(Tuple([Atom("subject"), Str(fact_type), Str("#" + role)]), "in", Local("roles"))
            self.nav_names[key] = (self.names.new("is_" + identifier(role)), test)
        return self._at_top(key)

    def _at_top(self, key: tuple[str, str, bool | str]) -> str:
        """The name of a navigation local, computed at the top of the loop of the member being translated."""
        name, node = self.nav_names[key]
        if self.current is None:
            raise NotSupported("navigatie buiten een attribuut")
        self.current.navs[name] = node
        return name

    def constant(self, v: Fraction) -> str:
        """A local holding the Fraction of a number literal (made once per run, for the memo)."""
        if v not in self.constants:
            text = f"{abs(v.numerator)}" + (f"_{v.denominator}" if v.denominator != 1 else "")
            self.constants[v] = self.names.new(("f_m" if v < 0 else "f_") + text)
        return self.constants[v]

    def new_name(self, base: str) -> str:
        return self.names.new(base)

    def fraction(self, v: Fraction) -> Node:
        return self.mod.const(Fraction(v))

    def day(self, v: date) -> Node:
        return self.mod.const(v)

    # ---------------------------------------------------------- members and their storage
    def _param_store(self, key: str, t: P.Type) -> Store:
        if t.kind not in ("number", "percentage"):
            return Store("date" if t.kind == "date" else "plain")
        if t.decimals is not None:
            return Store("fixed", t.decimals)
        decimals = [_decimals(s.values[key]) for s in self.plan.parameter_sets if s.values.get(key) is not None]
        known = [d for d in decimals if d is not None]
        return Store("fixed", max(known, default=0)) if len(known) == len(decimals) else Store("frac")

    def _collect(self) -> None:
        for tkey, t in self.plan.object_types.items():
            for akey, a in t.attributes.items():
                if a.type.kind not in ("number", "percentage", "date", "boolean", "text", "enum"):
                    raise NotSupported(f"attribuut '{a.name}' van het type {a.type.kind}")
                self._add((tkey.lower(), akey.lower()), t.name, a.name, False, a.type)
            for kkey, k in t.kenmerken.items():
                if (tkey.lower(), kkey.lower()) in self.members:
                    raise NotSupported(f"'{k.name}' is zowel attribuut als kenmerk van {t.name}")
                self._add((tkey.lower(), kkey.lower()), t.name, k.name, True, P.BOOLEAN)
        for r in self.plan.versions:
            if r.kind in _CHECKS:
                continue
            key = (r.target.object_type.lower(), r.target.name.lower())
            m = self.members.get(key)
            if m is None or r.subject_type.lower() != key[0] or m.kenmerk != (r.target.kind == "kenmerk"):
                raise NotSupported(f"regel '{r.label()}' stelt '{r.target.name}' vast")
            m.computed = True
        for m in self.members.values():
            if not m.computed:
                m.store = self._declared_store(m)

    def _add(self, key: tuple[str, str], type_name: str, name: str, kenmerk: bool, t: P.Type) -> None:
        self.members[key] = Member(key, type_name, name, kenmerk, t, self.names.new(identifier(name)))

    @staticmethod
    def _declared_store(m: Member) -> Store:
        t = m.type
        if m.kenmerk:
            return Store("bool")
        if t.kind in ("number", "percentage"):
            return Store("fixed", t.decimals) if t.decimals is not None else Store("frac")
        return Store("date" if t.kind == "date" else "plain")

    def _compile(self, m: Member) -> None:
        """The versions of one computed member, then its storage (from its declared type or its values)."""
        self.current = m
        member = self.plan.members[m.key]
        initial = () if m.kenmerk else member.initial   # as the interpreter: no initialisation of kenmerken
        for r in sorted((*member.versions, *initial), key=self.position.__getitem__):
            (m.inits if r.kind is P.RuleKind.INITIAL else m.main).append(self._version(r, m))
        m.reads = set(self.exprs.reads)
        self.exprs.reads.clear()
        if m.kenmerk or m.type.kind not in ("number", "percentage") or m.type.decimals is not None:
            m.store = self._declared_store(m)
            return
        codes = [v.value for v in m.main + m.inits if v.value is not None and v.value.kind != "none"]
        if all(c.kind == "fixed" for c in codes):
            m.store = Store("fixed", max((c.scale for c in codes), default=0))
        else:
            m.store = Store("frac")

    def _version(self, r: P.Version, m: Member) -> Branch:
        ctx = Ctx("subject", True)
        in_cond = needed_variables(r, r.condition)
        in_value = needed_variables(r, r.expr)
        before: list[tuple[str, Code]] = []
        inside: list[tuple[str, Code]] = []
        for b in r.variables:
            if b.key not in in_cond | in_value:
                continue
            name = self.names.new("v_" + identifier(b.name))
            code = self.exprs.expr(b.expr, ctx)
            ctx.vars[b.key] = Code(Atom(name), code.kind, code.scale, code.nullable, cheap=True, elem=code.elem)
            (before if b.key in in_cond else inside).append((name, code))
        test: list[Node] = [compare_node(Atom(self.rule_names[r]), "in", Local("active"))]
        if r.subject_role:
            test.append(Atom(self.role(r.subject_role[0].lower(), r.subject_role[1].lower())))
        guard = list(test)
        if r.condition is not None:
            test.append(self.exprs.cond(r.condition, ctx))
        value = self.exprs.expr(r.expr, ctx) if r.expr is not None and r.kind is not P.RuleKind.KENMERK else None
        return Branch(r, test, [(n, _guarded(c, guard)) for n, c in before], inside, value)

    # ---------------------------------------------------------- loops
    def _segments(self) -> list[tuple[str, list[Member]]]:
        """Computed members in dependency order, each in the first loop of its type where its inputs are known."""
        segments: list[tuple[str, list[Member]]] = []
        where: dict[tuple[str, str], int] = {}
        for key in self.plan.order:
            m = self.members.get(key)
            if m is None or not m.computed:
                continue
            low = 0
            for dep, cross in m.reads:
                if dep in where:
                    low = max(low, where[dep] + 1 if cross else where[dep])
            index = next((i for i in range(low, len(segments)) if segments[i][0] == key[0]), None)
            if index is None:
                segments.append((key[0], []))
                index = len(segments) - 1
            segments[index][1].append(m)
            where[key] = index
        missing = [m.name for m in self.members.values() if m.computed and m.key not in where]
        if missing:
            raise NotSupported(f"geen afhankelijkheidsvolgorde voor {', '.join(missing)}")
        for i, (_, members) in enumerate(segments):
            for m in members:
                for dep, cross in sorted(m.reads):          # sorted: column names do not depend on set order
                    if cross or where.get(dep) != i:
                        self.column(dep)
        return segments

    # ---------------------------------------------------------- writing
    def build(self) -> tuple[list[str], list[CaseParameter]]:
        """The lines of `evaluate_case` (after the constants it uses) and its parameter table."""
        self._collect()
        for key in self.plan.order:
            m = self.members.get(key)
            if m is not None and m.computed:
                self._compile(m)
        self.current = None
        segments = self._segments()
        head, body = self.mod, CaseModule()
        self.mod = body
        for t in self.plan.object_types.values():
            inputs = [m for m in self.members.values() if m.key[0] == t.name.lower() and not m.computed]
            if inputs:
                self._input_loop(t.name, inputs)
        for type_key, members in segments:
            self._loop(type_key, members)
        while body.lines and body.lines[-1] == "":
            body.lines.pop()
        self.mod = head
        head.emit(0)
        head.emit(0)
        head.comment(0, "-" * 66 + " de hele casus in één keer")
        head.comment(0, "Dezelfde regels als hierboven, in afhankelijkheidsvolgorde, met bedragen als gehele getallen "
                        "(centen en kleiner); bij elke bevinding (R601, R602, R604, R606) of onverwachte invoer "
                        "neemt rt.Fallback het geval terug en rekenen de functies hierboven.")
        constants = [(v, name) for v, name in sorted(self.constants.items(), key=lambda x: x[1]) if name in body.used]
        if constants:
            head.comment(0, "getallen uit de regels zoals de interpreter ze geeft (eenmaal gemaakt)")
        for v, name in constants:
            head.stmt(0, f"{name} = ", self.fraction(v))
        if constants:
            head.emit(0)
            head.emit(0)
        head.emit(0, "def evaluate_case(run, parameters):")
        head.emit(1, '"""Every attribute and kenmerk of every instance into run.memo and run.fired (see rt.Run)."""')
        locals_ = [n for n in _RUN_LOCALS if n in body.used]
        for k in range(0, len(locals_), 3):
            head.emit(1, f"{', '.join(locals_[k:k + 3])} = {', '.join('run.' + n for n in locals_[k:k + 3])}")
        if "rekenjaar" in body.used:
            head.emit(1, "rekenjaar = run.rekendatum.year")
        params = list(self.params.values())
        if params:
            head.stmt(1, "", Tuple([Atom(p[0]) for p in params]), " = parameters", top=False)
        for key in sorted(self.columns, key=lambda k: self.columns[k]):
            head.emit(1, f"{self.columns[key]} = {{}}")
        head.extend(body)
        table: list[CaseParameter] = []
        for name, (_, store, leeg) in self.params.items():
            readers = tuple(self.rule_names[r] for r in self.plan.versions if name in r.parameters
                            and r.kind not in _CHECKS)
            table.append((name, store.scale if store.kind == "fixed" else None, leeg, readers))
        return head.lines, table

    def _instance(self, ind: int, type_key: str, used: set[str]) -> None:
        """`for inst in run.of_type(…):` and the parts of the instance the loop body uses."""
        self.mod.stmt(ind, "for inst in ", Call("run.of_type", [Str(type_key)]), ":")
        names = [n for n in ("subject", "given", "kenmerken") if n == "subject" or n in used]
        source = {"subject": "inst.id", "given": "inst.values", "kenmerken": "inst.kenmerken"}
        self.mod.emit(ind + 1, f"{', '.join(names)} = {', '.join(source[n] for n in names)}")

    def _input_loop(self, type_name: str, members: list[Member]) -> None:
        mod, body = self.mod, CaseModule()
        for m in members:
            memo = keyed("memo", m.key[1])
            column: list[Node] = [Atom(f"{self.columns[m.key]}[subject]")] if m.key in self.columns else []
            if m.kenmerk:
                body.stmt(2, "", Assign([memo, *column], Call("bool", [get(KENMERKEN, [Str(m.key[1])])])))
            elif not column:
                body.stmt(2, "", Assign([memo], get(GIVEN, [Str(m.key[1])])))
            else:
                body.stmt(2, "", Assign([memo, Atom("value")], get(GIVEN, [Str(m.key[1])])))
                body.stmt(2, "", Assign(column, self._converted(Atom("value"), m.stored)))
        mod.comment(1, f"{type_name}: gegeven waarden")
        self._instance(1, type_name.lower(), body.used)
        mod.extend(body)
        mod.emit(0)

    def _loop(self, type_key: str, members: list[Member]) -> None:
        body = CaseModule()
        outer, self.mod = self.mod, body
        inside = {m.key for m in members}
        loads: list[tuple[str, str]] = []
        for m in members:
            for dep, cross in sorted(m.reads):
                if not cross and dep not in inside and dep not in loads:
                    loads.append(dep)
        for dep in loads:
            body.emit(2, f"{self.members[dep].local} = {self.columns[dep]}[subject]")
        navs: dict[str, Node] = {}
        for m in members:
            navs.update(m.navs)
        for name, node in navs.items():
            body.stmt(2, f"{name} = ", node)
        self.kept = {dep for m in members for dep, cross in m.reads if not cross} | set(self.columns)
        for m in members:
            (self._kenmerk if m.kenmerk else self._attribute)(m, 2)
        self.mod = outer
        self.mod.comment(1, f"{members[0].type_name}: " + ", ".join(m.name for m in members))
        self._instance(1, type_key, body.used)
        self.mod.extend(body)
        self.mod.emit(0)


def _decimals(v: Any) -> int | None:
    return decimals_of(Fraction(v)) if isinstance(v, (int, Fraction)) and not isinstance(v, bool) else 0


def _guarded(code: Code, guard: list[Node]) -> Node:
    """A condition's variable, computed only when its version applies."""
    return Ternary(code.node, guard[0] if len(guard) == 1 else BoolOp("and", guard), Atom("None"))


def case_function(model: Model | P.Plan, rule_names: dict[P.Version, str],
                  taken: set[str]) -> tuple[list[str], list[CaseParameter], bool, bool]:
    """(source lines of `evaluate_case`, the parameter table, uses Fraction, uses date); NotSupported if it cannot.
    `rule_names` names the constant of each version in the module, `taken` the names the module uses already."""
    cf = CaseFunction(plan_of(model), rule_names, taken)
    lines, table = cf.build()
    return lines, table, cf.mod.uses_fraction, cf.mod.uses_date
