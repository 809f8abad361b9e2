"""Lexing RegelSpraak: a vocabulary pre-scan, then tokens with declared multi-word names as one NAME.

In: SourceFile text and the vocabulary of all loaded files. Out: Lark tokens, split per top-level item.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping, cast

from lark import Token

from ..codes import Code
from ..diagnostics import Diagnostics
from ..source import SourceFile, Span, shorten

STARTERS = frozenset({
    "wetgeving", "domein", "objecttype", "parameter", "feittype", "wederkerig", "regel",
    "beslistabel", "parameterset", "regelgroep", "testset", "eigenschap",
})
TITLE_KEYWORDS = frozenset({
    "wetgeving", "regel", "regelgroep", "testset", "testgeval", "testinitialisatie", "parameterset",
    "eigenschap", "beslistabel",
})
UNIT_WORDS = frozenset({"dg", "wk", "mnd", "kw", "jr", "EUR", "euro"})
BUILTIN_TYPES = ("Numeriek", "Percentage", "Tekst", "Boolean", "Datum")

_WORD = re.compile(r"[^\W\d_][\w\-]*")
_NUMBER = re.compile(r"-?\d+(?:_\d+/\d+|/\d+(?![\d/])|(?:\.\d{3})+(?:,\d+)?|,\d+)?(?![\w])")
_DATE = re.compile(r"\d{1,2}-\d{1,2}-\d{4}(?!\d)|\d{4}-\d{1,2}-\d{1,2}(?!\d)")
_UNIT = re.compile(r"(?:€|EUR\b|euro\b)(?:/(?:dg|wk|mnd|kw|jr)\b)?")
_STRING = re.compile(r'"[^"\n]*"')
_ENUM = re.compile(r"'[^'\n]*'")
_BULLET = re.compile(r"•+")
_SPECIAL = re.compile(r"t/m\b|n\.v\.t\.|dd\.(?=\s)")
_PUNCT = "(),:;.%|"
_TABLE_SEP = re.compile(r"[ \t]*\|[-:| \t]+\|[ \t]*$")
_BRON = re.compile(r"//[ \t]*Bron[ \t]*:[ \t]*(.*)")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Declared names as a word trie (lower-case words; the key None marks the end of a name)."""

    trie: Mapping[str | None, object]
    names: tuple[str, ...] = ()

    @staticmethod
    def from_names(names: Iterable[str]) -> "Vocabulary":
        names = tuple(sorted(set(names)))
        root: dict[str | None, object] = {}
        for name in names:
            node = root
            for w in name.lower().split():
                # a word key always holds a sub-trie; only the key None holds True
                node = cast("dict[str | None, object]", node.setdefault(w, {}))
            if node is not root:
                node[None] = True
        return Vocabulary(root, names)

    def longest(self, words: list[str]) -> int:
        """The number of leading words that form the longest declared name (0 if none)."""
        node, best = self.trie, 0
        for i, w in enumerate(words):
            child = cast("Mapping[str | None, object] | None", node.get(w))   # word keys hold sub-tries
            if child is None:
                break
            node = child
            if None in node:
                best = i + 1
        return best


# ---------------------------------------------------------------- vocabulary pre-scan

def _strip_comment(line: str) -> str:
    i = line.find("//")
    return line[:i] if i >= 0 else line


_BLANKS = re.compile(r"\s+")
_PLURAL = r"\(mv:([^()]{1,200})\)"      # bounded: a line of many '(mv:' must not cost quadratic time


