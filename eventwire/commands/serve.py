"""``eventwire serve``: the HTTP API and web page over a database."""

from __future__ import annotations

import os
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Path = typer.Option("eventwire.duckdb", "--db", help="DuckDB file written by `eventwire run`."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
        ingest_token: str | None = typer.Option(
            None,
            "--ingest-token",
            envvar="EVENTWIRE_INGEST_TOKEN",
            help="Enable POST /api/ingest for requests with 'Authorization: Bearer TOKEN' (default: disabled).",
        ),
    ) -> None:
        """Serve the JSON API (/api, spec at /openapi.json) and the web page (/) over a database.

        Example: eventwire serve --db news.duckdb --port 8000
        """
        import uvicorn

        from eventwire.errors import EventwireError
        from eventwire.server import make_app

        try:
            application = make_app(db, ingest_token=ingest_token)
        except EventwireError as exc:
            typer.echo(f"eventwire serve: [{exc.code}] {exc.message}", err=True)
            if exc.code in ("E001", "E209"):  # a missing file; a locked or damaged one needs other advice
                typer.echo(f"(create a database with: eventwire run PATH --db {db})", err=True)
            raise typer.Exit(2) from None
        mode = "ingest enabled" if ingest_token else "read-only"
        typer.echo(f"eventwire: serving {db} ({mode}) on http://{host}:{port}/", err=True)
        uvicorn.run(application, host=host, port=port, log_level=os.environ.get("EVENTWIRE_LOG_LEVEL", "warning"))
