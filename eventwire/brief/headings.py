"""Plain-text pieces both renderers share: the title, the question, an article's source and date line.

They return unescaped text; the Markdown and HTML renderers escape it for their format.
"""

from __future__ import annotations

from typing import Any

QUESTION_ORDER = (
    "actor", "actor_id", "source_id", "target_id", "country", "source_country", "target_country",
    "type", "status", "since", "until", "doc", "q",
)  # fmt: skip
QUESTION_WORDS = {
    "q": "text", "actor_id": "actor id", "source_id": "source id", "target_id": "target id",
    "source_country": "source country", "target_country": "target country",
}  # fmt: skip


def question_text(question: dict[str, Any]) -> str:
    parts = [f"{QUESTION_WORDS.get(k, k)} {question[k]}" for k in QUESTION_ORDER if question.get(k)]
    return " · ".join(parts) or "all stored events"


def title(brief: dict[str, Any]) -> str:
    if brief["kind"] == "question":
        return f"Brief: {question_text(brief['question'])}"
    articles = brief["articles"]
    if not articles:
        return f"Brief: {(brief.get('question') or {}).get('doc') or 'no articles'}"
    if len(articles) == 1:
        return f"Brief: {articles[0]['title'] or articles[0]['doc']}"
    return f"Brief: {len(articles)} articles"


def source(article: dict[str, Any]) -> str:
    """Where the article comes from: its outlet and address, else its file."""
    parts = [p for p in (article.get("outlet"), article.get("url")) if p]
    if not parts and article.get("source_path"):
        parts.append(str(article["source_path"]))
    return ", ".join(parts) or article["doc"]


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def date_line(article: dict[str, Any]) -> str:
    if not article.get("date"):
        return "undated"
    note = article.get("date_note")
    return f"{article['date_label']} ({note})" if note else article["date_label"]


def spellings(row: dict[str, Any]) -> str:
    """'written “Culba”' or 'written “Russia” (30×), “Russian” (6×)'."""
    items = [f"“{s['text']}”" + (f" ({s['count']}×)" if s["count"] > 1 else "") for s in row["spellings"]]
    return "written " + ", ".join(items)