def scan_names(code: str) -> set[str]:
    """All names a file declares (types, domains, attributes, kenmerken, parameters, roles, variables)."""
    # every run of blanks becomes one space (an indented line keeps one in front): the patterns below would try
    # every split of a long run
    lines = [_BLANKS.sub(" ", _strip_comment(l).rstrip()) for l in code.split("\n")]
    types: set[str] = set()
    for line in lines:
        m = re.match(r"(?i:domein)\s+(.+?)\s+(?i:is\s+van\s+het\s+type)", line)
        if m:
            types.add(m.group(1))
        m = re.match(r"(?i:objecttype\s+(?:de|het))\s+(.+?)\s*(?:\(|$)", line)
        if m:
            types.add(m.group(1))
    names = set(types)
    type_alt = "|".join(re.escape(t) for t in (*BUILTIN_TYPES, *sorted(types, key=len, reverse=True)))
    attr_re = re.compile(rf"\s+(?:de|het)\s+(.+?)\s+(?:{_PLURAL}\s+)?(?:{type_alt}|[A-Z]\w*)\b")
    block = ""
    in_vars = False
    for line in lines:
        first = line.split(maxsplit=1)[0].lower() if line.strip() else ""
        if line[:1].strip() and first in STARTERS:
            block = first
            in_vars = False
        for plural in re.findall(_PLURAL, line):
            names.add(plural.strip())
        m = re.match(r"(?i:parameter\s+(?:de|het|een))\s+(.+?)\s*:", line)
        if m:
            names.add(m.group(1))
        m = re.match(r"(?i:(?:wederkerig\s+)?feittype)\s+(.+?)\s*$", line)
        if m:
            names.add(m.group(1))
            block = "feittype"
            continue
        if "daarbij geldt" in line.lower():
            in_vars = True
            rest = line.split(":", 1)[1] if ":" in line else ""
            line = " " + rest
        if in_vars:
            m = re.match(r"\s*(?:de\s+|het\s+)?(.+?)\s+is(?:\s+|$)", line)
            if m:
                names.add(m.group(1))
            if line.rstrip().endswith("."):
                in_vars = False
            continue
        if not line[:1].isspace():
            continue
        if block == "objecttype":
            m = re.match(r"\s+(?:is\s+|de\s+|het\s+|een\s+)?(.+?)\s+kenmerk\b", line)
            if m:
                names.add(m.group(1))
                continue
            m = attr_re.match(line)
            if m:
                names.add(m.group(1))
        elif block == "feittype":
            m = re.match(rf"\s+(?:de|het)\s+(.+?)\s+(?:{_PLURAL}\s+)?\S+\s*$", line)
            if m:
                names.add(m.group(1))
    return {n.strip() for n in names if n.strip()}


# ---------------------------------------------------------------- tokens

def _tok(type_: str, value: str, line: int, col: int, end_col: int, pos: int) -> Token:
    return Token(type_, value, start_pos=pos, line=line, column=col, end_line=line,
                 end_column=end_col, end_pos=pos + (end_col - col))


def tokenize(source: SourceFile, vocab: Vocabulary, literals: Mapping[str, str],
             diag: Diagnostics) -> list[Token]:
    """Turn rule text into tokens. `literals` maps keyword/punctuation text to Lark terminal names."""
    raw = _raw_tokens(source, literals, diag)
    return _close_bullets(_merge_names(raw, vocab, literals), literals)


_MASTER = re.compile("|".join([
    r"(?P<ws>[ \t]+)",
    r"(?P<bron>//[ \t]*Bron[ \t]*:[ \t]*.*)",
    r"(?P<comment>//.*)",
    rf"(?P<special>{_SPECIAL.pattern})",
    rf"(?P<DATE>{_DATE.pattern})",
    rf"(?P<NUMBER>{_NUMBER.pattern})",
    rf"(?P<UNIT>{_UNIT.pattern})",
    rf"(?P<STRING>{_STRING.pattern})",
    rf"(?P<ENUMVAL>{_ENUM.pattern})",
    rf"(?P<BULLET>{_BULLET.pattern})",
    rf"(?P<RAW>{_WORD.pattern})",
    r"(?P<punct>[(),:;.%|])",
]))


