"""The case function of a compiled module: every value of a whole population, straight through.

`case_function(model, …)` writes `evaluate_case(run, parameters)` at the end of the scalar module. It computes
every attribute and kenmerk of every instance in dependency order (`model.order`): one loop over the
instances of a type computes, with local variables, as many members as it can; a member that reads another
instance's member computed in the same loop starts a new loop. Values that cross loops or instances live in
columns (`c_x[instance id]`). Numbers are scaled integers (fast_exprs.py), turned into the interpreter's
Fractions only when written to the memo, so the result is the structure an `Evaluation` has.

Exactly the interpreter's results: each member's branches are the rule versions in model order with the
same conditions; kenmerk versions are OR-ed, a geïnitialiseerd version runs when nothing fired and the given
value is leeg, results are checked against the declared sign and decimals. Where the interpreter would
report a finding (R601 two versions fire, R602, R604, R606) or an input is not what the code expects, the
function raises `rt.Fallback` and the Run computes the case with the traceable functions (runtime.Run), whose
findings and their order are the interpreter's. A model with a construct this module does not translate
gets no case function (NotSupported): its runs always use the traceable functions.
"""
from __future__ import annotations

import re
from fractions import Fraction

from regelspraak.evaluate.values import decimals_of
from regelspraak.model import nodes as M

from ..code import Atom, BoolOp, Call, Node, Str, Tuple
from ..names import Names, identifier
from .case_code import Assign, Code, Ctx, NotSupported, Ternary, compare_node, keyed
from .case_expressions import Exprs
from .case_members import Member, MemberWriter, Store, Version
from .generator import _close, _Module, _vars_used

__all__ = ["NotSupported", "case_function"]

_LOCALS = {"run", "parameters", "params", "memo", "fired", "roles", "active", "rekendatum", "rekenjaar", "inst",
           "subject", "given", "kenmerken", "found", "value", "evaluate_case", "l", "o", "i"}
_BUILTINS = {"max", "min", "len", "abs", "bool", "rt", "F", "date"}


