"""Persons from a CSV or Parquet file instead of the generator: one row per person.

In: the file named by ``populatie.bestand`` — a column ``id`` (whole numbers, or any text: then the row number
is the id), optionally ``partner`` (the id of the partner, on the row just before or after), and a column per
attribute or kenmerk (name as declared; ``_`` may stand for a space).  Out: ``household_blocks`` cuts the rows
into blocks that never separate partners, ``read_block`` gives one block as a ``Block``.  Every problem is a
``ScenarioError`` naming the column and the row.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..cases import parse_bool
from ..vector.days import _EPOCH
from .generate import HEAD, PARTNER, Block
from .scenario import ScenarioError


def _read(path: Path):
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq
    try:
        if path.suffix.lower() == ".parquet":
            table = pq.read_table(path)
        else:
            table = pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(strings_can_be_null=True))
    except (OSError, pa.ArrowInvalid) as e:
        raise ScenarioError([f"veld 'populatie.bestand': '{path}' kan niet worden gelezen ({e})"]) from None
    return table.rename_columns([c.replace("_", " ").strip().lower() for c in table.column_names])


@lru_cache(maxsize=2)
def _table(path: str):
    return _read(Path(path))


def columns(path: Path) -> list[str]:
    """The column names (normalised); a file without rows is a ScenarioError."""
    table = _table(str(path))
    if table.num_rows == 0:
        raise ScenarioError([f"veld 'populatie.bestand': '{path}' bevat geen personen"])
    return list(table.column_names)


@lru_cache(maxsize=2)
def _all_ids(path: str) -> np.ndarray:
    return _ids(_table(path))[0]


def _ids(table) -> tuple[np.ndarray, list]:
    if "id" not in table.column_names:
        raise ScenarioError(["veld 'populatie.bestand': het bestand heeft geen kolom 'id'"])
    raw = table.column("id").to_pylist()
    if all(isinstance(x, int) for x in raw):
        return np.asarray(raw, np.int64), raw
    return np.arange(len(raw), dtype=np.int64), raw


def household_blocks(path: Path, block: int, limit: int) -> list[int]:
    """Block sizes of about `block` rows (of the first `limit`) that never cut between two partners."""
    table = _table(str(path))
    n = min(limit, table.num_rows)
    partner_of = _all_partners(str(path))[:n]
    sizes, start = [], 0
    while start < n:
        end = min(start + block, n)
        if end < n and partner_of[end - 1] == end:
            end += 1
        sizes.append(end - start)
        start = end
    return sizes


@lru_cache(maxsize=2)
def _all_partners(path: str) -> np.ndarray:
    table = _table(path)
    return _partners(table, table.num_rows)


def _key(x) -> str | None:
    """An id as text; None for an empty cell (NaN from pandas included); 2.0 is the id 2."""
    if x is None or x == "" or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def _partners(table, n: int) -> np.ndarray:
    """Row of each row's partner (-1 none); partners must be on adjacent rows."""
    _, raw = _ids(table)
    out = np.full(n, -1, np.int64)
    if "partner" not in table.column_names:
        return out
    where = {_key(x): i for i, x in enumerate(raw[:n])}
    problems = []
    for i, p in enumerate(table.column("partner").to_pylist()[:n]):
        if _key(p) is None:
            continue
        j = where.get(_key(p))
        if j is None:
            problems.append(f"rij {i + 2}: partner '{p}' staat niet in het bestand")
        elif abs(j - i) != 1:
            problems.append(f"rij {i + 2}: partner '{p}' staat niet direct boven of onder deze rij; zet partners "
                            f"op opeenvolgende rijen")
        else:
            out[i] = j
        if len(problems) >= 5:
            break
    if problems:
        raise ScenarioError([f"veld 'populatie.bestand', kolom 'partner', {p}" for p in problems])
    return out


