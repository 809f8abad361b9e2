"""The simulation report in Dutch: Markdown, one self-contained HTML file, and the plots as PNG.

In: the JSON summary (``summary.py``), an output folder and run information (engine, processes, chunk size,
seconds per phase).  Out: ``rapport.md``, ``rapport.html`` and ``plots/*.png`` in that folder.  The report is
built once as a list of plain-text blocks (``Doc``) and rendered twice, so both files say the same; all text
is escaped when rendered (HTML entities; Markdown backslashes, so a pipe cannot break a table).
"""
from __future__ import annotations

import base64
import html
import re
from fractions import Fraction
from pathlib import Path

from ..values import format_number

MAX_ERROR_ROWS = 60
PHASES = {"voorbereiden": "voorbereiden (scenario en wetten inlezen en controleren)",
          "genereren": "bevolking genereren (opgeteld over alle delen)",
          "kernel": "rekenkernen (opgeteld over alle delen)",
          "projecteren": "projecteren: ouder worden, sterfte, indexatie (opgeteld over alle delen)",
          "rekenen": "rekenen (doorlooptijd van de hele berekening)", "totaal": "totaal"}
_MD = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})
_CSS = """body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#1a1a1a;line-height:1.45}h1{border-bottom:3px solid #1f5f99}h2{margin-top:2em;
border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}
th,td{border:1px solid #ccc;padding:.25em .6em;vertical-align:top}th{background:#eef3f8;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1em 0}
figure img{max-width:100%;border:1px solid #ddd}figcaption{font-size:.9em;color:#555}
.note{background:#fff6e0;border-left:4px solid #e0a800;padding:.4em .8em}nav ul{columns:2}"""


