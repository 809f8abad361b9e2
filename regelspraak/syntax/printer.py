"""Canonical RegelSpraak text for syntax nodes: `parse(print(m)) == m`, and printing is idempotent.

In: frozen nodes from regelspraak.syntax.nodes. Out: text the grammar accepts. Layout: top-level items at
column 1, members and versions indented 2, statements 4, bullets 6 and deeper per nesting level.
"""
from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Iterable, Sequence, cast

from ..evaluate.values import decimals_of, format_number
from . import nodes as S

MEMBER, STATEMENT, BULLET = "  ", "    ", "      "
_LINE_WIDTH = 100
_COUNT_WORDS: dict[int | None, str] = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}
_THAN = frozenset({"groter", "kleiner", "eerder", "later"})

# ------------------------------------------------------------------ literals


def format_exact(x: Fraction) -> str:
    """Exact Dutch number text: `12`, `2112,5`, `-0,25`; non-terminating decimals as `4_1/3`."""
    x = Fraction(x)
    if decimals_of(x) is not None:
        return format_number(x)
    sign = "-" if x < 0 else ""
    whole, rest = divmod(abs(x.numerator), x.denominator)
    return f"{sign}{whole}_{rest}/{x.denominator}" if whole else f"{sign}{rest}/{x.denominator}"


def format_date(d: date) -> str:
    """`DD-MM-JJJJ`."""
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def _quantity(q: S.Quantity) -> str:
    return " ".join(format_exact(v) + (f" {u}" if u else "") for v, u in q.parts)


def _validity(v: S.Validity) -> str:
    if v.years and v.start is not None:
        return f"vanaf {v.start.year}" + (f" t/m {v.end.year}" if v.end else "")
    if v.start is None:
        return "altijd" if v.end is None else f"t/m {format_date(v.end)}"
    return f"vanaf {format_date(v.start)}" + (f" t/m {format_date(v.end)}" if v.end else "")


def _sources(sources: Iterable[S.Source], indent: str = "") -> list[str]:
    return [f"{indent}// Bron:" + (f" {s.text}" if s.text else "") for s in sources]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lead(e: S.Expr) -> str:
    """e at the start of a sentence: a leading determiner or pronoun gets a capital (names keep theirs)."""
    text = print_expr(e)
    if isinstance(e, S.Pronoun) or (isinstance(e, S.Nav) and e.steps[0].determiner):
        return _capitalize(text)
    return text

# ------------------------------------------------------------------ expressions
# Precedence levels follow the grammar: expr (postfix round/bound) < sum < product < unary < atom.


EXPR, SUM, PRODUCT, UNARY, ATOM = range(5)
_SUM_OPS = frozenset({"plus", "min", "verminderd met"})
_LIST_AGGREGATES = frozenset({"maximale waarde", "minimale waarde"})


def _level(e: S.Expr) -> int:
    if isinstance(e, (S.Round, S.Bound)):
        return EXPR
    if isinstance(e, S.Binary):
        return SUM if e.op in _SUM_OPS else PRODUCT
    if isinstance(e, S.PercentOf) and isinstance(e.percent, S.PercentLiteral):
        return UNARY
    return ATOM


def _right_level(e: S.Binary) -> int:
    """Minimum level of the right operand of a binary operator (left-associative)."""
    return PRODUCT if e.op in _SUM_OPS else UNARY


def _open_right(e: S.Expr) -> bool:
    """True when the text of e ends in an unparenthesised `de maximale/minimale waarde van X`,
    which would take a following `,` or `en` as the start of a list."""
    if isinstance(e, S.Aggregate):   # a list `A, B en C` is complete after its `en C`
        return e.kind in _LIST_AGGREGATES and not (isinstance(e.collection, tuple) and len(e.collection) > 1)
    if isinstance(e, S.Binary):
        return _level(e.right) >= _right_level(e) and _open_right(e.right)
    if isinstance(e, S.PercentOf) and isinstance(e.percent, S.PercentLiteral):
        return _level(e.operand) >= UNARY and _open_right(e.operand)
    if isinstance(e, S.Bound):
        last = e.maximum if e.maximum is not None else e.minimum
        if last is None:
            return False
        return _level(last) >= SUM and _open_right(last)
    return False


def _sub(e: S.Expr, min_level: int = EXPR, followed: bool = False) -> str:
    """e as an operand: parenthesised when its level is too low, or when a `,`/`en` follows
    and e ends in an open list aggregate."""
    text = print_expr(e)
    if _level(e) < min_level or (followed and _open_right(e)):
        return f"({text})"
    return text