def _raw_tokens(source: SourceFile, literals: Mapping[str, str], diag: Diagnostics) -> list[Token]:
    out: list[Token] = []
    pos = 0
    pipe = literals.get("|")
    for lineno, line in enumerate(source.code.split("\n"), start=1):
        if not line.strip():
            pos += len(line) + 1
            continue
        if "|" in line and _TABLE_SEP.match(line):
            out.append(_tok("TABLE_SEP", line.strip(), lineno, line.index("|") + 1, len(line) + 1, pos))
            pos += len(line) + 1
            continue
        col = 0
        first = True
        n = len(line)
        while col < n:
            m = _MASTER.match(line, col)
            if m is None:
                ch = line[col]
                if ch in "\"'":
                    diag.error(Code.R103, f"de tekst die begint met {ch} wordt niet afgesloten op deze regel",
                               Span(source.path, lineno, col + 1, lineno, n + 1),
                               hint=f"sluit de tekst af met {ch} op dezelfde regel")
                    break
                col = _unknown(source.path, line, lineno, col, diag)
                continue
            kind = cast(str, m.lastgroup)   # every alternative of _MASTER is a named group
            text = m.group()
            start, col = col, m.end()
            if kind == "ws" or kind == "comment":
                continue
            if kind == "bron":
                body = text.split(":", 1)[1].strip()
                out.append(_tok("BRON", body, lineno, start + 1, n + 1, pos + start))
                break
            if kind == "RAW":
                low = text.lower()
                title_ok = low != "regel" or (text[0].isupper() and not _QUOTE_AHEAD.match(line, col))
                if first and low in TITLE_KEYWORDS and title_ok or (
                        low == "testinitialisatie" and out and out[-1].value.lower() == "gegeven"):
                    out.append(_tok(literals.get(low, "WORD"), text, lineno, start + 1, col + 1, pos + start))
                    rest = line[col:].strip()
                    if rest:
                        rc = line.index(rest, col)
                        out.append(_tok("TITLE", rest, lineno, rc + 1, rc + len(rest) + 1, pos + rc))
                    break
                if text in UNIT_WORDS:
                    kind = "UNIT"
            elif kind == "special" or kind == "punct":
                kind = literals.get(text, text)
            elif kind == "NUMBER" and text.startswith("-") and start > 0 and not line[start - 1].isspace() \
                    and line[start - 1] not in "(|":
                diag.error(Code.R102, "onverwacht minteken '-'", Span(source.path, lineno, start + 1, lineno, start + 2),
                           hint="schrijf 'min' voor aftrekken, of zet een spatie voor een negatief getal")
                col = start + 1
                continue
            first = False
            out.append(_tok(kind, text, lineno, start + 1, col + 1, pos + start))
        if pipe and line.lstrip().startswith("|") and out and out[-1].type == pipe and out[-1].line == lineno:
            last = out[-1]
            out.append(Token("ROW_END", "", start_pos=last.end_pos, line=lineno, column=last.end_column,
                             end_line=lineno, end_column=last.end_column, end_pos=last.end_pos))
        pos += len(line) + 1
    return out


_BAD_WORD = re.compile(r"[\w\-]+")
_QUOTE_AHEAD = re.compile(r'[ \t]*"')


def _unknown(path: str, line: str, lineno: int, col: int, diag: Diagnostics) -> int:
    """Report what cannot be read at `col` (one diagnostic per bad word or run of unknown characters, so a
    long run costs linear time) and return the column to go on from."""
    ch = line[col]
    if ch.isalnum() or ch == "_":
        m = _BAD_WORD.match(line, col)
        end = m.end() if m is not None else col + 1
        word = line[col:end]
        lead = re.match(r"\d+", word)
        if lead is not None and lead.end() < len(word):
            hint = (f"een naam begint met een letter; bedoelt u een getal met een eenheid of woord erachter, zet "
                    f"er dan een spatie tussen: '{shorten(word[:lead.end()], 20)} {shorten(word[lead.end():], 20)}'")
        else:
            hint = "een naam begint met een letter; een getal schrijft u als 12, 12,5 of 2.112,00"
        diag.error(Code.R102, f"'{shorten(word, 40)}' is geen getal en geen naam", Span(path, lineno, col + 1,
                                                                                      lineno, end + 1),
                   note="dit woord kan niet worden gelezen", hint=hint)
        return end
    end = col + 1
    while end < len(line) and line[end] not in "\"'" and _MASTER.match(line, end) is None \
            and not (line[end].isalnum() or line[end] == "_"):
        end += 1
    shown, hint = _describe(ch)
    more = f" en nog {end - col - 1} onbekende {'teken' if end - col == 2 else 'tekens'} erna" if end - col > 1 else ""
    diag.error(Code.R102, f"onbekend teken {shown}{more}", Span(path, lineno, col + 1, lineno, end + 1),
               note="dit teken hoort niet in RegelSpraak" if end - col == 1 else
               "deze tekens horen niet in RegelSpraak", hint=hint)
    return end


