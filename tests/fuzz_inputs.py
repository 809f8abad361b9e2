"""A seeded mutator over the inputs a user gives the engine: rule files, case files and scenario files.

Every input is made from (channel, seed) alone, so a failure is reproduced with
`python tests/fuzz_inputs.py CHANNEL SEED` (prints the input and what happened). The mutations:

- rule files (the files in laws/): deletions, duplications and swaps of lines and tokens, words from other laws,
  truncation, odd Unicode (combining marks, bidi controls, NUL, BOM, other digits), deep nesting (parentheses,
  `plus` chains, bullets), huge numbers, impossible dates, long runs of one character, repeated files, other line
  endings; checked alone, with the declarations of their law, or with the whole law;
- case files (laws/*/casussen): the same on the text, and on the data (same object in two roles, wrong types,
  values with units, dates in both forms and as YAML timestamps, deep nesting, huge numbers), written as YAML
  or JSON, loaded and run (a share through `regels run`);
- scenario files (simulations/): the same, loaded and checked against their laws (`make_job`).

An input passes when nothing but a documented Dutch error (`RegelspraakError`) comes out, it finishes within the
time limit, and every message is located (a rule-file diagnostic on a line of its file; a case or scenario problem
with its line). Messages with Python's English are counted too, and so is the parser's fallback for a callback
that failed ('deze tekst kan niet worden gelezen'). tests/test_fuzz_inputs.py runs it.
"""
from __future__ import annotations

import codecs
import copy
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from regelspraak.api import check_sources, result_json, run  # noqa: E402
from regelspraak.cases import load_case, to_population  # noqa: E402
from regelspraak.codes import Code  # noqa: E402
from regelspraak.diagnostics import render  # noqa: E402
from regelspraak.errors import InputError, RegelspraakError  # noqa: E402
from regelspraak.source import SourceFile  # noqa: E402

LIMIT = 5.0                                   # seconds per input; longer is a hang

LAW_FILES = sorted(p for p in (ROOT / "laws").rglob("*") if p.is_file() and p.name.endswith((".rgs", ".rgs.md")))
CASE_FILES = sorted((ROOT / "laws").glob("*/casussen/*.yaml"))
SCENARIO_FILES = sorted((ROOT / "simulations").glob("*/scenario.yaml"))

# Python's own words in a message mean an exception leaked into it
ENGLISH = re.compile(r"Traceback|Error\b|Exception|object has no attribute|invalid literal|unsupported operand|"
                     r"Exceeds the limit|NoneType|positional argument|Input should|validation error|unhashable|"
                     r"out of range|division by zero|recursion|not supported|could not convert|is not defined")


class Hang(BaseException):
    """Raised by the alarm when an input takes longer than the limit (BaseException: not swallowed by an
    `except Exception` in the code under test)."""


