"""Parse RegelSpraak text into syntax nodes; syntax errors become Dutch diagnostics (R1xx)."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypedDict, cast

from lark import Discard, Lark, Token, Transformer, Tree, v_args
from lark.common import LexerConf
from lark.exceptions import UnexpectedInput, VisitError
from lark.lexer import Lexer
from lark.tree import Meta

from ..codes import Code
from ..diagnostics import ERROR, Diagnostic, Diagnostics, Label
from ..evaluate.values import parse_date, parse_number
from ..source import MAX_DEPTH, MAX_DIGITS, SourceFile, Span, digit_count, shorten
from . import nodes as S
from .lexer import STARTERS, Vocabulary, scan_names, split_items, tokenize

START = "item"


class _TokenListLexer(Lexer):
    """Lark lexer that replays tokens made by regelspraak.lexer."""

    def __init__(self, lexer_conf: LexerConf) -> None:  # noqa: D107 - Lark API
        pass

    def lex(self, data: Any, parser_state: Any = None) -> Iterator[Token]:
        """Lark calls lex(data) with what was given to parse(): here the token list."""
        yield from data


def _grammar_text() -> str:
    local = Path(__file__).resolve().parent.parent / "grammar" / "regelspraak.lark"
    if local.exists():
        return local.read_text(encoding="utf-8")
    return resources.files("regelspraak.grammar").joinpath("regelspraak.lark").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Grammar:
    """The compiled LALR parser and the keyword → terminal-name table the lexer needs."""

    lark: Lark
    builder: "_Builder"
    literals: dict[str, str]
    names: dict[str, str]       # terminal name → how to show it in Dutch messages


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Build (once) the LALR parser from grammar/regelspraak.lark."""
    builder = _Builder("")
    lark = Lark(_grammar_text(), parser="lalr", lexer=_TokenListLexer, start=[START],
                propagate_positions=True, maybe_placeholders=False, cache=True)
    literals: dict[str, str] = {}
    shown: dict[str, str] = {}
    for t in lark.terminals:
        pat = t.pattern
        if type(pat).__name__ == "PatternStr":
            literals[pat.value.lower()] = t.name
            shown[t.name] = f"'{pat.value}'"
    shown.update({"NAME": "een naam", "WORD": "een naam", "TITLE": "een titel", "BRON": "een bronregel",
                  "NUMBER": "een getal", "DATE": "een datum", "STRING": "een tekst", "ENUMVAL": "een enumeratiewaarde",
                  "UNIT": "een eenheid", "BULLET": "een opsommingsteken •", "BEGIN": "een opsomming met •",
                  "END": "het einde van de opsomming", "TABLE_SEP": "een scheidingsregel |---|",
                  "ROW_END": "het einde van de tabelregel", "$END": "het einde van het onderdeel"})
    return Grammar(lark, builder, literals, shown)


def vocabulary_of(sources: Iterable[SourceFile]) -> Vocabulary:
    """The vocabulary (declared names) of a set of files, for lexing any of them."""
    names: set[str] = set()
    for src in sources:
        names |= scan_names(src.code)
    return Vocabulary.from_names(names)


def parse(source: SourceFile, diag: Diagnostics, vocab: Vocabulary | None = None) -> S.Module:
    """Parse one file. Each top-level item is parsed on its own, so one mistake does not hide the next."""
    g = grammar()
    vocab = vocab or vocabulary_of([source])
    before = len(diag.items)
    tokens = tokenize(source, vocab, g.literals, diag)
    lexer_lines = sorted({d.primary.span.line for d in diag.items[before:]})
    items: list[S.Item] = []
    g.builder.path = source.path
    for chunk in split_items(tokens, g.literals):
        try:
            items.append(g.builder.build(g.lark.parse(chunk, start=START)))
        except UnexpectedInput as e:
            # a chunk with a lexer error gets no syntax error on top (it would be a follow-up of that error)
            i = bisect_left(lexer_lines, _at(chunk[0].line))
            if i == len(lexer_lines) or lexer_lines[i] > _at(chunk[-1].line):
                diag.add(_syntax_error(e, chunk, source.path, g, vocab))
        except (VisitError, _BuildError) as e:
            orig = e.orig_exc if isinstance(e, VisitError) else e
            tok = chunk[0]
            if isinstance(orig, _BuildError):
                diag.error(orig.code, orig.message, orig.span or _span_of(source.path, tok), hint=orig.hint)
            else:                   # a callback that should not fail did: never Python's own words to the user
                diag.error(Code.R110, "deze tekst kan niet worden gelezen", _span_of(source.path, tok),
                           hint="controleer de schrijfwijze van getallen (12,5) en datums (31-12-2025)")
    return S.Module(source.path, tuple(items))


def _at(position: int | None) -> int:
    """A token position; tokens made by regelspraak.syntax.lexer have every position set."""
    return cast(int, position)


def _span_of(path: str, tok: Token) -> Span:
    return Span(path, tok.line or 1, tok.column or 1, tok.end_line or tok.line or 1,
                tok.end_column or (tok.column or 1) + 1)


def _shown(tok: Token) -> str:
    """A token's text as echoed in a message (a TITLE or STRING can be a whole long line)."""
    return shorten(str(tok.value))


_TERMINATORS = {"';'": "een puntkomma ';'", "':'": "een dubbele punt ':'", "'.'": "een punt '.'"}


def _accepted(e: UnexpectedInput) -> set[str]:
    """The terminals the parser really accepts at the error (Lark's `expected` may be a wider set)."""
    ip = getattr(e, "interactive_parser", None)
    if ip is not None:
        try:
            return set(ip.accepts())
        except Exception:  # noqa: BLE001 - fall back to Lark's own list
            pass
    return set(getattr(e, "expected", None) or ())