def _nav(n: S.Nav) -> str:
    text = " van ".join(f"{s.determiner} {s.name}" if s.determiner else s.name for s in n.steps)
    if n.selection is not None:
        text += " " + _selection(n.selection)
    return text


def _selection(sel: S.Selection) -> str:
    if sel.form == "heeft":
        middle = f"geen {sel.name}" if sel.negated else sel.name
    elif sel.form == "is een":
        middle = f"{'geen' if sel.negated else 'een'} {sel.name}"
    else:
        middle = f"niet {sel.name}" if sel.negated else sel.name
    return f"die {middle} {sel.verb}"


def _aggregate(a: S.Aggregate) -> str:
    coll = a.collection
    if isinstance(coll, tuple):
        items = [_sub(x, UNARY, followed=True) for x in coll]
        body = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
    else:
        body = print_expr(coll)
    if a.kind == "som":
        zero = f" of {_quantity(a.zero_default)} als die er niet zijn" if a.zero_default else ""
        return f"de som van {body}{zero}"
    if a.kind == "aantal":
        return f"het aantal {body}"
    return f"de {a.kind} van {body}"


def print_expr(e: S.Expr) -> str:
    """Canonical text of an expression, with the minimal parentheses the grammar needs."""
    if isinstance(e, S.Quantity):
        return _quantity(e)
    if isinstance(e, S.PercentLiteral):
        return f"{format_exact(e.value)}%"
    if isinstance(e, S.DateLiteral):
        return ("dd. " if e.prefixed else "") + format_date(e.value)
    if isinstance(e, S.TextLiteral):
        return f'"{e.value}"'
    if isinstance(e, S.EnumLiteral):
        return f"'{e.value}'"
    if isinstance(e, S.BoolLiteral):
        return "waar" if e.value else "onwaar"
    if isinstance(e, S.EmptyLiteral):
        return "leeg"
    if isinstance(e, S.Nav):
        return _nav(e)
    if isinstance(e, S.Pronoun):
        return e.word
    if isinstance(e, S.Binary):
        left_level = SUM if e.op in _SUM_OPS else PRODUCT
        return f"{_sub(e.left, left_level)} {e.op} {_sub(e.right, _right_level(e))}"
    if isinstance(e, S.PercentOf):
        if isinstance(e.percent, S.PercentLiteral):
            return f"{print_expr(e.percent)} van {_sub(e.operand, UNARY)}"
        return f"{print_expr(e.percent)} van ({print_expr(e.operand)})"
    if isinstance(e, S.Round):
        unit = "decimaal" if e.decimals == 1 else "decimalen"
        return f"{_sub(e.operand, followed=True)}, {e.mode} afgerond op {e.decimals} {unit}"
    if isinstance(e, S.Bound):
        text = _sub(e.operand, followed=True) + ","
        if e.minimum is not None:
            text += f" met een minimum van {_sub(e.minimum, SUM, followed=e.maximum is not None)}"
            if e.maximum is not None:
                text += f" en een maximum van {_sub(e.maximum, SUM)}"
        else:
            if e.maximum is None:
                raise TypeError("cannot print a bound without minimum and maximum")
            text += f" met een maximum van {_sub(e.maximum, SUM)}"
        return text
    if isinstance(e, S.Aggregate):
        return _aggregate(e)
    if isinstance(e, S.Duration):
        return f"de tijdsduur van {print_expr(e.start)} tot {print_expr(e.end)} in hele {e.unit}"
    if isinstance(e, S.DatePart):
        article = "het" if e.part == "jaar" else "de"
        return f"{article} {e.part} uit ({print_expr(e.operand)})"
    if isinstance(e, S.MakeDate):
        args = f"{_sub(e.year, followed=True)}, {_sub(e.month, followed=True)}, {print_expr(e.day)}"
        return f"de datum met jaar, maand en dag({args})"
    if isinstance(e, S.Absolute):
        return f"de absolute waarde van ({print_expr(e.operand)})"
    if isinstance(e, S.Rekendatum):
        return f"{e.article} Rekendatum" if e.article else "Rekendatum"
    if isinstance(e, S.Rekenjaar):
        return f"{e.article} Rekenjaar" if e.article else "Rekenjaar"
    raise TypeError(f"cannot print expression {type(e).__name__}")

# ------------------------------------------------------------------ conditions


def _tail(op: str) -> str:
    return "dan" if op in _THAN else "aan"


def _kenmerk(form: str, name: str, negated: bool, statement_form: bool) -> str:
    """Kenmerk predicate words: statement form `is niet X`, verb-last form `niet X is`."""
    if form == "heeft":
        words = ("heeft", f"geen {name}" if negated else name)
    elif form == "is een":
        words = ("is", f"{'geen' if negated else 'een'} {name}")
    else:
        words = ("is", f"niet {name}" if negated else name)
    return " ".join(words if statement_form else reversed(words))


