"""Fixtures shared by every test module (one conftest, as in spaCy)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.document import Doc
from eventwire.paths import shared_dir as _shared_dir

ZAOBAO_ID = "zaobao-2023-03-17-china-russia"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = _shared_dir()
    if not path.is_dir():
        pytest.fail(f"the shared evaluation material is missing: {path} (set EVENTWIRE_SHARED)")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def zaobao_text(shared_dir: Path) -> str:
    return (shared_dir / "articles" / f"{ZAOBAO_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def zaobao_doc(pipeline, zaobao_text: str) -> Doc:
    """The sample machine-translated article, processed once per session with its date given."""
    return pipeline(Doc(ZAOBAO_ID, zaobao_text, date=date(2023, 3, 17)))
