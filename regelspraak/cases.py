"""Case files (YAML/JSON): pydantic at the edge, then validated against the model into a Population.

Every problem names the object and field in Dutch, with the line in the file where it is known; nothing raises
past `load_case`/`to_population` but a CaseError. `read_file` (shared with scenario files) refuses, located,
what later steps could not handle: nesting deeper than MAX_DEPTH, a number of more than MAX_DIGITS digits, a
key given twice, YAML aliases that contain themselves or blow a file up.
"""
from __future__ import annotations

import errno
import json
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from pydantic_core import ErrorDetails

from .diagnostics import did_you_mean
from .errors import CaseError
from .evaluate.interpreter import Fact, Instance, Population
from .evaluate.values import (
    decimals_of,
    parse_date,
    parse_number,
    to_fraction,
)
from .model import nodes as M
from .source import MAX_DEPTH, MAX_DIGITS, digit_count, shorten, utf8_position


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so a bad date is reported per field instead of failing the file,
    and that refuses nesting deeper than MAX_DEPTH (composing YAML is recursive)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(f"is te diep genest: meer dan {MAX_DEPTH} lijsten of objecten in elkaar",
                               self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAX_NODES = 1_000_000      # values in a file, counting a YAML alias as often as it is used


class _Refused(Exception):
    """A file that is read but cannot be used as it is: a Dutch sentence and the line (0 if unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message, self.line = message, line


@dataclass(frozen=True)
class FileData:
    """The data of a case or scenario file, with the line of every field and the text of every scalar as
    written (paths are tuples of keys and list indexes, as text)."""
    data: Any
    lines: Mapping[tuple[str, ...], int] = field(default_factory=dict)
    texts: Mapping[tuple[str, ...], str] = field(default_factory=dict)

    def line(self, path: Sequence[Any]) -> int | None:
        """The line of the field at `path`, else of the nearest field that contains it."""
        key = tuple(str(x) for x in path)
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key)


class _Positions:
    """Walks a composed YAML document: lines and texts per path; refuses what later steps cannot handle
    (a number of more than MAX_DIGITS digits, a key given twice, an alias that contains itself, a file
    that aliases make too large)."""

    def __init__(self, construct: Callable[[yaml.Node], Any]) -> None:
        self.construct = construct
        self.lines: dict[tuple[str, ...], int] = {}
        self.texts: dict[tuple[str, ...], str] = {}
        self.sizes: dict[int, int] = {}
        self.open: set[int] = set()

    def scalar(self, node: yaml.ScalarNode, path: tuple[str, ...]) -> None:
        """Refuse a value (or key) PyYAML cannot make, located, instead of PyYAML's or Python's own error."""
        line = node.start_mark.line + 1
        if node.tag in _NUMBER_TAGS and digit_count(node.value) > MAX_DIGITS:
            raise _Refused(f"{_field(path)}: het getal '{shorten(node.value, 30)}' heeft {digit_count(node.value)} "
                           f"cijfers, meer dan de {MAX_DIGITS} die een getal mag hebben", line)
        try:
            self.construct(node)                   # PyYAML's own errors (and bugs) here, for this one value
        except Exception:  # noqa: BLE001
            what = "geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)" if node.tag == _TIMESTAMP else \
                f"geen geldige waarde voor {node.tag.replace('tag:yaml.org,2002:', '!!')}"
            raise _Refused(f"{_field(path)}: '{shorten(node.value)}' is {what}", line) from None

    def walk(self, node: yaml.Node, path: tuple[str, ...]) -> int:
        line = node.start_mark.line + 1
        if len(self.lines) < _MAX_NODES:
            self.lines.setdefault(path, line)
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node, path)
            self.texts.setdefault(path, node.value)
            return 1
        if id(node) in self.open:
            raise _Refused(f"{_field(path)}: een YAML-verwijzing (*anker) bevat zichzelf", line)
        if id(node) in self.sizes:              # an alias: counted again, walked once
            return self.sizes[id(node)]
        self.open.add(id(node))
        size = 1
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                size += self.walk(item, path + (str(i),))
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                if isinstance(key, yaml.ScalarNode):
                    self.scalar(key, path + (name,))
                if name in seen and name != "<<":
                    raise _Refused(f"{_field(path + (name,))} staat twee keer in hetzelfde object (ook op regel "
                                   f"{seen[name]}); de tweede waarde zou de eerste stil vervangen",
                                   key.start_mark.line + 1)
                seen[name] = key.start_mark.line + 1
                size += self.walk(value, path + (name,))
        self.open.discard(id(node))
        self.sizes[id(node)] = size
        if size > _MAX_NODES:
            raise _Refused(f"{_field(path)}: bevat meer dan {_MAX_NODES:_} waarden (na het invullen van de "
                           f"YAML-verwijzingen)".replace("_", "."), line)
        return size


def _field(path: Sequence[str]) -> str:
    return f"veld '{'.'.join(path)}'" if path else "het bestand"


def _yaml(text: str) -> FileData:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:                         # no data (only comments or nothing): point at the top
            return FileData(None, {(): 1})
        positions = _Positions(loader.construct_object)
        positions.walk(node, ())
        return FileData(loader.construct_document(node), positions.lines, positions.texts)
    finally:
        loader.dispose()


def _json(text: str) -> FileData:
    _check_json(text)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise _Refused(f"veld '{shorten(key)}' staat twee keer in hetzelfde object; de tweede waarde zou "
                               f"de eerste stil vervangen")
            out[key] = value
        return out
    data = json.loads(text, object_pairs_hook=pairs)
    lines: dict[tuple[str, ...], int] = {}
    texts: dict[tuple[str, ...], str] = {}
    _JsonPlaces(text, lines, texts).value(0, ())
    return FileData(data, lines, texts)


class _JsonPlaces:
    """The line of every field of JSON text that json.loads accepted, and numbers as written. Recursive, but
    the nesting is at most MAX_DEPTH (checked before)."""

    def __init__(self, text: str, lines: dict[tuple[str, ...], int], texts: dict[tuple[str, ...], str]) -> None:
        self.text, self.lines, self.texts = text, lines, texts
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line(self, i: int) -> int:
        return bisect_right(self.newlines, i) + 1

    def skip(self, i: int) -> int:
        return cast("re.Match[str]", _JSON_SPACE.match(self.text, i)).end()

    def value(self, i: int, path: tuple[str, ...]) -> int:
        i = self.skip(i)
        self.lines.setdefault(path, self.line(i))
        ch = self.text[i]
        if ch == "{":
            i = self.skip(i + 1)
            while self.text[i] != "}":
                key, i = scanstring(self.text, self.skip(i) + 1)
                self.lines.setdefault(path + (key,), self.line(i))
                i = self.value(self.skip(i) + 1, path + (key,))      # past the ':'
                i = self.skip(i)
                if self.text[i] == ",":
                    i = self.skip(i + 1)
            return i + 1
        if ch == "[":
            i, n = self.skip(i + 1), 0
            while self.text[i] != "]":
                i = self.skip(self.value(i, path + (str(n),)))
                n += 1
                if self.text[i] == ",":
                    i += 1
                i = self.skip(i)
            return i + 1
        if ch == '"':
            return scanstring(self.text, i + 1)[1]
        m = _JSON_ATOM.match(self.text, i)
        end = m.end() if m else i + 1
        self.texts[path] = self.text[i:end]
        return end


_JSON_ATOM = re.compile(r"-?[\w.+\-]+")
_JSON_SPACE = re.compile(r"[ \t\r\n]*")
scanstring: Callable[[str, int], tuple[str, int]] = getattr(json.decoder, "scanstring")   # untyped in typeshed


def _check_json(text: str) -> None:
    """Nesting and number length in JSON text, located, before json.loads (which recurses and which raises
    Python's own English for a number of more than 4.300 digits)."""
    depth = 0
    for m in _JSON_SCAN.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(f"is te diep genest: meer dan {MAX_DEPTH} lijsten of objecten in elkaar",
                               text.count("\n", 0, m.start()) + 1)
        elif token in "]}":
            depth -= 1
        elif token[0] != '"' and digit_count(token) > MAX_DIGITS:
            raise _Refused(f"het getal '{shorten(token, 30)}' heeft {digit_count(token)} cijfers, meer dan de "
                           f"{MAX_DIGITS} die een getal mag hebben", text.count("\n", 0, m.start()) + 1)


_JSON_SCAN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|-?\d[\d.eE+\-]*')


def read_file(path: str | Path, what: str) -> FileData:
    """The data of a YAML or JSON file (dates kept as text) with the line of each field; ValueError with a
    Dutch sentence naming the file (`what`, e.g. 'casusbestand') and, where it is known, the line."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except (OSError, ValueError) as e:
        why = "bestaat niet" if isinstance(e, FileNotFoundError) else \
            "is geen bestand maar een map" if isinstance(e, IsADirectoryError) else \
            "mag niet worden gelezen (geen toegang)" if isinstance(e, PermissionError) else \
            "kan niet worden gelezen: het pad is een symbolische koppeling die naar zichzelf terugleidt" \
            if isinstance(e, OSError) and e.errno == errno.ELOOP else "kan niet worden gelezen"
        raise ValueError(f"{what} '{p}' {why}") from None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        line, column = utf8_position(raw, e.start)
        raise ValueError(f"{what} '{p}' is geen UTF-8-tekst (regel {line}, kolom {column}: byte "
                         f"0x{raw[e.start]:02X}); sla het op als UTF-8") from None
    kind = "JSON" if p.suffix.lower() == ".json" else "YAML"
    try:
        return _json(text) if kind == "JSON" else _yaml(text)
    except _Refused as e:
        raise ValueError(f"{what} '{p}'" + (f", regel {e.line}" if e.line else "") + f": {e.message}") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{what} '{p}' is geen geldige JSON (regel {e.lineno})") from None
    except yaml.reader.ReaderError as e:          # a character YAML does not allow
        line = text[:e.position].count("\n") + 1
        char = e.character if isinstance(e.character, str) else chr(e.character)
        raise ValueError(f"{what} '{p}' is geen geldige {kind} (regel {line}): het teken U+{ord(char):04X} mag niet "
                         f"in YAML staan") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        at = f" (regel {mark.line + 1})" if mark is not None else ""
        raise ValueError(f"{what} '{p}' is geen geldige {kind}{at}") from None
    except Exception:  # noqa: BLE001 - a value PyYAML or json cannot make (PyYAML has its own bugs there)
        raise ValueError(f"{what} '{p}' bevat een waarde die niet kan worden gelezen; controleer getallen, "
                         f"datums en de nesting") from None


def read_data(path: str | Path, what: str) -> Any:
    """The data of a YAML or JSON file (dates kept as text); see read_file."""
    return read_file(path, what).data


def load_case(path: str | Path) -> CaseFile:
    """Read and validate a YAML or JSON case file."""
    try:
        read = read_file(path, "casusbestand")
    except ValueError as e:
        raise CaseError([str(e)]) from None
    return parse_case(read.data, str(Path(path)), read)


def parse_case(data: Any, name: str = "casus", source: FileData | None = None) -> CaseFile:
    """Validate raw case data with pydantic; errors become Dutch messages with the field path (and the line,
    when `source` has it)."""
    source = source or FileData(data)
    if not isinstance(data, dict):
        line = source.line(())
        raise CaseError([f"{name}{f':{line}' if line else ''}: verwacht een object met 'objecten' (en eventueel "
                         f"'feiten', 'rekendatum')"])
    try:
        case = CaseFile.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = ".".join(str(x) for x in err["loc"])
            line = source.line(err["loc"])
            where = f"{name}:{line}" if line else name
            sep = ":" if err["type"] == "value_error" else ""
            problems.append(f"{where}: veld '{loc}'{sep} {_problem(err, source)}")
        raise CaseError(problems) from None
    case._name, case._source = name, source
    return case


def _problem(err: ErrorDetails, source: FileData) -> str:
    """Dutch for a pydantic error, with the value as written; never pydantic's English."""
    kind = err["type"]
    if kind == "value_error":
        return str((err.get("ctx") or {}).get("error", "is ongeldig"))
    text = _FIELD_WORDS.get(kind, "heeft geen geldige waarde")
    if kind not in ("missing", "extra_forbidden"):
        written = source.texts.get(tuple(str(x) for x in err["loc"]))
        value = written if written is not None else err.get("input")
        if value is not None and not isinstance(value, (dict, list)):
            text += f" (gevonden: '{shorten(str(value))}')"
    return text


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
    _name: str = PrivateAttr(default="casus")
    _source: FileData = PrivateAttr(default_factory=lambda: FileData(None))

    @field_validator("rekendatum", mode="before")
    @classmethod
    def _date(cls, v: Any) -> date | None:
        return None if v is None else read_date(v)

    def at(self, *path: Any) -> str:
        """'file:line: ' for a field of this case, where the line is known; '' otherwise."""
        line = self._source.line(path)
        return f"{self._name}:{line}: " if line else ""

    def written(self, *path: Any) -> str | None:
        """A value of this case as written in the file (None when not read from a file)."""
        return self._source.texts.get(tuple(str(x) for x in path))


_FIELD_WORDS = {"missing": "ontbreekt", "extra_forbidden": "is geen bekend veld",
                "date_from_datetime_parsing": "is geen geldige datum (JJJJ-MM-DD of DD-MM-JJJJ)",
                "date_from_datetime_inexact": "is een tijdstip, geen datum", "date_parsing": "is geen geldige datum",
                "date_type": "is geen datum", "list_type": "moet een lijst zijn", "string_type": "moet tekst zijn",
                "model_type": "moet een object met velden zijn", "dict_type": "moet een object met velden zijn",
                "model_attributes_type": "moet een object met velden zijn", "recursion_loop": "verwijst naar zichzelf",
                "string_unicode": "moet tekst zijn", "string_too_long": "is te lang"}


def read_date(value: Any) -> date:
    """A date in a case or scenario file: text DD-MM-JJJJ or JJJJ-MM-DD, or a date YAML made; ValueError in Dutch
    otherwise (a time of day other than midnight too: a rekendatum is a day)."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time() or value.tzinfo is not None:
            raise ValueError(f"'{value.isoformat(' ')}' is een tijdstip, geen datum (gebruik JJJJ-MM-DD of "
                             f"DD-MM-JJJJ)")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError as e:
            why = "deze dag bestaat niet" if "bestaat niet" in str(e) else "gebruik JJJJ-MM-DD of DD-MM-JJJJ"
            raise ValueError(f"'{shorten(value)}' is geen datum ({why})") from None
    shown = shorten(str(value)) if not isinstance(value, (dict, list)) else "een lijst of object"
    raise ValueError(f"'{shown}' is geen datum (gebruik JJJJ-MM-DD of DD-MM-JJJJ)")


def case_schema() -> dict:
    """The JSON Schema of case files (published in docs/)."""
    return CaseFile.model_json_schema()


def _key(name: str) -> str:
    return name.replace("_", " ").strip().lower()


def _shown(raw: Any, written: str | None) -> str:
    """A value as the user wrote it, for a message."""
    if written is not None:
        return shorten(written)
    if isinstance(raw, (dict, list)):
        return "een lijst of object"
    if isinstance(raw, bool) or raw is None:
        return {True: "waar", False: "onwaar", None: "leeg"}[raw]
    return shorten(str(raw))


def convert_value(raw: Any, t: M.Type, where: str, written: str | None = None,
                  enums: Mapping[str, Sequence[str]] | None = None) -> Any:
    """A case-file value → runtime value for type t; raises ValueError with a Dutch message that shows the value
    as written (`written`: its text in the file, when known). With `enums` an enumeration value must be one of
    the declared values."""
    shown = _shown(raw, raw if isinstance(raw, str) else written)
    value = _convert(raw, t, where, shown)
    if isinstance(value, Fraction):
        if max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_DIGITS * 10 // 3:
            raise ValueError(f"{where}: '{shown}' heeft te veel cijfers (hoogstens {MAX_DIGITS})")
        decimals = decimals_of(value)
        if t.decimals is not None and (decimals is None or decimals > t.decimals):
            raise ValueError(f"{where}: '{shown}' heeft meer dan de {t.decimals} decimalen die gedeclareerd zijn")
        if M.sign_violation(value, t.sign):
            raise ValueError(f"{where}: '{shown}' mag niet; het attribuut is {t.sign}")
    allowed = enums.get(t.name or "") if enums is not None and t.kind == "enum" else None
    if allowed is not None and value is not None and value not in allowed:
        guess = did_you_mean(str(value), allowed)
        raise ValueError(f"{where}: '{shown}' is geen waarde van {t.name}"
                         + (f"; bedoelde u '{guess}'?" if guess else f" (kies uit: {', '.join(allowed)})"))
    return value


def _convert(raw: Any, t: M.Type, where: str, shown: str) -> Any:
    if raw is None:
        return None
    if t.kind in ("number", "percentage"):
        if isinstance(raw, bool):
            raise ValueError(f"{where}: verwacht een getal, niet {'waar' if raw else 'onwaar'}")
        if isinstance(raw, (dict, list)):
            raise ValueError(f"{where}: verwacht een getal, niet {shown}")
        if isinstance(raw, str):
            return _number_text(raw, t, where, shown)
        try:
            return to_fraction(raw)
        except (ValueError, TypeError, OverflowError):
            raise ValueError(f"{where}: verwacht een getal, niet '{shown}'") from None
    if isinstance(raw, (dict, list)):
        raise ValueError(f"{where}: verwacht één waarde, niet {shown}")
    if t.kind == "date":
        try:
            return read_date(raw)
        except ValueError as e:
            raise ValueError(f"{where}: {e}") from None
    if t.kind == "boolean":
        return parse_bool(raw, where)
    return str(raw)


def _number_text(raw: str, t: M.Type, where: str, shown: str) -> Fraction:
    """A number written as text: Dutch form (12,5 and 2.112,00), with '€' or '%' or the attribute's own unit."""
    text = raw.strip()
    unit = "" if t.unit.is_dimensionless else str(t.unit)
    if unit and text.endswith(unit):
        text = text[:-len(unit)]
    text = text.replace("€", "").replace("%", "").strip()
    if digit_count(text) > MAX_DIGITS:
        raise ValueError(f"{where}: '{shorten(raw, 30)}' heeft {digit_count(text)} cijfers, meer dan de {MAX_DIGITS} "
                         f"die een getal mag hebben")
    try:
        return parse_number(text)
    except ValueError:
        if "/" in text or any(ch.isalpha() for ch in text):
            in_unit = f"in {unit}" if unit else "zonder eenheid"
            raise ValueError(f"{where}: '{shown}' is geen getal {in_unit}: schrijf de waarde als getal {in_unit}"
                             + (f" (het attribuut is in {unit})" if unit else "")) from None
        raise ValueError(f"{where}: '{shown}' is geen getal (gebruik een komma als decimaalteken, bijvoorbeeld "
                         f"12,5 of 2.112,00)") from None


def parse_bool(raw: Any, where: str) -> bool:
    """waar/onwaar (also true/false, ja/nee, YAML booleans) → bool; ValueError naming `where` otherwise."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("waar", "true", "ja"):
        return True
    if isinstance(raw, str) and raw.strip().lower() in ("onwaar", "false", "nee"):
        return False
    raise ValueError(f"{where}: verwacht waar of onwaar, niet '{_shown(raw, None)}'")


def to_population(case: CaseFile, model: M.Model) -> Population:
    """Check the case against the model (types, names, values, fact roles); all problems at once."""
    problems: list[str] = []
    instances: list[Instance] = []
    ids: dict[str, str] = {}
    for n, obj in enumerate(case.objecten):
        where = f"object '{obj.id}'"
        if obj.id in ids:
            problems.append(f"{case.at('objecten', n, 'id')}{where}: de id komt twee keer voor")
        t = model.object_type(obj.type)
        if t is None:
            known = ", ".join(x.name for x in model.object_types.values())
            guess = did_you_mean(obj.type, [x.name for x in model.object_types.values()])
            problems.append(f"{case.at('objecten', n, 'type')}{where}: onbekend objecttype '{shorten(obj.type)}' "
                            + (f"(bedoelde u '{guess}'?)" if guess else f"(bekend: {known})"))
            continue
        ids[obj.id] = t.name
        values, kenm = {}, {}
        for field_name, raw in (obj.model_extra or {}).items():
            key = _key(field_name)
            fw = f"{case.at('objecten', n, field_name)}{where}, veld '{shorten(field_name)}'"
            try:
                if key in t.kenmerken:
                    kenm[key] = parse_bool(raw, fw)
                elif key in t.attributes:
                    values[key] = convert_value(raw, t.attributes[key].type, fw,
                                                case.written('objecten', n, field_name), model.enums)
                else:
                    guess = did_you_mean(key, [a.name for a in t.attributes.values()]
                                         + [k.name for k in t.kenmerken.values()])
                    problems.append(f"{fw}: {t.name} heeft geen attribuut of kenmerk met die naam"
                                    + (f"; bedoelde u '{guess}'?" if guess else ""))
            except ValueError as e:
                problems.append(str(e))
        instances.append(Instance(obj.id, t.name, values, kenm))
    facts: list[Fact] = []
    seen_facts: dict[tuple[str, frozenset[tuple[str, str]]], int] = {}
    for n, f in enumerate(case.feiten):
        where = f"{case.at('feiten', n)}feit {n + 1} ({shorten(f.feittype)})"
        ft = model.fact_types.get(f.feittype.lower())
        if ft is None:
            guess = did_you_mean(f.feittype, [x.name for x in model.fact_types.values()])
            problems.append(f"{where}: onbekend feittype '{shorten(f.feittype)}'"
                            + (f"; bedoelde u '{guess}'?" if guess else ""))
            continue
        pairs: list[tuple[str, str]] = []
        before = len(problems)
        role_names = {r.name.lower(): r for r in ft.roles}
        for role, who in (f.model_extra or {}).items():
            r = role_names.get(_key(role))
            if r is None:
                problems.append(f"{where}: '{shorten(role)}' is geen rol van {ft.name} "
                                f"(rollen: {', '.join(role_names)})")
                continue
            for w in (who if isinstance(who, list) else [who]):
                if isinstance(w, (dict, list)) or str(w) not in ids:
                    problems.append(f"{where}: rol '{role}' verwijst naar object '{_shown(w, None)}', dat niet bestaat")
                elif ids[str(w)].lower() != r.object_type.lower():
                    problems.append(f"{where}: rol '{role}' vraagt een {r.object_type}, '{w}' is een {ids[str(w)]}")
                else:
                    pairs.append((r.name, str(w)))
        expected = 2
        if len(problems) == before:
            if len(pairs) != expected:
                problems.append(f"{where}: verwacht {expected} deelnemers, gevonden {len(pairs)}")
            elif pairs[0][1] == pairs[1][1]:
                problems.append(_own_role(where, ft, pairs))
            else:
                same = (ft.name, frozenset(pairs) if not ft.reciprocal else frozenset(("", w) for _, w in pairs))
                if same in seen_facts:
                    problems.append(f"{where}: hetzelfde feit staat al in de casus (feit {seen_facts[same]}); "
                                    f"laat het dubbele weg")
                seen_facts.setdefault(same, n + 1)
        facts.append(Fact(ft.name, tuple(pairs)))
    if problems:
        raise CaseError(problems)
    return Population(tuple(instances), tuple(facts))


def _own_role(where: str, ft: M.FactTypeInfo, pairs: list[tuple[str, str]]) -> str:
    """Two roles of one fact played by the same object: no fact type allows that (there is no way to declare it),
    and counting someone as their own partner doubles what the partner adds (a silent wrong answer)."""
    (first, who), (second, _) = pairs
    if first == second:
        return (f"{where}: '{who}' kan niet zijn eigen {second} zijn; een {ft.name} is tussen twee verschillende "
                f"objecten (bijvoorbeeld {first}: [{who}, p2])")
    return (f"{where}: '{who}' is zowel {first} als {second}; in één {ft.name} speelt een object niet twee rollen "
            f"('{who}' kan niet zijn eigen {second} zijn)")
