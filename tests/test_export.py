"""Exports read back as their users read them: pandas over GDELT 2.0 rows and POLECAT records,
checked against the CAMEO reference files in ../shared/ontology/."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from eventwire import goldstein
from eventwire.export import export_events
from eventwire.formats import gdelt, polecat
from eventwire.queries import Filters
from eventwire.store import Store

pd = pytest.importorskip("pandas")
sys.path.insert(0, str(Path(__file__).parent))
from test_server import EVENTS, build_fixture_db  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(build_fixture_db(tmp_path_factory.mktemp("export") / "export.duckdb")) as s:
        yield s


@pytest.fixture(scope="module")
def cameo(shared_dir: Path) -> dict[str, float]:
    """CAMEO event code -> Goldstein value, from the shared reference file."""
    lines = (shared_dir / "ontology" / "CAMEO_goldsteinscale.txt").read_text(encoding="utf-8").splitlines()[1:]
    return {code.strip(): float(value) for code, value in (line.split("\t") for line in lines if line.strip())}


@pytest.fixture(scope="module")
def plover_types(shared_dir: Path) -> set[str]:
    text = (shared_dir / "ontology" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    return set(re.findall(r"^\d+:\s*([A-Z]+)\s*,", text, flags=re.M))


def test_export_gdelt_reads_back_as_gdelt_2_event_rows(store, tmp_path, cameo):
    out = tmp_path / "events.gdelt.tsv"
    assert export_events(store, "gdelt", out) == len(EVENTS)
    table = pd.read_csv(out, sep="\t", header=None, names=gdelt.COLUMNS, dtype=str, keep_default_na=False)
    assert len(gdelt.COLUMNS) == 61 and table.shape == (len(EVENTS), 61)
    assert gdelt.COLUMNS[:2] == ["GLOBALEVENTID", "SQLDATE"] and gdelt.COLUMNS[-2:] == ["DATEADDED", "SOURCEURL"]
    assert table["GLOBALEVENTID"].str.fullmatch(r"\d+").all() and table["GLOBALEVENTID"].is_unique
    for _, row in table.iterrows():
        code = row["EventCode"]
        assert code in cameo, code  # a real CAMEO code, leading zero kept
        assert (row["EventBaseCode"], row["EventRootCode"]) == (code[:3], code[:2])
        assert float(row["GoldsteinScale"]) == cameo[code]
        root = int(code[:2])
        assert int(row["QuadClass"]) == (1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4)
        assert row["SOURCEURL"].startswith("https://example.org/")
    by_id = {r["SOURCEURL"].rsplit("/", 1)[-1] + ":" + r["EventCode"]: r for _, r in table.iterrows()}
    shelling = by_id["xi-visit:190"]  # Russia shelled Kharkiv (UKR), 2023-03-16
    assert (shelling["SQLDATE"], shelling["MonthYear"], shelling["Year"]) == ("20230316", "202303", "2023")
    assert (shelling["Actor1Code"], shelling["Actor1Name"], shelling["Actor1CountryCode"]) == (
        "RUSGOV",
        "RUSSIA",
        "RUS",
    )
    assert (shelling["Actor2CountryCode"], shelling["Actor2Type1Code"], shelling["QuadClass"]) == ("UKR", "CVL", "4")
    # GDELT writes the geography's country as a FIPS 10-4 code (Russia RS, Ukraine UP).
    assert (shelling["Actor1Geo_Type"], shelling["Actor1Geo_CountryCode"], shelling["Actor2Geo_CountryCode"]) == (
        "1",
        "RS",
        "UP",
    )
    undated = by_id["kenya-undated:040"]
    assert undated["SQLDATE"] == "" and undated["QuadClass"] == "1"
    assert pd.read_csv(out, sep="\t", header=None).shape[1] == 61  # numeric reading works too


def test_export_polecat_reads_back_as_plover_records(store, tmp_path, plover_types):
    out = tmp_path / "events.polecat.jsonl"
    assert export_events(store, "polecat", out, Filters(country="RUS")) == 4
    table = pd.read_json(out, lines=True, dtype=False)
    assert list(table.columns) == polecat.FIELDS
    assert set(table["Event Type"]) <= plover_types
    assert sorted(table["Event Type"]) == ["ACCUSE", "AGREE", "ASSAULT", "CONSULT"]
    consult = table[table["Event Type"] == "CONSULT"].iloc[0]
    assert (consult["Actor Name"], consult["Actor Country"], consult["Primary Actor Sector"]) == (
        "Xi Jinping",
        "CHN",
        "GOV",
    )
    assert (consult["Recipient Name"], consult["Recipient Country"], consult["Event Date"]) == (
        "Russia",
        "RUS",
        "2023-03-20",
    )
    assert consult["Publication Date"] == "2023-03-17" and consult["Actor Name Raw"] == "Xi Jinping"


def test_every_cameo_code_the_coder_emits_has_a_goldstein_value(cameo):
    from eventwire.events.lexicon import cameo_map

    for code in cameo_map():
        assert goldstein.score(code) == cameo[code], code
    assert goldstein.scale() == cameo