_VALUE_WORDS = {"een getal", "een datum", "een tekst", "een enumeratiewaarde", "'leeg'"}
_SKIP = {"de", "het", "een", "zijn", "haar", "hij", "indien", "alle", "van"}


def _typo_phrase(tok: Token, index: int | None, chunk: list[Token],
                 vocab: Vocabulary | None) -> tuple[float, str, str, Token, Token] | None:
    """A multi-word name with a typo that the lexer split at a keyword: (written phrase, declared name)."""
    import difflib

    if vocab is None or not vocab.names or index is None:
        return None
    line = [i for i, t in enumerate(chunk) if t.line == tok.line and re.fullmatch(r"[^\W\d][\w\-]*", str(t.value))]
    if index not in line:
        return None
    pos = line.index(index)
    best: tuple[float, str, str, Token, Token] | None = None
    multi = [n for n in vocab.names if " " in n]
    lowered = {n.lower(): n for n in multi}
    for a in range(max(0, pos - 4), pos + 1):
        for b in range(pos + 1, min(len(line), pos + 4) + 1):
            ids = line[a:b]
            if ids != list(range(ids[0], ids[-1] + 1)) or str(chunk[ids[0]].value).lower() in _SKIP:
                continue
            phrase = " ".join(str(chunk[i].value) for i in ids)
            match = difflib.get_close_matches(phrase.lower(), list(lowered), n=1, cutoff=0.82)
            if match:
                score = difflib.SequenceMatcher(None, phrase.lower(), match[0]).ratio()
                if best is None or score > best[0]:
                    best = (score, phrase, lowered[match[0]], chunk[ids[0]], chunk[ids[-1]])
    return best


def _syntax_error(e: UnexpectedInput, chunk: list[Token], path: str, g: Grammar,
                  vocab: Vocabulary | None = None) -> Diagnostic:
    tok: Token | None = getattr(e, "token", None)   # UnexpectedToken has one, UnexpectedEOF not
    accepted = _accepted(e)
    expected = sorted({g.names.get(t, t.lower()) for t in accepted if not t.startswith("__") and t != "$END"})
    at_end = tok is None or tok.type == "$END" or tok.line is None
    here = cast(Token, tok)   # read only when not at_end or when index is set: then tok is a real token
    index = next((i for i, t in enumerate(chunk) if t is tok), None)
    previous = chunk[index - 1] if index else (chunk[-1] if at_end else None)
    missing = [_TERMINATORS[x] for x in expected if x in _TERMINATORS]
    if previous is not None and missing and (at_end or _at(here.line) > _at(previous.line)):
        span = Span(path, _at(previous.end_line), _at(previous.end_column), _at(previous.end_line),
                    _at(previous.end_column) + 1)
        return Diagnostic(Code.R101 if not at_end else Code.R105, ERROR, f"{missing[0]} ontbreekt aan het einde van de regel",
                          Label(span, "hier"), (), f"zet {missing[0]} na '{_shown(previous)}'")
    if previous is not None and not at_end and _at(here.line) > _at(previous.line) \
            and previous.type in ("NAME", "WORD") and _VALUE_WORDS & set(expected):
        span = Span(path, _at(previous.end_line), _at(previous.end_column), _at(previous.end_line),
                    _at(previous.end_column) + 1)
        return Diagnostic(Code.R101, ERROR, f"de waarde ontbreekt na '{_shown(previous)}'", Label(span, "hier"), (),
                          f"geef een waarde, bijvoorbeeld '{_shown(previous)} 1000 €', of schrijf 'leeg'")
    typo = None if at_end else _typo_phrase(here, index, chunk, vocab)
    if typo is not None:
        _, phrase, name, first, last = typo
        span = Span(path, _at(first.line), _at(first.column), _at(last.end_line), _at(last.end_column))
        return Diagnostic(Code.R201, ERROR, f"onbekende naam '{phrase}'", Label(span, "niet gedeclareerd"), (),
                          f"bedoelde u '{name}'?")
    if at_end:
        last = chunk[-1]
        span = Span(path, _at(last.line), _at(last.end_column), _at(last.line), _at(last.end_column) + 1)
        found = "het einde van dit onderdeel"
    else:
        span = _span_of(path, here)
        found = f"'{_shown(here)}'" if here.value else g.names.get(here.type, here.type)
        if here.type == "BEGIN":
            found = "opsommingsteken '•'"
    shown = ", ".join(expected[:10]) + (" …" if len(expected) > 10 else "")
    hint = f"hier wordt verwacht: {shown}" if expected else ""
    if tok is not None and tok.type == "WORD":
        hint += ("; " if hint else "") + f"'{_shown(tok)}' is geen gedeclareerde naam of sleutelwoord"
    if index and str(here.value).lower() in ("is", "heeft", "voldoet") and any(
            str(t.value).lower() == "indien" for t in chunk[max(0, index - 8):index]):
        hint = ("na 'indien' staat het werkwoord achteraan: 'indien hij verzekerd is', 'indien zijn inkomen "
                "kleiner is dan …'; de vorm 'hij is …' hoort in een opsomming met •")
    hidden = [t for t in chunk[:index or 0] if t.type == "NAME" and str(t.value).lower() in g.literals]
    if hidden:
        hint = (f"de naam '{_shown(hidden[0])}' is ook een woord van de taal; omdat hij gedeclareerd is, wordt "
                f"'{_shown(hidden[0])}' op regel {hidden[0].line} als naam gelezen en niet als sleutelwoord. "
                f"Kies een andere naam voor de declaratie")
    if index and str(chunk[index - 1].value) == "," and any(str(t.value).lower() in ("maximale", "minimale")
                                                    for t in chunk[max(0, index - 20):index]):
        hint = ("na 'de maximale/minimale waarde van …' leest de komma als een opsomming (A, B en C); zet haakjes "
                "om '(de maximale waarde van …)' als er een afronding of grens op volgt")
    if tok is not None and not at_end and str(tok.value).lower() in STARTERS and str(tok.value)[:1].isupper() \
            and (tok.column or 1) > 1:
        hint = f"'{_shown(tok)}' begint een nieuw onderdeel en moet helemaal links staan (kolom 1), zonder inspringing"
    if tok is not None and tok.type == "NAME" and f"'{str(tok.value).split()[0].lower()}'" in expected:
        hint = (f"'{_shown(tok)}' is hier bedoeld als sleutelwoord, maar is ook als naam gedeclareerd; "
                f"kies een andere naam voor de declaratie")
    return Diagnostic(Code.R105 if at_end else Code.R101, ERROR, f"onverwacht {found}", Label(span, "hier loopt het mis"),
                      (), hint or "controleer de zinsbouw van dit onderdeel (zie docs/language.md)")


