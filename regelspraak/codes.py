"""Every diagnostic code, once: its severity, what it means and when it is given (the overview table of
docs/diagnostics.md, which a test keeps equal to this one). Passes name a code as `Code.R201`; the message
text itself is written at the one place that detects the problem (run-time messages in evaluate/findings.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["CODES", "Code", "CodeInfo", "meaning"]


class Code(StrEnum):
    """R1xx reading a file, R2xx names and structure, R3xx types and units, R4xx validity and sources,
    R5xx coherence between rules, R6xx while computing."""
    R100 = "R100"
    R101 = "R101"
    R102 = "R102"
    R103 = "R103"
    R105 = "R105"
    R110 = "R110"
    R201 = "R201"
    R202 = "R202"
    R203 = "R203"
    R206 = "R206"
    R207 = "R207"
    R208 = "R208"
    R209 = "R209"
    R210 = "R210"
    R211 = "R211"
    R212 = "R212"
    R213 = "R213"
    R301 = "R301"
    R302 = "R302"
    R303 = "R303"
    R304 = "R304"
    R305 = "R305"
    R306 = "R306"
    R307 = "R307"
    R308 = "R308"
    R309 = "R309"
    R401 = "R401"
    R402 = "R402"
    R403 = "R403"
    R404 = "R404"
    R405 = "R405"
    R406 = "R406"
    R407 = "R407"
    R501 = "R501"
    R502 = "R502"
    R601 = "R601"
    R602 = "R602"
    R603 = "R603"
    R604 = "R604"
    R605 = "R605"
    R606 = "R606"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    severity: str                          # fout | waarschuwing | inconsistentie
    meaning: str                           # a few Dutch words, as in the overview of docs/diagnostics.md
    when: str                              # the commands that give it


_CHECK = "`regels check`"
_RUN = "`regels run` / `regels test`"

CODES: dict[Code, CodeInfo] = {
    Code.R100: CodeInfo("fout", "bestand onleesbaar of geen regelbestanden", _CHECK),
    Code.R101: CodeInfo("fout", "onverwacht woord of teken (syntaxfout)", _CHECK),
    Code.R102: CodeInfo("fout", "onbekend teken", _CHECK),
    Code.R103: CodeInfo("fout", "tekst niet afgesloten", _CHECK),
    Code.R105: CodeInfo("fout", "onverwacht einde, bv. ontbrekende punt", _CHECK),
    Code.R110: CodeInfo("fout", "ongeldige datum, getal of jaar", _CHECK),
    Code.R201: CodeInfo("fout", "onbekende naam", _CHECK),
    Code.R202: CodeInfo("fout", "'X van …' zonder object", _CHECK),
    Code.R203: CodeInfo("fout", "dubbele declaratie", _CHECK),
    Code.R206: CodeInfo("fout", "Wetgeving-regel onjuist", _CHECK),
    Code.R207: CodeInfo("fout", "feittype met verkeerd aantal rollen", _CHECK),
    Code.R208: CodeInfo("fout", "beslistabel zonder conclusiekolom", _CHECK),
    Code.R209: CodeInfo("fout", "tabelrij met verkeerd aantal cellen", _CHECK),
    Code.R210: CodeInfo("fout", "onderwerp ontbreekt of zonder 'een'", _CHECK),
    Code.R211: CodeInfo("fout", "attribuut van een ander object vastgesteld", _CHECK),
    Code.R212: CodeInfo("fout", "onbekende naam in een testset", _CHECK),
    Code.R213: CodeInfo("fout", "dubbelzinnig: onderwerp of rol van het onderwerp", _CHECK),
    Code.R301: CodeInfo("fout", "typen passen niet", _CHECK),
    Code.R302: CodeInfo("fout", "eenheden passen niet", _CHECK),
    Code.R303: CodeInfo("fout", "percentage verkeerd gebruikt", _CHECK),
    Code.R304: CodeInfo("fout", "te veel decimalen zonder afronding", _CHECK),
    Code.R305: CodeInfo("fout", "uitdrukking niet ondersteund", _CHECK),
    Code.R306: CodeInfo("fout", "aggregatie zonder verzameling", _CHECK),
    Code.R307: CodeInfo("fout", "onmogelijk aantal voorwaarden", _CHECK),
    Code.R308: CodeInfo("fout", "kenmerk als waarde", _CHECK),
    Code.R309: CodeInfo("fout", "kenmerk met de verkeerde vorm (`is`/`heeft`/`is een`)", _CHECK),
    Code.R401: CodeInfo("waarschuwing", "regel zonder wetsartikel", _CHECK),
    Code.R402: CodeInfo("fout", "versies van een regel overlappen", _CHECK),
    Code.R403: CodeInfo("waarschuwing", "ongebruikte declaratie", _CHECK),
    Code.R404: CodeInfo("fout", "parameterset mist een parameter", _CHECK),
    Code.R405: CodeInfo("fout", "parametersets overlappen", _CHECK),
    Code.R406: CodeInfo("fout", "geldigheid eindigt voordat ze begint", _CHECK),
    Code.R407: CodeInfo("fout", "gat tussen parametersets van een wet", _CHECK),
    Code.R501: CodeInfo("waarschuwing", "mogelijk conflict tussen regels", _CHECK),
    Code.R502: CodeInfo("fout", "kringverwijzing", _CHECK),
    Code.R601: CodeInfo("fout", "conflict: twee regels vuren", _RUN),
    Code.R602: CodeInfo("fout", "rekenfout (deling door nul)", _RUN),
    Code.R603: CodeInfo("inconsistentie", "consistentie- of uniciteitsregel geschonden", _RUN),
    Code.R604: CodeInfo("fout", "uitkomst past niet bij de declaratie (decimalen, teken)", _RUN),
    Code.R605: CodeInfo("fout", "parameter of parameterset ontbreekt", _RUN),
    Code.R606: CodeInfo("fout", "meer dan één object in een enkelvoudige rol", _RUN),
}


def meaning(code: str) -> str:
    """The few Dutch words that say what a code means ('' for a string that is no code)."""
    try:
        return CODES[Code(code)].meaning
    except ValueError:
        return ""