def _comparison_vl(op: str) -> str:
    return f"{op} is {_tail(op)}"


def _subject(cond: S.Condition) -> S.Expr:
    """The expression a condition is about (its left side for a comparison)."""
    if isinstance(cond, (S.KenmerkCheck, S.Compound)):
        return cond.subject
    if isinstance(cond, S.Comparison):
        return cond.left
    return cond.operand


def print_condition(cond: S.Condition, statement_form: bool | None = None, depth: int = 0) -> str:
    """A condition without `indien`: verb-last (`X groter is dan Y`) or statement form
    (`X is groter dan Y`); compound conditions add their bullet lines at nesting `depth + 1`."""
    st = cond.statement_form if statement_form is None else statement_form
    subject = print_expr(_subject(cond))
    if isinstance(cond, S.Comparison):
        op = f"is {cond.op} {_tail(cond.op)}" if st else _comparison_vl(cond.op)
        return f"{subject} {op} {print_expr(cond.right)}"
    if isinstance(cond, S.EmptyCheck):
        word = "gevuld" if cond.filled else "leeg"
        return f"{subject} is {word}" if st else f"{subject} {word} is"
    if isinstance(cond, S.KenmerkCheck):
        return f"{subject} {_kenmerk(cond.form, cond.name, cond.negated, st)}"
    if isinstance(cond, S.Elfproef):
        return f"{subject} voldoet aan de elfproef" if st else f"{subject} aan de elfproef voldoet"
    if isinstance(cond, S.Compound):
        quant = cond.quantifier
        if cond.quantifier == "geen":
            quant = "geen van de"
        elif cond.quantifier != "alle":
            quant = f"{cond.quantifier} {_COUNT_WORDS.get(cond.count, cond.count)} van de"
        head = f"voldoet aan {quant} volgende voorwaarden:" if st else f"aan {quant} volgende voorwaarden voldoet:"
        indent = BULLET + "  " * depth
        lines = [f"{subject} {head}"]
        for item in cond.items:
            lines.append(f"{indent}{'•' * (depth + 1)} {print_condition(item, True, depth + 1)}")
        return "\n".join(lines)
    raise TypeError(f"cannot print condition {type(cond).__name__}")

# ------------------------------------------------------------------ statements and rules


def _statement(s: S.Statement) -> str:
    """The statement lines (indented 4), with its condition, without the final period."""
    cond = None if isinstance(s, S.Uniqueness) else s.condition
    target = _lead(s.subject if isinstance(s, S.KenmerkAssignment) else s.target)
    if isinstance(s, S.Assignment):
        verb = {"berekend": "moet berekend worden als", "gesteld": "moet gesteld worden op",
                "geïnitialiseerd": "moet geïnitialiseerd worden op"}[s.kind]
        head, expr = f"{STATEMENT}{target} {verb}", print_expr(s.expr)
        text = f"{head} {expr}" if len(head) + len(expr) < _LINE_WIDTH else f"{head}\n{BULLET}{expr}"
    elif isinstance(s, S.KenmerkAssignment):
        text = f"{STATEMENT}{target} {_kenmerk(s.form, s.name, False, True)}"
    elif isinstance(s, S.Consistency):
        if s.expr is None:
            text = f"{STATEMENT}{target} moet {s.op} zijn"
        else:
            text = f"{STATEMENT}{target} moet {s.op} zijn {_tail(s.op)} {print_expr(s.expr)}"
    elif isinstance(s, S.Uniqueness):
        text = f"{STATEMENT}{target} moeten uniek zijn"
    else:
        raise TypeError(f"cannot print statement {type(s).__name__}")
    if cond is not None:
        text += f"\n{STATEMENT}indien {print_condition(cond, False)}"
    return text


def _variables(defs: Sequence[S.VariableDef]) -> list[str]:
    if not defs:
        return []
    lines = [f"{STATEMENT}Daarbij geldt:"]
    for i, d in enumerate(defs):
        end = "." if i == len(defs) - 1 else ";"
        name = f"{d.article} {d.name}" if d.article else d.name
        lines.append(f"{BULLET}{name} is {print_expr(d.expr)}{end}")
    return lines


def _version_head(version: S.RuleVersion | S.TableVersion) -> list[str]:
    lines = [f"{MEMBER}geldig {_validity(version.validity)}", *_sources(version.sources, STATEMENT)]
    if version.transitional is not None:
        lines.append(f"{STATEMENT}overgangsrecht gesloten voor nieuwe gevallen vanaf "
                     f"{format_date(version.transitional.closed_from)}")
    return lines


