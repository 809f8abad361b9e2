"""Persons from a CSV or Parquet file instead of the generator: one row per person.

In: the file named by ``populatie.bestand`` — a column ``id`` (whole numbers, or any text: then the row number
is the id), optionally ``partner`` (the id of the partner, on the row just before or after), and a column per
attribute or kenmerk (name as declared; ``_`` may stand for a space).  Out: ``household_blocks`` cuts the rows
into blocks that never separate partners (checking the partner column on the way), ``read_block`` gives one
block as a ``Block``.  Every problem is a ``ScenarioError`` naming the column and the row.

Memory: a Parquet file is never read whole — planning streams the ``id`` and ``partner`` columns, and a block
reads the row groups that hold it; a CSV file has no such structure and is read whole, once per process.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..backends.numpy.runtime.days import _EPOCH
from ..cases import parse_bool
from .generate import HEAD, PARTNER, Block
from .scenario import ScenarioError

_BATCH = 1 << 16


def _normal(name: str) -> str:
    return name.replace("_", " ").strip().lower()


def _normal_names(names: list[str], path: str) -> list[str]:
    """In: the column names as written.  Out: their normalised names; two columns with the same normalised name
    (``Inkomen`` and ``inkomen``, ``a_b`` and ``a b``) are a ScenarioError naming both."""
    seen: dict[str, str] = {}
    for name in names:
        if _normal(name) in seen:
            raise ScenarioError([f"veld 'populatie.bestand': '{path}' heeft twee kolommen met dezelfde naam, "
                                 f"'{seen[_normal(name)]}' en '{name}' (hoofdletters, '_' en spaties tellen niet "
                                 f"mee); verwijder of hernoem er één"])
        seen[_normal(name)] = name
    return list(seen)


def _unreadable(path: Path, e: Exception) -> ScenarioError:
    return ScenarioError([f"veld 'populatie.bestand': '{path}' kan niet worden gelezen ({e})"])


def _stamp(path: Path) -> tuple[int, int]:
    """The file's modification time and size: part of every cache key, so a changed file is read again."""
    st = Path(path).stat()
    return st.st_mtime_ns, st.st_size


def _parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


@lru_cache(maxsize=2)
def _parquet_file(path: str, stamp: tuple = ()):
    """The opened Parquet file (metadata only) and its column names normalised → as written."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    try:
        pf = pq.ParquetFile(path)
    except (OSError, pa.ArrowInvalid) as e:
        raise _unreadable(Path(path), e) from None
    written = pf.schema_arrow.names
    return pf, dict(zip(_normal_names(written, path), written))


@lru_cache(maxsize=2)
def _csv(path: str, stamp: tuple = ()):
    """A CSV file, read whole (once per process), columns renamed to their normalised names."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    try:
        table = pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(strings_can_be_null=True))
    except (OSError, pa.ArrowInvalid) as e:
        raise _unreadable(Path(path), e) from None
    return table.rename_columns(_normal_names(table.column_names, path))


def _pf(path: Path):
    return _parquet_file(str(path), _stamp(path))


def _whole_csv(path: Path):
    return _csv(str(path), _stamp(path))


def _num_rows(path: Path) -> int:
    return _pf(path)[0].metadata.num_rows if _parquet(path) else _whole_csv(path).num_rows


def columns(path: Path) -> list[str]:
    """The column names (normalised); a file without rows is a ScenarioError."""
    if _num_rows(path) == 0:
        raise ScenarioError([f"veld 'populatie.bestand': '{path}' bevat geen personen"])
    return list(_pf(path)[1]) if _parquet(path) else list(_whole_csv(path).column_names)


def _batches(path: Path, names: list[str], n: int):
    """Record batches of the first n rows with the columns `names` (normalised; missing ones are left out)."""
    if _parquet(path):
        pf, written = _pf(path)
        take = [written[c] for c in names if c in written]
        done = 0
        for batch in pf.iter_batches(batch_size=_BATCH, columns=take):
            batch = batch.rename_columns([_normal(c) for c in batch.schema.names])
            yield batch.slice(0, n - done)
            done += batch.num_rows
            if done >= n:
                return
    else:
        table = _whole_csv(path)
        yield from table.select([c for c in names if c in table.column_names]).slice(0, n).to_batches(_BATCH)


