"""Lexing RegelSpraak: a vocabulary pre-scan, then tokens with declared multi-word names as one NAME.

In: SourceFile text and the vocabulary of all loaded files. Out: Lark tokens, split per top-level item.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from lark import Token

from .diagnostics import Diagnostics
from .source import SourceFile, Span

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
_DATE = re.compile(r"\d{1,2}-\d{1,2}-\d{4}(?!\d)")
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
    """Declared names, for longest-first matching: first word → word tuples, longest first."""

    by_first: Mapping[str, tuple[tuple[str, ...], ...]]

    @staticmethod
    def from_names(names: Iterable[str]) -> "Vocabulary":
        table: dict[str, set[tuple[str, ...]]] = {}
        for name in names:
            words = tuple(w.lower() for w in name.split())
            if words:
                table.setdefault(words[0], set()).add(words)
        return Vocabulary({k: tuple(sorted(v, key=len, reverse=True)) for k, v in table.items()})


# ---------------------------------------------------------------- vocabulary pre-scan

def _strip_comment(line: str) -> str:
    i = line.find("//")
    return line[:i] if i >= 0 else line


def scan_names(code: str) -> set[str]:
    """All names a file declares (types, domains, attributes, kenmerken, parameters, roles, variables)."""
    lines = [_strip_comment(l).rstrip() for l in code.split("\n")]
    types: set[str] = set()
    for line in lines:
        m = re.match(r"Domein\s+(.+?)\s+is\s+van\s+het\s+type", line)
        if m:
            types.add(m.group(1))
        m = re.match(r"Objecttype\s+(?:de|het)\s+(.+?)\s*(?:\(|$)", line)
        if m:
            types.add(m.group(1))
    names = set(types)
    type_alt = "|".join(re.escape(t) for t in (*BUILTIN_TYPES, *sorted(types, key=len, reverse=True)))
    attr_re = re.compile(rf"\s+(?:de|het)\s+(.+?)\s+(?:\(mv:\s*(.+?)\)\s+)?(?:{type_alt}|[A-Z]\w*)\b")
    block = ""
    in_vars = False
    for line in lines:
        first = line.split(maxsplit=1)[0].lower() if line.strip() else ""
        if line[:1].strip() and first in STARTERS:
            block = first
            in_vars = False
        for plural in re.findall(r"\(mv:\s*([^)]+?)\s*\)", line):
            names.add(plural)
        m = re.match(r"Parameter\s+(?:de|het|een)\s+(.+?)\s*:", line)
        if m:
            names.add(m.group(1))
        m = re.match(r"(?:Wederkerig\s+)?[Ff]eittype\s+(.+?)\s*$", line)
        if m:
            names.add(m.group(1))
            block = "feittype"
            continue
        if "Daarbij geldt" in line:
            in_vars = True
            rest = line.split(":", 1)[1] if ":" in line else ""
            line = " " + rest
        if in_vars:
            m = re.match(r"\s*(?:de\s+|het\s+)?(.+?)\s+is\s+", line)
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
            m = re.match(r"\s+(?:de|het)\s+(.+?)\s+(?:\(mv:\s*.+?\)\s+)?\S+\s*$", line)
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


def _raw_tokens(source: SourceFile, literals: Mapping[str, str], diag: Diagnostics) -> list[Token]:
    out: list[Token] = []
    pos = 0
    for lineno, line in enumerate(source.code.split("\n"), start=1):
        col = 0
        first = True
        if _TABLE_SEP.match(line):
            out.append(_tok("TABLE_SEP", line.strip(), lineno, line.index("|") + 1, len(line) + 1, pos))
            pos += len(line) + 1
            continue
        table_row = line.lstrip().startswith("|")
        while col < len(line):
            ch = line[col]
            if ch in " \t":
                col += 1
                continue
            start = col
            m = _BRON.match(line, col)
            if m:
                out.append(_tok("BRON", m.group(1).strip(), lineno, start + 1, len(line) + 1, pos + start))
                break
            if line.startswith("//", col):
                break
            m = _WORD.match(line, col)
            if m and first and m.group().lower() in TITLE_KEYWORDS and (
                    m.group()[0].isupper() or m.group().lower() != "regel"):
                word = m.group()
                out.append(_tok(literals.get(word.lower(), "WORD"), word, lineno, start + 1, m.end() + 1, pos + start))
                rest = line[m.end():].strip()
                rest_col = line.index(rest, m.end()) if rest else len(line)
                if rest:
                    out.append(_tok("TITLE", rest, lineno, rest_col + 1, rest_col + len(rest) + 1, pos + rest_col))
                break
            if m and m.group().lower() == "testinitialisatie" and out and out[-1].value.lower() == "gegeven":
                out.append(_tok(literals.get("testinitialisatie", "WORD"), m.group(), lineno, start + 1, m.end() + 1, pos + start))
                rest = line[m.end():].strip()
                if rest:
                    rc = line.index(rest, m.end())
                    out.append(_tok("TITLE", rest, lineno, rc + 1, rc + len(rest) + 1, pos + rc))
                break
            first = False
            for regex, kind in ((_SPECIAL, "SPECIAL"), (_DATE, "DATE"), (_NUMBER, "NUMBER"), (_UNIT, "UNIT"),
                                (_STRING, "STRING"), (_ENUM, "ENUMVAL"), (_BULLET, "BULLET"), (_WORD, "RAW")):
                m = regex.match(line, col)
                if m:
                    text = m.group()
                    if kind == "SPECIAL":
                        kind = literals.get(text, "WORD")
                    elif kind == "RAW" and text in UNIT_WORDS:
                        kind = "UNIT"
                    elif kind == "NUMBER" and text.startswith("-") and start > 0 and not line[start - 1].isspace() \
                            and line[start - 1] not in "(|":
                        continue
                    out.append(_tok(kind, text, lineno, start + 1, m.end() + 1, pos + start))
                    col = m.end()
                    break
            else:
                if ch in _PUNCT:
                    out.append(_tok(literals.get(ch, ch), ch, lineno, start + 1, start + 2, pos + start))
                    col += 1
                elif ch in "\"'":
                    diag.error("R103", f"de tekst die begint met {ch} wordt niet afgesloten op deze regel",
                               Span(source.path, lineno, start + 1, lineno, len(line) + 1),
                               hint=f"sluit de tekst af met {ch} op dezelfde regel")
                    col = len(line)
                else:
                    diag.error("R102", f"onbekend teken '{ch}'", Span(source.path, lineno, start + 1, lineno, start + 2),
                               note="dit teken hoort niet in RegelSpraak",
                               hint="gebruik alleen letters, cijfers en de leestekens ( ) , : ; . % | • €")
                    col += 1
        if table_row and out and out[-1].type == literals.get("|"):
            last = out[-1]
            out.append(_tok("ROW_END", "", lineno, last.end_column, last.end_column, last.end_pos))
        pos += len(line) + 1
    return out


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
        best = 0
        for words in vocab.by_first.get(t.value.lower(), ()):
            k = len(words)
            if i + k > n:
                continue
            if all(raw[i + j].type == "RAW" and raw[i + j].line == t.line and raw[i + j].value.lower() == words[j]
                   for j in range(1, k)):
                best = k
                break
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
