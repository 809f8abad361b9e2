"""A persons file (CSV or Parquet) instead of the generator: the same persons give the same summary, a Parquet
file is read a row group at a time (bounded memory), and a bad partner column is a Dutch error."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings, strategies as st

from regelspraak.simulate import ScenarioError, prepare, simulate
from regelspraak.simulate import persons_file as F

from test_simulate import generated_persons, write, zt_data


def _rows(persons: dict) -> dict[str, list]:
    """The generated persons as file columns: ids, partner ids, birth dates and the attributes (None: leeg)."""
    cols: dict[str, list] = {"id": [], "partner": [], "geboortedatum": []}
    for p in sorted(persons.values(), key=lambda p: p.id):
        cols["id"].append(p.id)
        cols["partner"].append(p.partner)
        cols["geboortedatum"].append(p.birth)
        for key, value in p.values.items():
            cols.setdefault(key, []).append(None if value is None else str(Decimal(value.numerator) /
                                                                           value.denominator))
        for key, value in p.kenmerken.items():
            cols.setdefault(key, []).append("waar" if value else "onwaar")
    return cols


def _file_scenario(tmp_path: Path, data: dict, kind: str, row_group: int | None = None) -> Path:
    """The scenario `data` with its generated population written to personen.<kind> and read from there."""
    job = prepare(write(tmp_path / "gen", data))
    cols = _rows(generated_persons(job))
    table = pa.table(cols)
    name = f"personen.{kind}"
    folder = tmp_path / kind
    folder.mkdir()
    if kind == "parquet":
        pq.write_table(table, folder / name, row_group_size=row_group)
    else:
        import pyarrow.csv as pcsv
        pcsv.write_csv(table, folder / name)
    pop = {"omvang": data["populatie"]["omvang"], "bestand": name,
           "partners": {"feittype": data["populatie"]["partners"]["feittype"]}}
    return write(folder, {**data, "populatie": pop})


@pytest.mark.parametrize("kind, row_group", [("csv", None), ("parquet", 100), ("parquet", None)])
def test_the_same_persons_from_a_file_give_the_same_summary(tmp_path, kind, row_group):
    data = zt_data(omvang=1500)
    generated = simulate(write(tmp_path / "gen", data), None, processes=1, report=False).summary
    path = _file_scenario(tmp_path, data, kind, row_group)
    for processes, chunk in ((1, 1 << 18), (2, 300)):
        from_file = simulate(path, None, processes=processes, chunk=chunk, report=False).summary
        assert from_file["jaren"] == generated["jaren"]


def test_a_parquet_block_reads_only_its_row_groups(tmp_path, monkeypatch):
    """A block of a Parquet file is read from the row groups that hold it, never the whole file."""
    path = _file_scenario(tmp_path, zt_data(omvang=1500), "parquet", row_group=100)
    job = prepare(path)
    read: list = []
    real = pq.ParquetFile.read_row_groups

    def spy(self, groups, *args, **kwargs):
        read.append(list(groups))
        return real(self, groups, *args, **kwargs)
    monkeypatch.setattr(pq.ParquetFile, "read_row_groups", spy)
    monkeypatch.setattr(pq, "read_table", lambda *a, **k: pytest.fail("the whole file was read"))
    start = sum(job.blocks[:3])
    blk = F.read_block(job, 3, start, job.blocks[3])
    assert blk.n == job.blocks[3] and int(blk.ids[0]) == start
    assert read and all(start // 100 <= g <= (start + blk.n - 1) // 100 for g in read[-1])


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_partner_that_is_not_on_the_next_row(tmp_path, kind):
    cols = {"id": [1, 2, 3, 4], "partner": [3, None, 1, None], "geboortedatum": ["1980-01-01"] * 4}
    path = _bad_file(tmp_path, kind, cols)
    with pytest.raises(ScenarioError) as e:
        prepare(path)
    assert e.value.problems[0] == ("veld 'populatie.bestand', kolom 'partner', rij 2: partner '3' staat niet direct "
                                   "boven of onder deze rij; zet partners op opeenvolgende rijen")


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_partner_that_is_not_in_the_file(tmp_path, kind):
    cols = {"id": ["a", "b"], "partner": ["b", "x"], "geboortedatum": ["1980-01-01"] * 2}
    path = _bad_file(tmp_path, kind, cols)
    with pytest.raises(ScenarioError) as e:
        prepare(path)
    assert e.value.problems == ["veld 'populatie.bestand', kolom 'partner', rij 3: partner 'x' staat niet in het "
                                "bestand"]


def _bad_file(tmp_path: Path, kind: str, cols: dict) -> Path:
    table = pa.table(cols)
    if kind == "parquet":
        pq.write_table(table, tmp_path / "personen.parquet")
    else:
        import pyarrow.csv as pcsv
        pcsv.write_csv(table, tmp_path / "personen.csv")
    data = zt_data()
    data["populatie"] = {"omvang": 10, "bestand": f"personen.{kind}", "partners": {"feittype": "toeslagpartnerschap"}}
    data["uitvoer"]["groepen"] = []
    return write(tmp_path, data)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["single", "couple", "stray"]), min_size=1, max_size=10), st.integers(1, 4),
       st.integers(0, 99))
def test_partner_index_over_batch_seams(tmp_path_factory, shapes, row_group, stray):
    """The streaming partner check (one Parquet row group per 1–4 rows, so batches seam anywhere) finds exactly
    the rows whose partner is not adjacent, and marks each row whose partner is the row below."""
    partners: list = []
    for shape in shapes:
        if shape == "couple":
            n = len(partners)
            partners += [n + 2, n + 1]                   # ids are row numbers + 1
        else:
            partners.append(None if shape == "single" else (stray % 12) + 1)
    n = len(partners)
    ids = list(range(1, n + 1))
    wrong = [r for r, p in enumerate(partners) if p is not None and p not in ids[max(r - 1, 0):r] + ids[r + 1:r + 2]]
    below = [r < n - 1 and partners[r] == ids[r + 1] for r in range(n)]
    path = tmp_path_factory.mktemp("seams") / "p.parquet"
    pq.write_table(pa.table({"id": ids, "partner": pa.array(partners, pa.int64())}), path, row_group_size=row_group)
    try:
        got, numeric = F._index(str(path), n)
    except ScenarioError as e:
        assert [int(m.split("rij ")[1].split(":")[0]) - 2 for m in e.problems] == wrong[:5]
    else:
        assert not wrong and list(got) == below and numeric


def test_a_changed_file_is_read_again(tmp_path):
    """The per-process caches are keyed by the file's time and size: an edited file is not served stale."""
    path = _bad_file(tmp_path, "csv", {"id": [1, 2], "partner": [None, None], "geboortedatum": ["1980-01-01"] * 2})
    assert prepare(path).blocks == (2,)
    import pyarrow.csv as pcsv
    pcsv.write_csv(pa.table({"id": [1, 2, 3], "partner": pa.array([None] * 3, pa.int64()),
                             "geboortedatum": ["1980-01-01"] * 3}), tmp_path / "personen.csv")
    assert prepare(path).blocks == (3,)