def _rule(r: S.Rule) -> str:
    lines = [*_sources(r.sources), f"Regel {r.name}"]
    for v in r.versions:
        lines += _version_head(v)
        lines.append(_statement(v.statement) + ".")
        lines += _variables(v.variables)
    return "\n".join(lines)


def _column(c: S.TableColumn) -> str:
    if c.kind == "conclusie":
        verb = "moet berekend worden als" if c.op == "berekend" else "moet gesteld worden op"
        return f"{print_expr(c.nav)} {verb}"
    if c.kind == "kenmerk":
        name = cast(str, c.name)   # kenmerk columns always carry the kenmerk name
        return f"indien {print_expr(c.nav)} {_kenmerk(c.op, name, c.negated, False)}"
    return f"indien {print_expr(c.nav)} {_comparison_vl(c.op)}"


def _table(t: S.DecisionTable) -> str:
    lines = [*_sources(t.sources), f"Beslistabel {t.name}"]
    for v in t.versions:
        lines += _version_head(v)
        lines.append(f"{STATEMENT}| | " + " | ".join(_column(c) for c in v.columns) + " |")
        lines.append(f"{STATEMENT}|" + "---|" * (len(v.columns) + 1))
        for row in v.rows:
            cells = ["n.v.t." if c is None else print_expr(c) for c in row.cells]
            lines.append(f"{STATEMENT}| {row.number} | " + " | ".join(cells) + " |")
    return "\n".join(lines)

# ------------------------------------------------------------------ declarations


def _spec(t: S.NumericType | S.PercentageType) -> str:
    sign = f"{t.sign} " if t.sign else ""
    if t.integer:
        return f"{sign}geheel getal"
    if t.decimals is None:
        return f"{sign}getal"
    return f"{sign}getal met {t.decimals} {'decimaal' if t.decimals == 1 else 'decimalen'}"


def print_datatype(t: S.DataType) -> str:
    """`Numeriek (getal met 2 decimalen) met eenheid €`, `Datum in dagen`, a domain name, …"""
    if isinstance(t, S.NumericType):
        return f"Numeriek ({_spec(t)})" + (f" met eenheid {t.unit}" if t.unit else "")
    if isinstance(t, S.PercentageType):
        return f"Percentage ({_spec(t)})"
    if isinstance(t, S.TextType):
        return "Tekst"
    if isinstance(t, S.BooleanType):
        return "Boolean"
    if isinstance(t, S.DateType):
        return "Datum en tijd in millisecondes" if t.with_time else "Datum in dagen"
    if isinstance(t, S.NamedType):
        return t.name
    raise TypeError(f"cannot print datatype {type(t).__name__}")


def _plural(p: str | None) -> str:
    return f" (mv: {p})" if p else ""


def _provenance(p: str | None) -> str:
    return f" afkomstig van {p}" if p else ""


def _member(m: S.Attribute | S.Kenmerk) -> str:
    if isinstance(m, S.Attribute):
        return (f"{MEMBER}{m.article} {m.name}{_plural(m.plural)} {print_datatype(m.datatype)}"
                f"{_provenance(m.provenance)};")
    if m.kind == "bijvoeglijk" and m.article is None:
        return f"{MEMBER}is {m.name} kenmerk (bijvoeglijk){_provenance(m.provenance)};"
    article = f"{m.article} " if m.article else ""
    kind = "" if m.kind == "zelfstandig" else f" ({m.kind})"
    return f"{MEMBER}{article}{m.name} kenmerk{kind}{_provenance(m.provenance)};"


def _object_type(o: S.ObjectType) -> str:
    head = f"Objecttype {o.article} {o.name}{_plural(o.plural)}" + (" (bezield)" if o.animate else "")
    return "\n".join([head, *(_member(m) for m in o.members)])


def _fact_type(f: S.FactType) -> str:
    lines = [("Wederkerig feittype " if f.reciprocal else "Feittype ") + f.name]
    lines += [f"{MEMBER}{r.article} {r.name}{_plural(r.plural)} {r.object_type}" for r in f.roles]
    c1, role1, c2, role2 = f.cardinality
    lines.append(f"{MEMBER}{c1} {role1} heeft {c2} {role2}")
    return "\n".join(lines)


def _domain(d: S.Domain) -> str:
    if d.datatype is None:
        return "\n".join([f"Domein {d.name} is van het type Enumeratie", *(f"{MEMBER}'{v}'" for v in d.values)])
    return f"Domein {d.name} is van het type {print_datatype(d.datatype)}"


