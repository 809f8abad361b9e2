"""Engines that run the chunks of a job: in this process, over local processes, or on a Dask cluster.

In: a ``Job``, the chunk size, the engine and its settings.  Out: the merged ``Partial`` (exact, so the same
whatever the engine, the number of processes or the chunk size).  At most two chunks per worker are in
flight, so memory stays bounded however large the population; ``on_done(persons)`` reports progress.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from . import aggregate as A
from .evaluate import kernel, run_chunk
from .job import Job

DEFAULT_CHUNK = 1 << 18

_JOB: Job | None = None


def plan_chunks(job: Job, chunk: int) -> list[tuple[int, ...]]:
    """Consecutive blocks grouped into chunks of at most `chunk` persons (at least one block each)."""
    out: list[tuple[int, ...]] = []
    current: list[int] = []
    size = 0
    for b, n in enumerate(job.blocks):
        if current and size + n > chunk:
            out.append(tuple(current))
            current, size = [], 0
        current.append(b)
        size += n
    if current:
        out.append(tuple(current))
    return out


def balanced_chunks(job: Job, chunk: int, processes: int) -> list[tuple[int, ...]]:
    """Chunks of at most `chunk` persons, as many as a multiple of `processes` where the blocks allow it, with
    nearly equal numbers of persons: every process then gets the same share and none waits at the end.  (The
    summary is the same for any chunking.)"""
    chunks = plan_chunks(job, chunk)
    count = min(-(-len(chunks) // processes) * processes, len(job.blocks))
    total, at = sum(job.blocks), 0
    groups: list[list[int]] = [[] for _ in range(count)]
    for b, n in enumerate(job.blocks):                 # a block goes to the group its middle person falls in
        groups[(2 * at + n) * count // (2 * total)].append(b)
        at += n
    return [tuple(g) for g in groups if g]


def _persons(job: Job, blocks: tuple[int, ...]) -> int:
    return sum(job.blocks[b] for b in blocks)


def run_local(job: Job, chunk: int = DEFAULT_CHUNK, processes: int | None = None, out_dir: str | None = None,
              on_done: Callable[[int], None] | None = None) -> A.Partial:
    """Run every chunk over `processes` local processes (default: all cores; 1 = in this process)."""
    chunks = plan_chunks(job, chunk)
    processes = min(processes or os.cpu_count() or 1, len(chunks))
    if processes > 1:
        chunks = balanced_chunks(job, chunk, processes)
    total = A.Partial()
    if processes <= 1:
        for blocks in chunks:
            total.merge(run_chunk(job, blocks, out_dir))
            if on_done:
                on_done(_persons(job, blocks))
        return total
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    if ctx.get_start_method() == "fork":
        for v in job.variants:                  # compiled once here; forked workers inherit the kernels
            kernel(job, v.law_key)
    with ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_init, initargs=(job,)) as pool:
        pending: dict[Future[A.Partial], tuple[int, ...]] = {}
        todo = list(chunks)
        while todo or pending:
            while todo and len(pending) < 2 * processes:
                blocks = todo.pop(0)
                pending[pool.submit(_task, blocks, out_dir)] = blocks
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                blocks = pending.pop(fut)
                try:
                    total.merge(fut.result())
                except BaseException:
                    for other in pending:
                        other.cancel()
                    raise
                if on_done:
                    on_done(_persons(job, blocks))
    return total


def _init(job: Job) -> None:
    global _JOB
    _JOB = job


def _task(blocks: tuple[int, ...], out_dir: str | None) -> A.Partial:
    if _JOB is None:                            # _init sets it in every worker process
        raise RuntimeError("geen job in dit proces")
    return run_chunk(_JOB, blocks, out_dir)


def run_dask(job: Job, scheduler: str | None, chunk: int = DEFAULT_CHUNK, out_dir: str | None = None,
             on_done: Callable[[int], None] | None = None, client=None) -> A.Partial:
    """Run every chunk on the Dask cluster at `scheduler` (or an existing `client`); the job is sent once."""
    from distributed import Client, as_completed

    own = client is None
    if own:
        try:
            client = Client(scheduler)
        except ValueError:
            from .scenario import ScenarioError
            raise ScenarioError([f"--scheduler '{scheduler}' is geen adres van een Dask-scheduler "
                                 f"(bv. tcp://10.0.0.5:8786)"]) from None
    try:
        chunks = plan_chunks(job, chunk)
        shared = client.scatter(job, broadcast=True, hash=False)   # a key of its own, even for an equal job
        run_id = uuid.uuid4().hex[:12]
        futures = [client.submit(run_chunk, shared, blocks, out_dir, key=f"regelspraak-{run_id}-deel-{blocks[0]}",
                                 pure=False) for blocks in chunks]
        sizes = {f.key: _persons(job, blocks) for f, blocks in zip(futures, chunks)}
        total = A.Partial()
        for fut in as_completed(futures):
            total.merge(fut.result())
            if on_done:
                on_done(sizes[fut.key])
        return total
    finally:
        if own:
            client.close()
