"""Check testsets and eigenschappen against the model at `regels check` time (R212), so a wrong test is
found before anything runs. `check_testsets(model, diag)`, `check_properties(model, diag)` only report."""
from __future__ import annotations

from typing import Sequence

from ..codes import Code
from ..diagnostics import Diagnostics, Label, did_you_mean
from ..source import Span
from ..syntax import nodes as S
from . import nodes as M
from .typecheck import Scope, checked_value


def _label(span: Span, note: str) -> Label:
    return Label(span, note)


_FORM = {"bijvoeglijk": "is", "bezittelijk": "heeft", "zelfstandig": "is een"}


def check_testsets(model: M.Model, diag: Diagnostics) -> None:
    """Unknown object types, attributes, kenmerken, labels, roles and rule names in Testspraak."""
    rules = {r.rule.lower() for r in model.rules} | {r.rule.split(", rij ")[0].lower() for r in model.rules}
    checks = {r.rule.lower() for r in model.rules if r.kind in ("consistentie", "uniek")}
    sets = {s.name.lower(): s for s in model.parameter_sets}
    for _, ts in model.testsets:
        for settings in [ts.settings] + [c.settings for c in ts.cases]:
            if settings.parameterset and settings.parameterset.lower() not in sets:
                guess = did_you_mean(settings.parameterset, [s.name for s in model.parameter_sets])
                diag.error(Code.R212, f"parameterset '{settings.parameterset}' bestaat niet",
                           settings.span if settings.span.line else ts.span,
                           hint=f"bedoelde u '{guess}'?" if guess else "gebruik de naam na 'Parameterset' in een "
                                                                     "parameterbestand")
        inits = {i.name.lower(): i for i in ts.inits}
        for init in ts.inits:
            _givens(model, init.givens, inits, diag, {}, facts=False)
        for case in ts.cases:
            labels: dict[str, M.ObjectTypeInfo] = {}
            _givens(model, case.givens, inits, diag, labels)
            for exp in case.expectations:
                otype = labels.get(exp.label)
                if otype is None:
                    diag.error(Code.R212, f"'Verwacht {exp.label}': er is geen object {exp.label} gegeven in dit testgeval",
                               exp.span, hint="geef het object eerst met 'Gegeven een … (" + exp.label + ") met'")
                    continue
                for line in exp.lines:
                    if isinstance(line, S.RuleExpectation):
                        if line.outcome == "inconsistent" and line.rule.lower() in rules and \
                                line.rule.lower() not in checks:
                            diag.error(Code.R212, f"regel \"{line.rule}\" is geen consistentieregel en kan dus niet "
                                               f"inconsistent zijn", line.span,
                                       hint="verwacht 'is gevuurd' of 'is niet gevuurd', of noem een consistentieregel")
                        if line.rule.lower() not in rules:
                            guess = did_you_mean(line.rule, [r.rule for r in model.rules])
                            diag.error(Code.R212, f"onbekende regel \"{line.rule}\"", line.span,
                                       hint=f"bedoelde u \"{guess}\"?" if guess else "gebruik de naam na 'Regel'")
                    else:
                        _line(model, otype, line, diag)