@dataclass
class Figures:
    """What one channel saw."""
    channel: str
    tried: int = 0
    tracebacks: int = 0
    hangs: int = 0
    unlocated: int = 0
    english: int = 0
    refused: int = 0                 # inputs that ended in Dutch errors (fine): rule files with errors, refused files
    deeper: int = 0                  # case and scenario files that passed reading (ran, or reached make_job)
    slowest: float = 0.0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return self.tracebacks + self.hangs + self.unlocated + self.english

    def add(self, other: "Figures") -> None:
        for name in ("tried", "tracebacks", "hangs", "unlocated", "english", "refused", "deeper"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.slowest = max(self.slowest, other.slowest)
        self.seconds += other.seconds
        self.examples += other.examples[: max(0, 10 - len(self.examples))]

    def line(self) -> str:
        return (f"{self.channel:<11} {self.tried:>7} invoer  {self.tracebacks} tracebacks  {self.hangs} vastgelopen  "
                f"{self.unlocated} zonder plaats  {self.english} met Engels  ({self.refused} netjes geweigerd, "
                + (f"{self.deeper} voorbij het lezen, " if self.channel != "regels" else "")
                + f"traagste {self.slowest:.2f} s, samen {self.seconds:.1f} s)")


# ---------------------------------------------------------------------------------------------- building blocks

def _texts(paths: list[Path]) -> dict[str, str]:
    return {str(p.relative_to(ROOT)): SourceFile.read(p).text for p in paths}


_LAWS = _texts(LAW_FILES)
_WORDS = sorted({w for text in _LAWS.values() for w in text.split()})
_LINES = sorted({ln for text in _LAWS.values() for ln in text.split("\n") if ln.strip()})
_ODD = ["\u0301", "\u0308", "\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u200e", "\u200b", "\u200d", "\ufeff",
        "\x00", "\u00a0", "\u2028", "\u0085", "\r", "\t", "\f", "\v", "😀", "א", "ب", "\u0663", "\uff11", "²", "Ⅻ",
        "ǅ", "İ", "ß", "ﬁ", "\ud800", "€", "%", "•", "|", "'", '"', "(", ")", ":", ";", ".", ",", "-", "/", "_"]
_DATES = ["31-02-2025", "00-01-2025", "01-13-2025", "29-02-2023", "01-01-0000", "99-99-9999", "2025-02-30",
          "1-1-1", "01-01-99999", "32-12-2024", "29-02-2024", "01-01-1900"]
_TOKEN = re.compile(r"\s+|[^\s]+")


def _digits(rng: random.Random) -> str:
    n = rng.choice([101, 400, 4301, 5000, 20000])
    return rng.choice(["1", "9"]) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def _huge_number(rng: random.Random) -> str:
    d = _digits(rng)
    return rng.choice([d, f"1,{d}", f"{d},5", f"1/{d}", f"{d}_1/3", "-" + d, d[:50]])


def _deep(rng: random.Random, inner: str = "1") -> str:
    k = rng.choice([20, 60, 110, 150, 400, 2000, 5000])
    kind = rng.randrange(5)
    if kind == 0:
        return "(" * k + inner + ")" * k
    if kind == 1:
        return " plus ".join([inner] * k)
    if kind == 2:
        return " maal ".join([inner] * min(k, 600))
    if kind == 3:
        return "(" * k
    return " van ".join(["de " + rng.choice(_WORDS)] * k)


def _run_of_one(rng: random.Random) -> str:
    n = rng.choice([1000, 20000])
    return rng.choice(["1" * n + "a", "(" * n, "•" * n, " " * n + "x", "|" * n, "'" * n, "-" * n, "×" * n,
                       "(mv: " * (n // 5), "Regel " * (n // 6), "\u0301" * n, "a" * n, "de " * (n // 3)])


# ---------------------------------------------------------------------------------------------- rule files

def mutate_text(text: str, rng: random.Random, edits: int) -> str:
    """A few random edits of a rule (or YAML) text."""
    lines = text.split("\n")
    for _ in range(edits):
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        line = lines[i]
        tokens = _TOKEN.findall(line)
        op = rng.randrange(24)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, line)
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines.insert(rng.randrange(len(lines) + 1), lines.pop(i))
        elif op == 4:
            lines.insert(i, rng.choice(_LINES))
        elif op == 5 and tokens:
            del tokens[rng.randrange(len(tokens))]
            lines[i] = "".join(tokens)
        elif op == 6 and tokens:
            j = rng.randrange(len(tokens))
            tokens.insert(j, tokens[j])
            lines[i] = "".join(tokens)
        elif op == 7 and len(tokens) > 2:
            j = rng.randrange(len(tokens) - 2)
            tokens[j], tokens[j + 2] = tokens[j + 2], tokens[j]
            lines[i] = "".join(tokens)
        elif op == 8 and tokens:
            tokens[rng.randrange(len(tokens))] = rng.choice(_WORDS)
            lines[i] = "".join(tokens)
        elif op == 9 and line:
            j = rng.randrange(len(line))
            lines[i] = line[:j] + line[j + 1:]
        elif op in (10, 11):
            j = rng.randrange(len(line) + 1)
            lines[i] = line[:j] + rng.choice(_ODD) * rng.choice([1, 1, 2, 50]) + line[j:]
        elif op == 12:
            j = rng.randrange(len(line) + 1)
            lines[i] = line[:j] + " " + _deep(rng, rng.choice(["1", "1 €", "zijn inkomen", "x"])) + " " + line[j:]
        elif op == 13:
            nums = list(re.finditer(r"\d+(?:[.,]\d+)*", line))
            if nums:
                m = rng.choice(nums)
                lines[i] = line[:m.start()] + _huge_number(rng) + line[m.end():]
            else:
                lines[i] = line + " " + _huge_number(rng)
        elif op == 14:
            dates = list(re.finditer(r"\d{1,2}-\d{1,2}-\d{4}|\b\d{4}\b", line))
            if dates:
                m = rng.choice(dates)
                lines[i] = line[:m.start()] + rng.choice(_DATES + ["0", "99999", "-5"]) + line[m.end():]
        elif op == 15:
            j = rng.randrange(len(line) + 1)
            lines[i] = line[:j] + _run_of_one(rng) + line[j:]
        elif op == 16:
            lines[i] = line.upper() if rng.random() < 0.5 else line.lower()
        elif op == 17:
            lines[i] = "  " * rng.randrange(4) + line.strip()
        elif op == 18:
            lines[i] = line + " " + " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(1, 8)))
        elif op == 19:
            del lines[i:i + rng.randrange(1, 30)]
        elif op == 20:
            j = rng.randrange(len(lines))
            lines[i:i] = lines[j:j + rng.randrange(1, 20)]
        elif op == 21 and tokens:
            j = rng.randrange(len(tokens))
            tokens[j] = tokens[j] * rng.choice([2, 3, 50])
            lines[i] = "".join(tokens)
        elif op == 22:
            lines.insert(i, "    • " * rng.choice([1, 2]) + "•" * rng.choice([1, 3, 30, 200]) + " " + line.strip())
        else:
            lines[i] = line + rng.choice(["", ".", ";", ":", " en", " (", ")", " indien", " van", " |"])
    out = "\n".join(lines)
    r = rng.random()
    if r < 0.04:
        out = out[: rng.randrange(len(out) + 1)]
    elif r < 0.06:
        out = out.replace("\n", "\r\n")
    elif r < 0.07:
        out = out.replace("\n", "\r")
    elif r < 0.08:      # at most 30 times and 200 KB: more meets the quadratic R402 check in model/validity.py
        out = out * min(rng.choice([2, 5, 30]), 1 + 200_000 // max(1, len(out)))
    return out


def rule_input(seed: int) -> list[SourceFile]:
    """The sources of one rule-file input: a mutated law file, alone or with (part of) its law."""
    rng = random.Random(seed)
    names = list(_LAWS)
    name = rng.choice(names)
    text = mutate_text(_LAWS[name], rng, rng.choice([1, 1, 2, 3, 5, 8]))
    mutated = SourceFile.from_text(name, text)
    folder = str(Path(name).parent)
    mode = rng.random()
    if mode < 0.78:
        return [mutated]
    if mode < 0.96:
        decl = next((n for n in names if n == f"{folder}/wet.rgs" and n != name), None)
        return [mutated] + ([SourceFile.from_text(decl, _LAWS[decl])] if decl else [])
    return [mutated] + [SourceFile.from_text(n, _LAWS[n]) for n in names
                        if str(Path(n).parent) == folder and n != name]


def rule_file(seed: int, folder: Path) -> Path:
    """A rule-file input as a file on disk, sometimes one that cannot be read (not UTF-8, a link that loops,
    a folder, a path that does not exist), for `api.check`."""
    rng = random.Random(seed)
    text = rule_input(seed)[0].text
    path = folder / f"regels-{seed}.rgs"
    kind = rng.randrange(6)
    data = text.encode("utf-8", errors="surrogatepass")
    if kind == 0:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice([b"\xe9", b"\xff\xfe", b"\xc3", b"\x80"]) + data[at:]
    if kind == 1:
        loop = folder / f"lus-{seed}.rgs"
        path.symlink_to(loop)
        loop.symlink_to(path)
    elif kind == 2:
        path.mkdir()
        (path / "binnen.rgs").write_bytes(data)
    elif kind != 3:
        path.write_bytes(data if kind != 4 else codecs.BOM_UTF8 + data.replace(b"\n", b"\r\n"))
    return path


def check_rules(sources: list[SourceFile] | Path, figures: Figures, label: str) -> None:
    if isinstance(sources, Path):
        from regelspraak.api import check
        loaded = check([sources])
    else:
        loaded = check_sources(sources)
    if loaded.model is None:
        figures.refused += 1
    for d in loaded.diagnostics.sorted():
        out = render(d, loaded.sources)
        src = loaded.sources.get(d.primary.span.path)
        lines = len(src.lines) if src is not None else 0
        if src is None and d.code != Code.R100:            # a finding on no file, while every input has one
            figures.unlocated += 1
            figures.examples.append(f"{label}: zonder bestand: {d.code} {d.message[:200]}")
        elif src is not None and src.text.strip() and not 1 <= d.primary.span.line <= lines:
            figures.unlocated += 1
            figures.examples.append(f"{label}: zonder plaats: {d.code} {d.message[:200]}")
        elif src is not None and src.text.strip() and f":{d.primary.span.line}:" not in out:
            figures.unlocated += 1
            figures.examples.append(f"{label}: zonder plaats in de weergave: {d.code} {d.message[:200]}")
        if ENGLISH.search(f"{d.message} {d.hint}") or d.message == "deze tekst kan niet worden gelezen":
            figures.english += 1
            figures.examples.append(f"{label}: Engels: {d.code} {d.message[:200]} / {d.hint[:200]}")


# ---------------------------------------------------------------------------------------------- case files

_CASES = {p: p.read_text(encoding="utf-8") for p in CASE_FILES}
_WEIRD_VALUES: list[Any] = [
    "38000 €/mnd", "38000 €/jr", "1.234,56", "1,234.56", "12,5%", "€ 100", 1e300, 1e-300, -1, 0.001, 2 ** 70, True,
    None, [], {}, "", "waar", "onwaar", "ja", "31-02-2000", "01-01-2000", "2000-01-01", "2000-1-1",
    datetime(2025, 1, 1, 10, 30), datetime(2025, 1, 1), date(2025, 1, 1), "x" * 5000, float("nan"), float("inf"),
    "1/3", "4_1/3", "0,0000001", "-0", "١٢٣", "１２", "\u202e123", "1\x00", [[[[1]]]], {"a": {"b": 1}}, "leeg",
    "'vavo'", "vavo", "VAVO", "mbo niveau 1", 12, 12.5, "12.5", "1e5",
]
_WEIRD_DATES: list[Any] = ["01-01-2025", "2025-01-01", "1-1-2025", "2025-13-01", "31-02-2025", 20250101, None,
                           date(2025, 1, 1), datetime(2025, 1, 1), datetime(2025, 1, 1, 10), "morgen", "", [],
                           "2025-01-01T00:00:00", "9999-12-31", "0001-01-01"]


def _nested(rng: random.Random) -> Any:
    value: Any = 1
    for _ in range(rng.choice([50, 99, 101, 150])):
        value = [value] if rng.random() < 0.5 else {"a": value}
    return value


def _mutate_data(data: Any, rng: random.Random, ids: list[str]) -> Any:
    """Structural edits of a case (or scenario) as data."""
    paths: list[tuple[Any, Any]] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            for k in list(node):
                paths.append((node, k))
                collect(node[k])
        elif isinstance(node, list):
            for i in range(len(node)):
                paths.append((node, i))
                collect(node[i])
    collect(data)
    for _ in range(rng.choice([1, 1, 2, 3])):
        if not paths:
            break
        parent, key = rng.choice(paths)
        op = rng.randrange(10)
        try:
            if op == 0:
                parent[key] = rng.choice(_WEIRD_VALUES)
            elif op == 1 and ids:
                parent[key] = rng.choice(ids) if rng.random() < 0.7 else [rng.choice(ids)] * 2
            elif op == 2:
                parent[key] = _nested(rng)
            elif op == 3 and isinstance(parent, dict):
                parent.pop(key)
            elif op == 4 and isinstance(parent, dict):
                parent[str(key) + rng.choice(["x", "", " ", "_"])] = parent.pop(key)
            elif op == 5 and isinstance(parent, list):
                parent.append(copy.deepcopy(parent[key]))
            elif op == 6:
                parent[key] = rng.choice(_WEIRD_DATES)
            elif op == 7 and isinstance(parent, dict):
                parent[rng.choice(_WORDS)] = rng.choice(_WEIRD_VALUES)
            elif op == 8:
                parent[key] = rng.choice([0, -1, 10 ** 30, 10 ** 99, 2.5, "veel", 1e308])
            else:
                parent[key] = copy.deepcopy(rng.choice(paths)[0])
        except (KeyError, IndexError, TypeError):
            pass
    return data


def _mild(data: Any, rng: random.Random) -> Any:
    """Edits that keep the shape: a number becomes another number, a text a near miss or a date in another
    form; so that more inputs get past reading."""
    leaves: list[tuple[Any, Any]] = []

    def collect(node: Any) -> None:
        for k in (list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []):
            if isinstance(node[k], (dict, list)):
                collect(node[k])
            else:
                leaves.append((node, k))
    collect(data)
    for _ in range(rng.choice([1, 1, 2])):
        if not leaves:
            break
        parent, key = rng.choice(leaves)
        value = parent[key]
        if isinstance(value, bool):
            parent[key] = not value
        elif isinstance(value, (int, float)):
            parent[key] = rng.choice([0, 1, -1, value * 2, value / 3, 10 ** 12, 10 ** 99, 0.5, value + 1])
        elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            y, m, d = value.split("-")
            parent[key] = rng.choice([f"{d}-{m}-{y}", f"{y}-{d}-{m}", f"{d}-{m}-{int(y) + 1}", "31-02-" + y])
        elif isinstance(value, str) and value:
            i = rng.randrange(len(value))
            parent[key] = rng.choice([value[:i] + value[i + 1:], value.upper(), value + " ", value[:i] + "x" +
                                      value[i:], rng.choice(_WORDS)])
    return data


def _self_roles(data: Any, rng: random.Random) -> None:
    """The bug of issue 11: the same object in two roles of one fact."""
    for fact in (data.get("feiten") or []) if isinstance(data, dict) else []:
        roles = [k for k in fact if k != "feittype"] if isinstance(fact, dict) else []
        if len(roles) == 2:
            fact[roles[1]] = fact[roles[0]]
        elif len(roles) == 1 and isinstance(fact[roles[0]], list) and fact[roles[0]]:
            fact[roles[0]] = [fact[roles[0]][0]] * 2


def _dump(data: Any, rng: random.Random, as_json: bool) -> str:
    if as_json:
        return json.dumps(data, default=str, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 2]))
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=rng.choice([None, False, True]), sort_keys=False)


def _text_oddities(text: str, rng: random.Random) -> str:
    """Edits of YAML/JSON text that data cannot express: huge literal numbers, deep nesting, aliases."""
    r = rng.random()
    if r < 0.15:
        return re.sub(r"(?<=[:\s\[,])\d+(?:\.\d+)?(?=[\s,}\]])", lambda m: _digits(rng) if rng.random() < 0.3
                      else m.group(), text, count=3)
    if r < 0.25:
        k = rng.choice([99, 101, 1000, 5000])
        return text + ("\nx: " if not text.lstrip().startswith("{") else "") + "[" * k + "]" * k + "\n"
    if r < 0.32:
        return text.rstrip() + "\nbom: &a [*a]\n"
    if r < 0.38:
        bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]\n"
            for i in range(1, 9))
        return text.rstrip() + "\n" + bomb
    if r < 0.45:
        return text.replace("rekendatum: 20", "rekendatum: !!timestamp 20", 1)
    if r < 0.5:
        return "\ufeff" + text
    return text


