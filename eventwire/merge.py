"""merge: events from different articles that report the same real-world event share one cluster id.

Two events can be the same event only when they have the same type and their
times agree: their own dates overlap or lie within ``window_days``, or (for
an event the text gives no date) their articles' dates lie within
``article_window_days``. Among those, a pair scores by how well its actors
agree (same actor, or only the same country), how close its triggers and
evidence are (rapidfuzz), and how many actors the two articles share. Events
are then grouped by average-link clustering: a group grows only while its
members score, on average, at least ``threshold`` with one another, so one
loose pair cannot chain two different stories together.

The same scorer serves the store (``eventwire merge``) and the ECB+
evaluation (:mod:`eventwire.evaluation.coreference`), which builds its items
from gold event mentions instead of stored events.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from eventwire.kb import normalise

# Types where "A meets B" and "B meets A" are one event, so sides may be swapped.
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
METHOD = "rules"


@dataclass(frozen=True)
class Item:
    """One event (or event mention) as the merger sees it."""

    id: str
    doc: str
    block: str  # only items of the same block are compared (the event type; an ECB+ topic)
    types: frozenset[str] = frozenset()  # event types; two items with disjoint known types never merge
    source: frozenset[str] = frozenset()  # actor keys: "id:<kb id>", "name:<normalised>", "country:<ISO3>"
    target: frozenset[str] = frozenset()
    start: date | None = None
    end: date | None = None
    dated: bool = False  # the date comes from the event's own words, not from its article
    trigger: str = ""  # trigger lemma or word
    text: str = ""  # evidence sentence
    context: frozenset[str] = frozenset()  # actors named anywhere in the article


@dataclass
class MergeConfig:
    window_days: int = 2  # events dated by their own text: ranges at most this far apart
    article_window_days: int = 3  # events dated only by their article: articles at most this far apart
    precise_days: int = 7  # a date range longer than this ("in 2020") is too vague to count as agreement
    threshold: float = 0.6  # average pair score a cluster must keep
    strict_actors: bool = True  # a side with different actors on both events rules the pair out
    require_actor: bool = True  # at least one side must name the same actor (or country) on both events
    same_doc: bool = False  # also merge events within one article (the event stage dedupes those itself)
    fuzzy_trigger: bool = True  # different triggers still score by spelling ("attack"/"attacks")
    weights: dict[str, float] = field(
        default_factory=lambda: {"actor": 0.45, "time": 0.2, "trigger": 0.15, "text": 0.1, "context": 0.1}
    )
    unknown: float = 0.5  # the score of a feature one side lacks (neither for nor against)


def actor_keys(kb_id: str | None, name: str | None, country: str | None, text: str | None = None) -> frozenset[str]:
    """The keys an actor matches on: its kb id, its name (or words) and its country.

    A state itself ("Russia", kb id ``state:RUS``) gets only its country key, so
    it agrees with any actor of that country at country level.
    """
    keys = set()
    if country:
        keys.add(f"country:{country}")
    if kb_id and kb_id.startswith("state:"):
        return frozenset(keys)
    if kb_id:
        keys.add(f"id:{kb_id}")
    label = normalise(name or text or "")
    if label:
        keys.add(f"name:{label}")
    return frozenset(keys)


def _side_match(a: frozenset[str], b: frozenset[str]) -> float | None:
    """How well one side (source or target) of two events agrees; None when either event lacks it.

    1 for the same actor (or both the same state); 0.6 when they share a
    country and one is the state itself; 0.3 for two different actors of one country (a minister and
    the ministry may report one act); 0 for actors of different countries,
    or different names and no country to relate them.
    """
    if not a or not b:
        return None
    shared = a & b
    if any(not key.startswith("country:") for key in shared):
        return 1.0
    if shared:
        named_a = any(not key.startswith("country:") for key in a)
        named_b = any(not key.startswith("country:") for key in b)
        if named_a and named_b:
            return 0.3
        return 0.6 if named_a or named_b else 1.0  # both the state itself: the same actor
    return 0.0


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float | None:
    if not a or not b:
        return None
    return len(a & b) / len(a | b)


def _gap_days(a: Item, b: Item) -> int | None:
    if a.start is None or b.start is None:
        return None
    a_end, b_end = a.end or a.start, b.end or b.start
    return max(0, (max(a.start, b.start) - min(a_end, b_end)).days)


def _span_days(item: Item) -> int:
    """How many days an item's date range reaches past its start (0 when it is undated)."""
    if item.start is None:
        return 0
    return ((item.end or item.start) - item.start).days


