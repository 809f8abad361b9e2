"""Names and text for generated code, shared by both backends: one escaping function for identifiers, one
for comment and docstring text, so that names from rule files never reach generated code unescaped."""
from __future__ import annotations

import keyword
import re
import unicodedata
from typing import Any, Iterable

_KEYWORDS = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
_TRANSLIT = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


def width(text: str) -> int:
    """Display width (what line-length checkers count): wide and full-width characters count twice."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def identifier(text: str, limit: int = 40) -> str:
    """Any text → an identifier part `[a-z0-9_]*` without `__`: accents transliterated, everything else `_`.

    Standalone use goes through `Names.new`, which prefixes keywords (`k_`) and leading digits (`n_`)."""
    t = "".join(_TRANSLIT.get(c, c) for c in str(text).lower())
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "_", t).strip("_")[:limit].strip("_") or "x"


def python_name(text: str) -> str:
    """Any text → one standalone identifier `[a-z_][a-z0-9_]*` (not a keyword)."""
    return safe_name(identifier(text))


def safe_name(base: str) -> str:
    """`[a-z_][a-z0-9_]*` that is no keyword: digits and keywords get a prefix."""
    if base[:1].isdigit():
        base = "n_" + base
    return "k_" + base if base in _KEYWORDS else base


class Names:
    """Allocates unique identifiers in one namespace; a taken name gets _2, _3, … (deterministic)."""

    def __init__(self, reserved: Iterable[str] = ()):
        self.taken = set(reserved)

    def new(self, base: str) -> str:
        base = safe_name(base)
        name, n = base, 1
        while name in self.taken or name in _KEYWORDS:
            n += 1
            name = f"{base}_{n}"
        self.taken.add(name)
        return name


def comment_text(text: Any) -> str:
    """Rule text made safe for a `#` comment: every non-printable character (newlines too) escaped."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in str(text))


def docstring_text(text: Any) -> str:
    """Rule text made safe for one comment or docstring line: whitespace folded, backslashes doubled,
    double quotes turned into single ones (a docstring can never close early), non-printables as \\uXXXX."""
    out = []
    for c in " ".join(str(text).split()):
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append("'")
        elif not c.isprintable():
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)
