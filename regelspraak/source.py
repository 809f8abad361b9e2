"""Source files and spans: where every piece of rule text came from."""
from __future__ import annotations

import errno
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a source file; lines and columns count from 1, end_column is exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


NO_SPAN = Span("<geen bron>", 0, 0, 0, 0)

# Limits on what a rule, case or scenario file may hold, so that every later step (type checking, the
# interpreter, generated Python, printing a value) can handle what passed the reading step.
MAX_DIGITS = 100    # digits in one number (Python itself refuses more than 4.300 in int <-> text)
MAX_DEPTH = 100     # nesting of one item: operations within operations, bullets within bullets, YAML lists


def digit_count(text: str) -> int:
    """The number of digits in a number as written (separators, sign and unit not counted)."""
    return sum(ch.isdigit() for ch in text)


def shorten(text: str, limit: int = 60) -> str:
    """Text as echoed in a message: at most `limit` characters, a longer text cut with '…'."""
    return text if len(text) <= limit else text[:limit - 1] + "…"

_FENCE_OPEN = re.compile(r"^```\s*(regelspraak|testspraak)\s*$")
_FENCE_CLOSE = re.compile(r"^```\s*$")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A rule file as read: its path, full text, and the rule text (literate files keep only code blocks)."""

    path: str
    text: str
    code: str
    lines: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # split once: every diagnostic of a file renders an excerpt (a re-split per excerpt is quadratic)
        object.__setattr__(self, "lines", tuple(self.text.split("\n")))

    @staticmethod
    def from_text(path: str, text: str) -> "SourceFile":
        """Make a SourceFile; for `.md` files every line outside ```regelspraak/testspraak blocks is blanked."""
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        code = extract_code_blocks(text) if path.endswith(".md") else text
        return SourceFile(path, text, code)

    @staticmethod
    def read(path: str | Path) -> "SourceFile":
        """Read a file from disk (UTF-8)."""
        p = Path(path)
        return SourceFile.from_text(str(p), p.read_text(encoding="utf-8"))

    def line_text(self, line: int) -> str:
        """The full text of a 1-based line, or '' when out of range."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Why a rule file could not be read, in Dutch; for a byte that is not UTF-8 also where it is, and the
    text with the bad bytes shown as U+FFFD (for the excerpt under the message)."""

    message: str
    hint: str
    span: Span = NO_SPAN
    note: str = ""
    shown: SourceFile | None = None


def read_source(path: str | Path) -> SourceFile | ReadProblem:
    """Read a rule file (UTF-8); what goes wrong is a ReadProblem, never an exception."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except (OSError, ValueError) as e:
        return _unreadable(p, e)
    try:
        return SourceFile.from_text(str(p), data.decode("utf-8"))
    except UnicodeDecodeError as e:
        line, column = utf8_position(data, e.start)
        bad = " ".join(f"0x{b:02X}" for b in data[e.start:e.end])
        return ReadProblem(
            f"bestand '{p}' is geen UTF-8-tekst", "sla het bestand op als UTF-8-tekst (in de meeste editors: "
            "'Opslaan als…' → codering UTF-8); een byte als 0xE9 is vaak een 'é' uit een bestand dat als ANSI of "
            "Latin-1 is opgeslagen", Span(str(p), line, column, line, column + 1), f"byte {bad} is geen UTF-8",
            SourceFile.from_text(str(p), data.decode("utf-8", errors="replace")))


def utf8_position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (from 1, as an editor counts them) of a byte offset in UTF-8 data that is valid up to it."""
    before = data[:offset].decode("utf-8", errors="replace").removeprefix("\ufeff")
    before = before.replace("\r\n", "\n").replace("\r", "\n")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _unreadable(p: Path, e: Exception) -> ReadProblem:
    if isinstance(e, FileNotFoundError):
        return ReadProblem(f"bestand '{p}' bestaat niet", "controleer het pad")
    if isinstance(e, IsADirectoryError):
        return ReadProblem(f"'{p}' is een map, geen bestand", "geef een .rgs- of .rgs.md-bestand, of de map zelf")
    if isinstance(e, PermissionError):
        return ReadProblem(f"bestand '{p}' mag niet worden gelezen (geen toegang)",
                           "controleer de rechten op het bestand en de mappen erboven")
    if isinstance(e, OSError) and e.errno == errno.ELOOP:
        return ReadProblem(f"bestand '{p}' kan niet worden gelezen: het pad is een symbolische koppeling die "
                           f"(via andere koppelingen) naar zichzelf terugleidt",
                           "controleer waar de koppeling naar wijst ('ls -l') en laat hem naar het echte bestand "
                           "wijzen")
    if isinstance(e, ValueError):
        shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(p))
        return ReadProblem(f"'{shorten(shown)}' is geen geldig pad",
                           "controleer het pad (het bevat een ongeldig teken)")
    return ReadProblem(f"bestand '{p}' kan niet worden gelezen", "controleer het pad en of het bestand leesbaar is")


def extract_code_blocks(text: str) -> str:
    """Keep the lines inside ```regelspraak / ```testspraak fences; blank all others (line numbers stay)."""
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        if not inside and _FENCE_OPEN.match(line.strip()):
            inside = True
            out.append("")
        elif inside and _FENCE_CLOSE.match(line.strip()):
            inside = False
            out.append("")
        else:
            out.append(line if inside else "")
    return "\n".join(out)
