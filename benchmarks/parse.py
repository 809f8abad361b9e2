"""Parse + check time for a generated 500-rule model (target: well under 1 s on the 2-core machine).

Prints each stage and the ratio to the target, and to a baseline measured in the same run: reading the
same text line by line with a regex (the least any parser must do). Run: python benchmarks/parse.py [N]
"""
from __future__ import annotations

import re
import statistics
import sys
import time

from regelspraak.api import check_sources
from regelspraak.diagnostics import Diagnostics
from regelspraak.source import SourceFile
from regelspraak.syntax.lexer import tokenize
from regelspraak.syntax.parser import grammar, parse, vocabulary_of


def generate(n_rules: int) -> str:
    """A model with n_rules rules over n_rules attributes, chained so the order pass has work to do."""
    lines = ["Wetgeving Benchmarkwet (BW, BWBR0000002)", "",
             "Domein Bedrag is van het type Numeriek (getal met 2 decimalen) met eenheid €", "",
             "Objecttype de Persoon (mv: Personen) (bezield)", "  het inkomen Bedrag;", "  is verzekerd kenmerk (bijvoeglijk);"]
    lines += [f"  het bedrag nummer {i} Bedrag;" for i in range(n_rules)]
    lines += ["", "Parameter de grens : Bedrag", "Parameter het tarief : Percentage (getal met 2 decimalen)", ""]
    for i in range(n_rules):
        prev = "zijn inkomen" if i == 0 else f"zijn bedrag nummer {i - 1}"
        lines += [f"Regel bedrag {i}", "  geldig vanaf 01-01-2024",
                  f"    // Bron: [BW art. {i % 40 + 1} lid 1](jci1.3:c:BWBR0000002&artikel={i % 40 + 1}&lid=1)",
                  f"    Het bedrag nummer {i} van een Persoon moet berekend worden als",
                  f"      ({prev} plus het tarief van de grens, met een minimum van 0 €), rekenkundig afgerond op 2 decimalen",
                  "    indien hij aan alle volgende voorwaarden voldoet:",
                  "      • hij is verzekerd",
                  f"      • {prev} is kleiner dan de grens.", ""]
    return "\n".join(lines)


def best(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    text = generate(n)
    src = SourceFile.from_text("bench.rgs", text)
    t0 = time.perf_counter()
    grammar()
    build = time.perf_counter() - t0
    line_re = re.compile(r"\S+")
    baseline, _ = best(lambda: [line_re.findall(line) for line in text.split("\n")])
    vocab_t, _ = best(lambda: vocabulary_of([src]))
    vocab = vocabulary_of([src])
    g = grammar()
    lex_t, _ = best(lambda: tokenize(src, vocab, g.literals, Diagnostics()))
    parse_t, _ = best(lambda: parse(src, Diagnostics(), vocab))
    full_t, full_med = best(lambda: check_sources([src]))
    loaded = check_sources([src])
    assert loaded.model is not None and len(loaded.model.rules) == n, loaded.diagnostics.errors()[:3]
    print(f"model: {n} regels, {len(text.splitlines())} tekstregels, {len(text)} tekens")
    print(f"grammatica bouwen (eenmalig, gecachet): {build * 1000:8.1f} ms")
    print(f"basislijn (regex over alle regels):     {baseline * 1000:8.1f} ms")
    print(f"woordenschat (pre-scan):                {vocab_t * 1000:8.1f} ms")
    print(f"lexer:                                  {lex_t * 1000:8.1f} ms")
    print(f"parse (lexer + LALR + syntaxboom):      {parse_t * 1000:8.1f} ms")
    print(f"parse + check (alle passes):            {full_t * 1000:8.1f} ms (mediaan {full_med * 1000:.1f} ms)")
    print(f"verhouding parse+check / basislijn:     {full_t / baseline:8.1f}x")
    print(f"verhouding parse+check / doel 1 s:      {full_t:8.3f}")


if __name__ == "__main__":
    main()