def _givens(model: M.Model, givens: Sequence[S.Given], inits: dict[str, S.TestInit], diag: Diagnostics,
            labels: dict[str, M.ObjectTypeInfo], facts: bool = True) -> None:
    """Check givens; facts are checked against all objects of the testgeval, its initialisations included.
    labels maps each object label to its (declared) object type."""
    all_givens = list(givens)
    for g in givens:
        if isinstance(g, S.GivenInit):
            init = inits.get(g.name.lower())
            if init is None:
                diag.error(Code.R212, f"onbekende testinitialisatie '{g.name}'", g.span,
                           hint="declareer haar in deze testset met 'Testinitialisatie NAAM'")
            else:
                all_givens.extend(init.givens)
                for x in init.givens:
                    if isinstance(x, S.GivenObject) and (xt := model.object_type(x.object_type)):
                        labels[x.label] = xt
        elif isinstance(g, S.GivenObject):
            t = model.object_type(g.object_type)
            if t is None:
                guess = did_you_mean(g.object_type, [x.name for x in model.object_types.values()])
                diag.error(Code.R212, f"onbekend objecttype '{g.object_type}'", g.span,
                           hint=f"bedoelde u '{guess}'?" if guess else "gebruik een gedeclareerd Objecttype")
                continue
            labels[g.label] = t
            seen: dict[str, S.GivenLine] = {}
            for line in g.lines:
                if line.name.lower() in seen:
                    diag.error(Code.R203, f"'{line.name}' staat twee keer bij {g.label}", line.span,
                               secondary=[_label(seen[line.name.lower()].span, "eerste keer")],
                               hint="geef elke waarde één keer; welke bedoeld is, is anders niet te zeggen")
                    continue
                seen[line.name.lower()] = line
                _line(model, t, line, diag)
    for g in (all_givens if facts else ()):
        if isinstance(g, S.GivenFact):
            for label in (g.subject, g.other):
                if label not in labels:
                    diag.error(Code.R212, f"feit: object '{label}' is niet gegeven", g.span,
                               hint=f"geef eerst 'Gegeven een … ({label})'")
            if not any(g.role.lower() == r.name.lower() for f in model.fact_types.values() for r in f.roles):
                guess = did_you_mean(g.role, [r.name for f in model.fact_types.values() for r in f.roles])
                diag.error(Code.R212, f"'{g.role}' is geen rol in een feittype", g.span,
                           hint=f"bedoelde u '{guess}'?" if guess else "gebruik een rol uit een Feittype")


def _line(model: M.Model, t: M.ObjectTypeInfo, line: S.GivenLine, diag: Diagnostics) -> None:
    key = line.name.lower()
    if line.value is None:
        k = t.kenmerken.get(key)
        if k is None:
            guess = did_you_mean(line.name, [x.name for x in t.kenmerken.values()])
            diag.error(Code.R212, f"'{line.name}' is geen kenmerk van {t.name}", line.span,
                       hint=f"bedoelde u '{guess}'?" if guess else "gebruik een kenmerk van dit objecttype")
        elif _FORM.get(k.kind) != line.form:
            diag.error(Code.R309, f"kenmerk '{k.name}' is {k.kind}; schrijf '{_FORM[k.kind]} {k.name}'", line.span,
                       hint=f"{k.kind} kenmerk: '{_FORM[k.kind]} {k.name}' of '{_negative(k)}'")
        return
    a = t.attributes.get(key)
    if a is None and key in t.kenmerken:
        k = t.kenmerken[key]
        diag.error(Code.R309, f"'{k.name}' is een kenmerk en krijgt geen waarde", line.span,
                   hint=f"schrijf '{_FORM[k.kind]} {k.name}' (of '{_negative(k)}')")
        return
    if a is None:
        guess = did_you_mean(line.name, [x.name for x in t.attributes.values()])
        diag.error(Code.R212, f"'{line.name}' is geen attribuut van {t.name}", line.span,
                   hint=f"bedoelde u '{guess}'?" if guess else "gebruik een attribuut van dit objecttype")
        return
    checked_value(line.value, a.type, diag, f"'{line.name}'", model.enums, enum_code=Code.R212)


def _negative(k: M.KenmerkInfo) -> str:
    return {"bijvoeglijk": f"is niet {k.name}", "bezittelijk": f"heeft geen {k.name}",
            "zelfstandig": f"is geen {k.name}"}[k.kind]


def check_properties(model: M.Model, diag: Diagnostics) -> None:
    """The navigations in eigenschappen must name real attributes of the subject."""
    for _, prop in model.properties:
        st = prop.statement
        target = st.result if isinstance(st, S.Monotone) else st.subject
        binder = Scope.binder(target, model, diag)
        if binder is None:
            continue
        subject_type, subject_role, rest = binder
        scope = Scope(model, subject_type, diag, subject_role)
        if scope.attribute_target(subject_type, rest, target.span) is None:
            continue
        if isinstance(st, S.Monotone):
            cause = scope.expr(st.cause)
            if cause.type.kind not in ("number", "empty", "percentage"):
                diag.error(Code.R301, f"'{prop.name}': de oorzaak moet een getal of bedrag zijn, niet {cause.type.show()}",
                           st.cause.span, hint="een eigenschap over stijgen of dalen gaat over getallen")
        else:
            scope.expr(st.expr)
