"""Source files and spans: where every piece of rule text came from."""
from __future__ import annotations

import re
from dataclasses import dataclass
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

_FENCE_OPEN = re.compile(r"^```\s*(regelspraak|testspraak)\s*$")
_FENCE_CLOSE = re.compile(r"^```\s*$")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A rule file as read: its path, full text, and the rule text (literate files keep only code blocks)."""

    path: str
    text: str
    code: str

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
        lines = self.text.split("\n")
        return lines[line - 1] if 1 <= line <= len(lines) else ""


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
