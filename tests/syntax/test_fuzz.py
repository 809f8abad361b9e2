"""Property: whatever text comes in, parser and checker only produce diagnostics — never an exception."""
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regelspraak.api import check_sources
from regelspraak.diagnostics import render
from regelspraak.source import SourceFile

ROOT = Path(__file__).resolve().parents[2]
CORPUS = [SourceFile.read(p).text for p in sorted((ROOT / "laws").rglob("*.rgs*"))]
WORDS = sorted({w for text in CORPUS for w in text.split()})


def _check(text: str) -> None:
    src = SourceFile.from_text("fuzz.rgs", text)
    loaded = check_sources([src])
    for d in loaded.diagnostics.sorted():
        assert d.code.startswith("R")
        render(d, {"fuzz.rgs": src})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_random_text_never_crashes(text):
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS + ["\n", "\n  ", "\n    •", ".", ";", "(", ")"]), max_size=80))
def test_word_soup_from_real_laws_never_crashes(words):
    _check(" ".join(words))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(CORPUS) - 1), st.integers(0, 2**32 - 1), st.integers(1, 6))
def test_mutated_law_files_never_crash(index, seed, edits):
    rng = random.Random(seed)
    lines = CORPUS[index].split("\n")
    for _ in range(edits):
        i = rng.randrange(len(lines))
        op = rng.randrange(4)
        line = lines[i]
        if op == 0 and line:
            j = rng.randrange(len(line))
            lines[i] = line[:j] + line[j + 1:]
        elif op == 1:
            lines.insert(i, rng.choice(lines))
        elif op == 2:
            del lines[i]
        else:
            words = line.split()
            if words:
                words[rng.randrange(len(words))] = rng.choice(WORDS)
                lines[i] = "    " + " ".join(words)
    _check("\n".join(lines))
