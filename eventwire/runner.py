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
) -> Iterator[Doc | EventwireError]:
    """Process every article under ``paths``; yield each processed Doc or the error that rejected an input."""
    pipeline = pipeline or Pipeline()
    pending: list[Doc] = []
    for item in read_inputs(paths, default_date):
        if isinstance(item, InputRejected):
            yield item
            continue
        pending.append(item)
        if len(pending) >= batch_size:
            yield from _process(pipeline, pending)
            pending = []
    if pending:
        yield from _process(pipeline, pending)


def _process(pipeline: Pipeline, docs: list[Doc]) -> Iterator[Doc | EventwireError]:
    for doc, error in pipeline.pipe(docs, batch_size=len(docs)):
        yield error if error is not None else doc


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


def _learned_facts(doc: Doc) -> list[dict[str, Any]]:
    try:
        from eventwire.stages.actors import learned_facts
    except ImportError:
        return []
    return learned_facts(doc)


def run(
    paths: Iterable[str | Path],
    db: str | Path = "eventwire.duckdb",
    *,
    default_date: date | None = None,
    pipeline: Pipeline | None = None,
    batch_size: int = 16,
    on_item: Callable[[Doc | EventwireError], None] | None = None,
) -> RunSummary:
    """Process articles into a DuckDB store, skipping what it already holds.

    Each article is committed with all its rows on its own, so an interrupted
    run can simply be run again.
    """
    paths = list(paths)
    pipeline = pipeline or Pipeline()
    summary = RunSummary()
    with Store(db) as store:
        known = store.known_hashes()
        resolver = _actor_stage(pipeline)
        if resolver is not None and hasattr(resolver, "remember"):
            # What earlier runs learned about people (name, role, country) helps this one.
            resolver.remember(store.learned_actors())

        def fresh_inputs() -> Iterator[Doc | InputRejected]:
            for item in read_inputs(paths, default_date):
                if isinstance(item, Doc) and item.content_hash in known:
                    summary.unchanged += 1
                    if on_item:
                        on_item(item)
                    continue
                yield item

        pending: list[Doc] = []

        def flush() -> None:
            for result in _process(pipeline, pending):
                _record(store, summary, result)
                if on_item:
                    on_item(result)
            pending.clear()

        for item in fresh_inputs():
            if isinstance(item, InputRejected):
                _record(store, summary, item)
                if on_item:
                    on_item(item)
                continue
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        flush()
        summary.counts = store.counts()
    return summary


def _record(store: Store, summary: RunSummary, result: Doc | EventwireError) -> None:
    if isinstance(result, EventwireError):
        log.warning("rejected: %s", result.message)
        summary.rejected.append(result)
        store.add_rejected(input_name(result), result.code, result.message)
        return
    if store.add_doc(result, _learned_facts(result)):
        summary.stored += 1
    if result.source_path:
        store.clear_rejected(result.source_path)


def input_name(error: EventwireError) -> str:
    """The input an error is about: a path, ``path:line`` for a JSON Lines record, or a doc id."""
    name = str(error.fields.get("path") or error.fields.get("doc") or "")
    if "line" in error.fields and not name.endswith(f":{error.fields['line']}"):
        name += f":{error.fields['line']}"
    return name
