"""A persons file (CSV or Parquet) instead of the generator: the same persons give the same summary, a Parquet
file is read a row group at a time (bounded memory), and a bad partner column is a Dutch error."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_simulate import generated_persons, write, zt_data

from regelspraak.simulate import ScenarioError, prepare, simulate
from regelspraak.simulate import persons_file as F


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
    cols = {"id": ["a", "b"], "partner": [None, "x"], "geboortedatum": ["1980-01-01"] * 2}
    path = _bad_file(tmp_path, kind, cols)
    with pytest.raises(ScenarioError) as e:
        prepare(path)
    assert e.value.problems == ["veld 'populatie.bestand', kolom 'partner', rij 3: partner 'x' staat niet in het "
                                "bestand"]


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("partners, row, partner", [([None, 1, None], 3, "1"),   # B names A, A names nobody
                                                    ([2, 3, 2], 2, "2"),         # A names B, B and C are a couple
                                                    ([2, None, None], 2, "2")])  # A names B, B names nobody
def test_partners_must_name_each_other(tmp_path, kind, partners, row, partner):
    """A one-sided partner link would make the households depend on 'blok': it is refused."""
    cols = {"id": [1, 2, 3], "partner": pa.array(partners, pa.int64()), "geboortedatum": ["1980-01-01"] * 3}
    path = _bad_file(tmp_path, kind, cols)
    with pytest.raises(ScenarioError) as e:
        prepare(path)
    assert e.value.problems == [f"veld 'populatie.bestand', kolom 'partner', rij {row}: partner '{partner}' noemt "
                                f"deze persoon niet als partner; partners noemen elkaar, op opeenvolgende rijen"]


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_row_in_two_couples(tmp_path, kind):
    """Two rows with the same id around one that names it, both naming that row: the row would be in two couples."""
    cols = {"id": [1, 2, 1], "partner": [2, 1, 2], "geboortedatum": ["1980-01-01"] * 3}
    with pytest.raises(ScenarioError) as e:
        prepare(_bad_file(tmp_path, kind, cols))
    assert e.value.problems == ["veld 'populatie.bestand', kolom 'partner', rij 3: partner '1' staat zowel direct "
                                "boven als direct onder deze rij; geef elke persoon een eigen id"]


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_couple_cut_by_omvang(tmp_path, kind):
    """Rows 6 and 7 of the file (ids 5 and 6) are partners and 'omvang' takes the first 5 persons: the partner is in
    the file, after the rows in use."""
    cols = {"id": list(range(1, 9)), "partner": [None, None, None, None, 6, 5, None, None],
            "geboortedatum": ["1980-01-01"] * 8}
    path = _bad_file(tmp_path, kind, cols, omvang=5)
    with pytest.raises(ScenarioError) as e:
        prepare(path)
    assert e.value.problems == ["veld 'populatie.bestand', kolom 'partner', rij 6: partner '6' staat op rij 7, net na "
                                "de eerste 5 personen ('populatie.omvang' 5), dus de omvang knipt dit paar door; kies "
                                "omvang 4 of 6"]


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("a, b", [("toetsingsinkomen", "Toetsingsinkomen"), ("a_b", "a b")])
def test_two_columns_with_the_same_normalised_name(tmp_path, kind, a, b):
    cols = {"id": [1, 2], "partner": [2, 1], "geboortedatum": ["1980-01-01"] * 2, a: [1, 2], b: [3, 4]}
    path = _bad_file(tmp_path, kind, cols)
    with pytest.raises(ScenarioError) as e:
        prepare(path)
    assert len(e.value.problems) == 1
    assert e.value.problems[0].startswith("veld 'populatie.bestand': '")
    assert e.value.problems[0].endswith(f"personen.{kind}' heeft twee kolommen met dezelfde naam, '{a}' en '{b}' "
                                        f"(hoofdletters, '_' en spaties tellen niet mee); verwijder of hernoem er één")


def _bad_file(tmp_path: Path, kind: str, cols: dict, omvang: int = 10) -> Path:
    table = pa.table(cols)
    if kind == "parquet":
        pq.write_table(table, tmp_path / "personen.parquet")
    else:
        import pyarrow.csv as pcsv
        pcsv.write_csv(table, tmp_path / "personen.csv")
    data = zt_data()
    data["populatie"] = {"omvang": omvang, "bestand": f"personen.{kind}",
                         "partners": {"feittype": "toeslagpartnerschap"}}
    data["uitvoer"]["groepen"] = []
    return write(tmp_path, data)


def _write(path: Path, cols: dict, row_group: int | None = None) -> Path:
    if path.suffix == ".parquet":
        pq.write_table(pa.table(cols), path, row_group_size=row_group)
    else:
        import pyarrow.csv as pcsv
        pcsv.write_csv(pa.table(cols), path)
    return path


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@settings(max_examples=150, deadline=None)
@given(shapes=st.lists(st.sampled_from(["single", "couple", "stray", "up", "down"]), min_size=1, max_size=10),
       row_group=st.integers(1, 4), batch=st.integers(1, 4), stray=st.integers(0, 99), cut=st.integers(0, 20))
def test_partner_index_over_batch_seams(tmp_path_factory, kind, shapes, row_group, batch, stray, cut):
    """The streaming partner check (batches of 1–4 rows, so the seams fall anywhere; Parquet row groups of 1–4
    rows) finds exactly the rows whose partner does not name them back on an adjacent row, or whose couple is cut
    by 'omvang', and marks each row that forms a couple with the row below — as a plain check of all rows does."""
    partners: list = []
    for shape in shapes:
        r = len(partners)                                # ids are row numbers + 1: this row's id is r + 1
        if shape == "couple":
            partners += [r + 2, r + 1]
        else:
            partners.append({"single": None, "stray": stray % 12 + 1, "up": r, "down": r + 2}[shape])
    size = len(partners)
    ids, n = list(range(1, size + 1)), size - cut % size          # n: the rows in use ('omvang')

    def couple(r: int, s: int) -> bool:
        return 0 <= s < size and partners[r] == ids[s] and partners[s] == ids[r]
    cuts = [r for r in range(n) if r + 1 == n and couple(r, r + 1)]
    wrong = [r for r in range(n) if partners[r] is not None and couple(r, r - 1) == couple(r, r + 1) or r in cuts]
    path = _write(tmp_path_factory.mktemp("seams") / f"p.{kind}",
                  {"id": ids, "partner": pa.array(partners, pa.int64())}, row_group)
    saved, F._BATCH = F._BATCH, batch
    try:
        assert len(list(F._batches(path, ["id"], size))) == -(-size // batch)      # the seams are really there
        if wrong:
            with pytest.raises(ScenarioError) as e:
                F._index.__wrapped__(str(path), n)
        else:
            got, numeric = F._index.__wrapped__(str(path), n)
    finally:
        F._BATCH = saved
    if wrong:
        rows = [int(m.split("rij ")[1].split(":")[0]) - 2 for m in e.value.problems]
        assert rows == wrong[:5]
        assert [r for r, m in zip(rows, e.value.problems) if "knipt dit paar door" in m] == [r for r in cuts
                                                                                             if r in rows]
    else:
        assert list(got) == [couple(r, r + 1) for r in range(n)] and numeric


def test_a_changed_file_is_read_again(tmp_path):
    """The per-process caches are keyed by the file's time and size: an edited file is not served stale."""
    path = _bad_file(tmp_path, "csv", {"id": [1, 2], "partner": [None, None], "geboortedatum": ["1980-01-01"] * 2})
    assert prepare(path).blocks == (2,)
    import pyarrow.csv as pcsv
    pcsv.write_csv(pa.table({"id": [1, 2, 3], "partner": pa.array([None] * 3, pa.int64()),
                             "geboortedatum": ["1980-01-01"] * 3}), tmp_path / "personen.csv")
    assert prepare(path).blocks == (3,)
