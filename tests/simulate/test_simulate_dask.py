"""The Dask engine of `regels simulate` gives the same summary (and the same per-person Parquet) as the local
engine, on a LocalCluster with two worker processes started here; skipped when distributed cannot start."""
from __future__ import annotations

import logging
import threading

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_simulate import aow_data, with_output, write, zt_data

from regelspraak.simulate import prepare, run_dask, simulate, summarize

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    try:
        cl = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                      silence_logs=logging.ERROR)
    except Exception as e:                                  # noqa: BLE001 (no sockets, no processes, …)
        pytest.skip(f"Dask LocalCluster start niet: {type(e).__name__}: {e}")
    try:
        yield cl
    finally:
        cl.close()


@pytest.fixture(scope="module")
def client(cluster):
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()


SCENARIOS = {"zorgtoeslag met hervorming": lambda: zt_data(omvang=1500, zaad=17),
             "AOW-projectie": lambda: aow_data(omvang=1200, zaad=6, mortality_a=0.0002)}


@pytest.mark.parametrize("kind", list(SCENARIOS))
def test_dask_gives_the_local_summary(tmp_path, client, kind):
    path = write(tmp_path, SCENARIOS[kind]())
    local = simulate(path, None, processes=1, report=False).summary
    jobs = []                                                # kept alive: every run has its own job
    for chunk in (300, 1000, 1 << 18):
        job = prepare(path)
        jobs.append(job)
        assert summarize(job, run_dask(job, None, chunk, client=client)) == local, chunk
    if kind.startswith("AOW"):
        assert local["jaren"][-1]["personen"] < local["jaren"][0]["personen"]
    else:
        assert local["jaren"][0]["winnaars_verliezers"]["hervorming"]["zorgtoeslag"]["verliezers"] > 0


def _rows(folder):
    tables = [pq.read_table(f) for f in sorted((folder / "personen").glob("*.parquet"))]
    assert tables
    return sorted(pa.concat_tables(tables).to_pylist(), key=lambda r: (r["jaar"], r["id"]))


def test_simulate_on_a_scheduler_writes_what_the_local_engine_writes(tmp_path, cluster):
    path = write(tmp_path, with_output(aow_data(omvang=900, zaad=13, mortality_a=0.0002), per_person=True))
    local = simulate(path, tmp_path / "lokaal", processes=2, chunk=300, report=False)
    remote = simulate(path, tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address, chunk=600,
                      report=False)
    assert remote.summary == local.summary
    assert (tmp_path / "dask" / "samenvatting.json").read_bytes() == \
           (tmp_path / "lokaal" / "samenvatting.json").read_bytes()
    rows = _rows(tmp_path / "dask")
    assert rows == _rows(tmp_path / "lokaal")
    assert len(rows) == sum(y["personen"] for y in local.summary["jaren"])


def test_two_runs_of_one_job_at_the_same_time_on_one_client(tmp_path, cluster):
    """Task keys are unique per run: a second run of the same job (other chunks) on the same client, while the
    first still holds its futures, computes its own chunks (it once got the first run's results)."""
    data = aow_data(omvang=1500, zaad=31)
    data["naam"] = "twee tegelijk"                          # its own content, so its own keys on the cluster
    path = write(tmp_path, data)
    local = simulate(path, None, processes=1, report=False).summary
    job = prepare(path)
    got: dict = {}
    second_done = threading.Event()

    def second():
        try:
            got["second"] = summarize(job, run_dask(job, None, 1000, client=c))
        except Exception as e:                              # noqa: BLE001 (reported below)
            got["second"] = repr(e)
        finally:
            second_done.set()

    def on_done(persons):                                   # while the first run waits, the second runs in full
        if "started" not in got:
            got["started"] = True
            threading.Thread(target=second, daemon=True).start()
            second_done.wait(120)

    c = distributed.Client(cluster)
    try:
        first = summarize(job, run_dask(job, None, 300, client=c, on_done=on_done))
    finally:
        c.close()
    assert first == local
    assert got["second"] == local
