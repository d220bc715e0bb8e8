"""``eventwire train``: rebuild the trained coder's models from the coded corpus."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    @app.command("train")
    def train_command(
        out: Path = typer.Option(None, "--out", help="Folder to write events.npz and events.json into "
                                                     "(default: the package's eventwire/models/)."),
        seed: int = typer.Option(0, "--seed", help="Random seed (the fit is deterministic for a seed)."),
    ) -> None:
        """Fit the event models on the corpus's train split; choose their thresholds by cross-validation on train + dev.

        Needs scikit-learn (pip install 'eventwire[train]'); coding with the result does not. The test split
        is not read. Takes about five minutes on a 2-core machine.

        Example: eventwire train --seed 0
        """
        try:
            import sklearn  # noqa: F401
        except ImportError as exc:
            raise typer.BadParameter("training needs scikit-learn: pip install 'eventwire[train]'") from exc
        from eventwire.events.coder import MODELS_DIR
        from eventwire.training.train import train

        train(out or MODELS_DIR, seed=seed, log=lambda line: typer.echo(line, err=True))
