"""Where eventwire finds its package data and the shared evaluation material."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
SAMPLES_DIR = PACKAGE_DIR / "samples"


def shared_dir() -> Path:
    """The shared gold data and corpora: ``$EVENTWIRE_SHARED`` or ``../shared`` beside the checkout."""
    env = os.environ.get("EVENTWIRE_SHARED")
    if env:
        return Path(env)
    return PACKAGE_DIR.parent.parent / "shared"