def pair_score(a: Item, b: Item, config: MergeConfig | None = None) -> float:
    """How likely two items report the same event, in [0, 1]; 0 when they cannot."""
    config = config or MergeConfig()
    if a.block != b.block or (not config.same_doc and a.doc == b.doc):
        return 0.0
    if a.types and b.types and not a.types & b.types:
        return 0.0
    features: dict[str, float | None] = {}
    gap = _gap_days(a, b)
    if gap is not None:
        window = config.window_days if a.dated and b.dated else config.article_window_days
        if gap > window:
            return 0.0
        span = max(_span_days(a), _span_days(b))
        # Overlapping years or months are no evidence of one event; days are.
        features["time"] = 1.0 - gap / (window + 1) if span <= config.precise_days else config.unknown
    sides = [(_side_match(a.source, b.source), _side_match(a.target, b.target))]
    if a.types & SYMMETRIC_TYPES:
        sides.append((_side_match(a.source, b.target), _side_match(a.target, b.source)))
    best: float | None = None
    for pair in sides:
        known = [m for m in pair if m is not None]
        if config.strict_actors and 0.0 in known:
            continue  # a side names different actors
        if config.require_actor and not any(known):
            continue  # nothing says these are the same actors' doing
        # A side only one event names counts as unknown, so one agreeing side alone is not enough.
        value = sum(config.unknown if m is None else m for m in pair) / len(pair)
        best = value if best is None else max(best, value)
    if best is None:
        return 0.0
    features["actor"] = best
    if a.trigger and b.trigger:
        if a.trigger == b.trigger:
            features["trigger"] = 1.0
        else:
            features["trigger"] = fuzz.ratio(a.trigger, b.trigger) / 100 * 0.8 if config.fuzzy_trigger else 0.0
    if a.text and b.text:
        features["text"] = fuzz.token_set_ratio(a.text, b.text) / 100
    # Two events of one article trivially share its actors: context only speaks across articles.
    features["context"] = _jaccard(a.context, b.context) if a.doc != b.doc else None
    total = weight_sum = 0.0
    for name, weight in config.weights.items():
        feature = features.get(name)
        total += weight * (config.unknown if feature is None else feature)
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def _candidate_pairs(items: Sequence[Item], config: MergeConfig) -> Iterable[tuple[int, int]]:
    """Pairs worth scoring: only items close enough in time (a sweep over start dates)."""
    reach = max(config.window_days, config.article_window_days)
    starts = {i: item.start for i, item in enumerate(items) if item.start is not None}
    dated = sorted(starts, key=starts.__getitem__)
    undated = [i for i, item in enumerate(items) if item.start is None]
    for pos, i in enumerate(dated):
        end = items[i].end or starts[i]
        for j in dated[pos + 1 :]:
            if (starts[j] - end).days > reach:  # sorted by start: every later one is farther still
                break
            yield i, j
    for k, i in enumerate(undated):
        for j in undated[k + 1 :]:
            yield i, j
        for j in dated:
            yield i, j


