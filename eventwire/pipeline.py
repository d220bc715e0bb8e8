"""Stage registry and the ordered list of stage names.

A stage is a callable ``Doc -> Doc`` registered by name with what it reads
(``requires``) and writes (``assigns``); the pipeline checks the order when it
is built. A stage may also offer ``pipe(docs)`` to process a batch at once
(the nlp stage uses it to batch spaCy).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from eventwire.document import Doc
from eventwire.errors import EventwireError, InputRejected, PipelineConfigError

log = logging.getLogger("eventwire")

DEFAULT_STAGES: list[str] = ["repair", "nlp", "time", "actors", "events", "quotes"]


@dataclass
class StageInfo:
    name: str
    factory: Callable[..., Any]
    requires: list[str] = field(default_factory=list)
    assigns: list[str] = field(default_factory=list)
    module: str = ""


_REGISTRY: dict[str, StageInfo] = {}
# What decides a pipeline's output besides its code: the data files and the trained models it reads.
_FINGERPRINTED = ("data", "models")


@functools.lru_cache(maxsize=1)
def _data_digest() -> str:
    from eventwire.paths import PACKAGE_DIR

    digest = hashlib.sha256()
    for folder in _FINGERPRINTED:
        for path in sorted((PACKAGE_DIR / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def fingerprint(stages: list[str], options: dict[str, Any]) -> str:
    """What made a stored article's records: eventwire's version, the stages and their options, and the
    data files and models they read. A store recodes an article whose fingerprint differs."""
    from eventwire import __version__

    spec = json.dumps({"version": __version__, "stages": list(stages), "options": options, "data": _data_digest()},
                      sort_keys=True, default=repr)
    return hashlib.sha256(spec.encode()).hexdigest()[:16]


def stage(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()) -> Callable:
    """Register a stage factory under ``name``.

    The decorated object is a factory: called with keyword options it returns
    the ``Doc -> Doc`` callable. A plain function over a Doc is its own factory
    when it takes the Doc as its only argument; use a class for stateful stages.
    """

    def register(factory: Callable) -> Callable:
        if name in _REGISTRY and _REGISTRY[name].factory is not factory:
            raise PipelineConfigError("E103", name=name)
        _REGISTRY[name] = StageInfo(name, factory, list(requires), list(assigns), factory.__module__)
        return factory

    return register


def _load_builtin_stages() -> None:
    # Importing the modules runs their @stage decorators.
    from eventwire.stages import actors, events, nlp, quotes, repair, time  # noqa: F401


def registered_stages() -> dict[str, StageInfo]:
    _load_builtin_stages()
    return dict(_REGISTRY)


class Pipeline:
    """An ordered list of stages, built once and applied to many documents."""

    def __init__(self, stages: list[str] | None = None, **options: Any) -> None:
        registry = registered_stages()
        self.names = list(stages or DEFAULT_STAGES)
        self.options = options  # kept so that worker processes can build the same pipeline
        self.fingerprint = fingerprint(self.names, options)
        assigned: set[str] = {"doc.original", "doc.id", "doc.date", "doc.title"}
        self.stages: list[tuple[str, Any]] = []
        for name in self.names:
            if name not in registry:
                raise PipelineConfigError("E101", name=name, available=", ".join(sorted(registry)))
            info = registry[name]
            for need in info.requires:
                if need not in assigned:
                    raise PipelineConfigError("E102", name=name, needs=need, pipeline=" -> ".join(self.names))
            assigned.update(info.assigns)
            self.stages.append((name, info.factory(**options.get(name, {}))))

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc], raise_errors=True)))[0]

    def pipe(
        self, docs: Iterable[Doc], *, batch_size: int = 32, raise_errors: bool = False
    ) -> Iterator[tuple[Doc, EventwireError | None]]:
        """Process documents in batches; yield ``(doc, error)`` pairs.

        A document that fails in a stage is yielded with an ``InputRejected``
        (E013) and dropped from the rest of its batch, unless ``raise_errors``.
        """
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch, raise_errors)
                batch = []
        if batch:
            yield from self._run_batch(batch, raise_errors)

    def _run_batch(self, batch: list[Doc], raise_errors: bool) -> Iterator[tuple[Doc, EventwireError | None]]:
        alive = list(batch)
        failed: dict[int, EventwireError] = {}
        for name, component in self.stages:
            if hasattr(component, "pipe"):
                started = time.perf_counter()
                try:
                    alive = list(component.pipe(alive))
                except Exception:
                    if raise_errors:
                        raise
                    # Fall back to one document at a time to isolate the bad one.
                    alive = self._one_by_one(name, component.__call__, alive, failed)
                else:
                    share = (time.perf_counter() - started) / max(len(alive), 1)
                    for doc in alive:
                        doc.timings[name] = doc.timings.get(name, 0.0) + share
            else:
                if raise_errors:
                    for doc in alive:
                        started = time.perf_counter()
                        component(doc)
                        doc.timings[name] = doc.timings.get(name, 0.0) + time.perf_counter() - started
                else:
                    alive = self._one_by_one(name, component, alive, failed)
        for doc in alive:
            doc.pipeline = self.fingerprint
        survivors = {id(doc) for doc in alive}
        for doc in batch:
            yield doc, (None if id(doc) in survivors else failed.get(id(doc)))

    @staticmethod
    def _one_by_one(
        name: str, fn: Callable[[Doc], Any], docs: list[Doc], failed: dict[int, EventwireError]
    ) -> list[Doc]:
        kept = []
        for doc in docs:
            started = time.perf_counter()
            try:
                fn(doc)
            except Exception as exc:  # one bad document never stops the batch
                log.warning("document %s failed in stage %s: %s", doc.id, name, exc)
                failed[id(doc)] = InputRejected("E013", doc=doc.id, stage=name, detail=f"{type(exc).__name__}: {exc}")
                continue
            doc.timings[name] = doc.timings.get(name, 0.0) + time.perf_counter() - started
            kept.append(doc)
        return kept