class _BuildError(Exception):
    def __init__(self, message: str, span: Span | None = None, hint: str = "", code: Code = Code.R110) -> None:
        super().__init__(message)
        self.message, self.span, self.hint, self.code = message, span, hint, code


@dataclass(frozen=True)
class _Name:
    text: str
    span: Span


@dataclass(frozen=True)
class _Tagged:
    """A rule result that only a parent rule reads; what value holds depends on the tag."""
    tag: str
    value: Any
    span: Span | None = None


# The children of a parse-tree node: Tokens and whatever the callbacks of its sub-rules returned.
Children = list[Any]
# A condition rule without its subject: called as build(subject, statement_form, span).
_ConditionBuilder = Callable[[S.Expr, bool, Span], S.Condition]


class _NumberSpec(TypedDict):
    sign: str | None
    integer: bool
    decimals: int | None


def _words(children: Iterable[object]) -> list[str]:
    return [str(c).lower() for c in children if isinstance(c, Token)]


def _binary(op: str) -> Callable[[_Builder, Meta, Children], S.Binary]:
    def build(self: _Builder, meta: Meta, ch: Children) -> S.Binary:
        operands = [c for c in ch if not isinstance(c, Token)]
        return S.Binary(op, operands[0], operands[1], self._sp(meta))
    return build


def _agg(kind: str) -> Callable[[_Builder, Meta, Children], S.Aggregate]:
    def build(self: _Builder, meta: Meta, ch: Children) -> S.Aggregate:
        coll = next(c for c in ch if not isinstance(c, (Token, _Tagged)))
        zero = self._tag(ch, "zero")
        return S.Aggregate(kind, coll, zero, self._sp(meta))
    return build


_STRUCTURE = 20     # tree levels of an item around its expressions (rule, version, statement, condition, …)


