"""The bundled sample articles: well-formed, documented, and usable by the pipeline."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from eventwire.document import Doc
from eventwire.paths import SAMPLES_DIR

NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.txt$")
SAMPLES = sorted(SAMPLES_DIR.glob("*.txt"))


def _sample_date(path: Path) -> date:
    match = NAME.match(path.name)
    assert match, f"{path.name} is not named YYYY-MM-DD-slug.txt"
    return date(int(match[1]), int(match[2]), int(match[3]))


def test_sample_count() -> None:
    assert 10 <= len(SAMPLES) <= 20


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_is_well_formed(path: Path) -> None:
    published = _sample_date(path)  # also checks the name shape and that the date exists
    assert date(2019, 1, 1) <= published <= date(2025, 12, 31)
    text = path.read_bytes().decode("utf-8")  # strict: fails on anything but UTF-8
    lines = text.split("\n")
    headline = lines[0].strip()
    assert headline and not headline.endswith("."), "first line must be a headline"
    assert lines[1] == "", "a blank line must follow the headline"
    body = "\n".join(lines[2:])
    assert 150 <= len(text.split()) <= 300
    assert '"' in body, "each sample carries at least one direct quote"


def test_every_sample_is_cited() -> None:
    sources = (SAMPLES_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "Apache-2.0" in sources
    cited = set(re.findall(r"`(\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.txt)`", sources))
    assert cited == {p.name for p in SAMPLES}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_runs_through_pipeline(pipeline, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = pipeline(Doc(path.stem, text, date=_sample_date(path)))
    resolved = [t for t in doc.times if t.value_start is not None]
    assert resolved, "no time expression was resolved to a date"
    with_country = [m for m in doc.mentions if m.actor is not None and m.actor.country]
    assert with_country, "no actor mention was resolved to a country"
