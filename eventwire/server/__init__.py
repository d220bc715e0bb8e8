"""The HTTP API and the web page over an eventwire DuckDB file (``eventwire serve``)."""

from __future__ import annotations

from eventwire.server.app import make_app

__all__ = ["make_app"]