@v_args(meta=True)
class _Builder(Transformer[Token, S.Item]):
    """Parse tree → syntax nodes."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def build(self, tree: Tree[Token]) -> Any:
        """Transform a parse tree bottom-up without recursion (a long chain of `plus` is a deep tree); the
        callbacks are Lark's, so errors arrive wrapped in VisitError as with `transform`."""
        on_tree: Callable[[Tree[Token], list[Any]], Any] = getattr(self, "_call_userfunc")    # Lark's, untyped
        on_token: Callable[[Token], Any] = getattr(self, "_call_userfunc_token")
        root: Any = None
        stack: list[tuple[Tree[Token], Iterator[Any], list[Any]]] = [(tree, iter(tree.children), [])]
        while stack:
            node, todo, done = stack[-1]
            for child in todo:
                if isinstance(child, Tree):
                    if len(stack) > MAX_DEPTH + _STRUCTURE:
                        raise self._too_deep(child)
                    stack.append((child, iter(child.children), []))
                    break
                res = on_token(child) if isinstance(child, Token) else child
                if res is not Discard:
                    done.append(res)
            else:
                stack.pop()
                res = on_tree(node, done)
                if not stack:
                    root = res
                elif res is not Discard:
                    stack[-1][2].append(res)
        return root

    def _too_deep(self, tree: Tree[Token]) -> _BuildError:
        """Nesting deeper than every later step can follow (each of them walks a tree by recursion)."""
        return _BuildError(f"dit onderdeel is te diep genest: meer dan {MAX_DEPTH} bewerkingen of opsommingen "
                           f"binnen elkaar", self._sp(tree.meta),
                           hint="splits de berekening in tussenresultaten, met 'Daarbij geldt:' of met een eigen "
                                "attribuut en regel; een lange rij optellingen schrijft u als 'de som van …'",
                           code=Code.R101)

    def _sp(self, meta: Meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.path, 0, 0, 0, 0)
        return Span(self.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tsp(self, tok: Token) -> Span:
        return _span_of(self.path, tok)

    # ---------------------------------------------------------- shared pieces
    def name(self, meta: Meta, ch: Children) -> _Name:
        return _Name(" ".join(str(c) for c in ch), self._sp(meta))

    def label(self, meta: Meta, ch: Children) -> _Name:
        return _Name(str(ch[0]), self._sp(meta))

    def article(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("article", str(ch[0]).lower())

    def determiner(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("determiner", str(ch[0]).lower())

    def plural(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("plural", ch[0].text)

    def animate(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("animate", True)

    def provenance(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("provenance", ch[0].text)

    def kenmerk_kind(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("kind", _words(ch)[1])

    def unit(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("unit", str(ch[0]))

    def unit_spec(self, meta: Meta, ch: Children) -> _Tagged:
        unit: _Tagged = ch[-1]
        return unit

    def _sources(self, ch: Children) -> tuple[S.Source, ...]:
        return tuple(S.Source(str(c), self._tsp(c)) for c in ch if isinstance(c, Token) and c.type == "BRON")

    @staticmethod
    def _tag(ch: Children, tag: str, default: Any = None) -> Any:
        for c in ch:
            if isinstance(c, _Tagged) and c.tag == tag:
                return c.value
        return default

    @staticmethod
    def _names(ch: Children) -> list[_Name]:
        return [c for c in ch if isinstance(c, _Name)]

    # ---------------------------------------------------------- declarations
    def law_header(self, meta: Meta, ch: Children) -> S.LawHeader:
        return S.LawHeader(str(ch[0]).strip(), self._sp(meta))

    def rule_group(self, meta: Meta, ch: Children) -> S.RuleGroup:
        return S.RuleGroup(str(ch[0]).strip(), self._sp(meta))

    def domain(self, meta: Meta, ch: Children) -> S.Domain:
        return S.Domain(ch[0].text, ch[1], (), self._sp(meta))

    def enum_domain(self, meta: Meta, ch: Children) -> S.Domain:
        return S.Domain(ch[0].text, None, tuple(str(t)[1:-1] for t in ch[1:]), self._sp(meta))

    def object_type(self, meta: Meta, ch: Children) -> S.ObjectType:
        members = tuple(c for c in ch if isinstance(c, (S.Attribute, S.Kenmerk)))
        return S.ObjectType(self._tag(ch, "article"), self._names(ch)[0].text, self._tag(ch, "plural"),
                            bool(self._tag(ch, "animate", False)), members, self._sp(meta))

    def attribute(self, meta: Meta, ch: Children) -> S.Attribute:
        dt = next(c for c in ch if not isinstance(c, (_Tagged, _Name, Token)))
        return S.Attribute(self._tag(ch, "article"), self._names(ch)[0].text, self._tag(ch, "plural"), dt,
                           self._tag(ch, "provenance"), self._sp(meta))

    def kenmerk_adjective(self, meta: Meta, ch: Children) -> S.Kenmerk:
        return S.Kenmerk(self._names(ch)[0].text, self._tag(ch, "kind", "bijvoeglijk"), None,
                         self._tag(ch, "provenance"), self._sp(meta))

    def kenmerk(self, meta: Meta, ch: Children) -> S.Kenmerk:
        return S.Kenmerk(self._names(ch)[0].text, self._tag(ch, "kind", "zelfstandig"), self._tag(ch, "article"),
                         self._tag(ch, "provenance"), self._sp(meta))

    def numeric_type(self, meta: Meta, ch: Children) -> S.NumericType:
        spec = ch[0]
        unit = self._tag(ch, "unit")
        return S.NumericType(spec["decimals"], spec["integer"], spec["sign"], unit, self._sp(meta))

    def percentage_type(self, meta: Meta, ch: Children) -> S.PercentageType:
        spec = ch[0]
        return S.PercentageType(spec["decimals"], spec["integer"], spec["sign"], self._sp(meta))

    def number_spec(self, meta: Meta, ch: Children) -> _NumberSpec:
        sign = None
        words: list[str] = []
        decimals = None
        for c in ch:
            if isinstance(c, _Tagged):
                sign = c.value
            elif c.type == "NUMBER":
                decimals = self._whole(c, "het aantal decimalen")
            else:
                words.append(str(c).lower())
        integer = "geheel" in words
        return {"sign": sign, "integer": integer, "decimals": 0 if integer else decimals}

    def sign(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("sign", str(ch[0]).lower())

    def text_type(self, meta: Meta, ch: Children) -> S.TextType:
        return S.TextType(self._sp(meta))

    def boolean_type(self, meta: Meta, ch: Children) -> S.BooleanType:
        return S.BooleanType(self._sp(meta))

    def date_type(self, meta: Meta, ch: Children) -> S.DateType:
        return S.DateType(len(ch) > 3, self._sp(meta))

    def named_type(self, meta: Meta, ch: Children) -> S.NamedType:
        return S.NamedType(str(ch[0]), self._sp(meta))

    def parameter_decl(self, meta: Meta, ch: Children) -> S.ParameterDecl:
        dt = next(c for c in ch if not isinstance(c, (_Tagged, _Name, Token)))
        return S.ParameterDecl(self._tag(ch, "article"), self._names(ch)[0].text, dt, self._sp(meta))

    def reciprocal(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("reciprocal", True)

    def role(self, meta: Meta, ch: Children) -> S.Role:
        names = self._names(ch)
        return S.Role(self._tag(ch, "article"), names[0].text, self._tag(ch, "plural"), names[1].text,
                      self._sp(meta))

    def cardinality(self, meta: Meta, ch: Children) -> _Tagged:
        parts = [c.text if isinstance(c, _Name) else str(c).lower() for c in ch]
        return _Tagged("cardinality", (parts[0], parts[1], parts[3], parts[4]))

    def fact_type(self, meta: Meta, ch: Children) -> S.FactType:
        roles = tuple(c for c in ch if isinstance(c, S.Role))
        return S.FactType(self._names(ch)[0].text, bool(self._tag(ch, "reciprocal", False)), roles,
                          self._tag(ch, "cardinality"), self._sp(meta))

    # ---------------------------------------------------------- rules
    def rule(self, meta: Meta, ch: Children) -> S.Rule:
        title = next(c for c in ch if isinstance(c, Token) and c.type == "TITLE")
        versions = tuple(c for c in ch if isinstance(c, S.RuleVersion))
        return S.Rule(str(title).strip(), self._sources(ch), versions, None, self._sp(meta))

    def version(self, meta: Meta, ch: Children) -> S.RuleVersion:
        validity = next(c for c in ch if isinstance(c, S.Validity))
        trans = next((c for c in ch if isinstance(c, S.Transitional)), None)
        stmt = next(c for c in ch if isinstance(c, (S.Assignment, S.KenmerkAssignment, S.Consistency, S.Uniqueness)))
        variables = next((c.value for c in ch if isinstance(c, _Tagged) and c.tag == "variables"), ())
        return S.RuleVersion(validity, self._sources(ch), trans, stmt, variables, self._sp(meta))

    def always(self, meta: Meta, ch: Children) -> S.Validity:
        return S.Validity(None, None, False, self._sp(meta))

    def _date(self, tok: Token) -> date:
        if re.match(r"\d{4}-", str(tok)):
            y, m, d = str(tok).split("-")
            raise _BuildError(f"de datum '{tok}' staat in de vorm JJJJ-MM-DD", self._tsp(tok),
                              hint=f"schrijf datums in regels als DD-MM-JJJJ: {int(d):02d}-{int(m):02d}-{y}")
        try:
            return parse_date(str(tok))
        except ValueError as e:
            raise _BuildError(f"ongeldige datum '{tok}'", self._tsp(tok), hint=str(e)) from None

    def date_range(self, meta: Meta, ch: Children) -> S.Validity:
        dates = [self._date(t) for t in ch if isinstance(t, Token) and t.type == "DATE"]
        return S.Validity(dates[0], dates[1] if len(dates) > 1 else None, False, self._sp(meta))

    def until(self, meta: Meta, ch: Children) -> S.Validity:
        return S.Validity(None, self._date(ch[0]), False, self._sp(meta))

    def year_range(self, meta: Meta, ch: Children) -> S.Validity:
        years = [self._whole(t, "een jaartal") for t in ch if isinstance(t, Token) and t.type == "NUMBER"]
        for y, t in zip(years, ch):
            if not 1 <= y <= 9999:
                raise _BuildError(f"ongeldig jaar '{t}'", self._tsp(t), hint="schrijf een jaartal als 2025")
        end = years[1] if len(years) > 1 else None
        return S.Validity(date(years[0], 1, 1), date(end, 12, 31) if end else None, True, self._sp(meta))

    def transitional(self, meta: Meta, ch: Children) -> S.Transitional:
        return S.Transitional(self._date(ch[-1]), self._sp(meta))

    def variables(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("variables", tuple(c for c in ch if isinstance(c, S.VariableDef)))

    def variable_def(self, meta: Meta, ch: Children) -> S.VariableDef:
        return S.VariableDef(self._tag(ch, "article"), self._names(ch)[0].text, ch[-1], self._sp(meta))

    def _cond(self, ch: Children) -> S.Condition | None:
        cond: S.Condition | None = next((c for c in ch if isinstance(c, _Tagged) and c.tag == "condition"),
                                        _Tagged("", None)).value
        return cond

    def calculation(self, meta: Meta, ch: Children) -> S.Assignment:
        return S.Assignment(ch[0], "berekend", ch[1], self._cond(ch), self._sp(meta))

    def setting(self, meta: Meta, ch: Children) -> S.Assignment:
        return S.Assignment(ch[0], "gesteld", ch[1], self._cond(ch), self._sp(meta))

    def initialisation(self, meta: Meta, ch: Children) -> S.Assignment:
        return S.Assignment(ch[0], "geïnitialiseerd", ch[1], self._cond(ch), self._sp(meta))

    def kenmerk_assignment(self, meta: Meta, ch: Children) -> S.KenmerkAssignment:
        form, name = ch[1].value
        return S.KenmerkAssignment(ch[0], form, name, self._cond(ch), self._sp(meta))

    def kenmerk_claim(self, meta: Meta, ch: Children) -> _Tagged:
        words = _words(ch)
        form = "is een" if words[:2] == ["is", "een"] else words[0]
        return _Tagged("claim", (form, self._names(ch)[0].text))

    def consistency(self, meta: Meta, ch: Children) -> S.Consistency:
        return S.Consistency(ch[0], ch[1].value, ch[2], self._cond(ch), self._sp(meta))

    def filled_word(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("filled", str(ch[0]).lower())

    def conclusion_verb(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("verb", "berekend" if "berekend" in _words(ch) else "gesteld")

    def consistency_filled(self, meta: Meta, ch: Children) -> S.Consistency:
        return S.Consistency(ch[0], self._tag(ch, "filled", "gevuld"), None, self._cond(ch), self._sp(meta))

    def uniqueness(self, meta: Meta, ch: Children) -> S.Uniqueness:
        return S.Uniqueness(ch[0], self._sp(meta))

    def modal_comparison(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("op", " ".join(w for w in _words(ch) if w not in ("zijn", "dan", "aan")))

    # ---------------------------------------------------------- conditions
    def condition(self, meta: Meta, ch: Children) -> _Tagged:
        subject, build = ch[0], ch[1]
        return _Tagged("condition", build(subject, False, self._sp(meta)))

    def bullets(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("bullets", tuple(c for c in ch if not isinstance(c, Token)))

    def bullet(self, meta: Meta, ch: Children) -> S.Condition:
        build: _ConditionBuilder
        subject, build = [c for c in ch if not isinstance(c, Token)]
        return build(subject, True, self._sp(meta))

    def comparison_vl(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("op", " ".join(w for w in _words(ch) if w not in ("is", "dan", "aan")))

    comparison_word = comparison_vl

    def comparison(self, meta: Meta, ch: Children) -> _ConditionBuilder:
        op = next(c.value for c in ch if isinstance(c, _Tagged))
        right = ch[-1]
        return lambda subj, st, sp: S.Comparison(op, subj, right, st, sp)

    def is_empty(self, meta: Meta, ch: Children) -> _ConditionBuilder:
        return lambda subj, st, sp: S.EmptyCheck(subj, False, st, sp)

    def is_filled(self, meta: Meta, ch: Children) -> _ConditionBuilder:
        return lambda subj, st, sp: S.EmptyCheck(subj, True, st, sp)

    def _kenmerk(self, ch: Children) -> _ConditionBuilder:
        words = _words(ch)
        name = self._names(ch)[0].text
        negated = "niet" in words or "geen" in words
        form = "heeft" if "heeft" in words else ("is een" if ("een" in words or ("geen" in words and "is" in words))
                                                 else "is")
        return lambda subj, st, sp: S.KenmerkCheck(subj, form, name, negated, st, sp)

    def kenmerk_vl(self, meta: Meta, ch: Children) -> _ConditionBuilder:
        return self._kenmerk(ch)

    kenmerk_st = kenmerk_vl

    def elfproef(self, meta: Meta, ch: Children) -> _ConditionBuilder:
        return lambda subj, st, sp: S.Elfproef(subj, st, sp)

    def quantifier(self, meta: Meta, ch: Children) -> _Tagged:
        words = _words(ch)
        count = next((c for c in ch if isinstance(c, _Tagged) and c.tag == "count"), None)
        kind = {"alle": "alle", "geen": "geen", "ten": " ".join(words[:2]), "precies": "precies"}[words[0]]
        return _Tagged("quantifier", (kind, count.value if count else None))

    def count(self, meta: Meta, ch: Children) -> _Tagged:
        word = str(ch[0]).lower()
        table = {"één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5}
        return _Tagged("count", table[word] if word in table else self._whole(ch[0], "het aantal voorwaarden"))

    def voorwaarden(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("voorwaarden", None)

    def compound(self, meta: Meta, ch: Children) -> _ConditionBuilder:
        kind, count = next(c.value for c in ch if isinstance(c, _Tagged) and c.tag == "quantifier")
        items = next(c.value for c in ch if isinstance(c, _Tagged) and c.tag == "bullets")
        return lambda subj, st, sp: S.Compound(subj, kind, count, items, st, sp)

    # ---------------------------------------------------------- expressions
    def round(self, meta: Meta, ch: Children) -> S.Round:
        mode, decimals = ch[1].value
        return S.Round(ch[0], mode, decimals, self._sp(meta))

    def rounding(self, meta: Meta, ch: Children) -> _Tagged:
        words = _words(ch)
        mode = " ".join(words[: words.index("afgerond")])
        decimals = self._whole(next(c for c in ch if c.type == "NUMBER"), "het aantal decimalen")
        return _Tagged("rounding", (mode, decimals))

    def minimum(self, meta: Meta, ch: Children) -> S.Bound:
        return S.Bound(ch[0], ch[1], ch[2] if len(ch) > 2 else None, self._sp(meta))

    def maximum(self, meta: Meta, ch: Children) -> S.Bound:
        return S.Bound(ch[0], None, ch[1], self._sp(meta))

    plus = _binary("plus")
    minus = _binary("min")
    reduced_by = _binary("verminderd met")
    times = _binary("maal")
    divided_by = _binary("gedeeld door")
    divided_by_abs = _binary("gedeeld door (ABS)")

    def percent_of(self, meta: Meta, ch: Children) -> S.PercentOf:
        return S.PercentOf(ch[0], ch[1], self._sp(meta))

    def duration(self, meta: Meta, ch: Children) -> S.Duration:
        return S.Duration(ch[0], ch[1], ch[2].value, self._sp(meta))

    def time_unit_plural(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("unit", str(ch[0]).lower())

    def date_part(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("part", _words(ch)[1])

    def date_part_of(self, meta: Meta, ch: Children) -> S.DatePart:
        return S.DatePart(ch[0].value, ch[1], self._sp(meta))

    def make_date(self, meta: Meta, ch: Children) -> S.MakeDate:
        return S.MakeDate(ch[0], ch[1], ch[2], self._sp(meta))

    def absolute(self, meta: Meta, ch: Children) -> S.Absolute:
        return S.Absolute(ch[0], self._sp(meta))

    def rekendatum(self, meta: Meta, ch: Children) -> S.Rekendatum:
        return S.Rekendatum(self._tag(ch, "article"), self._sp(meta))

    def rekenjaar(self, meta: Meta, ch: Children) -> S.Rekenjaar:
        return S.Rekenjaar(self._tag(ch, "article"), self._sp(meta))

    def pronoun(self, meta: Meta, ch: Children) -> S.Pronoun:
        return S.Pronoun(str(ch[0]).lower() if ch else "hij", self._sp(meta))

    def nav(self, meta: Meta, ch: Children) -> S.Nav:
        steps = tuple(c for c in ch if isinstance(c, S.NavStep))
        sel = next((c for c in ch if isinstance(c, S.Selection)), None)
        return S.Nav(steps, sel, self._sp(meta))

    def nav_percent_of(self, meta: Meta, ch: Children) -> S.PercentOf:
        steps = tuple(c for c in ch if isinstance(c, S.NavStep))
        operand = next(c for c in reversed(ch) if not isinstance(c, (Token, S.NavStep)))
        return S.PercentOf(S.Nav(steps, None, self._sp(meta)), operand, self._sp(meta))

    def nav_self(self, meta: Meta, ch: Children) -> S.NavStep:
        return S.NavStep(None, "hem", self._sp(meta))

    def nav_step(self, meta: Meta, ch: Children) -> S.NavStep:
        return S.NavStep(self._tag(ch, "determiner"), self._names(ch)[0].text, self._sp(meta))

    def selection(self, meta: Meta, ch: Children) -> S.Selection:
        words = _words(ch)
        verb = words[-1]
        negated = "niet" in words[:2] or "geen" in words[:2]
        form = "heeft" if verb in ("hebben", "heeft") else ("is een" if words[1] in ("een", "geen") else "is")
        return S.Selection(negated, form, self._names(ch)[0].text, verb, self._sp(meta))

    agg_sum = _agg("som")
    agg_count = _agg("aantal")
    agg_max = _agg("maximale waarde")
    agg_min = _agg("minimale waarde")
    agg_first = _agg("eerste")
    agg_last = _agg("laatste")

    def expr_list(self, meta: Meta, ch: Children) -> S.Nav | tuple[S.Expr, ...]:
        items = tuple(c for c in ch if not isinstance(c, Token))
        return items[0] if len(items) == 1 and isinstance(items[0], S.Nav) else items

    def zero_default(self, meta: Meta, ch: Children) -> _Tagged:
        num = next(c for c in ch if c.type == "NUMBER")
        unit = next((str(c) for c in ch if c.type == "UNIT"), None)
        return _Tagged("zero", S.Quantity(((self._num(num), unit),), self._sp(meta)))

    def quantity(self, meta: Meta, ch: Children) -> S.Quantity:
        parts: list[tuple[Fraction, str | None]] = []
        for c in ch:
            if c.type == "NUMBER":
                parts.append((self._num(c), None))
            else:
                parts[-1] = (parts[-1][0], str(c))
        return S.Quantity(tuple(parts), self._sp(meta))

    def _whole(self, tok: Token, what: str) -> int:
        value = self._num(tok)
        if value.denominator != 1 or value < 0:
            raise _BuildError(f"{what} moet een heel getal zijn, niet '{shorten(str(tok))}'", self._tsp(tok),
                              hint="gebruik een heel getal zonder komma, bijvoorbeeld 2")
        return int(value)

    def _num(self, tok: Token) -> Fraction:
        digits = digit_count(str(tok))
        if digits > MAX_DIGITS:
            raise _BuildError(f"het getal '{shorten(str(tok), 30)}' heeft {digits} cijfers, meer dan de {MAX_DIGITS} "
                              f"die een getal mag hebben", self._tsp(tok),
                              hint="controleer of het getal niet per ongeluk is verlengd (bijvoorbeeld dubbel geplakt)")
        try:
            return parse_number(str(tok))
        except ValueError as e:
            raise _BuildError(f"ongeldig getal '{shorten(str(tok))}'", self._tsp(tok), hint=str(e)) from None

    def percentage(self, meta: Meta, ch: Children) -> S.PercentLiteral:
        return S.PercentLiteral(self._num(ch[0]), self._sp(meta))

    def date_literal(self, meta: Meta, ch: Children) -> S.DateLiteral:
        tok = next(c for c in ch if c.type == "DATE")
        return S.DateLiteral(self._date(tok), len(ch) > 1, self._sp(meta))

    def text(self, meta: Meta, ch: Children) -> S.TextLiteral:
        return S.TextLiteral(str(ch[0])[1:-1], self._sp(meta))

    def enum_value(self, meta: Meta, ch: Children) -> S.EnumLiteral:
        return S.EnumLiteral(str(ch[0])[1:-1], self._sp(meta))

    def true(self, meta: Meta, ch: Children) -> S.BoolLiteral:
        return S.BoolLiteral(True, self._sp(meta))

    def false(self, meta: Meta, ch: Children) -> S.BoolLiteral:
        return S.BoolLiteral(False, self._sp(meta))

    def empty(self, meta: Meta, ch: Children) -> S.EmptyLiteral:
        return S.EmptyLiteral(self._sp(meta))

    # ---------------------------------------------------------- decision tables
    def decision_table(self, meta: Meta, ch: Children) -> S.DecisionTable:
        title = next(c for c in ch if isinstance(c, Token) and c.type == "TITLE")
        versions = tuple(c for c in ch if isinstance(c, S.TableVersion))
        return S.DecisionTable(str(title).strip(), self._sources(ch), versions, None, self._sp(meta))

    def table_version(self, meta: Meta, ch: Children) -> S.TableVersion:
        validity = next(c for c in ch if isinstance(c, S.Validity))
        trans = next((c for c in ch if isinstance(c, S.Transitional)), None)
        columns, rows = next(c.value for c in ch if isinstance(c, _Tagged) and c.tag == "table")
        return S.TableVersion(validity, self._sources(ch), trans, columns, rows, self._sp(meta))

    def table(self, meta: Meta, ch: Children) -> _Tagged:
        columns = tuple(c for c in ch if isinstance(c, S.TableColumn))
        rows = tuple(c for c in ch if isinstance(c, S.TableRow))
        return _Tagged("table", (columns, rows))

    def conclusion_column(self, meta: Meta, ch: Children) -> S.TableColumn:
        return S.TableColumn("conclusie", ch[0], self._tag(ch, "verb", "gesteld"), None, False, self._sp(meta))

    def comparison_column(self, meta: Meta, ch: Children) -> S.TableColumn:
        subject = next(c for c in ch if not isinstance(c, (Token, _Tagged)))
        op = next(c.value for c in ch if isinstance(c, _Tagged))
        return S.TableColumn("vergelijking", subject, op, None, False, self._sp(meta))

    def kenmerk_column(self, meta: Meta, ch: Children) -> S.TableColumn:
        subject = next(c for c in ch if not isinstance(c, (Token, _Tagged)) and not callable(c))
        build = next(c for c in ch if callable(c) and not isinstance(c, Token))
        probe = build(subject, False, self._sp(meta))
        return S.TableColumn("kenmerk", subject, probe.form, probe.name, probe.negated, self._sp(meta))

    def table_row(self, meta: Meta, ch: Children) -> S.TableRow:
        number = next(c for c in ch if isinstance(c, Token) and c.type == "NUMBER")
        cells = tuple(c.value for c in ch if isinstance(c, _Tagged) and c.tag == "cell")
        return S.TableRow(self._whole(number, "het rijnummer"), cells, self._sp(meta))

    def table_cell(self, meta: Meta, ch: Children) -> _Tagged:
        c = ch[0]
        return _Tagged("cell", None if isinstance(c, Token) else c)

    # ---------------------------------------------------------- parameter sets
    def parameter_set(self, meta: Meta, ch: Children) -> S.ParameterSet:
        title = next(c for c in ch if isinstance(c, Token) and c.type == "TITLE")
        validity = next(c for c in ch if isinstance(c, S.Validity))
        values = tuple(c for c in ch if isinstance(c, S.ParameterValue))
        return S.ParameterSet(str(title).strip(), validity, values, self._sources(ch), self._sp(meta))

    def parameter_value(self, meta: Meta, ch: Children) -> S.ParameterValue:
        value = ch[-1]
        return S.ParameterValue(self._names(ch)[0].text, value, self._sources(ch), self._tag(ch, "article"),
                                self._sp(meta))

    # ---------------------------------------------------------- testspraak
    def _settings(self, ch: Children) -> S.TestSettings:
        rd = next((c.value for c in ch if isinstance(c, _Tagged) and c.tag == "rekendatum"), None)
        ps = next((c for c in ch if isinstance(c, _Tagged) and c.tag == "parameterset"), None)
        return S.TestSettings(rd, ps.value if ps else None, ps.span if ps and ps.span else Span(self.path, 0, 0, 0, 0))

    def test_rekendatum(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("rekendatum", ch[0].value)

    def test_parameterset(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("parameterset", str(ch[0]).strip(), self._sp(meta))

    def testset(self, meta: Meta, ch: Children) -> S.TestSet:
        title = next(c for c in ch if isinstance(c, Token) and c.type == "TITLE")
        inits = tuple(c for c in ch if isinstance(c, S.TestInit))
        cases = tuple(c for c in ch if isinstance(c, S.TestCase))
        return S.TestSet(str(title).strip(), self._settings(ch), inits, cases, self._sp(meta))

    def test_init(self, meta: Meta, ch: Children) -> S.TestInit:
        title = next(c for c in ch if isinstance(c, Token) and c.type == "TITLE")
        givens = tuple(c for c in ch if isinstance(c, (S.GivenObject, S.GivenFact, S.GivenInit)))
        return S.TestInit(str(title).strip(), givens, self._sp(meta))

    def test_case(self, meta: Meta, ch: Children) -> S.TestCase:
        title = next(c for c in ch if isinstance(c, Token) and c.type == "TITLE")
        givens = tuple(c for c in ch if isinstance(c, (S.GivenObject, S.GivenFact, S.GivenInit)))
        expectations = tuple(c for c in ch if isinstance(c, S.Expectation))
        return S.TestCase(str(title).strip(), self._settings(ch), givens, expectations, self._sp(meta))

    def given_object(self, meta: Meta, ch: Children) -> S.GivenObject:
        names = self._names(ch)
        lines = tuple(c for c in ch if isinstance(c, S.GivenLine))
        return S.GivenObject(names[0].text, names[1].text, lines, self._sp(meta))

    def given_fact(self, meta: Meta, ch: Children) -> S.GivenFact:
        names = self._names(ch)
        return S.GivenFact(names[0].text, names[1].text, names[2].text, self._sp(meta))

    def given_init(self, meta: Meta, ch: Children) -> S.GivenInit:
        title = next(c for c in ch if isinstance(c, Token) and c.type == "TITLE")
        return S.GivenInit(str(title).strip(), self._sp(meta))

    def given_line(self, meta: Meta, ch: Children) -> S.GivenLine:
        name = self._names(ch)[0].text
        values = [c for c in ch if not isinstance(c, (Token, _Name))]
        if values:
            return S.GivenLine(name, values[0], None, False, self._sp(meta))
        words = _words(ch)
        negated = "niet" in words or "geen" in words
        form = "heeft" if words[0] == "heeft" else ("is een" if len(words) > 1 and words[1] in ("een", "geen") else "is")
        return S.GivenLine(name, None, form, negated, self._sp(meta))

    def expectation(self, meta: Meta, ch: Children) -> S.Expectation:
        lines = tuple(c for c in ch if isinstance(c, (S.GivenLine, S.RuleExpectation)))
        return S.Expectation(self._names(ch)[0].text, lines, self._sp(meta))

    def expect_not_fired(self, meta: Meta, ch: Children) -> S.RuleExpectation:
        return S.RuleExpectation(str(ch[0])[1:-1], "niet gevuurd", self._sp(meta))

    def expect_fired(self, meta: Meta, ch: Children) -> S.RuleExpectation:
        return S.RuleExpectation(str(ch[0])[1:-1], "gevuurd", self._sp(meta))

    def expect_inconsistent(self, meta: Meta, ch: Children) -> S.RuleExpectation:
        return S.RuleExpectation(str(ch[0])[1:-1], "inconsistent", self._sp(meta))

    # ---------------------------------------------------------- eigenschappen
    def property(self, meta: Meta, ch: Children) -> S.Property:
        title = next(c for c in ch if isinstance(c, Token) and c.type == "TITLE")
        stmt = next(c for c in ch if isinstance(c, (S.Monotone, S.Invariant)))
        return S.Property(str(title).strip(), stmt, self._sources(ch), self._sp(meta))

    def direction(self, meta: Meta, ch: Children) -> _Tagged:
        return _Tagged("direction", str(ch[0]).lower())

    def monotone(self, meta: Meta, ch: Children) -> S.Monotone:
        navs = [c for c in ch if isinstance(c, S.Nav)]
        dirs = [c.value for c in ch if isinstance(c, _Tagged)]
        return S.Monotone(navs[0], dirs[0], navs[1], dirs[1], self._sp(meta))

    def invariant(self, meta: Meta, ch: Children) -> S.Invariant:
        op = next(c.value for c in ch if isinstance(c, _Tagged))
        return S.Invariant(ch[0], op, ch[-1], self._sp(meta))