def _keys(column):
    """Ids or partner ids as text for comparing, null for an empty cell (NaN included); 2.0 is the id 2."""
    import pyarrow as pa
    import pyarrow.compute as pc
    if pa.types.is_floating(column.type):
        column = pc.if_else(pc.is_nan(column), pa.scalar(None, column.type), column)
        whole = pc.all(pc.equal(pc.floor(column), column)).as_py()
        return pc.cast(pc.cast(column, pa.int64()) if whole in (True, None) else column, pa.string())
    column = pc.cast(column, pa.string())
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _neighbours(ids, partners) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """In: id and partner keys of consecutive rows.  Out: per row (has a partner, names the row above or below,
    forms a couple with the row above, forms a couple with the row below) — a couple is two adjacent rows that
    name each other; the first row has no row above, the last none below."""
    import pyarrow.compute as pc
    has = np.asarray(pc.is_valid(partners))
    n = len(ids)
    up, down = np.zeros(n, bool), np.zeros(n, bool)
    if n > 1:
        up[1:] = np.asarray(pc.fill_null(pc.equal(partners.slice(1), ids.slice(0, n - 1)), False))
        down[:-1] = np.asarray(pc.fill_null(pc.equal(partners.slice(0, n - 1), ids.slice(1)), False))
    above, below = np.zeros(n, bool), np.zeros(n, bool)
    above[1:] = up[1:] & down[:-1]
    below[:-1] = above[1:]
    return has, up | down, above, below


def _id_partner(batch, rows: int):
    """In: a batch of the id and partner columns, and how many of its rows are in use.  Out: id keys, partner keys
    (all null without a partner column) and whether the ids in use are whole numbers without empty cells."""
    import pyarrow as pa
    if "id" not in batch.schema.names:
        raise ScenarioError(["veld 'populatie.bestand': het bestand heeft geen kolom 'id'"])
    column = batch.column("id")
    whole = pa.types.is_integer(column.type) and column.slice(0, rows).null_count == 0
    partners = _keys(batch.column("partner")) if "partner" in batch.schema.names else \
        pa.nulls(batch.num_rows, pa.string())
    return _keys(column), partners, whole


def _judge(ids, partners, first: int, rows: range, n: int, below: np.ndarray) -> list[tuple[int, str, str]]:
    """In: a window of id and partner keys whose row 0 is file row `first`, the file rows to judge (with their rows
    above and below, where the file has them) and n, the rows in use.  Marks in `below` the rows in a couple with
    the row below; out: (file row, partner, fault) per wrong row — 'ver' (not adjacent), 'eenzijdig' (not named
    back), 'dubbel' (a couple above and below) or 'omvang' (a couple with row n, which is not in use)."""
    has, near, up, down = _neighbours(ids, partners)
    lo, hi = rows.start - first, rows.stop - first
    below[rows.start:rows.stop] = down[lo:hi]
    fault = np.select([~has | (up ^ down), ~near, ~up & ~down], ["", "ver", "eenzijdig"], "dubbel")[lo:hi]
    if hi > lo and rows.stop == n and hi < len(ids) and down[hi - 1]:     # row n is here: 'omvang' cuts a couple
        fault[-1] = "omvang"
    return [(first + lo + int(i), partners[lo + int(i)].as_py(), str(fault[i])) for i in np.flatnonzero(fault != "")]


@lru_cache(maxsize=2)
def _index(path: str, n: int, stamp: tuple = ()) -> tuple[np.ndarray, bool]:
    """In: the file and n, the number of rows in use.  Out: for each of those rows whether it forms a couple with
    the row below, and whether their ids are whole numbers.  One pass over the id and partner columns of the first
    n + 1 rows (row n shows a couple cut by 'omvang'), a batch at a time, each joined to the previous batch's last
    two rows; partners must name each other on adjacent rows, else a ScenarioError."""
    import pyarrow as pa
    below = np.zeros(n, bool)
    numeric, problems, at, todo = True, [], 0, 0                 # todo: the first row not yet judged
    tail = (pa.array([], pa.string()),) * 2                         # the previous window's last two rows
    for batch in _batches(Path(path), ["id", "partner"], n + 1):
        ids, partners, whole = _id_partner(batch, max(n - at, 0))
        numeric = numeric and whole
        first = at - len(tail[0])                                    # the file row of the window's row 0
        ids, partners = pa.concat_arrays([tail[0], ids]), pa.concat_arrays([tail[1], partners])
        at += batch.num_rows
        stop = max(min(at - 1, n), todo)                             # rows todo … stop - 1 have their row below
        problems += _judge(ids, partners, first, range(todo, stop), n, below)
        todo = stop
        tail = (ids.slice(max(len(ids) - 2, 0)), partners.slice(max(len(ids) - 2, 0)))
        if len(problems) >= 5:
            break
    if todo < n and len(problems) < 5:                              # the file's last row: none below
        problems += _judge(ids, partners, first, range(todo, n), n, below)
    if problems:
        raise ScenarioError(_partner_problems(Path(path), n, problems[:5]))
    return below, numeric