def write_report(summary: dict, out_dir: Path, run_info: dict) -> list[Path]:
    """Write rapport.md, rapport.html and plots/*.png for a summary into out_dir; return the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rep = _Report(summary, out_dir)
    for section in (rep.title, rep.assumptions, rep.outcomes, rep.winners, rep.projection, rep.buy_out,
                    rep.rules, rep.errors):
        section()
    rep.run(run_info)
    md = out_dir / "rapport.md"
    md.write_text(rep.doc.markdown(), encoding="utf-8")
    page = out_dir / "rapport.html"
    page.write_text(rep.doc.html(out_dir, summary["scenario"]["naam"]), encoding="utf-8")
    return [md, page, *rep.pngs]


class Doc:
    """A report as blocks of plain text (headings, paragraphs, notes, lists, tables, images), rendered to
    Markdown or HTML."""

    def __init__(self) -> None:
        self.blocks: list[tuple] = []

    def h(self, level: int, text: str) -> None:
        self.blocks.append(("h", level, text))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def note(self, text: str) -> None:
        self.blocks.append(("note", text))

    def items(self, texts: list[str]) -> None:
        if texts:
            self.blocks.append(("ul", list(texts)))

    def table(self, head: list[str], rows: list[list], left: int = 1) -> None:
        """A table; the first `left` columns are text, the others numbers (right-aligned)."""
        self.blocks.append(("table", head, [[str(c) for c in r] for r in rows], left))

    def image(self, path: Path, caption: str) -> None:
        """A PNG below the report folder (path relative to it)."""
        self.blocks.append(("img", path, caption))

    def markdown(self) -> str:
        """The report as Markdown (images linked from plots/)."""
        out = []
        for b in self.blocks:
            kind = b[0]
            if kind == "h":
                out.append("#" * b[1] + " " + _md(b[2]))
            elif kind == "p":
                out.append(_md(b[1]))
            elif kind == "note":
                out.append("> " + _md(b[1]))
            elif kind == "ul":
                out.append("\n".join("- " + _md(t) for t in b[1]))
            elif kind == "table":
                _, head, rows, left = b
                align = ["---" if i < left else "---:" for i in range(len(head))]
                lines = [head, align, *rows]
                out.append("\n".join("| " + " | ".join(c if r is align else _md(c) for c in r) + " |"
                                     for r in lines))
            else:
                out.append(f"![{_md(b[2])}]({b[1].as_posix()})")
        return "\n\n".join(out) + "\n"

    def html(self, folder: Path, title: str) -> str:
        """The report as one HTML page; images embedded as base64 data URIs, no scripts, no external files."""
        body, toc = [], []
        for b in self.blocks:
            kind = b[0]
            if kind == "h":
                anchor = f' id="s{len(toc) + 1}"' if b[1] == 2 else ""
                if b[1] == 2:
                    toc.append(f'<li><a href="#s{len(toc) + 1}">{_h(b[2])}</a></li>')
                body.append(f"<h{b[1]}{anchor}>{_h(b[2])}</h{b[1]}>")
            elif kind == "p":
                body.append(f"<p>{_h(b[1])}</p>")
            elif kind == "note":
                body.append(f'<p class="note">{_h(b[1])}</p>')
            elif kind == "ul":
                body.append("<ul>" + "".join(f"<li>{_h(t)}</li>" for t in b[1]) + "</ul>")
            elif kind == "table":
                _, head, rows, left = b
                cls = ["" if i < left else ' class="n"' for i in range(len(head))]
                th = "".join(f"<th{c}>{_h(x)}</th>" for c, x in zip(cls, head))
                trs = "".join("<tr>" + "".join(f"<td{c}>{_h(x)}</td>" for c, x in zip(cls, r)) + "</tr>"
                              for r in rows)
                body.append(f"<table><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>")
            else:
                data = base64.b64encode((folder / b[1]).read_bytes()).decode("ascii")
                body.append(f'<figure><img src="data:image/png;base64,{data}" alt="{_h(b[2])}">'
                            f"<figcaption>{_h(b[2])}</figcaption></figure>")
        nav = f"<nav><h2>Inhoud</h2><ul>{''.join(toc)}</ul></nav>"
        head = f'<meta charset="utf-8"><title>{_h(title)}</title><style>{_CSS}</style>'
        first = body.index(next(x for x in body if x.startswith("<h2"))) if toc else len(body)
        return (f'<!DOCTYPE html>\n<html lang="nl">\n<head>{head}</head>\n<body>\n'
                + "\n".join([*body[:first], nav, *body[first:]]) + "\n</body>\n</html>\n")


def _md(text) -> str:
    """Markdown-safe text on one line: special characters (also | and <) backslash-escaped."""
    return " ".join(str(text).split()).translate(_MD)


def _h(text) -> str:
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------------------------------------------------
# Numbers in Dutch

def n(x: int) -> str:
    """A count: 12.345."""
    return format_number(Fraction(x), 0, thousands=True)


def amount(text: str | None, decimals: int) -> str:
    """An exact amount from the summary ('1234.5') with `decimals` decimals: 1.234,50; None → '–'."""
    return "–" if text is None else format_number(Fraction(text), decimals, thousands=True)


def number(x) -> str:
    """A value from the scenario (number, or text) as Dutch text: 0.5 → 0,5; text unchanged."""
    if isinstance(x, bool):
        return "waar" if x else "onwaar"
    try:
        return format_number(Fraction(str(x)), None, thousands=True)
    except (ValueError, ZeroDivisionError):
        return str(x)


def pct(x, whole=1) -> str:
    """x as a percentage of whole: 0.25 → 25%; 1 of 3 → 33,3%."""
    if not whole:
        return "–"
    f = Fraction(str(x)) / Fraction(str(whole)) * 100
    return format_number(f, None if (f * 10).denominator == 1 else 1, thousands=True) + "%"


def money(text: str | None, decimals: int, unit: str) -> str:
    """An amount with its unit: € 1.234,56, 12 jr."""
    if unit.startswith("€"):
        return f"€ {amount(text, decimals)}{unit[1:]}"
    return f"{amount(text, decimals)} {unit}".rstrip()


def yearly_unit(r: dict) -> str:
    """The unit of a yearly amount: '€/mnd' × 12 → '€'."""
    unit = r["eenheid"]
    return unit.split("/")[0] if r["factor_per_jaar"] != 1 and "/" in unit else unit


def decimals(r: dict) -> int:
    """The decimals the summary uses for a result's amounts."""
    return r["decimalen"] if r["decimalen"] is not None else 2


def slug(text: str) -> str:
    """A file-name part: lower case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


