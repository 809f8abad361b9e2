"""Case files (YAML/JSON): pydantic at the edge, then validated against the model into a Population.

Every problem names the object and field in Dutch; nothing raises past `load_case`/`to_population`.
"""
from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import CaseError
from .evaluate.interpreter import Fact, Instance, Population
from .evaluate.values import (
    decimals_of,
    format_number,
    parse_date,
    parse_number,
    to_fraction,
)
from .model import nodes as M


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so a bad date is reported per field instead of failing the file."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class CaseObject(BaseModel):
    """One object: id, type, then its attribute and kenmerk values under their declared names."""
    model_config = ConfigDict(extra="allow")
    id: str = Field(description="unieke naam van het object in deze casus")
    type: str = Field(description="het objecttype, bv. Persoon")


class CaseFact(BaseModel):
    """One fact: the feittype and, per role, the id of the object playing it (a list of two for wederkerig)."""
    model_config = ConfigDict(extra="allow")
    feittype: str


class CaseFile(BaseModel):
    """A case: optional rekendatum and parameterset, the objects and the facts between them."""
    model_config = ConfigDict(extra="forbid")
    rekendatum: date | None = None
    parameterset: str | None = None
    objecten: list[CaseObject]
    feiten: list[CaseFact] = []


_FIELD_WORDS = {"missing": "ontbreekt", "extra_forbidden": "is geen bekend veld",
                "date_from_datetime_parsing": "is geen geldige datum (JJJJ-MM-DD)", "date_parsing": "is geen geldige datum",
                "date_type": "is geen datum", "list_type": "moet een lijst zijn", "string_type": "moet tekst zijn",
                "model_type": "moet een object met velden zijn", "dict_type": "moet een object met velden zijn"}


def read_data(path: str | Path, what: str) -> Any:
    """The data of a YAML or JSON file (dates kept as text); ValueError with a Dutch sentence naming the file
    (`what`, e.g. 'casusbestand') and, for a syntax error, the line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as e:
        why = "bestaat niet" if isinstance(e, FileNotFoundError) else \
            "is geen bestand maar een map" if isinstance(e, IsADirectoryError) else \
            "mag niet worden gelezen (geen toegang)" if isinstance(e, PermissionError) else "kan niet worden gelezen"
        raise ValueError(f"{what} '{p}' {why}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{what} '{p}' is geen UTF-8-tekst") from None
    try:
        return json.loads(text) if p.suffix == ".json" else yaml.load(text, Loader=_Loader)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        mark = getattr(e, "problem_mark", None)
        at = f" (regel {mark.line + 1})" if mark is not None else ""
        raise ValueError(f"{what} '{p}' is geen geldige {'JSON' if p.suffix == '.json' else 'YAML'}{at}") from None


def load_case(path: str | Path) -> CaseFile:
    """Read and validate a YAML or JSON case file."""
    try:
        data = read_data(path, "casusbestand")
    except ValueError as e:
        raise CaseError([str(e)]) from None
    return parse_case(data, str(Path(path)))


def parse_case(data: Any, name: str = "casus") -> CaseFile:
    """Validate raw case data with pydantic; errors become Dutch messages with the field path."""
    if not isinstance(data, dict):
        raise CaseError([f"{name}: verwacht een object met 'objecten' (en eventueel 'feiten', 'rekendatum')"])
    try:
        return CaseFile.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = ".".join(str(x) for x in err["loc"])
            problems.append(f"{name}: veld '{loc}' {_FIELD_WORDS.get(err['type'], 'is ongeldig: ' + err['msg'])}")
        raise CaseError(problems) from None


def case_schema() -> dict:
    """The JSON Schema of case files (published in docs/)."""
    return CaseFile.model_json_schema()


def _key(name: str) -> str:
    return name.replace("_", " ").strip().lower()


def convert_value(raw: Any, t: M.Type, where: str) -> Any:
    """A case-file value → runtime value for type t; raises ValueError with a Dutch message."""
    value = _convert(raw, t, where)
    if isinstance(value, Fraction):
        decimals = decimals_of(value)
        if t.decimals is not None and (decimals is None or decimals > t.decimals):
            raise ValueError(f"{where}: {format_number(value)} heeft meer dan de {t.decimals} decimalen die "
                             f"gedeclareerd zijn")
        if M.sign_violation(value, t.sign):
            raise ValueError(f"{where}: {format_number(value)} mag niet; het attribuut is {t.sign}")
    return value


def _convert(raw: Any, t: M.Type, where: str) -> Any:
    if raw is None:
        return None
    if t.kind in ("number", "percentage"):
        if isinstance(raw, bool):
            raise ValueError(f"{where}: verwacht een getal, niet {raw}")
        if isinstance(raw, str):
            text = raw.strip().replace("€", "").replace("%", "").strip()
            try:
                return parse_number(text)
            except ValueError as e:
                raise ValueError(f"{where}: {e}") from None
        try:
            return to_fraction(raw)
        except (ValueError, TypeError):
            raise ValueError(f"{where}: verwacht een getal, niet '{raw}'") from None
    if t.kind == "date":
        if isinstance(raw, date):
            return raw
        try:
            return parse_date(str(raw))
        except ValueError:
            raise ValueError(f"{where}: '{raw}' is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)") from None
    if t.kind == "boolean":
        return parse_bool(raw, where)
    if t.kind == "enum":
        return str(raw)
    return str(raw)


def parse_bool(raw: Any, where: str) -> bool:
    """waar/onwaar (also true/false, ja/nee, YAML booleans) → bool; ValueError naming `where` otherwise."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("waar", "true", "ja"):
        return True
    if isinstance(raw, str) and raw.strip().lower() in ("onwaar", "false", "nee"):
        return False
    raise ValueError(f"{where}: verwacht waar of onwaar, niet '{raw}'")