def _partner_problems(path: Path, n: int, problems: list[tuple[int, str, str]]) -> list[str]:
    """In: (file row, partner, fault) from `_judge` and n, the rows in use.  Out: a Dutch message for each."""
    far = {p for _, p, fault in problems if fault == "ver"}
    present: set = set()
    for batch in _batches(path, ["id"], _num_rows(path)) if far else ():
        present |= far & set(_keys(batch.column("id")).to_pylist())
    sizes = " of ".join(str(k) for k in (n - 1, n + 1) if k > 0)
    why = {"ver": "staat niet direct boven of onder deze rij; zet partners op opeenvolgende rijen",
           "eenzijdig": "noemt deze persoon niet als partner; partners noemen elkaar, op opeenvolgende rijen",
           "dubbel": "staat zowel direct boven als direct onder deze rij; geef elke persoon een eigen id",
           "omvang": f"staat op rij {n + 2}, net na de eerste {n} personen ('populatie.omvang' {n}), dus de "
                     f"omvang knipt dit paar door; kies omvang {sizes}"}
    return [f"veld 'populatie.bestand', kolom 'partner', rij {row + 2}: partner '{p}' "
            f"{why[fault] if fault != 'ver' or p in present else 'staat niet in het bestand'}"
            for row, p, fault in problems]


def household_blocks(path: Path, block: int, limit: int) -> list[int]:
    """Block sizes of about `block` rows (of the first `limit`) that never cut between two partners."""
    n = min(limit, _num_rows(path))
    below, _ = _index(str(path), n, _stamp(path))
    sizes, start = [], 0
    while start < n:
        end = min(start + block, n)
        if end < n and below[end - 1]:
            end += 1
        sizes.append(end - start)
        start = end
    return sizes


def _rows(path: Path, start: int, size: int):
    """Rows start … start+size as a table with normalised column names: from the Parquet row groups that hold
    them (the last ones read are kept for the next block), or sliced from the whole CSV."""
    if not _parquet(path):
        return _whole_csv(path).slice(start, size)
    pf = _pf(path)[0]
    meta, groups, first, at = pf.metadata, [], None, 0
    for g in range(meta.num_row_groups):
        rows = meta.row_group(g).num_rows
        if at + rows > start and at < start + size:
            groups.append(g)
            first = at if first is None else first
        at += rows
    if first is None:                                   # fewer rows than when the job was made
        problem = f"veld 'populatie.bestand': '{path}' heeft geen rij {start + 2} meer; is het bestand veranderd?"
        raise ScenarioError([problem])
    table = _row_groups(str(path), tuple(groups), _stamp(path))
    return table.slice(start - first, size)


@lru_cache(maxsize=1)
def _row_groups(path: str, groups: tuple[int, ...], stamp: tuple = ()):
    table = _parquet_file(path, stamp)[0].read_row_groups(list(groups))
    return table.rename_columns([_normal(c) for c in table.column_names])


def ids_are_numbers(path: Path, limit: int) -> bool:
    """Whether the first `limit` ids are all whole numbers (else every person's id is its row number)."""
    return _index(str(path), min(limit, _num_rows(path)), _stamp(path))[1]


def read_block(job, number: int, start: int, size: int) -> Block:
    """Rows start … start+size of the persons file as a Block (values converted to the model's types); partners
    are on adjacent rows within the block (household_blocks never cuts a couple)."""
    import pyarrow as pa

    from ..evaluate.values import parse_date
    path = Path(job.scenario_path).resolve().parent / job.scenario.populatie.bestand
    table = _rows(path, start, size)
    cols = set(table.column_names)
    id_keys = _keys(table.column("id").combine_chunks())
    partner_keys = _keys(table.column("partner").combine_chunks()) if "partner" in cols else \
        pa.nulls(size, pa.string())
    _, _, above, below = _neighbours(id_keys, partner_keys)
    here = np.arange(size, dtype=np.int64)
    partner = np.where(above, here - 1, np.where(below, here + 1, -1))
    role = np.where(above, PARTNER, HEAD).astype(np.int8)
    ids = np.asarray(table.column("id"), np.int64) if job.file_numeric_ids else start + here
    birth_key = job.scenario.populatie.geboortedatum.lower()
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


def _empty(x) -> bool:
    """Whether a cell is empty: None, '' or NaN (as pandas writes it)."""
    return x is None or x == "" or (isinstance(x, float) and math.isnan(x))


def _column(values: list, kind: str, decimals: int | None, key: str, start: int, parse_date) -> tuple:
    from fractions import Fraction

    from ..evaluate.values import parse_number, to_fraction
    leeg = np.array([_empty(v) for v in values], bool)
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
