"""Library entry points: extract records from files, or run a corpus into a store.

The CLI, the server and the Spark runner are thin layers over these.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.document import Doc
from eventwire.errors import EventwireError, InputRejected, InputSkipped
from eventwire.pipeline import DEFAULT_STAGES, Pipeline, fingerprint, registered_stages
from eventwire.stages.ingest import JSONL_SUFFIXES, InputFile, iter_paths, read_inputs
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
) -> Iterator[Doc | EventwireError]:
    """Run the pipeline over ingested items, in batches, in one or several processes.

    Yields each processed Doc (with the facts it taught the actors stage in
    ``doc.learned_actors``) or the error that rejected it; rejections pass through.
    Nothing carries over from earlier runs: an article's records depend on the
    article alone, whatever the store held before and in whatever order it comes.
    With ``n_process`` > 1 the workers build ``pipeline``'s stages with its options.
    """
    if n_process > 1:
        yield from _process_parallel(items, batch_size, n_process, pipeline)
        return
    pipeline = pipeline or Pipeline()
    for chunk in _batched(items, batch_size):
        if isinstance(chunk, InputRejected):
            yield chunk
        else:
            yield from _run_batch(pipeline, chunk)


def _run_batch(pipeline: Pipeline, docs: list[Doc]) -> Iterator[Doc | EventwireError]:
    for doc, error in pipeline.pipe(docs, batch_size=len(docs)):
        yield error if error is not None else doc


# -- several processes: workers the parent watches, each building the pipeline once -------------------------------
# A worker that dies (killed, out of memory, a crash in native code) is replaced; the articles it held are tried
# once more, one per task so that a second death names the article, and then rejected (E022).
MAX_ATTEMPTS = 2


def _worker_run(pipeline: Pipeline, docs: list[Doc]) -> list[Doc | EventwireError]:
    results = list(_run_batch(pipeline, docs))
    for item in results:
        if isinstance(item, Doc):
            item.spacy_doc = None  # spaCy objects are heavy to send back; records do not need them
    return results


def _worker_main(conn: Any, stages: list[str] | None, options: dict[str, Any], imports: list[str]) -> None:
    import importlib

    for module in imports:  # stages registered outside eventwire must be registered in the worker too
        importlib.import_module(module)
    pipeline = Pipeline(stages, **options)
    while True:
        try:
            docs = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone: nothing is waiting for results
        conn.send(_worker_run(pipeline, docs))


@dataclass
class _Worker:
    process: Any
    conn: Any
    task: tuple[list[Doc], int] | None = None  # the documents it holds, and which attempt this is


def _death(process: Any) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        import signal

        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


class WorkerPool:
    """The pipeline in several worker processes, each built once; use as a context manager.

    Workers send back plain Docs (no spaCy parse), in the order they finish.
    The parent waits on both the results and the workers themselves, so a dead
    worker is noticed at once: the run never waits without progress.
    """

    def __init__(self, n_process: int, pipeline: Pipeline | None = None) -> None:
        import multiprocessing

        # spawn, not fork: the parent may hold DuckDB and spaCy threads that fork would copy half-way.
        self.context = multiprocessing.get_context("spawn")
        stages = pipeline.names if pipeline is not None else None
        options = pipeline.options if pipeline is not None else {}
        registry = registered_stages()
        imports = sorted({registry[name].module for name in stages or []} - {""})
        self.config = (stages, options, [m for m in imports if not m.startswith("eventwire.")])
        self.workers = [self._start() for _ in range(n_process)]
        self.restarts = 0

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child_end, *self.config), daemon=True)
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _replace(self, worker: _Worker) -> None:
        worker.conn.close()
        worker.process.join(timeout=5)
        self.workers[self.workers.index(worker)] = self._start()
        self.restarts += 1

    def imap(self, batches: Iterable[list[Doc]]) -> Iterator[Doc | EventwireError]:
        from multiprocessing.connection import wait

        source = iter(batches)
        retries: deque[tuple[list[Doc], int]] = deque()
        exhausted = False
        while True:
            for worker in self.workers:
                if worker.task is not None:
                    continue
                if not retries and not exhausted:
                    batch = next(source, None)
                    if batch is None:
                        exhausted = True
                    else:
                        retries.append((batch, 1))
                if retries:
                    worker.task = retries.popleft()
                    try:
                        worker.conn.send(worker.task[0])
                    except OSError:
                        pass  # it died before taking the task: the wait below notices
            busy = [w for w in self.workers if w.task is not None]
            if not busy:
                return
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.conn in ready:
                    try:
                        results = worker.conn.recv()
                    except (EOFError, OSError):
                        results = None
                    if results is not None:
                        worker.task = None
                        yield from results
                        continue
                if worker.conn in ready or worker.process.sentinel in ready:
                    worker.process.join(timeout=5)
                    if worker.process.is_alive():
                        continue
                    yield from self._lost(worker, retries)

    def _lost(self, worker: _Worker, retries: deque[tuple[list[Doc], int]]) -> Iterator[EventwireError]:
        """A worker died holding ``worker.task``: try its articles again one by one, or reject them."""
        assert worker.task is not None
        docs, attempt = worker.task
        why = _death(worker.process)
        log.warning("a worker process died (%s) holding %d article(s); starting a new one", why, len(docs))
        worker.task = None
        self._replace(worker)
        if attempt < MAX_ATTEMPTS:
            retries.extendleft(([doc], attempt + 1) for doc in reversed(docs))
            return
        for doc in docs:
            yield InputRejected("E022", doc=doc.id, path=doc.source_path or doc.id, detail=why)

    def close(self) -> None:
        for worker in self.workers:
            worker.conn.close()
        for worker in self.workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _process_parallel(
    items: Iterable[Doc | InputRejected], batch_size: int, n_process: int, pipeline: Pipeline | None
) -> Iterator[Doc | EventwireError]:
    # Rejections are set aside while the workers take the batches, and yielded between results.
    rejected: list[InputRejected] = []

    def batches() -> Iterator[list[Doc]]:
        for chunk in _batched(items, batch_size):
            if isinstance(chunk, InputRejected):
                rejected.append(chunk)
            else:
                yield chunk

    with WorkerPool(n_process, pipeline) as workers:
        for result in workers.imap(batches()):
            while rejected:
                yield rejected.pop(0)
            yield result
    while rejected:
        yield rejected.pop(0)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """A quick count of the articles under ``paths`` (JSON Lines records counted by line), for progress bars.

    Only regular files are opened (a named pipe would block), and one that cannot be read counts as one input.
    """
    total = 0
    for item in iter_paths(paths):
        if isinstance(item, InputFile) and item.path.suffix.lower() in JSONL_SUFFIXES:
            try:
                with item.path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


@dataclass
class RunSummary:
    stored: int = 0  # articles written by this run (new or updated)
    updated: int = 0  # of those, articles whose input changed since they were stored
    unchanged: int = 0  # articles already in the store with the same content
    recoded: int = 0  # of those stored, articles another pipeline had coded (same content, new code or data)
    stale: int = 0  # articles in the store another pipeline coded, left as they are (see ``reprocess``)
    rejected: list[EventwireError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # totals in the store after the run

    @property
    def skipped(self) -> list[EventwireError]:
        """Files inside folders that could not be articles (also in ``rejected``)."""
        return [e for e in self.rejected if isinstance(e, InputSkipped)]


DUPLICATE_POLICIES = ("reject", "rename")


def _source_file(source: str | None) -> str:
    # "corpus.jsonl:7" is record 7 of corpus.jsonl: a record may move to another line and still be the same input.
    base = re.sub(r":\d+$", "", source or "")
    return os.path.realpath(base) if base else ""


class DocumentIds:
    """Keeps document ids unique in a store: what is stored, and what this run has seen so far.

    ``check`` tells whether a document is new, an update of the same input,
    unchanged, or a different input that wants an id already taken (then it
    returns the source that holds the id).
    """

    def __init__(self, stored: dict[str, tuple[str, str | None, str | None]], fingerprint: str | None = None) -> None:
        self.stored = stored
        self.fingerprint = fingerprint
        self.seen: dict[str, tuple[str, str | None]] = {}

    def check(self, doc: Doc) -> tuple[str, str | None]:
        earlier = self.seen.get(doc.id)
        if earlier is not None:
            return ("unchanged", None) if earlier[0] == doc.content_hash else ("taken", earlier[1])
        stored = self.stored.get(doc.id)
        if stored is not None and stored[0] != doc.content_hash and _source_file(stored[1]) != _source_file(
            doc.source_path
        ):
            return "taken", stored[1]
        self.seen[doc.id] = (doc.content_hash, doc.source_path)
        if stored is None:
            return "new", None
        if stored[0] != doc.content_hash:
            return "update", None
        # The same input, coded by another pipeline (other code, data or models): coded again.
        return ("unchanged", None) if self.fingerprint is None or stored[2] == self.fingerprint else ("stale", None)


def derived_id(doc: Doc) -> str:
    """The id a document with a taken id gets under ``--duplicate-ids rename``: the same for the same input."""
    return f"{doc.id}~{doc.content_hash[:8]}"


def run(
    paths: Iterable[str | Path],
    db: str | Path = "eventwire.duckdb",
    *,
    default_date: date | None = None,
    pipeline: Pipeline | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    on_item: Callable[[Doc | EventwireError], None] | None = None,
    duplicate_ids: str = "reject",
    init: bool = False,
    reprocess: bool = False,
) -> RunSummary:
    """Process articles into a DuckDB store, skipping what it already holds.

    Each article is committed with all its rows on its own, so an interrupted
    run can simply be run again. A document id names one article per store: a
    different input with an id already taken is rejected (E015), or stored under
    :func:`derived_id` with ``duplicate_ids="rename"``; the same input with new
    text updates its article. ``init`` lets the store add its tables to a DuckDB
    file that holds other tables.

    Each article records the fingerprint of the pipeline that coded it (version, stages, options, data
    files, models): an input whose article another pipeline coded is coded again. ``reprocess`` also
    recodes every other such article from the text the store holds.
    """
    if duplicate_ids not in DUPLICATE_POLICIES:
        raise ValueError(f"duplicate_ids must be one of {DUPLICATE_POLICIES}, not {duplicate_ids!r}")
    paths = list(paths)
    summary = RunSummary()
    current = pipeline.fingerprint if pipeline is not None else fingerprint(DEFAULT_STAGES, {})
    with Store(db, init=init) as store:
        ids = DocumentIds(store.stored_documents(), current)
        updates: set[str] = set()
        recodes: set[str] = set()

        def unchanged(doc: Doc) -> None:
            summary.unchanged += 1
            if on_item:
                on_item(doc)

        def fresh_inputs() -> Iterator[Doc | InputRejected]:
            for item in read_inputs(paths, default_date):
                if not isinstance(item, Doc):
                    yield item
                    continue
                verdict, holder = ids.check(item)
                if verdict == "taken":
                    derived = derived_id(item)
                    if duplicate_ids == "reject":
                        yield InputRejected(
                            "E015", path=item.source_path or item.id, doc=item.id, other=holder, derived=derived
                        )
                        continue
                    item = dataclasses.replace(item, id=derived, content_hash="")
                    verdict, holder = ids.check(item)
                    if verdict == "taken":  # the derived id is taken too: a prefix collision of two hashes
                        yield InputRejected(
                            "E015", path=item.source_path or item.id, doc=item.id, other=holder, derived=derived
                        )
                        continue
                if verdict == "unchanged":
                    unchanged(item)
                    continue
                if verdict == "update":
                    updates.add(item.id)
                if verdict == "stale":
                    recodes.add(item.id)
                yield item
            if reprocess:
                for row in store.stale_articles(current):
                    if row["doc"] not in ids.seen:
                        recodes.add(row["doc"])
                        yield _stored_doc(row)

        for result in process(fresh_inputs(), pipeline=pipeline, batch_size=batch_size, n_process=n_process):
            _record(store, summary, result, updates | recodes)
            summary.recoded += not isinstance(result, EventwireError) and result.id in recodes
            if on_item:
                on_item(result)
        summary.stale = len(store.stale_articles(current))
        summary.counts = store.counts()
    return summary


def _stored_doc(row: dict) -> Doc:
    """A stored article as an input again, with the content hash it was stored under."""
    source = row["date_source"] or ""
    given = row["date"] if source and not source.startswith("inferred") else None  # a date the input carried
    return Doc(id=row["doc"], original=row["text"], title=row["title"], date=given,
               date_source=source if given else None, url=row["url"], outlet=row["outlet"],
               source_path=row["source_path"], content_hash=row["content_hash"])


def _record(store: Store, summary: RunSummary, result: Doc | EventwireError, updates: set[str]) -> None:
    if isinstance(result, EventwireError):
        log.info("rejected: %s", result.message)
        summary.rejected.append(result)
        store.add_rejected(input_name(result), result.code, result.message)
        return
    if store.add_doc(result):
        summary.stored += 1
        summary.updated += result.id in updates
    if result.source_path:
        store.clear_rejected(result.source_path)


def input_name(error: EventwireError) -> str:
    """The input an error is about: a path, ``path:line`` for a JSON Lines record, or a doc id."""
    name = str(error.fields.get("path") or error.fields.get("doc") or "")
    if "line" in error.fields and not name.endswith(f":{error.fields['line']}"):
        name += f":{error.fields['line']}"
    return name