def _describe(ch: str) -> tuple[str, str]:
    """How to show a character that does not belong in RegelSpraak, and what to do about it."""
    kind = unicodedata.category(ch)
    code = f"U+{ord(ch):04X}"
    if ch.isspace():
        return (f"{code} (een onzichtbaar spatieteken, bv. een harde spatie)",
                "vervang het door een gewone spatie (het komt vaak mee bij kopiëren uit een webpagina of Word)")
    if kind.startswith("M"):
        return (f"{code} (een los accentteken)", "typ de letter met het accent als één teken (é), of sla het "
                                                 "bestand op in de samengestelde vorm (Unicode NFC)")
    if kind == "Cf":
        return (f"{code} (een onzichtbaar stuurteken, bv. voor de schrijfrichting)",
                "verwijder het; het is onzichtbaar en komt vaak mee bij kopiëren")
    if kind.startswith("C"):
        return (f"{code} (een stuurteken)", "verwijder het; is het bestand misschien beschadigd of geen tekst?")
    if ch in "“”‘’":
        return f"'{ch}'", "gebruik rechte aanhalingstekens: \"tekst\" of 'enumeratiewaarde'"
    return f"'{ch}'", "gebruik alleen letters, cijfers en de leestekens ( ) , : ; . % | • €"


def _merge_names(raw: list[Token], vocab: Vocabulary, literals: Mapping[str, str]) -> list[Token]:
    """Replace runs of RAW words by NAME (longest declared name first), keyword, or WORD tokens."""
    out: list[Token] = []
    i = 0
    n = len(raw)
    while i < n:
        t = raw[i]
        if t.type != "RAW":
            out.append(t)
            i += 1
            continue
        words: list[str] = []
        j = i
        while j < n and raw[j].type in ("RAW", "NUMBER") and raw[j].line == t.line and len(words) < 12:
            words.append(raw[j].value.lower())
            j += 1
        best = vocab.longest(words) if t.value.lower() in vocab.trie else 0
        if best:
            last = raw[i + best - 1]
            value = " ".join(raw[i + j].value for j in range(best))
            out.append(Token("NAME", value, start_pos=t.start_pos, line=t.line, column=t.column,
                             end_line=last.end_line, end_column=last.end_column, end_pos=last.end_pos))
            i += best
            continue
        out.append(Token.new_borrow_pos(literals.get(t.value.lower(), "WORD"), t.value, t))
        i += 1
    return out


def _close_bullets(tokens: list[Token], literals: Mapping[str, str]) -> list[Token]:
    """Turn bullet depths into BEGIN/BULLET/END; a '.', 'Daarbij' or top-level keyword closes all levels."""
    out: list[Token] = []
    depth = 0
    closers = {literals.get("."), literals.get("daarbij")} | {literals.get(s) for s in STARTERS}
    for t in tokens:
        if t.type == "BULLET":
            d = len(t.value)
            while depth < d:
                out.append(Token.new_borrow_pos("BEGIN", "", t))
                depth += 1
            while depth > d:
                out.append(Token.new_borrow_pos("END", "", t))
                depth -= 1
        elif depth and t.type in closers:
            while depth:
                out.append(Token.new_borrow_pos("END", "", t))
                depth -= 1
        out.append(t)
    last = tokens[-1] if tokens else None
    while depth and last is not None:
        out.append(Token.new_borrow_pos("END", "", last))
        depth -= 1
    return out


def split_items(tokens: list[Token], literals: Mapping[str, str]) -> list[list[Token]]:
    """Split a token list into top-level items: a starter keyword at column 1 with its preceding Bron lines."""
    starter_types = {literals.get(s) for s in STARTERS}
    items: list[list[Token]] = []
    current: list[Token] = []
    pending_bron: list[Token] = []
    for t in tokens:
        if t.type == "BRON" and t.column == 1:
            pending_bron.append(t)
            continue
        if t.type in starter_types and t.column == 1:
            if current:
                items.append(current)
            current = pending_bron + [t]
            pending_bron = []
            continue
        if pending_bron:
            current.extend(pending_bron)
            pending_bron = []
        current.append(t)
    if pending_bron:
        current.extend(pending_bron)
    if current:
        items.append(current)
    return items