def case_input(seed: int, folder: Path) -> tuple[Path, Path]:
    """(case file, law folder) of one case-file input, written into `folder`."""
    rng = random.Random(seed)
    path = rng.choice(CASE_FILES)
    law = path.parent.parent if path.parent.parent.name != "huishouden" else ROOT / "laws"
    as_json = rng.random() < 0.3
    r = rng.random()
    if r < 0.35:
        text = mutate_text(_CASES[path], rng, rng.choice([1, 2, 3]))
        as_json = False
    else:
        data = yaml.safe_load(_CASES[path])
        ids = [o.get("id") for o in data.get("objecten", []) if isinstance(o, dict)]
        if r < 0.5:
            _self_roles(data, rng)
        elif r < 0.75:
            _mutate_data(data, rng, ids)
        else:
            _mild(data, rng)
        text = _dump(data, rng, as_json)
    text = _text_oddities(text, rng)
    out = folder / f"casus-{seed}.{'json' if as_json else 'yaml'}"
    data_bytes = text.encode("utf-8", errors="surrogatepass")
    out.write_bytes(data_bytes if rng.random() < 0.97 else data_bytes + b"\n# caf\xe9\n")
    return out, law


_MODELS: dict[Path, Any] = {}


def _model(law: Path) -> Any:
    if law not in _MODELS:
        from regelspraak.api import load
        _MODELS[law] = load([law])
    return _MODELS[law]