def _parameter_set(p: S.ParameterSet) -> str:
    lines = [*_sources(p.sources), f"Parameterset {p.name}", f"{MEMBER}geldig {_validity(p.validity)}"]
    for v in p.values:
        lines += _sources(v.sources, MEMBER)
        name = f"{v.article} {v.name}" if v.article else v.name
        lines.append(f"{MEMBER}{name} {print_expr(v.value)}")
    return "\n".join(lines)

# ------------------------------------------------------------------ testspraak


def _given_line(g: S.GivenLine | S.RuleExpectation, indent: str) -> str:
    if isinstance(g, S.RuleExpectation):
        return f'{indent}regel "{g.rule}" is {g.outcome}'
    if g.value is None:
        return f"{indent}{_kenmerk(g.form or 'is', g.name, g.negated, True)}"
    return f"{indent}{g.name} {print_expr(g.value)}"


def _givens(givens: Iterable[S.Given], indent: str) -> list[str]:
    lines: list[str] = []
    for g in givens:
        if isinstance(g, S.GivenObject):
            lines.append(f"{indent}Gegeven een {g.object_type} ({g.label})" + (" met" if g.lines else ""))
            lines += [_given_line(x, indent + "  ") for x in g.lines]
        elif isinstance(g, S.GivenFact):
            lines.append(f"{indent}Gegeven {g.subject} heeft {g.other} als {g.role}")
        else:
            lines.append(f"{indent}Gegeven testinitialisatie {g.name}")
    return lines


def _settings(s: S.TestSettings, indent: str) -> list[str]:
    lines: list[str] = []
    if s.rekendatum is not None:
        lines.append(f"{indent}Rekendatum {format_date(s.rekendatum)}")
    if s.parameterset is not None:
        lines.append(f"{indent}Parameterset {s.parameterset}")
    return lines


def _testset(t: S.TestSet) -> str:
    lines = [f"Testset {t.name}", *_settings(t.settings, MEMBER)]
    for init in t.inits:
        lines.append(f"{MEMBER}Testinitialisatie {init.name}")
        lines += _givens(init.givens, STATEMENT)
    for case in t.cases:
        lines.append(f"{MEMBER}Testgeval {case.name}")
        lines += _settings(case.settings, STATEMENT) + _givens(case.givens, STATEMENT)
        for exp in case.expectations:
            lines.append(f"{STATEMENT}Verwacht {exp.label} met")
            lines += [_given_line(x, BULLET) for x in exp.lines]
    return "\n".join(lines)


def _property(p: S.Property) -> str:
    s = p.statement
    if isinstance(s, S.Monotone):
        body = f"{_lead(s.result)} {s.result_direction} niet wanneer {print_expr(s.cause)} {s.cause_direction}"
    else:
        body = f"{_lead(s.subject)} is altijd {s.op} {_tail(s.op)} {print_expr(s.expr)}"
    return "\n".join(_sources(p.sources) + [f"Eigenschap {p.name}", f"{MEMBER}{body}."])

# ------------------------------------------------------------------ items and modules


def print_item(item: S.Item) -> str:
    """Canonical text of one top-level item (no trailing newline)."""
    if isinstance(item, S.LawHeader):
        return f"Wetgeving {item.title}"
    if isinstance(item, S.RuleGroup):
        return f"Regelgroep {item.name}"
    if isinstance(item, S.Domain):
        return _domain(item)
    if isinstance(item, S.ObjectType):
        return _object_type(item)
    if isinstance(item, S.ParameterDecl):
        return f"Parameter {item.article} {item.name} : {print_datatype(item.datatype)}"
    if isinstance(item, S.FactType):
        return _fact_type(item)
    if isinstance(item, S.Rule):
        return _rule(item)
    if isinstance(item, S.DecisionTable):
        return _table(item)
    if isinstance(item, S.ParameterSet):
        return _parameter_set(item)
    if isinstance(item, S.TestSet):
        return _testset(item)
    if isinstance(item, S.Property):
        return _property(item)
    raise TypeError(f"cannot print item {type(item).__name__}")


def print_module(module: S.Module) -> str:
    """Canonical text of a whole file: items in order, separated by one blank line
    (consecutive parameter declarations stay together)."""
    parts: list[str] = []
    for prev, item in zip((None, *module.items), module.items):
        if prev is not None:
            together = isinstance(prev, S.ParameterDecl) and isinstance(item, S.ParameterDecl)
            parts.append("\n" if together else "\n\n")
        parts.append(print_item(item))
    return "".join(parts) + "\n" if parts else ""
