"""Pipeline stages, one module each (see ``eventwire.pipeline``)."""