def _located(problem: str) -> bool:
    return bool(re.search(r":\d+:|regel \d+", problem))


def check_case(path: Path, law: Path, figures: Figures, label: str, through_cli: bool) -> None:
    if through_cli:
        from click.testing import CliRunner

        from regelspraak.cli import main
        r = CliRunner().invoke(main, ["run", str(law), "--casus", str(path)])
        if r.exit_code not in (0, 1, 2) or (r.exception is not None and not isinstance(r.exception, SystemExit)):
            figures.tracebacks += 1
            tb = "".join(traceback.format_exception(r.exception)) if r.exception else r.output
            figures.examples.append(f"{label}: regels run eindigde met {r.exit_code}:\n{tb[-2000:]}")
        elif "Traceback" in r.output or ENGLISH.search(r.output):
            figures.english += 1
            figures.examples.append(f"{label}: Engels in de uitvoer van regels run: {r.output[-500:]}")
        return
    model = _model(law)
    try:
        case = load_case(path)
        population = to_population(case, model)
    except InputError as e:
        figures.refused += 1
        for p in e.problems:
            if not _located(p) and path.read_bytes().strip():
                figures.unlocated += 1
                figures.examples.append(f"{label}: zonder regel: {p[:300]}")
            if ENGLISH.search(p):
                figures.english += 1
                figures.examples.append(f"{label}: Engels: {p[:300]}")
        return
    figures.deeper += 1
    try:
        ev = run(model, population, case.rekendatum or date(2025, 1, 1), case.parameterset)
        result_json(ev)
        for f in ev.findings:
            if ENGLISH.search(f.message):
                figures.english += 1
                figures.examples.append(f"{label}: Engels in een bevinding: {f.message[:300]}")
    except RegelspraakError as e:
        figures.refused += 1
        if ENGLISH.search(str(e)):
            figures.english += 1
            figures.examples.append(f"{label}: Engels: {str(e)[:300]}")


