"""Does more coding pay? Test-split F1 of the trained coder fitted on 25 / 50 / 75 / 100 % of the train split.

    python scripts/learning_curve.py [--out docs/learning-curve.svg]

Each fraction is a seeded sample of train documents (two samples below 100 %, averaged); the thresholds are the
shipped ones (chosen by cross-validation on train and dev). The test split is scored, never read. Prints the figures
and writes them as a small SVG chart.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from eventwire.events.coder import CoderModels, shipped_models
from eventwire.training.align import aligned_split
from eventwire.training.train import fit_models, score_items

FRACTIONS = (0.25, 0.5, 0.75, 1.0)
SAMPLES = 2


def measure() -> list[tuple[float, int, float, float]]:
    train, test = aligned_split("train"), aligned_split("test")
    settings = shipped_models().settings
    rows = []
    for fraction in FRACTIONS:
        scores = []
        for seed in range(SAMPLES if fraction < 1 else 1):
            items = sorted(train, key=lambda i: i.doc.id)
            random.Random(seed).shuffle(items)
            fitted = fit_models(items, fraction=fraction)
            report = score_items(test, CoderModels(**fitted, settings=settings))
            scores.append((report["lenient"]["f1"], report["strict"]["f1"]))
        n_docs = max(1, round(len(train) * fraction))
        lenient = round(sum(s[0] for s in scores) / len(scores), 3)
        strict = round(sum(s[1] for s in scores) / len(scores), 3)
        rows.append((fraction, n_docs, lenient, strict))
        print(f"{fraction:>5.0%} of train ({n_docs} documents): test lenient F1 {lenient}, strict F1 {strict}",
              flush=True)
    return rows


def svg(rows: list[tuple[float, int, float, float]]) -> str:
    width, height, left, bottom, top, right = 460, 260, 50, 40, 20, 120
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(fraction: float) -> float:
        return left + fraction * plot_w

    def y(value: float) -> float:
        return top + (1 - value) * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
             f'font-size="11"><rect width="100%" height="100%" fill="white"/>']
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.2f}</text>')
    for fraction, n_docs, _, _ in rows:
        parts.append(f'<text x="{x(fraction):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                     f'{fraction:.0%} ({n_docs})</text>')
    for index, (label, color) in enumerate((("lenient F1", "#1f77b4"), ("strict F1", "#d62728"))):
        points = " ".join(f"{x(r[0]):.1f},{y(r[2 + index]):.1f}" for r in rows)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
        for r in rows:
            parts.append(f'<circle cx="{x(r[0]):.1f}" cy="{y(r[2 + index]):.1f}" r="3" fill="{color}"/>')
        parts.append(f'<text x="{left + plot_w + 10}" y="{y(rows[-1][2 + index]) + 4:.1f}" fill="{color}">'
                     f'{label}</text>')
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle">share of the train split '
                 f'(documents)</text>')
    parts.append(f'<text x="12" y="{top + plot_h / 2}" transform="rotate(-90 12 {top + plot_h / 2})" '
                 f'text-anchor="middle">test-split F1</text></svg>')
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" /
                        "learning-curve.svg")
    args = parser.parse_args(argv)
    rows = measure()
    args.out.write_text(svg(rows), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
