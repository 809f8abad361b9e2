"""The report as a document: blocks of plain text rendered to Markdown or to one self-contained HTML page.

In: headings, paragraphs, notes, lists, tables and images (PNG paths relative to the report folder) added to a
``Doc``.  Out: the Markdown text (``Doc.markdown``) or the HTML text (``Doc.html``, images embedded as base64).
All text is escaped when rendered (HTML entities; Markdown backslashes, so a pipe cannot break a table).
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

_MD = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#$~"})
_CSS = """body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#1a1a1a;line-height:1.45}h1{border-bottom:3px solid #1f5f99}h2{margin-top:2em;
border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:.6em 0 1.2em;font-size:.92em}
th,td{border:1px solid #ccc;padding:.25em .6em;vertical-align:top}th{background:#eef3f8;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1em 0}
figure img{max-width:100%;border:1px solid #ddd}figcaption{font-size:.9em;color:#555}
.note{background:#fff6e0;border-left:4px solid #e0a800;padding:.4em .8em}nav ul{columns:2}"""


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
        body: list[str] = []
        toc: list[str] = []
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
        first = next((i for i, x in enumerate(body) if x.startswith("<h2")), len(body))
        return (f'<!DOCTYPE html>\n<html lang="nl">\n<head>{head}</head>\n<body>\n'
                + "\n".join([*body[:first], nav, *body[first:]]) + "\n</body>\n</html>\n")


def _md(text) -> str:
    """Markdown-safe text on one line: special characters (also | and <) backslash-escaped."""
    return " ".join(str(text).split()).translate(_MD)


def _h(text) -> str:
    """HTML-safe text: &, <, > and quotes as entities."""
    return html.escape(str(text), quote=True)