# ---------------------------------------------------------------------------------------------- scenario files

_SCENARIOS = {p: p.read_text(encoding="utf-8") for p in SCENARIO_FILES}


def scenario_input(seed: int, folder: Path) -> Path:
    """A mutated scenario file, written where its relative law paths still work (a mirror with links)."""
    rng = random.Random(seed)
    path = rng.choice(SCENARIO_FILES)
    mirror = folder / "simulations" / path.parent.name
    if not mirror.exists():
        mirror.mkdir(parents=True)
        if not (folder / "laws").exists():
            (folder / "laws").symlink_to(ROOT / "laws")
        for extra in path.parent.iterdir():
            if extra.is_dir():
                (mirror / extra.name).symlink_to(extra)
    r = rng.random()
    as_json = False
    if r < 0.35:
        text = mutate_text(_SCENARIOS[path], rng, rng.choice([1, 2, 3]))
    else:
        data = yaml.load(_SCENARIOS[path], Loader=yaml.SafeLoader)
        data["populatie"]["omvang"] = rng.choice([300] * 8 + [1, 10 ** 12, 10 ** 40, -1, 0])
        _mutate_data(data, rng, []) if r < 0.6 else _mild(data, rng)
        as_json = rng.random() < 0.25
        text = _dump(data, rng, as_json)
    if rng.random() < 0.4:
        text = _text_oddities(text, rng)
    out = mirror / f"scenario-{seed}.{'json' if as_json else 'yaml'}"
    out.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return out


