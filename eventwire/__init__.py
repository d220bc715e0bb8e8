"""eventwire: political event data from news articles.

Library first: ``eventwire.extract`` and ``eventwire.pipeline.Pipeline`` do
the work; the CLI and the server are thin layers over them.
"""

__version__ = "0.1.0"
