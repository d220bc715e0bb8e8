"""The FastAPI application: the JSON API under ``/api`` and the web page at ``/``.

from eventwire.server import make_app
app = make_app("news.duckdb")              # read-only; POST /api/ingest answers 403
app = make_app("news.duckdb", "s3cret")     # ingest enabled with that bearer token
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Response
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from eventwire import __version__
from eventwire.server import aggregates, api, brief, ingest
from eventwire.server.db import Database
from eventwire.server.errors import error_response, install_error_handlers
from eventwire.server.guard import DEFAULT_MAX_BODY, Guard, allowed_hosts

STATIC_DIR = Path(__file__).resolve().parent / "static"
# Answers from this size on are gzipped (500 events: 390 KB -> about 90 KB); below it, compressing costs
# more time than it saves on loopback.
GZIP_MIN_SIZE = 64 * 1024


def make_app(
    db_path: str | Path,
    ingest_token: str | None = None,
    *,
    hosts: Iterable[str] = (),
    max_body: int = DEFAULT_MAX_BODY,
) -> FastAPI:
    """Build the app over a DuckDB file written by ``eventwire run``.

    Args:
        db_path: the database. Without an ingest token it is opened read-only and must exist.
        ingest_token: enables ``POST /api/ingest`` for requests with ``Authorization: Bearer <token>``;
            the database is then opened for writing (and created if missing).
        hosts: Host names the server answers to besides localhost, 127.0.0.1 and ::1 (``*``: any).
        max_body: the largest ingest body, in bytes; larger ones are refused before they are read.
    """
    token = ingest_token or None
    db = Database(db_path, writable=token is not None)
    jobs = ingest.IngestQueue(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db.open()  # reopens when the app is started again after a shutdown (test clients do that)
        yield
        jobs.close()
        db.close()  # lets other processes write to the file

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description=(
            "Political event data extracted from news articles: events (PLOVER types), actors, quotes, "
            "timelines, country dyads and networks. Every error has the shape "
            '`{"ok": false, "error": {"code": ..., "message": ...}, "status": ...}`. '
            "Unknown query parameters are an error (422)."
        ),
        # The interactive docs pages load their scripts from a CDN; the spec itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.ingest_token = token
    app.state.ingest_queue = jobs
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(aggregates.router)
    app.include_router(brief.router)
    app.include_router(ingest.router)
    if token is None:
        _document_ingest_disabled(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = STATIC_DIR / "index.html"
        if not page.is_file():
            return error_response(404, "not_found", "the web page was not built (run: cd web && npm run build)")
        return FileResponse(page, headers={"Cache-Control": "no-cache"})

    # Outermost first: the guard refuses foreign hosts, missing tokens and large bodies before anything runs.
    # Level 1: most of the saving for a quarter of the default level's time.
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_SIZE, compresslevel=1)
    app.add_middleware(Guard, token=token, hosts=allowed_hosts(hosts), max_body=max_body)
    return app


def _document_ingest_disabled(app: FastAPI) -> None:
    """Without a token the spec says what the server does: ingest answers 403 and takes no credentials."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            for path, method in (("/api/ingest", "post"), ("/api/ingest/{job_id}", "get")):
                operation = spec["paths"][path][method]
                operation.pop("security", None)
                operation["responses"] = {k: v for k, v in operation["responses"].items() if k in ("403", "500")}
                operation["description"] = "Disabled on this server (started without an ingest token): always 403."
            spec.get("components", {}).pop("securitySchemes", None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
