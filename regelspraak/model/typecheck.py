"""Typing expressions and conditions inside one rule: syntax → typed model nodes (R2xx names, R3xx types)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Callable, Iterable, Literal, Protocol, Sequence, cast, overload

from ..codes import Code
from ..diagnostics import Diagnostics, Label, did_you_mean
from ..evaluate.values import decimals_of
from ..source import Span
from ..syntax import nodes as S
from . import nodes as M
from .units import DIMENSIONLESS, Unit, conversion_factor

PLACEHOLDER = M.Const(None, M.EMPTY)
_CMP = {"gelijk": "==", "ongelijk": "!=", "groter": ">", "groter of gelijk": ">=", "kleiner": "<",
        "kleiner of gelijk": "<=", "later": ">", "later of gelijk": ">=", "eerder": "<", "eerder of gelijk": "<="}
_TIME = {"dg", "wk", "mnd", "kw", "jr"}


Binder = tuple[str, "tuple[str, str] | None", "tuple[S.NavStep, ...]"]


class _Declared(Protocol):
    """A declaration that can be suggested for a misspelt name."""

    @property
    def name(self) -> str: ...

    @property
    def span(self) -> Span: ...


@dataclass(frozen=True, slots=True)
class _PluralName:
    """A role's plural form, suggested like a declaration."""
    name: str
    span: Span


def _num(decimals: int | None, unit: Unit = DIMENSIONLESS) -> M.Type:
    return M.Type("number", decimals, unit)


def _bare_number(e: M.Expr) -> bool:
    """A literal number written without a unit (`5`): it takes the unit of the other side."""
    return isinstance(e, M.Const) and e.type.kind in ("number", "percentage") and e.type.unit.is_dimensionless


def _what(e: M.Expr) -> str:
    """How an operand is named in a message: its name, 'het getal' or 'deze waarde'."""
    if isinstance(e, (M.Attr, M.Param, M.Var)):
        return f"'{e.name}'"
    if isinstance(e, M.Const):
        return "het getal"
    return "deze waarde"


