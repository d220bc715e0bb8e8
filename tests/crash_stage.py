"""A stage that kills its own process on a marked article: a real worker death, for tests/test_runner.py.

Workers import this module by name (the runner passes the modules of stages
registered outside eventwire), so the stage exists in them too.
"""

from __future__ import annotations

import os
import signal

from eventwire.document import Doc
from eventwire.pipeline import stage

MARKER = "[crash-this-worker]"


@stage("crash_on_marker", requires=["doc.text"])
class CrashOnMarker:
    def __call__(self, doc: Doc) -> Doc:
        if MARKER in doc.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return doc