def cluster(items: Sequence[Item], config: MergeConfig | None = None) -> dict[str, tuple[str, float | None]]:
    """Group items into events: ``item id -> (cluster id, cohesion)``.

    The cluster id is the smallest item id in the cluster, so it stays put
    while the cluster does. Cohesion is an item's mean score with the other
    members (None for an item alone).
    """
    config = config or MergeConfig()
    by_block: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_block[item.block].append(item)
    result: dict[str, tuple[str, float | None]] = {}
    for block_items in by_block.values():
        result.update(_cluster_block(block_items, config))
    return result


def _cluster_block(items: list[Item], config: MergeConfig) -> dict[str, tuple[str, float | None]]:
    n = len(items)
    scores: dict[tuple[int, int], float] = {}
    for i, j in _candidate_pairs(items, config):
        score = pair_score(items[i], items[j], config)
        if score > 0:
            scores[(min(i, j), max(i, j))] = score
    # Average-link agglomeration over the sparse score graph (pairs not scored count 0).
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), score in scores.items():
        sums[i][j] = score
        sums[j][i] = score
    heap = [(-score, i, j) for (i, j), score in scores.items() if score >= config.threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        current = sums[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(current + neg) > 1e-12:
            continue  # stale entry: a newer one for this pair is in the heap
        members[a].extend(members.pop(b))
        for c, value in sums.pop(b).items():
            sums[c].pop(b, None)
            if c == a:
                continue
            merged = sums[a].get(c, 0.0) + value
            sums[a][c] = merged
            sums[c][a] = merged
        sums[a].pop(b, None)
        for c, value in sums[a].items():
            average = value / (len(members[a]) * len(members[c]))
            if average >= config.threshold:
                heapq.heappush(heap, (-average, min(a, c), max(a, c)))
    result: dict[str, tuple[str, float | None]] = {}
    for group in members.values():
        cluster_id = min(items[i].id for i in group)
        for i in group:
            others = [scores.get((min(i, j), max(i, j)), 0.0) for j in group if j != i]
            result[items[i].id] = (cluster_id, round(sum(others) / len(others), 4) if others else None)
    return result


# -- the store --------------------------------------------------------------------------------------------


def items_from_store(store: Any, config: MergeConfig | None = None) -> list[Item]:
    """One item per stored event (``store`` is a Store or a ParquetStore)."""
    context: dict[str, set[str]] = defaultdict(set)
    for row in store.query(
        "SELECT DISTINCT doc, coalesce(kb_id, name) AS actor FROM actor_mentions WHERE country IS NOT NULL"
    ):
        context[row["doc"]].add(normalise(row["actor"] or ""))
    rows = store.query(
        "SELECT e.event_id, e.doc, e.event_type, e.source_kb_id, e.source_name, e.source_country, e.source_text, "
        "e.target_kb_id, e.target_name, e.target_country, e.target_text, e.date_start, e.date_end, "
        "a.date AS article_date, e.trigger, e.evidence_text FROM events e LEFT JOIN articles a USING (doc)"
    )
    precise_days = (config or MergeConfig()).precise_days
    items = []
    for r in rows:
        start, end, dated = _event_time(r["date_start"], r["date_end"], r["article_date"], precise_days)
        items.append(
            Item(
                id=r["event_id"],
                doc=r["doc"],
                block=r["event_type"],
                types=frozenset({r["event_type"]}),
                source=actor_keys(r["source_kb_id"], r["source_name"], r["source_country"], r["source_text"]),
                target=actor_keys(r["target_kb_id"], r["target_name"], r["target_country"], r["target_text"]),
                start=start,
                end=end,
                dated=dated,
                trigger=(r["trigger"] or "").lower(),
                text=r["evidence_text"] or "",
                context=frozenset(context.get(r["doc"], ())),
            )
        )
    return items


def _event_time(
    start: date | None, end: date | None, article: date | None, precise_days: int
) -> tuple[date | None, date | None, bool]:
    """The time an event is compared by: its own date when precise, else its article's date.

    A vague own date ("in 2020") that holds the article's date says less
    than the article's date does.
    """
    if start is None:
        return article, article, False
    end = end or start
    vague = (end - start).days > precise_days
    if vague and article is not None and start <= article <= end:
        return article, article, False
    return start, end, True


@dataclass
class MergeSummary:
    events: int
    clusters: int
    merged_clusters: int  # clusters of two or more events
    merged_events: int  # events in such clusters
    cross_article_clusters: int  # clusters spanning two or more articles


def merge_store(store: Any, config: MergeConfig | None = None) -> tuple[MergeSummary, list[dict[str, Any]]]:
    """Cluster every stored event; returns a summary and the ``event_clusters`` rows (every event, singletons too)."""
    items = items_from_store(store, config)
    assigned = cluster(items, config)
    docs = {item.id: item.doc for item in items}
    rows = [
        {
            "event_id": event_id,
            "cluster_id": cluster_id,
            "method": METHOD if score is not None else "single",
            "score": score,
        }
        for event_id, (cluster_id, score) in sorted(assigned.items())
    ]
    sizes: dict[str, list[str]] = defaultdict(list)
    for event_id, (cluster_id, _) in assigned.items():
        sizes[cluster_id].append(event_id)
    big = [ids for ids in sizes.values() if len(ids) > 1]
    summary = MergeSummary(
        events=len(items),
        clusters=len(sizes),
        merged_clusters=len(big),
        merged_events=sum(len(ids) for ids in big),
        cross_article_clusters=sum(1 for ids in big if len({docs[i] for i in ids}) > 1),
    )
    return summary, rows


def _insert_clusters(con: Any, table: str, rows: list[dict[str, Any]]) -> None:
    # Four lists unnested side by side: one statement, far faster than a row-by-row executemany.
    if rows:
        con.execute(
            f"INSERT INTO {table} SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
            "unnest(?::DOUBLE[])",
            [[r[key] for r in rows] for key in ("event_id", "cluster_id", "method", "score")],
        )


def write_clusters(store: Any, rows: list[dict[str, Any]]) -> None:
    """Replace the ``event_clusters`` table of a DuckDB store in one transaction."""
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM event_clusters")
        _insert_clusters(con, "event_clusters", rows)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def write_clusters_parquet(store: Any, rows: list[dict[str, Any]], directory: str) -> str:
    """Write ``event_clusters`` beside the Parquet tables of a Spark run; returns the file written."""
    from pathlib import Path

    folder = Path(directory) / "event_clusters"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    target = folder / "part-00000.parquet"
    con = store.con
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _clusters (event_id VARCHAR, cluster_id VARCHAR, method VARCHAR, score DOUBLE)"
    )
    _insert_clusters(con, "_clusters", rows)
    con.execute(f"COPY _clusters TO '{str(target).replace(chr(39), chr(39) * 2)}' (FORMAT parquet)")
    return str(target)


def clustered_events(store: Any, min_articles: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Events grouped by cluster: one row per real-world event, most reported first.

    Needs ``eventwire merge`` to have run; events it has not seen count alone.
    """
    sql = """
        SELECT coalesce(c.cluster_id, e.event_id) AS cluster_id, any_value(e.event_type) AS event_type,
               count(*) AS events, count(DISTINCT e.doc) AS articles,
               min(coalesce(e.date_start, a.date)) AS first_date, max(coalesce(e.date_end, a.date)) AS last_date,
               mode(e.source_name) AS source_name, mode(e.source_country) AS source_country,
               mode(e.target_name) AS target_name, mode(e.target_country) AS target_country,
               arg_max(e.evidence_text, e.confidence) AS evidence, list(DISTINCT e.doc ORDER BY e.doc) AS docs
        FROM events e LEFT JOIN articles a USING (doc) LEFT JOIN event_clusters c USING (event_id)
        GROUP BY 1 HAVING count(DISTINCT e.doc) >= ?
        ORDER BY articles DESC, events DESC, first_date NULLS LAST, cluster_id
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    return store.query(sql, [min_articles])
