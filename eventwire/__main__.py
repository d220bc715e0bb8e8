"""``python -m eventwire`` runs the CLI."""

from eventwire.cli import app

app()
