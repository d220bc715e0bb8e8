"""A linear classifier over string features, as the events stage ships and applies it.

Training (``eventwire train``) fits multinomial logistic regression with scikit-learn; what ships is only
the feature index, the weight matrix and the intercepts in one ``.npz`` file, scored here with numpy, so
running eventwire needs neither scikit-learn nor anything downloaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass
class LinearModel:
    """``labels[k]`` scores ``weights[:, k]`` summed over the features present, plus ``bias[k]``."""

    labels: list[str]
    index: dict[str, int]
    weights: np.ndarray  # (features, labels) float32
    bias: np.ndarray  # (labels,) float32

    def probabilities(self, features: Iterable[str]) -> np.ndarray:
        """Softmax probabilities of every label (a feature the model never saw adds nothing)."""
        rows = [self.index[f] for f in features if f in self.index]
        scores = self.bias + (self.weights[rows].sum(axis=0) if rows else 0.0)
        scores = scores - scores.max()
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum())

    def best(self, features: Iterable[str]) -> tuple[str, float, np.ndarray]:
        probs = self.probabilities(features)
        k = int(probs.argmax())
        return self.labels[k], float(probs[k]), probs

    def prob(self, probs: np.ndarray, label: str) -> float:
        return float(probs[self.labels.index(label)])

    # -- files ----------------------------------------------------------------------------------------------------
    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        names = sorted(self.index, key=self.index.__getitem__)
        return {f"{prefix}.labels": np.array(self.labels), f"{prefix}.features": np.array(names),
                f"{prefix}.weights": self.weights.astype(np.float16), f"{prefix}.bias": self.bias.astype(np.float32)}

    @classmethod
    def from_arrays(cls, data: dict[str, np.ndarray], prefix: str) -> LinearModel:
        features = [str(f) for f in data[f"{prefix}.features"]]
        return cls([str(x) for x in data[f"{prefix}.labels"]], {f: i for i, f in enumerate(features)},
                   data[f"{prefix}.weights"].astype(np.float32), data[f"{prefix}.bias"].astype(np.float32))


def save_models(path: Path, models: dict[str, LinearModel]) -> None:
    arrays: dict[str, np.ndarray] = {}
    for name, model in models.items():
        arrays.update(model.arrays(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]


def load_models(path: Path, names: Sequence[str]) -> dict[str, LinearModel]:
    with np.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    return {name: LinearModel.from_arrays(arrays, name) for name in names}