def check_scenario(path: Path, figures: Figures, label: str) -> None:
    from regelspraak.simulate.job import make_job
    from regelspraak.simulate.scenario import load_scenario
    try:
        scenario = load_scenario(path)
    except InputError as e:
        figures.refused += 1
        for p in e.problems:
            if not _located(p) and path.read_bytes().strip():
                figures.unlocated += 1
                figures.examples.append(f"{label}: zonder regel: {p[:300]}")
            if ENGLISH.search(p):
                figures.english += 1
                figures.examples.append(f"{label}: Engels: {p[:300]}")
        return
    figures.deeper += 1
    try:
        make_job(scenario, path)
    except RegelspraakError as e:
        figures.refused += 1
        if ENGLISH.search(str(e)):
            figures.english += 1
            figures.examples.append(f"{label}: Engels (make_job): {str(e)[:300]}")


# ---------------------------------------------------------------------------------------------- running

def _limited(work: Callable[[], None], seconds: float) -> float:
    """Run work with an alarm after `seconds` (Hang); return the time it took."""
    def alarm(signum: int, frame: Any) -> None:
        raise Hang()
    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return time.perf_counter() - start


def one(channel: str, seed: int, figures: Figures, folder: Path, limit: float = LIMIT) -> None:
    """Make and check one input; the outcome goes into figures."""
    label = f"{channel} {seed}"
    work: Callable[[], None]
    if channel == "regels":                    # making the input is not under test: it is outside the limit
        sources: list[SourceFile] | Path = rule_input(seed) if seed % 40 else rule_file(seed, folder)
        work = lambda: check_rules(sources, figures, label)  # noqa: E731
    elif channel == "casussen":
        path, law = case_input(seed, folder)
        work = lambda: check_case(path, law, figures, label, through_cli=seed % 25 == 0)  # noqa: E731
    else:
        path = scenario_input(seed, folder)
        work = lambda: check_scenario(path, figures, label)  # noqa: E731
    figures.tried += 1
    try:
        took = _limited(work, limit)
        figures.slowest = max(figures.slowest, took)
        if took > limit:
            figures.hangs += 1
            figures.examples.append(f"{label}: duurde {took:.1f} s")
    except Hang:
        figures.hangs += 1
        figures.slowest = max(figures.slowest, limit)
        figures.examples.append(f"{label}: vastgelopen (meer dan {limit} s)")
    except Exception:  # noqa: BLE001 - the point: count what escapes
        figures.tracebacks += 1
        figures.examples.append(f"{label}:\n{traceback.format_exc()[-3000:]}")
    del figures.examples[50:]
    if channel == "scenario's":
        path.unlink()
    for leftover in folder.iterdir():          # what an input left (the mirror of laws/ and simulations/ stays)
        if leftover.name in ("laws", "simulations"):
            continue
        if leftover.is_symlink() or leftover.is_file():
            leftover.unlink()
        else:
            shutil.rmtree(leftover)


