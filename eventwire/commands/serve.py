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
        allowed_host: list[str] = typer.Option(
            [],
            "--allowed-host",
            envvar="EVENTWIRE_ALLOWED_HOSTS",
            help="A Host name to answer to besides localhost, 127.0.0.1 and ::1 (repeat for more; '*' for any). "
            "The address given to --host is allowed too.",
        ),
        max_body_mb: float = typer.Option(
            8.0, "--max-body-mb", min=0.001, help="Largest ingest body in MB; larger ones get 413 unread."
        ),
    ) -> None:
        """Serve the JSON API (/api, spec at /openapi.json) and the web page (/) over a database.

        Example: eventwire serve --db news.duckdb --port 8000
        """
        import uvicorn

        from eventwire.errors import EventwireError
        from eventwire.server import make_app

        hosts = [*allowed_host, *([host] if host not in ("0.0.0.0", "::", "") else [])]
        for warning in serve_warnings(host, ingest_token, hosts):
            typer.echo(f"eventwire serve: warning: {warning}", err=True)
        try:
            application = make_app(db, ingest_token=ingest_token, hosts=hosts, max_body=int(max_body_mb * 1024 * 1024))
        except EventwireError as exc:
            typer.echo(f"eventwire serve: [{exc.code}] {exc.message}", err=True)
            if exc.code in ("E001", "E209"):  # a missing file; a locked or damaged one needs other advice
                typer.echo(f"(create a database with: eventwire run PATH --db {db})", err=True)
            raise typer.Exit(2) from None
        mode = "ingest enabled" if ingest_token else "read-only"
        log_level = os.environ.get("EVENTWIRE_LOG_LEVEL", "warning")
        typer.echo(f"eventwire: serving {db} ({mode}) on http://{host}:{port}/", err=True)
        uvicorn.run(application, host=host, port=port, log_level=log_level)


def serve_warnings(host: str, token: str | None, hosts: list[str]) -> list[str]:
    """What a user should know before serving: a token sent in clear, a server no browser may reach."""
    from eventwire.server.guard import is_loopback

    warnings = []
    if token and not is_loopback(host):
        warnings.append(
            f"the ingest token is accepted on {host}, a non-loopback address, over plain HTTP: anyone on the "
            "network path can read it. Serve on 127.0.0.1 behind a TLS proxy, or keep ingest off."
        )
    if host in ("0.0.0.0", "::") and not [h for h in hosts if not is_loopback(h)]:
        warnings.append(
            f"listening on {host}, but only localhost names are allowed as Host: add --allowed-host NAME "
            "for the name other machines use"
        )
    return warnings
