"""``POST /api/ingest``: articles are queued and processed off the request thread.

The pipeline runs in one worker process (spawned once, on the first ingest), so a long
article holds neither a request thread nor the server's interpreter: reads keep answering
while it is processed. A thread hands jobs to that process one at a time and writes each
result through the store's single writer. ``GET /api/ingest/{job}`` tells how a job stands.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fastapi import APIRouter, Query, Request, Response, Security
from fastapi.security import HTTPBearer

from eventwire.server import models as m
from eventwire.server.db import Database
from eventwire.server.errors import ApiError, error_responses
from eventwire.server.filters import EVENT_SELECT, Db, event_out

log = logging.getLogger("eventwire.server")
router = APIRouter(prefix="/api", responses=error_responses(422, 500))
bearer = HTTPBearer(auto_error=False, description="The ingest token given to `eventwire serve`.")
KEEP_JOBS = 1000  # finished jobs remembered for the status endpoint


# -- the worker process ----------------------------------------------------------------------------------------

_WORKER_PIPELINE: Any = None


def _worker_init() -> None:
    global _WORKER_PIPELINE
    from eventwire.pipeline import Pipeline

    _WORKER_PIPELINE = Pipeline()


def _worker_process(doc_id: str, text: str, title: str | None, day: date | None) -> Any:
    """Runs in the worker: the processed Doc (without its spaCy parse), or the error the pipeline gave."""
    from eventwire.document import Doc

    doc = Doc(doc_id, text, title=title, date=day, date_source="given" if day else None)
    doc, error = next(iter(_WORKER_PIPELINE.pipe([doc])))
    if error is not None:
        return error
    doc.spacy_doc = None  # heavy to send back; the records do not need it
    return doc


# -- jobs --------------------------------------------------------------------------------------------------------


@dataclass
class Job:
    id: str
    doc: str
    text: str
    title: str | None
    date: date | None
    status: str = "queued"
    queued_at: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None
    stored: bool | None = None
    error: tuple[int, str, str] | None = None  # (HTTP status, code, message)

    def view(self, db: Database) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ok": self.status != "failed",
            "job": self.id,
            "doc": self.doc,
            "status": self.status,
            "status_url": f"/api/ingest/{self.id}",
            "queued_at": self.queued_at,
            "seconds": round((self.finished or time.time()) - self.started, 3) if self.started else None,
        }
        if self.status == "done":
            rows = db.query(f"{EVENT_SELECT} WHERE e.doc = ? ORDER BY e.evidence_start, e.event_id", [self.doc])
            out.update(stored=self.stored, n_events=len(rows), events=[event_out(r) for r in rows])
        if self.error:
            out["error"] = {"code": self.error[1], "message": self.error[2]}
        return out


class IngestQueue:
    """Jobs in arrival order, processed one at a time by the worker process."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._executor: ProcessPoolExecutor | None = None
        self._thread: threading.Thread | None = None

    def submit(self, doc_id: str, text: str, title: str | None, day: date | None, replace: bool) -> Job:
        with self._lock:
            pending = any(j.doc == doc_id and j.status in ("queued", "running") for j in self.jobs.values())
            if pending or (not replace and self._stored(doc_id)):
                raise ApiError(
                    409,
                    "already_exists",
                    f"an article with id '{doc_id}' is {'being processed' if pending else 'stored'}; "
                    + ("wait for its job to finish" if pending else "send replace=true to replace it"),
                )
            job = Job(uuid.uuid4().hex[:16], doc_id, text, title, day)
            self.jobs[job.id] = job
            while len(self.jobs) > KEEP_JOBS:
                oldest = next(iter(self.jobs.values()))
                if oldest.status in ("queued", "running"):
                    break
                self.jobs.popitem(last=False)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="eventwire-ingest", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def _stored(self, doc_id: str) -> bool:
        return bool(self.db.query("SELECT 1 AS found FROM articles WHERE doc = ?", [doc_id]))

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            job.status, job.started = "running", time.time()
            try:
                self._process(job)
            except Exception as exc:  # the job fails; the queue goes on
                log.exception("ingest job %s failed", job.id)
                job.error = (500, "internal_error", f"internal error ({type(exc).__name__})")
            job.status = "failed" if job.error else "done"
            job.finished = time.time()
            job.text = ""  # the stored article keeps it; the job need not

    def _process(self, job: Job) -> None:
        from eventwire.errors import EventwireError

        if self._executor is None:
            import multiprocessing

            # spawn, not fork: the server holds DuckDB and event-loop threads that fork would copy half-way.
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(1, mp_context=context, initializer=_worker_init)
        try:
            result = self._executor.submit(_worker_process, job.doc, job.text, job.title, job.date).result()
        except BrokenProcessPool:
            self._executor = None  # the next job starts a fresh worker
            job.error = (500, "worker_crashed", "the pipeline's worker process died (out of memory?)")
            return
        store = self.db.require()
        with self.db.write_lock:
            if isinstance(result, EventwireError):
                store.add_rejected(job.doc, result.code, result.message)
                job.error = (422, result.code, result.message)
                return
            job.stored = store.add_doc(result)

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def ingest_queue(request: Request) -> IngestQueue:
    return request.app.state.ingest_queue


@router.post(
    "/ingest",
    response_model=m.IngestJob,
    status_code=202,
    dependencies=[Security(bearer)],  # documents the scheme; the check runs first, in the guard
    responses={**error_responses(401, 403, 409, 413)},
    summary="Queue one article to be processed and stored (needs the ingest token)",
)
def ingest(
    db: Db,
    body: m.IngestRequest,
    request: Request,
    response: Response,
    replace: bool = Query(False, description="Replace a stored article with the same id (else 409)."),
) -> dict[str, Any]:
    if not body.text.strip():
        raise ApiError(422, "invalid_request", "'text' is empty")
    doc_id = body.id or "ingest-" + hashlib.sha1(body.text.encode("utf-8")).hexdigest()[:12]
    job = ingest_queue(request).submit(doc_id, body.text, body.title, body.date, replace)
    response.headers["Location"] = f"/api/ingest/{job.id}"
    return job.view(db)


@router.get(
    "/ingest/{job_id}",
    response_model=m.IngestJob,
    dependencies=[Security(bearer)],
    responses={**error_responses(401, 403, 404)},
    summary="How an ingest job stands; once done, the events found (needs the ingest token)",
)
def ingest_status(db: Db, job_id: str, request: Request) -> dict[str, Any]:
    job = ingest_queue(request).get(job_id)
    if job is None:
        raise ApiError(404, "not_found", f"no ingest job '{job_id}' (finished jobs are kept for the last {KEEP_JOBS})")
    return job.view(db)