def to_population(case: CaseFile, model: M.Model) -> Population:
    """Check the case against the model (types, names, values, fact roles); all problems at once."""
    problems: list[str] = []
    instances: list[Instance] = []
    ids: dict[str, str] = {}
    for n, obj in enumerate(case.objecten):
        where = f"object '{obj.id}'"
        if obj.id in ids:
            problems.append(f"{where}: de id komt twee keer voor")
        t = model.object_type(obj.type)
        if t is None:
            known = ", ".join(x.name for x in model.object_types.values())
            problems.append(f"{where}: onbekend objecttype '{obj.type}' (bekend: {known})")
            continue
        ids[obj.id] = t.name
        values, kenm = {}, {}
        for field_name, raw in (obj.model_extra or {}).items():
            key = _key(field_name)
            fw = f"{where}, veld '{field_name}'"
            try:
                if key in t.kenmerken:
                    kenm[key] = parse_bool(raw, fw)
                elif key in t.attributes:
                    values[key] = convert_value(raw, t.attributes[key].type, fw)
                else:
                    from .diagnostics import did_you_mean
                    guess = did_you_mean(key, [a.name for a in t.attributes.values()] + [k.name for k in t.kenmerken.values()])
                    problems.append(f"{fw}: {t.name} heeft geen attribuut of kenmerk met die naam"
                                    + (f"; bedoelde u '{guess}'?" if guess else ""))
            except ValueError as e:
                problems.append(str(e))
        instances.append(Instance(obj.id, t.name, values, kenm))
    facts: list[Fact] = []
    for n, f in enumerate(case.feiten):
        where = f"feit {n + 1} ({f.feittype})"
        ft = model.fact_types.get(f.feittype.lower())
        if ft is None:
            problems.append(f"{where}: onbekend feittype '{f.feittype}'")
            continue
        pairs: list[tuple[str, str]] = []
        role_names = {r.name.lower(): r for r in ft.roles}
        for role, who in (f.model_extra or {}).items():
            r = role_names.get(_key(role))
            if r is None:
                problems.append(f"{where}: '{role}' is geen rol van {ft.name} (rollen: {', '.join(role_names)})")
                continue
            for w in (who if isinstance(who, list) else [who]):
                if str(w) not in ids:
                    problems.append(f"{where}: rol '{role}' verwijst naar object '{w}', dat niet bestaat")
                elif ids[str(w)].lower() != r.object_type.lower():
                    problems.append(f"{where}: rol '{role}' vraagt een {r.object_type}, '{w}' is een {ids[str(w)]}")
                else:
                    pairs.append((r.name, str(w)))
        expected = 2
        if len(pairs) != expected and not any(p.startswith(where) for p in problems):
            problems.append(f"{where}: verwacht {expected} deelnemers, gevonden {len(pairs)}")
        facts.append(Fact(ft.name, tuple(pairs)))
    if problems:
        raise CaseError(problems)
    return Population(tuple(instances), tuple(facts))
