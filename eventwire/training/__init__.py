"""Building the trained coder's models from the coded corpus (``eventwire train``)."""
