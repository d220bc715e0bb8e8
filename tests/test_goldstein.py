"""The Goldstein scale data file: the facts of the CAMEO scale, validated, with fallbacks for unlisted codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventwire import goldstein
from eventwire.contract import PLOVER_TYPES
from eventwire.errors import PipelineConfigError

ROOT = Path(__file__).resolve().parent.parent


def test_goldstein_scale_holds_every_code_of_the_shared_scale(shared_dir):
    lines = (shared_dir / "ontology" / "CAMEO_goldsteinscale.txt").read_text(encoding="ascii").splitlines()[1:]
    facts = {code: float(value) for code, value in (line.split("\t") for line in lines if line.strip())}
    assert goldstein.scale() == facts
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_goldstein.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_goldstein_score_takes_the_code_then_its_parent_then_the_type_root():
    scale = goldstein.scale()
    assert goldstein.score("1121") == scale["1121"]
    assert "1129" not in scale
    assert goldstein.score("1129") == scale["112"]
    assert goldstein.score(None, "ASSAULT") == scale["18"] == -9.0
    assert goldstein.score(None, "RETREAT") == scale["087"]
    assert goldstein.score("", "CONSULT") == scale["04"]
    assert goldstein.score(None, "NOT-A-TYPE") is None
    assert goldstein.score(None) is None
    assert set(goldstein.plover_roots()) == set(PLOVER_TYPES)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("01\t0\n01\t1\n", "duplicate code 01"),
        ("1x\t0\n", "not a CAMEO code"),
        ("01\t11\n", "outside -10..10"),
        ("01\tmany\n", "is not a number"),
        ("01\t0\t2\n", "expected 2 columns"),
        ("01\t0\n", "root codes missing: 02"),
    ],
)
def test_goldstein_bad_scale_file_is_a_coded_error_naming_the_line(tmp_path, text, problem):
    path = tmp_path / "scale.tsv"
    path.write_text("# header\n" + text, encoding="utf-8")
    with pytest.raises(PipelineConfigError) as info:
        goldstein.parse_scale(path)
    assert info.value.code == "E113"
    assert "scale.tsv" in info.value.message and problem in info.value.message


def test_goldstein_bad_roots_file_is_a_coded_error(tmp_path):
    path = tmp_path / "roots.tsv"
    path.write_text("AGREE\t03\nTALK\t04\n", encoding="utf-8")
    with pytest.raises(PipelineConfigError, match=r"roots.tsv:2: 'TALK' is not a PLOVER type"):
        goldstein.parse_roots(path, goldstein.scale())
    path.write_text("AGREE\t03\n", encoding="utf-8")
    with pytest.raises(PipelineConfigError, match="PLOVER types missing: CONSULT"):
        goldstein.parse_roots(path, goldstein.scale())
    path.write_text("AGREE\t99\n", encoding="utf-8")
    with pytest.raises(PipelineConfigError, match="code 99 is not on the Goldstein scale"):
        goldstein.parse_roots(path, goldstein.scale())
