"""Library entry points: extract records from files, or run a corpus into a store.

The CLI, the server and the Spark runner are thin layers over these.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.document import Doc
from eventwire.errors import EventwireError, InputRejected
from eventwire.pipeline import Pipeline
from eventwire.stages.ingest import JSONL_SUFFIXES, iter_paths, read_inputs
from eventwire.store import Store

log = logging.getLogger("eventwire")


def extract(
    paths: Iterable[str | Path],
    *,
    default_date: date | None = None,
    pipeline: Pipeline | None = None,
    batch_size: int = 16,
    n_process: int = 1,
) -> Iterator[Doc | EventwireError]:
    """Process every article under ``paths``; yield each processed Doc or the error that rejected an input.

    With ``n_process`` > 1 the documents come back without their spaCy parse
    (``doc.spacy_doc`` is None): records need only the Doc's own fields.
    """
    return process(read_inputs(paths, default_date), pipeline=pipeline, batch_size=batch_size, n_process=n_process)


def _batched(items: Iterable[Doc | InputRejected], size: int) -> Iterator[InputRejected | list[Doc]]:
    """Rejections as they come, documents in batches of ``size``."""
    pending: list[Doc] = []
    for item in items:
        if isinstance(item, InputRejected):
            yield item
            continue
        pending.append(item)
        if len(pending) >= size:
            yield pending
            pending = []
    if pending:
        yield pending


def process(
    items: Iterable[Doc | InputRejected],
    *,
    pipeline: Pipeline | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    learned: list[dict[str, Any]] | None = None,
) -> Iterator[Doc | EventwireError]:
    """Run the pipeline over ingested items, in batches, in one or several processes.

    Yields each processed Doc (with the facts it taught the actors stage in
    ``doc.learned_actors``) or the error that rejected it; rejections pass through.
    ``learned`` are facts from earlier runs that every document starts from.
    """
    if n_process > 1:
        yield from _process_parallel(items, batch_size, n_process, learned or [])
        return
    pipeline = pipeline or Pipeline()
    _remember(pipeline, learned or [])
    for chunk in _batched(items, batch_size):
        if isinstance(chunk, InputRejected):
            yield chunk
        else:
            yield from _run_batch(pipeline, chunk)


def _run_batch(pipeline: Pipeline, docs: list[Doc]) -> Iterator[Doc | EventwireError]:
    for doc, error in pipeline.pipe(docs, batch_size=len(docs)):
        yield error if error is not None else doc


# -- several processes: each worker builds the pipeline once and returns plain Docs ----------------------------
_WORKER_PIPELINE: Pipeline | None = None


def _worker_init(learned: list[dict[str, Any]]) -> None:
    global _WORKER_PIPELINE
    _WORKER_PIPELINE = Pipeline()
    _remember(_WORKER_PIPELINE, learned)


def _worker_run(docs: list[Doc]) -> list[Doc | EventwireError]:
    assert _WORKER_PIPELINE is not None
    results = list(_run_batch(_WORKER_PIPELINE, docs))
    for item in results:
        if isinstance(item, Doc):
            item.spacy_doc = None  # spaCy objects are heavy to send back; records do not need them
    return results


class WorkerPool:
    """The pipeline in several worker processes, each built once; use as a context manager.

    Workers send back plain Docs (no spaCy parse), in input order.
    """

    def __init__(self, n_process: int, learned: list[dict[str, Any]] | None = None) -> None:
        import multiprocessing

        # spawn, not fork: the parent may hold DuckDB and spaCy threads that fork would copy half-way.
        context = multiprocessing.get_context("spawn")
        self.pool = context.Pool(n_process, initializer=_worker_init, initargs=(learned or [],))

    def imap(self, batches: Iterable[list[Doc]]) -> Iterator[Doc | EventwireError]:
        for results in self.pool.imap(_worker_run, batches):
            yield from results

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.close()
        self.pool.join()


def _process_parallel(
    items: Iterable[Doc | InputRejected], batch_size: int, n_process: int, learned: list[dict[str, Any]]
) -> Iterator[Doc | EventwireError]:
    # Rejections are set aside while the workers take the batches, and yielded between results.
    rejected: list[InputRejected] = []

    def batches() -> Iterator[list[Doc]]:
        for chunk in _batched(items, batch_size):
            if isinstance(chunk, InputRejected):
                rejected.append(chunk)
            else:
                yield chunk

    with WorkerPool(n_process, learned) as workers:
        for result in workers.imap(batches()):
            while rejected:
                yield rejected.pop(0)
            yield result
    while rejected:
        yield rejected.pop(0)


def _remember(pipeline: Pipeline, learned: list[dict[str, Any]]) -> None:
    resolver = _actor_stage(pipeline)
    if resolver is None or not hasattr(resolver, "remember"):
        return
    # A pipeline may serve several runs: drop the facts of the last store first,
    # then apply what this store learned about people (name, role, country).
    if hasattr(resolver, "forget"):
        resolver.forget()
    resolver.remember(learned)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """A quick count of the articles under ``paths`` (JSON Lines records counted by line), for progress bars."""
    total = 0
    for item in iter_paths(paths):
        if isinstance(item, Path) and item.suffix.lower() in JSONL_SUFFIXES:
            with item.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


@dataclass
class RunSummary:
    stored: int = 0  # articles added by this run
    unchanged: int = 0  # articles already in the store with the same content
    rejected: list[EventwireError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # totals in the store after the run


def _actor_stage(pipeline: Pipeline) -> Any:
    return next((component for name, component in pipeline.stages if name == "actors"), None)


def run(
    paths: Iterable[str | Path],
    db: str | Path = "eventwire.duckdb",
    *,
    default_date: date | None = None,
    pipeline: Pipeline | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    on_item: Callable[[Doc | EventwireError], None] | None = None,
) -> RunSummary:
    """Process articles into a DuckDB store, skipping what it already holds.

    Each article is committed with all its rows on its own, so an interrupted
    run can simply be run again.
    """
    paths = list(paths)
    summary = RunSummary()
    with Store(db) as store:
        known = store.known_hashes()

        def fresh_inputs() -> Iterator[Doc | InputRejected]:
            for item in read_inputs(paths, default_date):
                if isinstance(item, Doc) and item.content_hash in known:
                    summary.unchanged += 1
                    if on_item:
                        on_item(item)
                    continue
                yield item

        for result in process(
            fresh_inputs(),
            pipeline=pipeline,
            batch_size=batch_size,
            n_process=n_process,
            learned=store.learned_actors(),
        ):
            _record(store, summary, result)
            if on_item:
                on_item(result)
        summary.counts = store.counts()
    return summary


def _record(store: Store, summary: RunSummary, result: Doc | EventwireError) -> None:
    if isinstance(result, EventwireError):
        log.info("rejected: %s", result.message)
        summary.rejected.append(result)
        store.add_rejected(input_name(result), result.code, result.message)
        return
    if store.add_doc(result):
        summary.stored += 1
    if result.source_path:
        store.clear_rejected(result.source_path)


def input_name(error: EventwireError) -> str:
    """The input an error is about: a path, ``path:line`` for a JSON Lines record, or a doc id."""
    name = str(error.fields.get("path") or error.fields.get("doc") or "")
    if "line" in error.fields and not name.endswith(f":{error.fields['line']}"):
        name += f":{error.fields['line']}"
    return name
