"""CLI command modules beyond the core ones; each exposes ``register(app)``."""
