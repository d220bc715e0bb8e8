"""The FastAPI application: the JSON API under ``/api`` and the web page at ``/``.

from eventwire.server import make_app
app = make_app("news.duckdb")              # read-only; POST /api/ingest answers 403
app = make_app("news.duckdb", "s3cret")     # ingest enabled with that bearer token
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from eventwire import __version__
from eventwire.server.api import router
from eventwire.server.brief import router as brief_router
from eventwire.server.db import Database
from eventwire.server.errors import error_response, install_error_handlers

STATIC_DIR = Path(__file__).resolve().parent / "static"
INGEST_PATH = "/api/ingest"
# The page loads nothing from elsewhere and inserts data as text, never as HTML; the
# policy makes any injected markup inert as a second line of defence.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _token_ok(header: str | None, token: str) -> bool:
    if not header or not header.lower().startswith("bearer "):
        return False
    return hmac.compare_digest(header[7:].strip().encode("utf-8"), token.encode("utf-8"))


def make_app(db_path: str | Path, ingest_token: str | None = None) -> FastAPI:
    """Build the app over a DuckDB file written by ``eventwire run``.

    Args:
        db_path: the database. Without an ingest token it is opened read-only and must exist.
        ingest_token: enables ``POST /api/ingest`` for requests with ``Authorization: Bearer <token>``;
            the database is then opened for writing (and created if missing).
    """
    token = ingest_token or None
    db = Database(db_path, writable=token is not None)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db.open()  # reopens when the app is started again after a shutdown (test clients do that)
        yield
        db.close()  # lets other processes write to the file

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description=(
            "Political event data extracted from news articles: events (PLOVER types), actors, quotes, "
            "timelines and country dyads. Every error has the shape "
            '`{"ok": false, "error": {"code": ..., "message": ...}, "status": ...}`.'
        ),
        # The interactive docs pages load their scripts from a CDN; the spec itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.ingest_token = token
    app.state.pipeline = None
    install_error_handlers(app)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # The token is checked before the body is read, so without it nothing is parsed or run.
        if request.url.path == INGEST_PATH and request.method == "POST":
            if token is None:
                return _secure(
                    error_response(
                        403,
                        "ingest_disabled",
                        "ingest is disabled: start the server with --ingest-token or EVENTWIRE_INGEST_TOKEN",
                    )
                )
            if not _token_ok(request.headers.get("authorization"), token):
                return _secure(
                    error_response(401, "unauthorized", "missing or wrong bearer token", {"WWW-Authenticate": "Bearer"})
                )
        return _secure(await call_next(request))

    app.include_router(router)
    app.include_router(brief_router)
    if token is None:
        _document_ingest_disabled(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        page = STATIC_DIR / "index.html"
        if not page.is_file():
            return error_response(404, "not_found", "the web page was not built (run: cd web && npm run build)")
        return FileResponse(page, headers={"Cache-Control": "no-cache"})

    return app


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _document_ingest_disabled(app: FastAPI) -> None:
    """Without a token the spec says what the server does: ingest answers 403 and takes no credentials."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = build()
            operation = spec["paths"]["/api/ingest"]["post"]
            operation.pop("security", None)
            operation["responses"] = {k: v for k, v in operation["responses"].items() if k in ("403", "422", "500")}
            operation["description"] = "Disabled on this server (started without an ingest token): always 403."
            spec.get("components", {}).pop("securitySchemes", None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