def read_block(job, number: int, start: int, size: int) -> Block:
    """Rows start … start+size of the persons file as a Block (values converted to the model's types)."""
    from ..values import parse_date
    base = Path(job.scenario_path).resolve().parent
    table = _table(str(base / job.scenario.populatie.bestand)).slice(start, size)
    ids = _all_ids(str(base / job.scenario.populatie.bestand))[start:start + size]
    partner_all = _all_partners(str(base / job.scenario.populatie.bestand))[start:start + size]
    partner = np.where(partner_all >= 0, partner_all - start, -1)
    role = np.where((partner >= 0) & (partner < np.arange(size)), PARTNER, HEAD).astype(np.int8)
    birth_key = job.scenario.populatie.geboortedatum.lower()
    cols = set(table.column_names)
    if birth_key in cols:
        birth, birth_leeg = _dates(table.column(birth_key).to_pylist(), birth_key, start, parse_date)
    else:                                                   # no column: every birth date is leeg
        birth, birth_leeg = np.full(size, _EPOCH, np.int64), np.ones(size, bool)
    blk = Block(ids=ids, role=role, partner=partner, birth=birth, birth_leeg=birth_leeg)
    for key, (kind, decimals) in job.file_kinds.items():
        if key not in cols or key == birth_key:
            continue
        values = table.column(key).to_pylist()
        blk.values[key] = _column(values, kind, decimals, key, start, parse_date)
    return blk


def _column(values: list, kind: str, decimals: int | None, key: str, start: int, parse_date) -> tuple:
    from fractions import Fraction

    from ..values import parse_number, to_fraction
    leeg = np.array([_key(v) is None for v in values], bool)
    if kind == "kenmerk":
        return "kenmerk", np.array([_truth(v, key, start + i) for i, v in enumerate(values)], bool)
    if kind in ("number", "percentage"):
        d = decimals if decimals is not None else 2
        out = np.zeros(len(values), np.int64)
        for i, v in enumerate(values):
            if leeg[i]:
                continue
            try:
                text = v.replace("€", "").strip() if isinstance(v, str) else None
                x = (parse_number(text) if "," in text else Fraction(text)) if text is not None else to_fraction(v)
                x *= 10 ** d
            except (ValueError, TypeError, ZeroDivisionError):
                raise ScenarioError([f"veld 'populatie.bestand', kolom '{key}', rij {start + i + 2}: '{v}' is geen "
                                     f"getal"]) from None
            if x.denominator != 1:
                raise ScenarioError([f"veld 'populatie.bestand', kolom '{key}', rij {start + i + 2}: {v} heeft meer "
                                     f"dan {d} decimalen"])
            out[i] = int(x)
        return "num", out, d, (leeg if leeg.any() else None)
    if kind == "date":
        o, leeg = _dates(values, key, start, parse_date)
        return "date", o, (leeg if leeg.any() else None)
    return "cat", np.array(values, dtype=object), (leeg if leeg.any() else None)


def _dates(values: list, key: str, start: int, parse_date) -> tuple[np.ndarray, np.ndarray]:
    out = np.full(len(values), _EPOCH, np.int64)
    leeg = np.zeros(len(values), bool)
    for i, v in enumerate(values):
        if v is None or v == "":
            leeg[i] = True
            continue
        try:
            out[i] = (v if hasattr(v, "toordinal") else parse_date(str(v))).toordinal()
        except ValueError:
            raise ScenarioError([f"veld 'populatie.bestand', kolom '{key}', rij {start + i + 2}: '{v}' is geen "
                                 f"datum"]) from None
    return out, leeg


def _truth(v, key: str, row: int) -> bool:
    if v is None or v == "" or v is False:
        return False
    if isinstance(v, (int, str)) and not isinstance(v, bool) and str(v).strip() in ("0", "1"):
        return str(v).strip() == "1"
    try:
        return parse_bool(v, "")
    except ValueError:
        raise ScenarioError([f"veld 'populatie.bestand', kolom '{key}', rij {row + 2}: '{v}' is geen waar of "
                             f"onwaar"]) from None