class CaseFunction(MemberWriter):
    """Plans and writes `evaluate_case` for one model (see the module docstring)."""

    def __init__(self, model: M.Model, rule_names: dict[int, str], taken: set[str]):
        self.model, self.rule_names = model, rule_names
        self.names = Names(set(taken) | _LOCALS | _BUILTINS)
        self.mod = _Module()
        self.exprs = Exprs(self)
        self.members: dict[tuple[str, str], Member] = {}
        self.columns: dict[tuple[str, str], str] = {}
        self.params: dict[str, tuple[str, Store, bool]] = {}        # name, storage, may be leeg
        self.nav_names: dict[tuple, tuple[str, Node]] = {}
        self.constants: dict[Fraction, str] = {}
        self.used: set[str] = set()
        self.current: Member | None = None

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
            info = self.model.parameters.get(key)
            if info is None:
                raise NotSupported(f"parameter '{key}' is niet gedeclareerd")
            leeg = any(key in s.values and s.values[key] is None for s in self.model.parameter_sets)
            self.params[key] = (self.names.new("p_" + identifier(info.name)), self._param_store(key, info.type), leeg)
        return self.params[key]

    def nav(self, fact_type: str, role: str, many: bool) -> str:
        key = (fact_type, role, many)
        if key not in self.nav_names:
            info = next((r for f in self.model.fact_types.values() if f.name.lower() == fact_type
                         for r in f.roles if r.name.lower() == role), None)
            name = self.names.new(identifier(info.plural if many and info and info.plural else role))
            look = Tuple([Atom("subject"), Str(fact_type), Str(role)])
            found = Call("roles.get", [look] + ([Atom("()")] if many else []))
            self.nav_names[key] = (name, found if many else Call("rt.one", [found]))
        self.use("roles")
        name, node = self.nav_names[key]
        self.current.navs[name] = node
        return name

    def role(self, fact_type: str, role: str) -> str:
        """A local (computed once per instance) telling whether the subject plays the role."""
        key = (fact_type, role, "#")
        if key not in self.nav_names:
            test = compare_node(Tuple([Atom("subject"), Str(fact_type), Str("#" + role)]), "in", Atom("roles"))
            self.nav_names[key] = (self.names.new("is_" + identifier(role)), test)
        self.use("roles")
        name, node = self.nav_names[key]
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

    def use(self, what: str) -> str:
        self.used.add(what)
        if what == "rekenjaar":
            self.used.add("rekendatum")
        return what

    def fraction(self, v: Fraction) -> Node:
        return self.mod.const(Fraction(v))

    def day(self, v) -> Node:
        return self.mod.const(v)

    # ---------------------------------------------------------- members and their storage
    def _param_store(self, key: str, t: M.Type) -> Store:
        if t.kind not in ("number", "percentage"):
            return Store("date" if t.kind == "date" else "plain")
        if t.decimals is not None:
            return Store("fixed", t.decimals)
        decimals = [_decimals(s.values[key]) for s in self.model.parameter_sets if s.values.get(key) is not None]
        return Store("frac") if None in decimals else Store("fixed", max(decimals, default=0))

    def _collect(self) -> None:
        for tkey, t in self.model.object_types.items():
            for akey, a in t.attributes.items():
                if a.type.kind not in ("number", "percentage", "date", "boolean", "text", "enum"):
                    raise NotSupported(f"attribuut '{a.name}' van het type {a.type.kind}")
                self._add((tkey.lower(), akey.lower()), t.name, a.name, False, a.type)
            for kkey, k in t.kenmerken.items():
                if (tkey.lower(), kkey.lower()) in self.members:
                    raise NotSupported(f"'{k.name}' is zowel attribuut als kenmerk van {t.name}")
                self._add((tkey.lower(), kkey.lower()), t.name, k.name, True, M.BOOLEAN)
        for r in self.model.rules:
            if r.kind in ("consistentie", "uniek"):
                continue
            key = (r.target.object_type.lower(), r.target.name.lower())
            m = self.members.get(key)
            if m is None or r.subject_type.lower() != key[0] or m.kenmerk != (r.target.kind == "kenmerk"):
                raise NotSupported(f"regel '{r.label()}' stelt '{r.target.name}' vast")
            m.computed = True
        for m in self.members.values():
            if not m.computed:
                m.store = self._declared_store(m)

    def _add(self, key, type_name, name, kenmerk, t) -> None:
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
        for r in self.model.rules:
            if r.kind in ("consistentie", "uniek") or (r.target.object_type.lower(), r.target.name.lower()) != m.key:
                continue
            if m.kenmerk and r.kind == "geïnitialiseerd":
                continue                    # as the interpreter: initialisation does not apply to kenmerken
            (m.inits if r.kind == "geïnitialiseerd" else m.main).append(self._version(r, m))
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

    def _version(self, r: M.RuleVersion, m: Member) -> Version:
        ctx = Ctx("subject", True)
        in_cond: set[str] = set()
        _vars_used(r.condition, in_cond)
        defs = {n.lower(): x for n, x in r.variables}
        _close(in_cond, defs)
        in_value: set[str] = set()
        _vars_used(r.expr, in_value)
        _close(in_value, defs)
        before, inside = [], []
        for n, x in r.variables:
            key = n.lower()
            if key not in in_cond | in_value:
                continue
            name = self.names.new("v_" + identifier(n))
            code = self.exprs.expr(x, ctx)
            ctx.vars[key] = Code(Atom(name), code.kind, code.scale, code.nullable, cheap=True, elem=code.elem)
            (before if key in in_cond else inside).append((name, code))
        test: list[Node] = [compare_node(Atom(self.rule_names[id(r)]), "in", Atom("active"))]
        if r.subject_role:
            test.append(Atom(self.role(r.subject_role[0].lower(), r.subject_role[1].lower())))
        guard = list(test)
        if r.condition is not None:
            test.append(self.exprs.cond(r.condition, ctx))
        value = self.exprs.expr(r.expr, ctx) if r.expr is not None and r.kind != "kenmerk" else None
        version = Version(r, test, [(n, _guarded(c, guard)) for n, c in before], inside, value)
        return version

    # ---------------------------------------------------------- loops
    def _segments(self) -> list[tuple[str, list[Member]]]:
        """Computed members in dependency order, each in the first loop of its type where its inputs are known."""
        segments: list[tuple[str, list[Member]]] = []
        where: dict[tuple[str, str], int] = {}
        for key in self.model.order:
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
                for dep, cross in m.reads:
                    if cross or where.get(dep) != i:
                        self.column(dep)
        return segments

    # ---------------------------------------------------------- writing
    def build(self) -> tuple[list[str], list[tuple[str, int | None, bool, tuple[str, ...]]]]:
        self._collect()
        for key in self.model.order:
            m = self.members.get(key)
            if m is not None and m.computed:
                self._compile(m)
        self.current = None
        segments = self._segments()
        body = _Module()
        self.mod, outer = body, self.mod
        for t in self.model.object_types.values():
            inputs = [m for m in self.members.values() if m.key[0] == t.name.lower() and not m.computed]
            if inputs:
                self._input_loop(t.name, inputs)
        for type_key, members in segments:
            self._loop(type_key, members)
        while body.lines and body.lines[-1] == "":
            body.lines.pop()
        self.mod = outer
        head = self.mod
        head.emit(0)
        head.emit(0)
        head.comment(0, "-" * 66 + " de hele casus in één keer")
        head.comment(0, "Dezelfde regels als hierboven, in afhankelijkheidsvolgorde, met bedragen als gehele getallen "
                        "(centen en kleiner); bij elke bevinding (R601, R602, R604, R606) of onverwachte invoer "
                        "neemt rt.Fallback het geval terug en rekenen de functies hierboven.")
        text = "\n".join(body.lines)
        constants = [(v, name) for v, name in sorted(self.constants.items(), key=lambda x: x[1]) if _uses(text, name)]
        if constants:
            head.comment(0, "getallen uit de regels zoals de interpreter ze geeft (eenmaal gemaakt)")
        for v, name in constants:
            head.stmt(0, f"{name} = ", self.fraction(v))
        if constants:
            head.emit(0)
            head.emit(0)
        head.emit(0, "def evaluate_case(run, parameters):")
        head.emit(1, '"""Every attribute and kenmerk of every instance into run.memo and run.fired (see rt.Run)."""')
        locals_ = [n for n in ("memo", "fired", "roles", "active", "params", "rekendatum") if _uses(text, n)]
        for k in range(0, len(locals_), 3):
            head.emit(1, f"{', '.join(locals_[k:k + 3])} = {', '.join('run.' + n for n in locals_[k:k + 3])}")
        if _uses(text, "rekenjaar"):
            head.emit(1, "rekenjaar = run.rekendatum.year")
        params = list(self.params.values())
        if params:
            head.stmt(1, "", Tuple([Atom(p[0]) for p in params]), " = parameters", top=False)
        for key in sorted(self.columns, key=lambda k: self.columns[k]):
            head.emit(1, f"{self.columns[key]} = {{}}")
        head.lines.extend(body.lines)
        head.uses_fraction |= body.uses_fraction
        head.uses_date |= body.uses_date
        table = []
        for key, (name, store, leeg) in self.params.items():
            readers = tuple(self.rule_names[id(r)] for r in self.model.rules if key in r.parameters
                            and r.kind not in ("consistentie", "uniek"))
            table.append((key, store.scale if store.kind == "fixed" else None, leeg, readers))
        return head.lines, table

    def _instance(self, ind: int, type_key: str, uses: str) -> None:
        self.mod.stmt(ind, "for inst in ", Call("run.of_type", [Str(type_key)]), ":")
        names = [n for n in ("subject", "given", "kenmerken") if n == "subject" or _uses(uses, n)]
        source = {"subject": "inst.id", "given": "inst.values", "kenmerken": "inst.kenmerken"}
        self.mod.emit(ind + 1, f"{', '.join(names)} = {', '.join(source[n] for n in names)}")

    def _input_loop(self, type_name: str, members: list[Member]) -> None:
        mod = self.mod
        mod.comment(1, f"{type_name}: gegeven waarden")
        uses = ("given " if any(not m.kenmerk for m in members) else "") + \
            ("kenmerken" if any(m.kenmerk for m in members) else "")
        self._instance(1, type_name.lower(), uses)
        for m in members:
            memo = keyed("memo", m.key[1])
            column = [Atom(f"{self.columns[m.key]}[subject]")] if m.key in self.columns else []
            if m.kenmerk:
                mod.stmt(2, "", Assign([memo] + column, Call("bool", [Call("kenmerken.get", [Str(m.key[1])])])))
            elif not column:
                mod.stmt(2, "", Assign([memo], Call("given.get", [Str(m.key[1])])))
            else:
                mod.stmt(2, "", Assign([memo, Atom("value")], Call("given.get", [Str(m.key[1])])))
                mod.stmt(2, "", Assign(column, self._converted(Atom("value"), m.store)))
        mod.emit(0)

    def _loop(self, type_key: str, members: list[Member]) -> None:
        body = _Module()
        outer, self.mod = self.mod, body
        inside = {m.key for m in members}
        loads = []
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
        text = "\n".join(body.lines)
        self.mod.comment(1, f"{members[0].type_name}: " + ", ".join(m.name for m in members))
        self._instance(1, type_key, text)
        self.mod.lines.extend(body.lines)
        self.mod.uses_fraction |= body.uses_fraction
        self.mod.uses_date |= body.uses_date
        self.mod.emit(0)


def _decimals(v) -> int | None:
    return decimals_of(Fraction(v)) if isinstance(v, (int, Fraction)) and not isinstance(v, bool) else 0


def _uses(text: str, name: str) -> bool:
    return re.search(rf"\b{name}\b", text) is not None


def _guarded(code: Code, guard: list[Node]) -> Node:
    """A condition's variable, computed only when its version applies."""
    return Ternary(code.node, guard[0] if len(guard) == 1 else BoolOp("and", guard), Atom("None"))


def case_function(model: M.Model, rule_names: dict[int, str], taken: set[str]):
    """(source lines of `evaluate_case`, the parameter table, uses Fraction, uses date); NotSupported if it cannot."""
    cf = CaseFunction(model, rule_names, taken)
    lines, table = cf.build()
    return lines, table, cf.mod.uses_fraction, cf.mod.uses_date