def _max_dec(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else max(a, b)


def _name(t: M.Type) -> str:
    """t.name for the kinds that always set it: object and collection (object type), enum (domain),
    list (element kind)."""
    return cast(str, t.name)


def literal_value(e: S.Expr, want: M.Type, diag: Diagnostics, what: str) -> Any:
    """The runtime value of a literal for a declared type (parameter sets, case files, tests)."""
    if isinstance(e, S.EmptyLiteral):
        return None
    if isinstance(e, S.Quantity) and want.kind in ("number", "percentage"):
        total = Fraction(0)
        for value, unit in e.parts:
            if unit is None or want.unit.is_dimensionless:
                total += value
                continue
            f = conversion_factor(Unit.parse(unit), want.unit)
            if f is None:
                diag.error(Code.R302, f"{what}: eenheid {unit} past niet bij {want.unit}", e.span,
                           hint=f"geef de waarde in {want.unit}")
                return None
            total += value * f
        return total
    if isinstance(e, S.PercentLiteral) and want.kind in ("percentage", "number"):
        return e.value if want.kind == "percentage" else e.value / 100
    if isinstance(e, S.DateLiteral) and want.kind == "date":
        return e.value
    if isinstance(e, S.BoolLiteral) and want.kind == "boolean":
        return e.value
    if isinstance(e, (S.TextLiteral, S.EnumLiteral)) and want.kind in ("text", "enum"):
        return e.value
    diag.error(Code.R301, f"{what}: deze waarde past niet bij het type {want.show()}", e.span,
               hint="controleer de waarde en de eenheid")
    return None


def checked_value(e: S.Expr, want: M.Type, diag: Diagnostics, what: str, enums: dict[str, tuple[str, ...]],
                  enum_code: Code = Code.R201) -> Any:
    """literal_value plus the declared constraints: enumeration values, decimals (R304) and sign (R301)."""
    value = literal_value(e, want, diag, what)
    span = e.span
    if value is None:
        return None
    if want.kind == "enum" and want.name in enums and value not in enums[want.name]:
        guess = did_you_mean(str(value), enums[want.name])
        diag.error(enum_code, f"{what}: '{value}' is geen waarde van {want.name}", span,
                   hint=f"bedoelde u '{guess}'?" if guess else f"kies uit: {', '.join(enums[want.name])}")
    if isinstance(value, Fraction):
        dec = decimals_of(value)
        if want.decimals is not None and (dec is None or dec > want.decimals):
            diag.error(Code.R304, f"{what}: de waarde heeft meer dan de {want.decimals} decimalen die gedeclareerd zijn",
                       span, hint=f"geef de waarde met ten hoogste {want.decimals} decimalen")
        if M.sign_violation(value, want.sign):
            diag.error(Code.R301, f"{what}: de waarde past niet bij het gedeclareerde teken ({want.sign})", span,
                       hint=f"een {want.sign} getal" + (" is 0 of meer" if want.sign == "niet-negatief" else ""))
    return value


class Scope:
    """Resolves names for one rule: the subject type, its variables, and the declarations."""

    def __init__(self, decl: M.Model, subject_type: str, diag: Diagnostics,
                 subject_role: tuple[str, str] | None = None) -> None:
        self.decl = decl
        self.subject_type = subject_type
        self.subject_role = subject_role      # (fact type, role) when the rule's subject was bound by a role
        self.diag = diag
        self.variables: dict[str, M.Type] = {}
        self.subject = M.Subject(M.Type("object", name=subject_type))

    # ---------------------------------------------------------- binders and targets
    @staticmethod
    def binder(nav: S.Expr, decl: M.Model, diag: Diagnostics, allow_all: bool = False) -> Binder | None:
        """`… van een Persoon` / `een aanvrager`: (subject type, (fact, role) | None, the other steps)."""
        if not isinstance(nav, S.Nav) or not nav.steps:
            diag.error(Code.R210, "het onderwerp van de regel ontbreekt", getattr(nav, "span", Span("?", 0, 0, 0, 0)),
                       hint="schrijf bijvoorbeeld 'De zorgtoeslag van een Persoon moet …'")
            return None
        last = nav.steps[-1]
        if last.determiner != "een" and not (allow_all and last.determiner == "alle"):
            diag.error(Code.R210, f"het onderwerp '{last.name}' moet met 'een' worden ingeleid", last.span,
                       hint=f"schrijf 'een {last.name}': de regel geldt dan voor elk exemplaar")
            return None
        key = last.name.lower()
        for t in decl.object_types.values():
            if key in (t.name.lower(), (t.plural or "").lower()):
                return t.name, None, nav.steps[:-1]
        for f in decl.fact_types.values():
            for r in f.roles:
                if key in (r.name.lower(), (r.plural or "").lower()):
                    return r.object_type, (f.name, r.name), nav.steps[:-1]
        names = [t.name for t in decl.object_types.values()] + [r.name for f in decl.fact_types.values() for r in f.roles]
        guess = did_you_mean(last.name, names)
        diag.error(Code.R201, f"onbekend objecttype of rol '{last.name}'", last.span, note="niet gedeclareerd",
                   hint=f"bedoelde u '{guess}'?" if guess else "declareer het als Objecttype of als rol in een Feittype")
        return None

    @overload
    def attribute_target(self, subject_type: str, steps: Sequence[S.NavStep], span: Span,
                         as_expr: Literal[False] = False) -> M.AttributeInfo | None: ...

    @overload
    def attribute_target(self, subject_type: str, steps: Sequence[S.NavStep], span: Span,
                         as_expr: Literal[True]) -> M.Attr | None: ...

    def attribute_target(self, subject_type: str, steps: Sequence[S.NavStep], span: Span,
                         as_expr: bool = False) -> M.AttributeInfo | M.Attr | None:
        """The attribute a statement sets: `de X van een T` (one step before the binder)."""
        if len(steps) != 1:
            self.diag.error(Code.R211, "een regel kan alleen een attribuut van het onderwerp zelf vaststellen", span,
                            hint="schrijf 'De X van een T moet …'")
            return None
        info = self._attribute(subject_type, steps[0])
        if info is None:
            return None
        return M.Attr(self.subject, subject_type, info.name, info.type, span) if as_expr else info

    def _check_form(self, k: M.KenmerkInfo, form: str, span: Span) -> None:
        want = {"bijvoeglijk": "is", "bezittelijk": "heeft", "zelfstandig": "is een"}.get(k.kind)
        if want and form != want:
            self.diag.error(Code.R309, f"kenmerk '{k.name}' is {k.kind}: het hoort bij '{want} {k.name}', niet "
                                    f"'{form} {k.name}'", span,
                            hint=f"schrijf '{want} {k.name}' (of verander de declaratie van het kenmerk)")

    def kenmerk_target(self, subject_type: str, name: str, span: Span, form: str | None = None) -> M.Target | None:
        t = self.decl.object_type(subject_type)
        k = t.kenmerken.get(name.lower()) if t else None
        if k is None:
            self._unknown("kenmerk", name, subject_type, span, list(t.kenmerken.values()) if t else [])
            return None
        if form is not None:
            self._check_form(k, form, span)
        return M.Target("kenmerk", subject_type, k.name)

    def _attribute(self, type_name: str, step: S.NavStep) -> M.AttributeInfo | None:
        t = self.decl.object_type(type_name)
        info = t.attributes.get(step.name.lower()) if t else None
        if info is None:
            self._unknown("attribuut", step.name, type_name, step.span, list(t.attributes.values()) if t else [])
        return info

    def _unknown(self, what: str, name: str, type_name: str, span: Span, candidates: Sequence[_Declared]) -> None:
        guess = did_you_mean(name, [c.name for c in candidates])
        hint = f"bedoelde u '{guess}'?" if guess else f"declareer het bij Objecttype {type_name}"
        if guess:
            hint += f" (gedeclareerd op regel {next(c.span.line for c in candidates if c.name == guess)})"
        self.diag.error(Code.R201, f"onbekend {what} '{name}' van {type_name}", span, note=f"niet gedeclareerd voor {type_name}",
                        hint=hint)

    def define_variables(self, defs: Iterable[S.VariableDef]) -> tuple[tuple[str, M.Expr], ...]:
        out: list[tuple[str, M.Expr]] = []
        for d in defs:
            e = self.expr(d.expr)
            self.variables[d.name.lower()] = e.type
            out.append((d.name, e))
        return tuple(out)

    # ---------------------------------------------------------- expressions
    def expr(self, e: S.Expr) -> M.Expr:
        # one method per syntax node class, named after it (`_Nav`, `_Binary`, …)
        method = cast("Callable[[S.Expr], M.Expr] | None", getattr(self, "_" + type(e).__name__, None))
        if method is None:
            self.diag.error(Code.R305, "deze uitdrukking wordt hier niet ondersteund", e.span)
            return PLACEHOLDER
        return method(e)

    def _Quantity(self, e: S.Quantity) -> M.Expr:
        if len(e.parts) == 1:
            value, unit = e.parts[0]
            return M.Const(value, _num(decimals_of(value), Unit.parse(unit) if unit else DIMENSIONLESS), e.span)
        last = Unit.parse(e.parts[-1][1] or "")
        total = Fraction(0)
        for value, unit in e.parts:
            f = conversion_factor(Unit.parse(unit or ""), last)
            if f is None:
                self.diag.error(Code.R302, f"de eenheden in '{unit}' en '{last}' passen niet bij elkaar", e.span,
                                hint="dagen en maanden zijn niet in elkaar om te rekenen")
                return PLACEHOLDER
            total += value * f
        return M.Const(total, _num(decimals_of(total), last), e.span)

    def _PercentLiteral(self, e: S.PercentLiteral) -> M.Expr:
        return M.Const(e.value, M.Type("percentage", decimals_of(e.value)), e.span)

    def _DateLiteral(self, e: S.DateLiteral) -> M.Expr:
        return M.Const(e.value, M.DATE, e.span)

    def _TextLiteral(self, e: S.TextLiteral) -> M.Expr:
        return M.Const(e.value, M.TEXT, e.span)

    def _EnumLiteral(self, e: S.EnumLiteral) -> M.Expr:
        for name, values in self.decl.enums.items():
            if e.value in values:
                return M.Const(e.value, M.Type("enum", name=name), e.span)
        guess = did_you_mean(e.value, [v for vals in self.decl.enums.values() for v in vals])
        self.diag.error(Code.R201, f"onbekende enumeratiewaarde '{e.value}'", e.span,
                        hint=f"bedoelde u '{guess}'?" if guess else
                        "gebruik een waarde uit een Domein … van het type Enumeratie")
        return PLACEHOLDER

    def _BoolLiteral(self, e: S.BoolLiteral) -> M.Expr:
        return M.Const(e.value, M.BOOLEAN, e.span)

    def _EmptyLiteral(self, e: S.EmptyLiteral) -> M.Expr:
        return M.Const(None, M.EMPTY, e.span)

    def _Pronoun(self, e: S.Pronoun) -> M.Expr:
        return M.Subject(self.subject.type, e.span)

    def _Rekendatum(self, e: S.Rekendatum) -> M.Expr:
        return M.Rekendatum(M.DATE, e.span)

    def _Rekenjaar(self, e: S.Rekenjaar) -> M.Expr:
        return M.Rekenjaar(_num(0), e.span)

    def _Nav(self, e: S.Nav) -> M.Expr:
        steps = list(e.steps)
        current = self._root(steps[-1], steps[-2] if len(steps) > 1 else None)
        if current is None:
            return PLACEHOLDER
        pending = e.selection
        for step in reversed(steps[:-1]):
            if pending is not None and current.type.kind == "collection":
                current, pending = self._select(current, pending), None
            current = self._step(current, step)
            if current is None:
                return PLACEHOLDER
        if pending is not None:
            current = self._select(current, pending)
        return replace(current, span=e.span) if hasattr(current, "span") else current

    def _root(self, step: S.NavStep, via: S.NavStep | None = None) -> M.Expr | None:
        key = step.name.lower()
        det = step.determiner
        if key == "hem" and det is None:
            return M.Subject(self.subject.type, step.span)
        if det in ("zijn", "haar"):
            return self._step(self.subject, S.NavStep(None, step.name, step.span))
        if key in self.variables and det is None or (key in self.variables and det in ("de", "het")):
            return M.Var(step.name, self.variables[key], step.span)
        if key in self.decl.parameters and det != "een":
            p = self.decl.parameters[key]
            return M.Param(p.name, p.type, step.span)
        subj = self.decl.object_type(self.subject_type)
        if subj and key in (subj.name.lower(), (subj.plural or "").lower()):
            return M.Subject(self.subject.type, step.span)
        for f in self.decl.fact_types.values():
            for r in f.roles:
                if key in (r.name.lower(), (r.plural or "").lower()) and r.object_type.lower() == self.subject_type.lower():
                    if det == "een":
                        return M.Subject(self.subject.type, step.span)
        if self.subject_role is not None and key == self.subject_role[1].lower() and det in (None, "de", "het"):
            return self._subject_by_role(step, via)
        if subj and (key in subj.attributes or self._role(self.subject_type, key)):
            return self._step(self.subject, S.NavStep(None, step.name, step.span))
        names = list(self.variables) + [p.name for p in self.decl.parameters.values()]
        names += [r.name for f in self.decl.fact_types.values() for r in f.roles]
        if subj:
            names += [a.name for a in subj.attributes.values()] + [subj.name]
        guess = did_you_mean(step.name, names)
        self.diag.error(Code.R201, f"onbekende naam '{step.name}'", step.span, note="niet gedeclareerd",
                        hint=f"bedoelde u '{guess}'?" if guess else
                        "declareer de naam als attribuut, parameter of variabele (Daarbij geldt:)")
        return None

    def _subject_by_role(self, step: S.NavStep, via: S.NavStep | None) -> M.Expr | None:
        """`de ouder` in a rule about `een ouder`: the subject itself, as `de Woning` is in a rule about
        `een Woning`. When the role can also be reached from the subject (ouder and kind are both a
        Persoon, so a Persoon has an ouder too), the phrase could mean either: refuse it (R213).
        `via` is the step the phrase ends (`alle kinderen` in `alle kinderen van de ouder`), for the hint."""
        subj = self.decl.object_type(self.subject_type)
        key = step.name.lower()
        if self._role(self.subject_type, key) is None and not (subj and key in subj.attributes):
            return M.Subject(self.subject.type, step.span)
        phrase = f"{step.determiner} {step.name}" if step.determiner else step.name
        example = " ".join(x for x in (via.determiner, via.name) if x) + " van hem" if via else "hem"
        self.diag.error(Code.R213, f"dubbelzinnig: '{phrase}' kan het onderwerp van de regel zijn (een {step.name}) "
                                   f"of de {step.name} van het onderwerp", step.span,
                        note="het onderwerp, of zijn " + step.name + "?",
                        hint=f"bedoelt u het onderwerp zelf, schrijf dan 'hij' of 'hem' (bv. '{example}'); "
                             f"bedoelt u de {step.name} van het onderwerp, schrijf dan 'zijn {step.name}'")
        return None

    def _role(self, type_name: str, key: str) -> tuple[M.FactTypeInfo, M.RoleInfo] | None:
        """The (fact type, target role) reachable from an instance of type_name by role name key."""
        for f in self.decl.fact_types.values():
            for r in f.roles:
                if key not in (r.name.lower(), (r.plural or "").lower()):
                    continue
                others = [o for o in f.roles if o is not r] or [r]
                if any(o.object_type.lower() == type_name.lower() for o in others):
                    return f, r
        return None

    def _step(self, base: M.Expr, step: S.NavStep) -> M.Expr | None:
        t = base.type
        key = step.name.lower()
        if t.kind in ("object", "collection"):
            otype = self.decl.object_type(_name(t))
            many = t.kind == "collection"
            if otype and key in otype.attributes:
                info = otype.attributes[key]
                typ = M.Type("list", info.type.decimals, info.type.unit, info.type.kind) if many else info.type
                return M.Attr(base, otype.name, info.name, typ, step.span)
            found = self._role(_name(t), key)
            if found:
                f, r = found
                kind = "collection" if (many or r.multiple or step.determiner == "alle") else "object"
                return M.RoleNav(base, f.name, r.name, M.Type(kind, name=r.object_type), step.span)
            if otype and key in otype.kenmerken:
                self.diag.error(Code.R308, f"'{step.name}' is een kenmerk, geen waarde", step.span,
                                hint=f"gebruik het in een voorwaarde: 'hij is {step.name}'")
                return None
            roles = [r for f in self.decl.fact_types.values() for r in f.roles]
            plurals = [_PluralName(r.plural, r.span) for r in roles if r.plural]
            self._unknown("attribuut of rol", step.name, _name(t), step.span,
                          [*(list(otype.attributes.values()) if otype else []), *roles, *plurals])
            return None
        if t.kind in ("number", "list", "percentage"):
            pct = self._root(S.NavStep(step.determiner, step.name, step.span))
            if pct is not None and pct.type.kind == "percentage":
                return self._percent(pct, base, step.span)
            if pct is not None:
                self.diag.error(Code.R303, f"'{step.name}' is geen percentage; 'X van Y' vraagt een percentage", step.span,
                                hint="gebruik 'maal' om te vermenigvuldigen")
            return None
        self.diag.error(Code.R202, f"'{step.name} van …' kan niet: wat na 'van' staat is geen object", step.span,
                        hint="alleen attributen van een object en percentages van een bedrag gebruiken 'van'")
        return None

    def _select(self, base: M.Expr, sel: S.Selection) -> M.Expr:
        if base.type.kind != "collection":
            self.diag.error(Code.R306, "'die …' selecteert alleen uit een verzameling", sel.span,
                            hint="gebruik 'alle' of een rol met meervoud")
            return base
        inner = Scope(self.decl, _name(base.type), self.diag)
        test = inner._kenmerk_or_role(inner.subject, sel.form, sel.name, sel.negated, sel.span)
        return M.Filter(base, test, base.type, sel.span) if test is not None else base

    def _percent(self, pct: M.Expr, operand: M.Expr, span: Span) -> M.Expr:
        if operand.type.kind not in ("number", "empty"):
            self.diag.error(Code.R301, f"een percentage van {operand.type.show()} kan niet", span,
                            hint="een percentage neem je van een getal of bedrag")
            return PLACEHOLDER
        dec = None if pct.type.decimals is None or operand.type.decimals is None else \
            pct.type.decimals + operand.type.decimals + 2
        return M.PercentOf(pct, operand, _num(dec, operand.type.unit), span)

    def _PercentOf(self, e: S.PercentOf) -> M.Expr:
        pct = self.expr(e.percent)
        operand = self.expr(e.operand)
        if pct.type.kind != "percentage":
            if pct.type.kind != "empty":
                self.diag.error(Code.R303, "voor 'van (…)' staat geen percentage", e.span,
                                hint="schrijf bijvoorbeeld '21% van (…)' of gebruik een percentage-parameter")
            return PLACEHOLDER
        return self._percent(pct, operand, e.span)

    def _Binary(self, e: S.Binary) -> M.Expr:
        left, right = self.expr(e.left), self.expr(e.right)
        return self.arith(e.op, left, right, e.span)

    def arith(self, op: str, left: M.Expr, right: M.Expr, span: Span) -> M.Expr:
        lt, rt = left.type, right.type
        if "empty" in (lt.kind, rt.kind):
            other = rt if lt.kind == "empty" else lt
            return M.Arith(M.ArithOp(op), left, right, other if other.kind != "empty" else _num(0), span)
        if op in ("plus", "min", "verminderd met"):
            if lt.kind == "date" and rt.kind == "number":
                unit = str(rt.unit)
                if unit not in _TIME:
                    self.diag.error(Code.R302, f"bij een datum kun je alleen een tijdsduur optellen, niet {rt.show()}", span,
                                    hint="bijvoorbeeld: zijn geboortedatum plus 18 jr")
                    return PLACEHOLDER
                return M.DateShift(left, right, M.TimeUnit(unit), -1 if op != "plus" else 1, M.DATE, span)
            if lt.kind != rt.kind or lt.kind not in ("number", "percentage"):
                self.diag.error(Code.R301, f"'{op}' kan niet met {lt.show()} en {rt.show()}", span,
                                hint="tel alleen getallen of bedragen met dezelfde soort eenheid op; "
                                     "gebruik 'de tijdsduur van … tot …' voor het verschil tussen datums"
                                if lt.kind == "date" else "tel alleen getallen met dezelfde soort eenheid op")
                return PLACEHOLDER
            right, sum_unit = self._align(left, right, span)
            return M.Arith(M.ArithOp(op), left, right, M.Type(lt.kind, _max_dec(lt.decimals, rt.decimals), sum_unit), span)
        if lt.kind != "number" or rt.kind != "number":
            hint = "gebruik 'X% van Y' voor een percentage" if "percentage" in (lt.kind, rt.kind) else \
                "vermenigvuldig en deel alleen getallen en bedragen"
            self.diag.error(Code.R303, f"'{op}' kan niet met {lt.show()} en {rt.show()}", span, hint=hint)
            return PLACEHOLDER
        if op == "maal":
            dec = None if lt.decimals is None or rt.decimals is None else lt.decimals + rt.decimals
            return M.Arith(M.ArithOp(op), left, right, _num(dec, lt.unit * rt.unit), span)
        dec = 5 if op.endswith("(ABS)") else None
        return M.Arith(M.ArithOp(op), left, right, _num(dec, lt.unit / rt.unit), span)

    def _align(self, left: M.Expr, right: M.Expr, span: Span) -> tuple[M.Expr, Unit]:
        """Convert right to left's unit. Only a literal number without a unit takes the other side's
        unit (`zijn inkomen plus 5`); any other pair must have convertible units, or R302 with the
        caret on the operand at fault (the one without a unit, else the right one)."""
        lu, ru = left.type.unit, right.type.unit
        if "empty" in (left.type.kind, right.type.kind):
            return right, lu if right.type.kind == "empty" else ru
        if lu == ru or ru.is_dimensionless and _bare_number(right):
            return right, lu
        if lu.is_dimensionless and _bare_number(left):
            return right, ru
        f = conversion_factor(ru, lu) if not (lu.is_dimensionless or ru.is_dimensionless) else None
        if f is None:
            self._unit_mismatch(left, right, span)
            return right, lu
        dec = None if f.denominator != 1 else right.type.decimals
        return M.Convert(right, f, M.Type(right.type.kind, dec, lu), span), lu

    def _unit_mismatch(self, left: M.Expr, right: M.Expr, span: Span) -> None:
        """R302 for two operands whose units do not agree."""
        lu, ru = left.type.unit, right.type.unit
        fault, other = (left, right) if lu.is_dimensionless else (right, left)
        at = fault.span if fault.span.line else span
        other_label = [Label(other.span, f"in {other.type.unit}" if not other.type.unit.is_dimensionless
                             else "zonder eenheid")] if other.span.line else []
        if fault.type.unit.is_dimensionless:
            u = other.type.unit
            self.diag.error(Code.R302, f"de eenheden passen niet bij elkaar: {_what(fault)} heeft geen eenheid, "
                                       f"{_what(other)} is in {u}", at, note="geen eenheid", secondary=other_label,
                            hint=f"het ene deel is in {u}, het andere heeft geen eenheid; alleen een los getal "
                                 f"(bv. 5) neemt de eenheid van de andere kant aan. "
                                 + (f"Geef {_what(fault)} in de declaratie de eenheid die het heeft, of controleer "
                                    f"of u de goede waarde gebruikt" if isinstance(fault, (M.Attr, M.Param)) else
                                    "Controleer of u de goede waarden gebruikt: de eenheid van een uitkomst komt "
                                    "van de attributen en parameters waarmee u rekent"))
            return
        symbols = {s for s, _ in lu.factors} | {s for s, _ in ru.factors}
        days_months = bool(symbols & {"dg", "wk"}) and bool(symbols & {"mnd", "kw", "jr"})
        self.diag.error(Code.R302, f"de eenheden {lu} en {ru} passen niet bij elkaar", at, note=f"in {ru}",
                        secondary=other_label,
                        hint=f"het ene deel is in {lu}, het andere in {ru}; "
                             + ("dagen en maanden zijn niet in elkaar om te rekenen (een maand heeft geen vast "
                                "aantal dagen): reken in één soort tijdseenheid" if days_months else
                                "die zijn niet in elkaar om te rekenen: controleer of u de goede waarden gebruikt"))

    def _Round(self, e: S.Round) -> M.Expr:
        inner = self.expr(e.operand)
        if inner.type.kind not in ("number", "percentage", "empty"):
            self.diag.error(Code.R301, f"afronden kan alleen een getal, niet {inner.type.show()}", e.span,
                            hint="rond alleen getallen, bedragen of percentages af")
            return PLACEHOLDER
        return M.Round(inner, M.RoundingMode(e.mode), e.decimals, M.Type(inner.type.kind if inner.type.kind != "empty" else "number",
                                                          e.decimals, inner.type.unit), e.span)

    def _Bound(self, e: S.Bound) -> M.Expr:
        inner = self.expr(e.operand)
        lo = self.expr(e.minimum) if e.minimum is not None else None
        hi = self.expr(e.maximum) if e.maximum is not None else None
        dec = inner.type.decimals
        for b in (lo, hi):
            if b is not None:
                if b.type.kind not in (inner.type.kind, "empty"):
                    self.diag.error(Code.R301, f"de grens ({b.type.show()}) past niet bij {inner.type.show()}", e.span,
                                    hint="een minimum of maximum heeft hetzelfde type als de waarde die het begrenst")
                    return PLACEHOLDER
                dec = _max_dec(dec, b.type.decimals)
        lo = self._align(inner, lo, e.span)[0] if lo is not None else None
        hi = self._align(inner, hi, e.span)[0] if hi is not None else None
        return M.Bound(inner, lo, hi, M.Type(inner.type.kind, dec, inner.type.unit, inner.type.name), e.span)

    def _Aggregate(self, e: S.Aggregate) -> M.Expr:
        if isinstance(e.collection, S.Nav):
            items: tuple[M.Expr, ...] = (self.expr(e.collection),)
            if items[0] is PLACEHOLDER:
                return PLACEHOLDER
            t = items[0].type
            if t.kind not in ("list", "collection"):
                if e.kind == "aantal" and t.kind == "object":
                    pass
                elif t.kind != "empty":
                    self.diag.error(Code.R306, f"'{e.kind}' vraagt een verzameling, bv. 'van alle …'", e.span,
                                    hint="gebruik 'alle' of een rol met meervoud")
                    return PLACEHOLDER
            elem = (M.Type(_name(t) if t.kind == "list" else "number", t.decimals, t.unit) if t.kind == "list"
                    else M.NUMBER)
        else:
            items = tuple(self.expr(x) for x in e.collection)
            kinds = {i.type.kind for i in items} - {"empty"}
            if len(kinds) > 1:
                self.diag.error(Code.R301, "de waarden in deze opsomming hebben verschillende typen", e.span,
                                hint="vergelijk alleen waarden van hetzelfde type, bv. allemaal bedragen")
                return PLACEHOLDER
            typed = [i for i in items if i.type.kind != "empty"]
            first = next((i for i in typed if not _bare_number(i)), typed[0] if typed else items[0])
            items = tuple(i if i is first else self._align(first, i, e.span)[0] for i in items)
            dec = first.type.decimals
            for i in items:
                dec = _max_dec(dec, i.type.decimals)
            elem = M.Type(first.type.kind, dec, first.type.unit, first.type.name)
        if e.kind == "aantal":
            return M.Aggregate(M.AggregateKind(e.kind), items, False, _num(0), e.span)
        return M.Aggregate(M.AggregateKind(e.kind), items, e.zero_default is not None, elem, e.span)

    def _Duration(self, e: S.Duration) -> M.Expr:
        a, b = self.expr(e.start), self.expr(e.end)
        for x in (a, b):
            if x.type.kind not in ("date", "empty"):
                self.diag.error(Code.R301, f"de tijdsduur gaat tussen twee datums, niet {x.type.show()}", e.span,
                                hint="schrijf 'de tijdsduur van DATUM tot DATUM in hele jaren'")
                return PLACEHOLDER
        unit = {"jaren": "jr", "maanden": "mnd", "dagen": "dg"}[e.unit]
        return M.Call(M.Function.DURATION, (a, b), e.unit, _num(0, Unit.parse(unit)), e.span)

    def _DatePart(self, e: S.DatePart) -> M.Expr:
        a = self.expr(e.operand)
        if a.type.kind not in ("date", "empty"):
            self.diag.error(Code.R301, f"'de {e.part} uit' vraagt een datum, niet {a.type.show()}", e.span,
                            hint=f"bijvoorbeeld: de {e.part} uit (zijn geboortedatum)")
            return PLACEHOLDER
        return M.Call(M.Function.DATE_PART, (a,), e.part, _num(0), e.span)

    def _MakeDate(self, e: S.MakeDate) -> M.Expr:
        args = tuple(self.expr(x) for x in (e.year, e.month, e.day))
        for x in args:
            if x.type.kind not in ("number", "empty"):
                self.diag.error(Code.R301, f"jaar, maand en dag moeten getallen zijn, niet {x.type.show()}", e.span,
                                hint="gebruik 'het jaar uit (…)', 'de maand uit (…)' of een getal")
                return PLACEHOLDER
        return M.Call(M.Function.MAKE_DATE, args, None, M.DATE, e.span)

    def _Absolute(self, e: S.Absolute) -> M.Expr:
        a = self.expr(e.operand)
        if a.type.kind not in ("number", "percentage", "empty"):
            self.diag.error(Code.R301, f"de absolute waarde vraagt een getal, niet {a.type.show()}", e.span,
                            hint="de absolute waarde bestaat alleen voor getallen en bedragen")
            return PLACEHOLDER
        return M.Call(M.Function.ABSOLUTE, (a,), None, a.type, e.span)

    # ---------------------------------------------------------- assignment
    def assign(self, target: M.Type, e: M.Expr, span: Span, name: str) -> M.Expr:
        """Check that e fits the declared type of the attribute; insert a unit conversion when needed."""
        t = e.type
        if t.kind == "empty" or target.kind == "empty":
            return e
        if target.kind in ("number", "percentage") and t.kind in ("number", "percentage"):
            if target.kind == "percentage" and t.kind == "number" and not t.unit.is_dimensionless:
                self.diag.error(Code.R301, f"'{name}' is een percentage; de uitkomst is {t.show()}", span,
                                hint="een percentage krijgt een percentage of een getal zonder eenheid")
                return e
            if target.kind == "number" and t.kind == "percentage":
                self.diag.error(Code.R303, f"'{name}' is een getal; de uitkomst is een percentage", span,
                                hint="gebruik 'X% van Y' om een percentage toe te passen")
                return e
            out = e
            if not t.unit.is_dimensionless and t.unit != target.unit:
                f = conversion_factor(t.unit, target.unit)
                if f is None:
                    self.diag.error(Code.R302, f"'{name}' heeft eenheid {target.unit or 'geen'}, de uitkomst {t.unit}", span,
                                    hint="reken om naar de eenheid van het attribuut of pas de declaratie aan")
                    return e
                if isinstance(e, M.Round):
                    inner = M.Convert(e.operand, f, M.Type(t.kind, None, target.unit), span)
                    out = M.Round(inner, M.RoundingMode(e.mode), e.decimals, M.Type(t.kind, e.decimals, target.unit), e.span)
                else:
                    out = M.Convert(e, f, M.Type(t.kind, t.decimals if f.denominator == 1 else None, target.unit), span)
            if target.decimals is not None and (out.type.decimals is None or out.type.decimals > target.decimals):
                have = "onbeperkt veel" if out.type.decimals is None else str(out.type.decimals)
                self.diag.error(Code.R304, f"'{name}' heeft {target.decimals} decimalen, de uitkomst kan {have} decimalen "
                                        f"hebben", span,
                                hint=f"rond expliciet af: ', rekenkundig afgerond op {target.decimals} decimalen'")
            return out
        if target.kind == t.kind and (target.kind != "enum" or target.name == t.name):
            return e
        self.diag.error(Code.R301, f"'{name}' is van het type {target.show()}, de uitkomst is {t.show()}", span,
                        hint="controleer de uitdrukking of de declaratie van het attribuut")
        return e

    # ---------------------------------------------------------- conditions
    def condition(self, c: S.Condition) -> M.Condition | None:
        if isinstance(c, S.Comparison):
            return self.compare_op(c.op, self.expr(c.left), self.expr(c.right), c.span)
        if isinstance(c, S.EmptyCheck):
            return M.IsEmpty(self.expr(c.operand), c.filled, c.span)
        if isinstance(c, S.KenmerkCheck):
            subject = self.expr(c.subject)
            return self._kenmerk_or_role(subject, c.form, c.name, c.negated, c.span)
        if isinstance(c, S.Elfproef):
            return M.Elfproef(self.expr(c.operand), c.span)
        if isinstance(c, S.Compound):
            items = tuple(x for x in (self.condition(i) for i in c.items) if x is not None)
            if c.count is not None and c.count > len(c.items):
                self.diag.error(Code.R307, f"'{c.quantifier} {c.count}' van {len(c.items)} {'voorwaarde' if len(c.items) == 1 else 'voorwaarden'} "
                                f"kan nooit gelden",
                                c.span, hint="pas het aantal aan")
            return M.Quantified(M.Quantifier(c.quantifier), c.count, items, c.span)
        return None

    def _kenmerk_or_role(self, subject: M.Expr, form: str, name: str, negated: bool,
                         span: Span) -> M.HasKenmerk | M.HasRole | None:
        t = subject.type
        if t.kind != "object":
            if t.kind != "empty":
                self.diag.error(Code.R301, f"'{name}' is een kenmerk van een object, niet van {t.show()}", span,
                                hint=f"schrijf bijvoorbeeld 'hij is {name}' of 'zijn partner is {name}'")
            return None
        type_name = _name(t)
        otype = self.decl.object_type(type_name)
        key = name.lower()
        if otype and key in otype.kenmerken:
            k = otype.kenmerken[key]
            self._check_form(k, form, span)
            return M.HasKenmerk(subject, otype.name, k.name, negated, span)
        for f in self.decl.fact_types.values():
            for r in f.roles:
                if key in (r.name.lower(), (r.plural or "").lower()) and r.object_type.lower() == type_name.lower():
                    return M.HasRole(subject, f.name, r.name, negated, span)
        self._unknown("kenmerk", name, type_name, span, list(otype.kenmerken.values()) if otype else [])
        return None

    def compare_op(self, op: str, left: M.Expr, right: M.Expr, span: Span) -> M.Condition | None:
        sym = cast(str, _CMP.get(op))   # op is one of the grammar's comparison words
        lt, rt = left.type, right.type
        if "empty" in (lt.kind, rt.kind):
            return M.Compare(M.CompareOp(sym), left, right, span)
        if op.startswith(("eerder", "later")) and lt.kind != "date":
            self.diag.error(Code.R301, f"'{op}' vergelijkt datums, niet {lt.show()}", span,
                            hint="gebruik 'groter'/'kleiner' voor getallen")
            return None
        if lt.kind != rt.kind or (lt.kind == "enum" and lt.name != rt.name):
            self.diag.error(Code.R301, f"{lt.show()} en {rt.show()} kunnen niet met elkaar worden vergeleken", span,
                            hint="vergelijk waarden van hetzelfde type")
            return None
        if lt.kind in ("number", "percentage"):
            right = self._align(left, right, span)[0]
        elif op not in ("gelijk", "ongelijk") and lt.kind in ("boolean", "text", "enum"):
            self.diag.error(Code.R301, f"'{op}' kan niet met {lt.show()}", span, hint="gebruik 'gelijk' of 'ongelijk'")
            return None
        return M.Compare(M.CompareOp(sym), left, right, span)

    def table_condition(self, col: S.TableColumn, cell: S.Expr, span: Span) -> M.Condition | None:
        if col.kind == "vergelijking":
            return self.compare_op(col.op, self.expr(col.nav), self.expr(cell), span)
        value = self.expr(cell)
        if not (isinstance(value, M.Const) and value.type.kind == "boolean"):
            self.diag.error(Code.R301, "een kenmerkkolom verwacht 'waar' of 'onwaar'", cell.span,
                            hint="vul 'waar', 'onwaar' of 'n.v.t.' in")
            return None
        name = cast(str, col.name)   # kenmerk columns always carry the kenmerk name
        return self._kenmerk_or_role(self.expr(col.nav), col.op, name, col.negated != (not value.value), col.span)
