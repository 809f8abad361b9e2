"""Resolve and type: syntax modules → Model. Names to declarations, types and units, rule versions.

One public function, `resolve(modules, diag) -> Model`; problems go to diag (R2xx names, R3xx types).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Iterable, Sequence, TypedDict

from ..codes import Code
from ..diagnostics import Diagnostics, Label, did_you_mean
from ..source import Span
from ..syntax import nodes as S
from ..syntax.articles import parse_law_header, parse_reference
from . import nodes as M
from .order import parameters_of
from .typecheck import Scope, checked_value
from .units import DIMENSIONLESS, Unit


def resolve(modules: Iterable[S.Module], diag: Diagnostics) -> M.Model:
    """Build the typed model from parsed modules; never raises."""
    modules = list(modules)
    laws = _laws(modules, diag)
    law_of = {m.path: laws.get(str(Path(m.path).parent)) for m in modules}
    enums, domains = _domains(modules, diag)
    types = _object_types(modules, domains, enums, diag)
    facts = _fact_types(modules, types, diag)
    params = _parameters(modules, domains, enums, diag)
    decl = M.Model(tuple(laws.values()), types, facts, params, (), (), enums, (), ())
    psets = _parameter_sets(modules, decl, law_of, diag)
    rules: list[M.RuleVersion] = []
    for mod in modules:
        law = law_of[mod.path]
        group: str | None = None
        for item in mod.items:
            if isinstance(item, S.RuleGroup):
                group = item.name
            elif isinstance(item, S.Rule):
                rules.extend(replace(v, group=group) for v in _rule(item, decl, law, diag))
            elif isinstance(item, S.DecisionTable):
                rules.extend(replace(v, group=group) for v in _table(item, decl, law, diag))
    testsets = tuple((mod.path, t) for mod in modules for t in mod.items if isinstance(t, S.TestSet))
    props = tuple((mod.path, p) for mod in modules for p in mod.items if isinstance(p, S.Property))
    rules = [replace(r, parameters=parameters_of(r)) for r in rules]
    return replace(decl, parameter_sets=tuple(psets), rules=tuple(rules), testsets=testsets, properties=props)

# ------------------------------------------------------------------ declarations


def _laws(modules: Sequence[S.Module], diag: Diagnostics) -> dict[str, M.LawInfo]:
    out: dict[str, M.LawInfo] = {}
    for mod in modules:
        for item in mod.items:
            if isinstance(item, S.LawHeader):
                parsed = parse_law_header(item.title)
                folder = str(Path(mod.path).parent)
                if parsed is None:
                    diag.error(Code.R206, f"de wetgeving '{item.title}' heeft niet de vorm NAAM (AFKORTING, BWB-id)",
                               item.span, hint="bijvoorbeeld: Wetgeving Wet op de zorgtoeslag (Wzt, BWBR0018451)")
                elif folder in out:
                    diag.error(Code.R203, f"de map {folder} declareert al een wet ({out[folder].name})", item.span,
                               hint="één Wetgeving-regel per wetmap")
                else:
                    out[folder] = M.LawInfo(*parsed, folder, item.span)
    return out


def _domains(modules: Sequence[S.Module],
             diag: Diagnostics) -> tuple[dict[str, tuple[str, ...]], dict[str, S.Domain]]:
    enums: dict[str, tuple[str, ...]] = {}
    domains: dict[str, S.Domain] = {}
    for mod in modules:
        for item in mod.items:
            if isinstance(item, S.Domain):
                key = item.name.lower()
                if key in domains:
                    if item != domains[key]:
                        _duplicate(diag, "domein", item.name, item.span, domains[key].span, differs=True)
                    continue
                domains[key] = item
                if item.datatype is None:
                    enums[item.name] = item.values
    return enums, domains


def _duplicate(diag: Diagnostics, what: str, name: str, span: Span, first: Span, differs: bool = False) -> None:
    if differs:
        diag.error(Code.R203, f"{what} '{name}' is al eerder anders gedeclareerd", span, note="tweede declaratie",
                   secondary=[M_label(first, "eerste declaratie")],
                   hint="wetten die samen worden geladen delen hun declaraties; een naam die in twee wetten "
                        "voorkomt moet in beide precies gelijk gedeclareerd zijn (of kies een andere naam)")
        return
    diag.error(Code.R203, f"{what} '{name}' is al eerder gedeclareerd", span, note="tweede declaratie",
               secondary=[M_label(first, "eerste declaratie")], hint="geef elke naam één declaratie")


def M_label(span: Span, note: str) -> Label:
    return Label(span, note)


def datatype(dt: S.DataType, domains: dict[str, S.Domain], enums: dict[str, tuple[str, ...]], diag: Diagnostics,
             seen: tuple[str, ...] = ()) -> M.Type:
    """Syntax data type → model Type; an unknown domain gives R201 and a number type."""
    if isinstance(dt, S.NumericType):
        return M.Type("number", dt.decimals, Unit.parse(dt.unit) if dt.unit else DIMENSIONLESS, None, dt.integer,
                      dt.sign)
    if isinstance(dt, S.PercentageType):
        return M.Type("percentage", dt.decimals, DIMENSIONLESS, None, dt.integer, dt.sign)
    if isinstance(dt, S.TextType):
        return M.TEXT
    if isinstance(dt, S.BooleanType):
        return M.BOOLEAN
    if isinstance(dt, S.DateType):
        return M.DATE
    dom = domains.get(dt.name.lower())
    if dom is None:
        guess = did_you_mean(dt.name, [d.name for d in domains.values()])
        diag.error(Code.R201, f"onbekend datatype of domein '{dt.name}'", dt.span, note="niet gedeclareerd",
                   hint=f"bedoelde u '{guess}'?" if guess else "declareer het met: Domein NAAM is van het type …")
        return M.EMPTY
    if dom.datatype is None:
        return M.Type("enum", name=dom.name)
    if dom.name.lower() in seen:
        return M.NUMBER
    return datatype(dom.datatype, domains, enums, diag, (*seen, dom.name.lower()))


def _object_types(modules: Sequence[S.Module], domains: dict[str, S.Domain], enums: dict[str, tuple[str, ...]],
                  diag: Diagnostics) -> dict[str, M.ObjectTypeInfo]:
    """Object types; one declared in several files (e.g. Persoon in several laws) is merged member by member."""
    out: dict[str, M.ObjectTypeInfo] = {}
    for mod in modules:
        seen_here: dict[str, S.ObjectType] = {}
        for item in mod.items:
            if not isinstance(item, S.ObjectType):
                continue
            key = item.name.lower()
            info = out.get(key)
            if key in seen_here:
                _duplicate(diag, "objecttype", item.name, item.span, seen_here[key].span)
                continue
            seen_here[key] = item
            if info is None:
                info = out[key] = M.ObjectTypeInfo(item.name, item.plural, item.animate, {}, {}, item.span)
            elif item.plural and info.plural and item.plural.lower() != info.plural.lower():
                _duplicate(diag, "objecttype", item.name, item.span, info.span, differs=True)
            own: set[str] = set()
            for mem in item.members:
                _member(info, item.name, mem, own, domains, enums, diag)
    return out


def _member(info: M.ObjectTypeInfo, type_name: str, mem: S.Attribute | S.Kenmerk, own: set[str],
            domains: dict[str, S.Domain], enums: dict[str, tuple[str, ...]], diag: Diagnostics) -> None:
    attrs, kenm = info.attributes, info.kenmerken
    k = mem.name.lower()
    new: M.AttributeInfo | M.KenmerkInfo
    if isinstance(mem, S.Attribute):
        new = M.AttributeInfo(type_name, mem.name, datatype(mem.datatype, domains, enums, diag), mem.provenance,
                              mem.plural, mem.span)
    else:
        new = M.KenmerkInfo(type_name, mem.name, mem.kind, mem.provenance, mem.span)
    old = attrs.get(k) or kenm.get(k)
    if old is not None:
        same = (isinstance(old, M.AttributeInfo) and isinstance(new, M.AttributeInfo) and old.type == new.type
                or isinstance(old, M.KenmerkInfo) and isinstance(new, M.KenmerkInfo) and old.kind == new.kind)
        if same and old.provenance and new.provenance and old.provenance.lower() != new.provenance.lower():
            diag.error(Code.R203, f"'{mem.name}' komt hier van {new.provenance}, elders van {old.provenance}", mem.span,
                       secondary=[M_label(old.span, "andere herkomst")],
                       hint="één attribuut heeft één gegevensbron; maak 'afkomstig van' in beide wetten gelijk")
            return
        if same and new.provenance and not old.provenance:
            if isinstance(old, M.AttributeInfo):
                attrs[k] = M.AttributeInfo(old.object_type, old.name, old.type, new.provenance, old.plural, old.span)
            else:
                kenm[k] = M.KenmerkInfo(old.object_type, old.name, old.kind, new.provenance, old.span)
        if k in own or not same:
            _duplicate(diag, "attribuut of kenmerk", mem.name, mem.span, old.span, differs=k not in own)
        own.add(k)
        return
    own.add(k)
    if isinstance(new, M.AttributeInfo):
        attrs[k] = new
        if new.plural:
            attrs.setdefault(new.plural.lower(), new)
    else:
        kenm[k] = new


def _fact_types(modules: Sequence[S.Module], types: dict[str, M.ObjectTypeInfo],
                diag: Diagnostics) -> dict[str, M.FactTypeInfo]:
    out: dict[str, M.FactTypeInfo] = {}
    first: dict[str, S.FactType] = {}
    for mod in modules:
        for item in mod.items:
            if not isinstance(item, S.FactType):
                continue
            if item.name.lower() in out:
                if item != first[item.name.lower()]:
                    _duplicate(diag, "feittype", item.name, item.span, out[item.name.lower()].span, differs=True)
                continue
            first[item.name.lower()] = item
            card = item.cardinality or ("één", "", "één", "")
            many = {card[1].lower(): card[0] == "meerdere", card[3].lower(): card[2] == "meerdere"}
            roles: list[M.RoleInfo] = []
            for r in item.roles:
                if r.object_type.lower() not in types:
                    guess = did_you_mean(r.object_type, [t.name for t in types.values()])
                    diag.error(Code.R201, f"onbekend objecttype '{r.object_type}' in rol '{r.name}'", r.span,
                               hint=f"bedoelde u '{guess}'?" if guess else "declareer het objecttype")
                roles.append(M.RoleInfo(item.name, r.name, r.plural, r.object_type,
                                        many.get(r.name.lower(), False) or many.get((r.plural or "").lower(), False),
                                        r.span))
            expected = 1 if item.reciprocal else 2
            if len(roles) != expected:
                diag.error(Code.R207, f"feittype '{item.name}' heeft {len(roles)} {'rol' if len(roles) == 1 else 'rollen'}; "
                                   f"verwacht {expected}", item.span,
                           hint="een wederkerig feittype heeft één rol, een gewoon feittype twee")
            out[item.name.lower()] = M.FactTypeInfo(item.name, item.reciprocal, tuple(roles), item.span)
    return out


def _parameters(modules: Sequence[S.Module], domains: dict[str, S.Domain], enums: dict[str, tuple[str, ...]],
                diag: Diagnostics) -> dict[str, M.ParameterInfo]:
    out: dict[str, M.ParameterInfo] = {}
    for mod in modules:
        here: set[str] = set()
        for item in mod.items:
            if isinstance(item, S.ParameterDecl):
                if item.name.lower() in here:
                    _duplicate(diag, "parameter", item.name, item.span, out[item.name.lower()].span)
                    continue
                here.add(item.name.lower())
                if item.name.lower() in out:
                    if datatype(item.datatype, domains, enums, diag) != out[item.name.lower()].type:
                        _duplicate(diag, "parameter", item.name, item.span, out[item.name.lower()].span, differs=True)
                    continue
                out[item.name.lower()] = M.ParameterInfo(item.name, datatype(item.datatype, domains, enums, diag),
                                                         item.span)
    return out


def _parameter_sets(modules: Sequence[S.Module], decl: M.Model, law_of: dict[str, M.LawInfo | None],
                    diag: Diagnostics) -> list[M.ParameterSetInfo]:
    out: list[M.ParameterSetInfo] = []
    for mod in modules:
        law = law_of[mod.path]
        for item in mod.items:
            if not isinstance(item, S.ParameterSet):
                continue
            values: dict[str, object] = {}
            for pv in item.values:
                info = decl.parameters.get(pv.name.lower())
                if info is None:
                    guess = did_you_mean(pv.name, [p.name for p in decl.parameters.values()])
                    diag.error(Code.R201, f"onbekende parameter '{pv.name}' in parameterset '{item.name}'", pv.span,
                               hint=f"bedoelde u '{guess}'?" if guess else "declareer hem met: Parameter de NAAM : TYPE")
                    continue
                if pv.name.lower() in values:
                    diag.error(Code.R203, f"parameter '{pv.name}' staat twee keer in parameterset '{item.name}'", pv.span,
                               hint="geef elke parameter één waarde per parameterset; verwijder een van de twee regels")
                    continue
                values[pv.name.lower()] = checked_value(pv.value, info.type, diag, f"parameter '{info.name}'",
                                                        decl.enums)
            refs = tuple(parse_reference(s.text, s.span, law.bwb_id if law else None) for s in item.sources)
            out.append(M.ParameterSetInfo(item.name, item.validity.start, item.validity.end, values, refs,
                                          law.abbreviation if law else None, _header_span(item)))
    return out


def _header_span(item: S.ParameterSet) -> Span:
    """The set from its `Parameterset NAAM` line on, so that a caret points at the header, not at the
    `// Bron:` lines above it. The header is the line before `geldig …` (the title fills its line)."""
    line = item.validity.span.line - 1
    if not item.validity.span.line or line < item.span.line or any(s.span.line >= line for s in item.sources):
        return item.span
    return Span(item.span.path, line, 1, item.span.end_line, item.span.end_column)

# ------------------------------------------------------------------ rules


def _articles(sources: Iterable[S.Source], law: M.LawInfo | None, what: str, span: Span,
              diag: Diagnostics) -> tuple[M.ArticleRef, ...]:
    """The article references of a version; warns (R401) when none of them names an article."""
    refs = tuple(parse_reference(s.text, s.span, law.bwb_id if law else None, law.abbreviation if law else None)
                 for s in sources)
    if not any(a.article for a in refs):
        diag.warning(Code.R401, f"{what} verwijst niet naar een wetsartikel", span,
                     hint="zet een bronregel boven de regel of onder 'geldig …', "
                          "bv. // Bron: [art. 2 lid 1](jci1.3:c:BWBR…&artikel=2&lid=1)")
    return refs


def _rule(rule: S.Rule, decl: M.Model, law: M.LawInfo | None, diag: Diagnostics) -> list[M.RuleVersion]:
    out: list[M.RuleVersion] = []
    for i, v in enumerate(rule.versions):
        arts = _articles(rule.sources + v.sources, law, f"regel '{rule.name}'", v.span, diag)
        version = _statement(rule.name, i, v, arts, decl, law, diag)
        if version is not None:
            out.append(version)
    return out


class _Common(TypedDict):
    """The RuleVersion fields every kind of statement shares."""
    rule: str
    index: int
    start: date | None
    end: date | None
    articles: tuple[M.ArticleRef, ...]
    closed_from: date | None
    subject_type: str
    subject_role: tuple[str, str] | None
    variables: tuple[tuple[str, M.Expr], ...]
    law: str | None
    span: Span


def _statement(name: str, index: int, v: S.RuleVersion, arts: tuple[M.ArticleRef, ...], decl: M.Model,
               law: M.LawInfo | None, diag: Diagnostics) -> M.RuleVersion | None:
    st = v.statement
    nav = st.target if not isinstance(st, S.KenmerkAssignment) else st.subject
    binder = Scope.binder(nav, decl, diag, allow_all=isinstance(st, S.Uniqueness))
    if binder is None:
        return None
    subject_type, subject_role, rest = binder
    scope = Scope(decl, subject_type, diag, subject_role)
    variables = scope.define_variables(v.variables)
    common = _Common(rule=name, index=index, start=v.validity.start, end=v.validity.end, articles=arts,
                  closed_from=v.transitional.closed_from if v.transitional else None, subject_type=subject_type,
                  subject_role=subject_role, variables=variables, law=law.abbreviation if law else None, span=v.span)
    st_cond = None if isinstance(st, S.Uniqueness) else st.condition
    cond = scope.condition(st_cond) if st_cond is not None else None
    if isinstance(st, S.KenmerkAssignment):
        target = scope.kenmerk_target(subject_type, st.name, st.span, st.form)
        if target is None:
            return None
        return M.RuleVersion(**common, target=target, kind="kenmerk", expr=None, condition=cond)
    if isinstance(st, S.Uniqueness):
        return M.RuleVersion(**common, target=M.Target("check", subject_type, name), kind="uniek",
                             expr=scope.attribute_target(subject_type, rest, nav.span, as_expr=True),
                             condition=None)
    attr = scope.attribute_target(subject_type, rest, nav.span)
    if attr is None:
        return None
    if isinstance(st, S.Consistency):
        left = M.Attr(M.Subject(M.Type("object", name=subject_type)), subject_type, attr.name, attr.type, nav.span)
        right = scope.expr(st.expr) if st.expr is not None else None
        check = scope.compare_op(st.op, left, right, st.span) if right is not None else \
            M.IsEmpty(left, st.op == "gevuld", st.span)
        return M.RuleVersion(**common, target=M.Target("check", subject_type, name), kind="consistentie",
                             expr=None, condition=cond, check=check)
    expr = scope.assign(attr.type, scope.expr(st.expr), st.expr.span if hasattr(st.expr, "span") else st.span,
                        attr.name)
    return M.RuleVersion(**common, target=M.Target("attribute", subject_type, attr.name, attr.type), kind=st.kind,
                         expr=expr, condition=cond)


def _table(table: S.DecisionTable, decl: M.Model, law: M.LawInfo | None, diag: Diagnostics) -> list[M.RuleVersion]:
    out: list[M.RuleVersion] = []
    for vi, v in enumerate(table.versions):
        arts = _articles(table.sources + v.sources, law, f"beslistabel '{table.name}'", v.span, diag)
        if v.validity.start and v.validity.end and v.validity.end < v.validity.start:
            diag.error(Code.R406, f"de geldigheid van beslistabel '{table.name}' eindigt "
                               f"({v.validity.end.strftime('%d-%m-%Y')}) voordat ze begint "
                               f"({v.validity.start.strftime('%d-%m-%Y')})", v.validity.span,
                       hint="verwissel de datums: 'geldig vanaf BEGIN t/m EINDE'")
        conclusions = [c for c in v.columns if c.kind == "conclusie"]
        if not conclusions:
            diag.error(Code.R208, f"beslistabel '{table.name}' heeft geen conclusiekolom", v.span,
                       hint="een kolomkop als 'de X van een Persoon moet gesteld worden op'")
            continue
        binder = Scope.binder(conclusions[0].nav, decl, diag)
        if binder is None:
            continue
        subject_type, subject_role, _ = binder
        scope = Scope(decl, subject_type, diag, subject_role)
        for row in v.rows:
            if len(row.cells) != len(v.columns):
                diag.error(Code.R209, f"rij {row.number} heeft {len(row.cells)} {'cel' if len(row.cells) == 1 else 'cellen'}; "
                                   f"de tabel heeft {len(v.columns)} kolommen",
                           row.span, hint="elke rij heeft één cel per kolom; gebruik n.v.t. voor een lege voorwaarde")
                continue
            conds: list[M.Condition] = []
            for col, cell in zip(v.columns, row.cells):
                if col.kind != "conclusie" and cell is not None:
                    c = scope.table_condition(col, cell, row.span)
                    if c is not None:
                        conds.append(c)
            cond = None if not conds else conds[0] if len(conds) == 1 else M.Quantified(M.Quantifier.ALL, None, tuple(conds), row.span)
            for col, cell in zip(v.columns, row.cells):
                if col.kind != "conclusie" or cell is None:
                    continue
                b = Scope.binder(col.nav, decl, diag)
                if b is None:
                    continue
                attr = scope.attribute_target(subject_type, b[2], col.span)
                if attr is None:
                    continue
                expr = scope.assign(attr.type, scope.expr(cell), row.span, attr.name)
                out.append(M.RuleVersion(
                    rule=f"{table.name}, rij {row.number}", index=vi, start=v.validity.start, end=v.validity.end,
                    articles=arts, closed_from=v.transitional.closed_from if v.transitional else None,
                    subject_type=subject_type, subject_role=subject_role, variables=(),
                    target=M.Target("attribute", subject_type, attr.name, attr.type),
                    kind=col.op, expr=expr, condition=cond, law=law.abbreviation if law else None, span=row.span))
    return out
