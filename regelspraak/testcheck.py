"""Check testsets and eigenschappen against the model at `regels check` time (R212), so a wrong test is
found before anything runs. `check_testsets(model, diag)`, `check_properties(model, diag)` only report."""
from __future__ import annotations

from . import model as M
from . import syntax as S
from .diagnostics import Diagnostics, did_you_mean
from .exprs import Scope, literal_value

_FORM = {"bijvoeglijk": "is", "bezittelijk": "heeft", "zelfstandig": "is een"}


def check_testsets(model: M.Model, diag: Diagnostics) -> None:
    """Unknown object types, attributes, kenmerken, labels, roles and rule names in Testspraak."""
    rules = {r.rule.lower() for r in model.rules} | {r.rule.split(", rij ")[0].lower() for r in model.rules}
    for _, ts in model.testsets:
        inits = {i.name.lower(): i for i in ts.inits}
        for init in ts.inits:
            _givens(model, init.givens, inits, diag, {}, facts=False)
        for case in ts.cases:
            labels: dict[str, str] = {}
            _givens(model, case.givens, inits, diag, labels)
            for exp in case.expectations:
                otype = labels.get(exp.label)
                if otype is None:
                    diag.error("R212", f"'Verwacht {exp.label}': er is geen object {exp.label} gegeven in dit testgeval",
                               exp.span, hint="geef het object eerst met 'Gegeven een … (" + exp.label + ") met'")
                    continue
                for line in exp.lines:
                    if isinstance(line, S.RuleExpectation):
                        if line.rule.lower() not in rules:
                            guess = did_you_mean(line.rule, [r.rule for r in model.rules])
                            diag.error("R212", f"onbekende regel \"{line.rule}\"", line.span,
                                       hint=f"bedoelde u \"{guess}\"?" if guess else "gebruik de naam na 'Regel'")
                    else:
                        _line(model, otype, line, diag)


def _givens(model, givens, inits, diag, labels: dict[str, str], facts: bool = True) -> None:
    """Check givens; facts are checked against all objects of the testgeval, its initialisations included."""
    all_givens = list(givens)
    for g in givens:
        if isinstance(g, S.GivenInit):
            init = inits.get(g.name.lower())
            if init is None:
                diag.error("R212", f"onbekende testinitialisatie '{g.name}'", g.span,
                           hint="declareer haar in deze testset met 'Testinitialisatie NAAM'")
            else:
                all_givens.extend(init.givens)
                for x in init.givens:
                    if isinstance(x, S.GivenObject) and model.object_type(x.object_type):
                        labels[x.label] = model.object_type(x.object_type).name
        elif isinstance(g, S.GivenObject):
            t = model.object_type(g.object_type)
            if t is None:
                guess = did_you_mean(g.object_type, [x.name for x in model.object_types.values()])
                diag.error("R212", f"onbekend objecttype '{g.object_type}'", g.span,
                           hint=f"bedoelde u '{guess}'?" if guess else "gebruik een gedeclareerd Objecttype")
                continue
            labels[g.label] = t.name
            for line in g.lines:
                _line(model, t.name, line, diag)
    for g in (all_givens if facts else ()):
        if isinstance(g, S.GivenFact):
            for label in (g.subject, g.other):
                if label not in labels:
                    diag.error("R212", f"feit: object '{label}' is niet gegeven", g.span,
                               hint=f"geef eerst 'Gegeven een … ({label})'")
            if not any(g.role.lower() == r.name.lower() for f in model.fact_types.values() for r in f.roles):
                guess = did_you_mean(g.role, [r.name for f in model.fact_types.values() for r in f.roles])
                diag.error("R212", f"'{g.role}' is geen rol in een feittype", g.span,
                           hint=f"bedoelde u '{guess}'?" if guess else "gebruik een rol uit een Feittype")


def _line(model: M.Model, type_name: str, line: S.GivenLine, diag: Diagnostics) -> None:
    t = model.object_type(type_name)
    key = line.name.lower()
    if line.value is None:
        k = t.kenmerken.get(key)
        if k is None:
            guess = did_you_mean(line.name, [x.name for x in t.kenmerken.values()])
            diag.error("R212", f"'{line.name}' is geen kenmerk van {t.name}", line.span,
                       hint=f"bedoelde u '{guess}'?" if guess else "gebruik een kenmerk van dit objecttype")
        elif _FORM.get(k.kind) != line.form:
            diag.error("R309", f"kenmerk '{k.name}' is {k.kind}; schrijf '{_FORM[k.kind]} {k.name}'", line.span,
                       hint=f"{k.kind} kenmerk: '{_FORM[k.kind]} {'niet ' if k.kind == 'bijvoeglijk' else ''}{k.name}'")
        return
    a = t.attributes.get(key)
    if a is None:
        guess = did_you_mean(line.name, [x.name for x in t.attributes.values()])
        diag.error("R212", f"'{line.name}' is geen attribuut van {t.name}", line.span,
                   hint=f"bedoelde u '{guess}'?" if guess else "gebruik een attribuut van dit objecttype")
        return
    literal_value(line.value, a.type, diag, f"'{line.name}'")


def check_properties(model: M.Model, diag: Diagnostics) -> None:
    """The navigations in eigenschappen must name real attributes of the subject."""
    for _, prop in model.properties:
        st = prop.statement
        target = st.result if isinstance(st, S.Monotone) else st.subject
        binder = Scope.binder(target, model, diag)
        if binder is None:
            continue
        subject_type, _, rest = binder
        scope = Scope(model, subject_type, diag)
        if scope.attribute_target(subject_type, rest, target.span) is None:
            continue
        if isinstance(st, S.Monotone):
            cause = scope.expr(st.cause)
            if cause.type.kind not in ("number", "empty", "percentage"):
                diag.error("R301", f"'{prop.name}': de oorzaak moet een getal of bedrag zijn, niet {cause.type.show()}",
                           st.cause.span, hint="een eigenschap over stijgen of dalen gaat over getallen")
        else:
            scope.expr(st.expr)
