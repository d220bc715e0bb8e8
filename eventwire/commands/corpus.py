"""``eventwire corpus``: the coded corpus's texts, anchoring and checks (corpus/README.md)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer

corpus_app = typer.Typer(help="The team's coded corpus: write its texts, anchor and check codings, count them.\n\n"
                         "Example: eventwire corpus check", no_args_is_help=True)


def _texts() -> dict[str, str]:
    from eventwire.evaluation.corpus import load_documents, render

    return {d.doc: render(d.source, d.ref) for d in load_documents()}


@corpus_app.command("texts")
def texts_command(
    out: Path = typer.Argument(..., help="Folder to write one DOC.txt per corpus document into."),
    split: str = typer.Option(None, "--split", help="Only this split (train, dev or test)."),
) -> None:
    """Write the rendered article texts (what coded offsets point into), with index.tsv: doc, date, title."""
    from eventwire.evaluation.corpus import load_documents, render, title_of

    out.mkdir(parents=True, exist_ok=True)
    lines = ["doc\tsource\tdate\ttitle"]
    for d in load_documents():
        if split and d.split != split:
            continue
        (out / f"{d.doc}.txt").write_text(render(d.source, d.ref), encoding="utf-8")
        lines.append(f"{d.doc}\t{d.source}\t{d.date or ''}\t{title_of(d.source, d.ref) or ''}")
    (out / "index.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    typer.echo(f"wrote {len(lines) - 1} texts to {out}", err=True)


@corpus_app.command("anchor")
def anchor_command(files: list[Path] = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Add character spans to coded events in place (evidence, trigger, actor words); list problems."""
    from eventwire.evaluation.coding import anchor, problems
    from eventwire.evaluation.corpus import load_documents

    texts = _texts()
    docs = {d.doc for d in load_documents()}
    bad = 0
    for path in files:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for row in rows:
            issues = problems(row, docs)
            if row.get("doc") in texts:
                issues += anchor(row, texts[row["doc"]])
            for issue in issues:
                typer.echo(f"{path}: {issue}")
            bad += bool(issues)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    typer.echo(f"{bad} event(s) with problems", err=True)
    raise typer.Exit(1 if bad else 0)


@corpus_app.command("check")
def check_command(files: list[Path] = typer.Argument(None, help="Coded files; default corpus/events/*.jsonl.")) -> None:
    """Validate codings against the rendered texts; exit 1 on any problem."""
    from eventwire.evaluation.coding import check_document
    from eventwire.evaluation.corpus import CORPUS_DIR, load_documents

    texts = _texts()
    docs = {d.doc for d in load_documents()}
    files = files or sorted((CORPUS_DIR / "events").glob("*.jsonl"))
    issues: list[str] = []
    for path in files:
        by_doc: dict[str, list[dict]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                by_doc.setdefault(row.get("doc"), []).append(row)
        for doc, rows in by_doc.items():
            if doc not in docs:
                issues.append(f"{path}: {doc}: not in corpus/documents.tsv")
                continue
            issues += [f"{path}: {m}" for m in check_document(rows, texts[doc])]
    for issue in issues:
        typer.echo(issue)
    typer.echo(f"{len(issues)} problem(s) in {len(files)} file(s)", err=True)
    raise typer.Exit(1 if issues else 0)


@corpus_app.command("stats")
def stats_command() -> None:
    """Documents and events per split and source, and events per type."""
    from eventwire.evaluation.corpus import CORPUS_DIR, load_documents

    documents = {d.doc: d for d in load_documents()}
    rows = [json.loads(line) for path in sorted((CORPUS_DIR / "events").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    coded = {r["doc"] for r in rows}
    per_split = Counter(documents[d].split for d in coded if d in documents)
    events = Counter(documents[r["doc"]].split for r in rows if r["doc"] in documents)
    typer.echo(f"documents listed {len(documents)}, coded {len(coded)}, events {len(rows)} "
               f"(required {sum(bool(r.get('required')) for r in rows)})")
    for split in ("train", "dev", "test"):
        typer.echo(f"  {split}: {per_split[split]} documents, {events[split]} events")
    for kind, n in Counter(r["type"] for r in rows).most_common():
        typer.echo(f"  {kind:<10} {n}")


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")
