"""Article references: `// Bron:` text → ArticleRef (JCI link, markdown link, or short `Wzt art. 2 lid 1`)."""
from __future__ import annotations

import re

from ..model.nodes import ArticleRef
from ..source import Span

KNOWN_LAWS = {
    "aow": "BWBR0002221", "wzt": "BWBR0018451", "awir": "BWBR0018472", "zvw": "BWBR0018450",
    "wml": "BWBR0002638", "wet ib 2001": "BWBR0011353", "wib": "BWBR0011353", "wsf 2000": "BWBR0011453",
    "wsf": "BWBR0011453", "wtos": "BWBR0012438", "wht": "BWBR0008659", "pw": "BWBR0015703",
}
ABBREVIATION_OF = {v: k for k, v in reversed(list(KNOWN_LAWS.items()))}
_DISPLAY = {"aow": "AOW", "wzt": "Wzt", "awir": "Awir", "zvw": "Zvw", "wml": "WML", "wet ib 2001": "Wet IB 2001",
            "wib": "Wet IB 2001", "wsf 2000": "Wsf 2000", "wsf": "Wsf 2000", "wtos": "WTOS", "wht": "Wht", "pw": "PW"}

_MD = re.compile(r"^\[(?P<label>[^\]]*)\]\((?P<link>[^)]*)\)\s*$")
_JCI = re.compile(r"jci1\.\d:c:(?P<bwb>BWBR\d{7})(?P<params>(?:&[a-z]+=[^&\s)]*)*)")
_SHORT = re.compile(r"^(?:(?P<law>[A-Za-z][\w ]*?)\s+)?(?:art\.|artikel)\s*(?P<art>[\w:.]+?)"
                    r"(?:,?\s+(?:lid)\s+(?P<lid>\w+))?(?:,?\s+(?:onderdeel|onder)\s+(?P<ond>\w+))?\s*$", re.I)


def law_label(bwb_id: str | None) -> str:
    """Short Dutch name for a BWB id, e.g. 'Wzt'; the id itself when unknown."""
    if not bwb_id:
        return ""
    abbr = ABBREVIATION_OF.get(bwb_id)
    return _DISPLAY.get(abbr, bwb_id) if abbr else bwb_id


def parse_reference(text: str, span: Span, default_bwb: str | None = None,
                    default_abbr: str | None = None) -> ArticleRef:
    """Read one `// Bron:` text. Free text (e.g. a Staatscourant citation) gives a ref without article."""
    text = text.strip()
    label = ""
    m = _MD.match(text)
    if m:
        label, link = m.group("label").strip(), m.group("link").strip()
    else:
        link = text
    j = _JCI.search(link)
    if j:
        params = dict(p.split("=", 1) for p in j.group("params").split("&") if "=" in p)
        ref = ArticleRef(j.group("bwb"), params.get("artikel"), params.get("lid"), params.get("onderdeel"),
                         "", text, span)
        return ArticleRef(ref.bwb_id, ref.article, ref.lid, ref.onderdeel, label or _label(ref, default_bwb, default_abbr), text, span)
    s = _SHORT.match(label or text)
    if s:
        law = (s.group("law") or "").strip().lower()
        bwb = KNOWN_LAWS.get(law) if law else default_bwb
        if law and default_abbr and law == default_abbr.lower():
            bwb = default_bwb
        if law and bwb is None:
            return ArticleRef(None, None, None, None, text, text, span)
        ref = ArticleRef(bwb, s.group("art").rstrip("."), s.group("lid"), s.group("ond"), "", text, span)
        return ArticleRef(ref.bwb_id, ref.article, ref.lid, ref.onderdeel,
                          label or _label(ref, default_bwb, default_abbr), text, span)
    return ArticleRef(None, None, None, None, label or text, text, span)


def _label(ref: ArticleRef, default_bwb: str | None = None, default_abbr: str | None = None) -> str:
    name = default_abbr if default_abbr and ref.bwb_id == default_bwb else law_label(ref.bwb_id)
    out = f"{name} art. {ref.article}".strip()
    if ref.lid:
        out += f" lid {ref.lid}"
    if ref.onderdeel:
        out += f" onderdeel {ref.onderdeel}"
    return out


def parse_law_header(title: str) -> tuple[str, str, str] | None:
    """`Wet op de zorgtoeslag (Wzt, BWBR0018451)` → (name, abbreviation, bwb id); None if malformed."""
    m = re.match(r"^(?P<name>.+?)\s*\(\s*(?P<abbr>[^,()]+?)\s*,\s*(?P<bwb>BWBR\d{7})\s*\)\s*$", title)
    return (m.group("name"), m.group("abbr"), m.group("bwb")) if m else None