def run_shard(channel: str, seeds: range, limit: float = LIMIT) -> Figures:
    """Check the inputs of a range of seeds (one process)."""
    figures = Figures(channel)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="regels-fuzz-") as tmp:
        for seed in seeds:
            one(channel, seed, figures, Path(tmp), limit)
    figures.seconds = time.perf_counter() - start
    return figures


def run_parallel(channel: str, seeds: range, processes: int | None = None, limit: float = LIMIT) -> Figures:
    """Check a range of seeds over processes (fork), in shards."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    processes = processes or os.cpu_count() or 2
    size = max(1, len(seeds) // (processes * 8))
    shards = [range(s, min(s + size, seeds.stop)) for s in range(seeds.start, seeds.stop, size)]
    total = Figures(channel)
    start = time.perf_counter()
    with ProcessPoolExecutor(processes, mp_context=get_context("fork")) as pool:
        for part in pool.map(run_shard, [channel] * len(shards), shards, [limit] * len(shards)):
            total.add(part)
    total.seconds = time.perf_counter() - start
    return total


def show(channel: str, seed: int) -> None:
    """Print one input and what happened to it (for reproducing a failure)."""
    with tempfile.TemporaryDirectory(prefix="regels-fuzz-") as tmp:
        if channel == "regels":
            for s in rule_input(seed):
                print(f"==== {s.path}\n{s.text[:5000]}")
        elif channel == "casussen":
            path, law = case_input(seed, Path(tmp))
            print(f"==== {path} (wet {law})\n{path.read_text(errors='replace')[:5000]}")
        else:
            path = scenario_input(seed, Path(tmp))
            print(f"==== {path}\n{path.read_text(errors='replace')[:5000]}")
        figures = Figures(channel)
        one(channel, seed, figures, Path(tmp))
        print(figures.line())
        print("\n".join(figures.examples))


if __name__ == "__main__":
    show(sys.argv[1], int(sys.argv[2]))
