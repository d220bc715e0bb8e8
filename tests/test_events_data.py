"""The events stage's data: the lexicon, its word classes, the conventions and the shipped models."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.contract import PLOVER_TYPES
from eventwire.errors import PipelineConfigError
from eventwire.events.coder import MODEL_NAMES, CoderModels, shipped_models
from eventwire.events.conventions import conventions, parse_conventions
from eventwire.events.lexicon import cameo_map, lexicon, parse_lexicon, word_classes
from eventwire.events.model import LinearModel, load_models, save_models


def test_events_data_lexicon_covers_all_plover_types_with_known_cameo_codes():
    entries = [e for rows in lexicon().values() for e in rows]
    assert {e.event_type for e in entries} == set(PLOVER_TYPES)
    assert all(e.cameo in cameo_map() for e in entries)
    assert all(e.name.startswith(f"{e.lemma}/{e.pos}/") for e in entries)  # names, not line numbers


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("attack\tV\t190\tobj=nosuchclass", "unknown word class 'nosuchclass'"),
        ("attack\tV\t190\tpeaceful", "unknown condition 'peaceful'"),
        ("attack\tX\t190", "part of speech 'X'"),
        ("attack\tV\t999", "unknown CAMEO code '999'"),
        ("attack\tV\t190\ttype=FIGHT", "unknown PLOVER type 'FIGHT'"),
        ("attack\tV\t190\txcomp=yes", "condition 'xcomp' takes no value"),
    ],
)
def test_events_data_malformed_lexicon_fails_with_file_and_line(tmp_path: Path, row: str, problem: str):
    path = tmp_path / "lexicon.tsv"
    path.write_text("# a comment\nagree\tV\t031\txcomp\n" + row + "\n", encoding="utf-8")
    with pytest.raises(PipelineConfigError) as caught:
        parse_lexicon(path)
    assert caught.value.code == "E111" and "lexicon.tsv:3" in str(caught.value) and problem in str(caught.value)


def test_events_data_word_classes_and_conventions_load():
    assert "weapons" in word_classes() and "missile" in word_classes()["weapons"]
    table = conventions()
    assert ("COERCE", "source") in table and ("PROTEST", "target") in table


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("ACCUSE\ttarget\tdeed\t-\t-\tother", "'deed' goes in both"),
        ("ACCUSE\ttarget\talways\t-\t-\tdeed", "'deed' goes in both"),
        ("FIGHT\ttarget\talways\tx\tGOV\tother", "unknown PLOVER type 'FIGHT'"),
        ("ACCUSE\tvictim\talways\tx\tGOV\tother", "bad side, when or country column"),
        ("ACCUSE\ttarget\talways", "expected 6 tab-separated columns"),
    ],
)
def test_events_data_malformed_conventions_fail_with_file_and_line(tmp_path: Path, row: str, problem: str):
    path = tmp_path / "conventions.tsv"
    path.write_text("# a comment\nPROTEST\ttarget\talways\tgovernment\tGOV\tplace\n" + row + "\n",
                    encoding="utf-8")
    with pytest.raises(PipelineConfigError) as caught:
        parse_conventions(path)
    assert caught.value.code == "E111" and "conventions.tsv:3" in str(caught.value) and problem in str(caught.value)


def test_events_data_shipped_models_load_with_their_thresholds():
    models = shipped_models()
    assert models.trigger.labels[0] != "" and "NONE" in models.trigger.labels
    assert set(PLOVER_TYPES) >= set(models.trigger.labels) - {"NONE"}
    assert set(models.argument.labels) == {"SOURCE", "TARGET", "NONE"}
    assert 0.0 < models.settings.trigger < 1.0 and 0.0 < models.settings.argument < 1.0


def test_events_data_missing_models_fail_at_load(tmp_path: Path):
    with pytest.raises(PipelineConfigError) as caught:
        CoderModels.load(tmp_path)
    assert caught.value.code == "E112"


def test_events_data_linear_model_round_trips(tmp_path: Path):
    import numpy as np

    model = LinearModel(["A", "B"], {"x": 0, "y": 1}, np.array([[1.0, -1.0], [0.0, 2.0]], dtype=np.float32),
                        np.array([0.5, 0.0], dtype=np.float32))
    save_models(tmp_path / "m.npz", dict.fromkeys(MODEL_NAMES, model))
    loaded = load_models(tmp_path / "m.npz", MODEL_NAMES)["trigger"]
    assert loaded.labels == ["A", "B"] and loaded.index == {"x": 0, "y": 1}
    assert np.allclose(loaded.probabilities(["x", "unseen"]), model.probabilities(["x"]), atol=1e-3)
    assert loaded.best(["y"])[0] == "B"


def test_events_data_malformed_lexicon_stops_eventwire_run_at_load(tmp_path: Path, monkeypatch):
    """A bad row in the event lexicon fails the run when the pipeline is built, naming the file and line."""
    import shutil

    from typer.testing import CliRunner

    import eventwire.events.lexicon as lexicon_module
    from eventwire.cli import app

    data = tmp_path / "events"
    shutil.copytree(lexicon_module.EVENTS_DATA, data)
    with open(data / "lexicon.tsv", "a", encoding="utf-8") as handle:
        handle.write("attack\tV\t190\tobj=nosuchclass\n")
    lines = (data / "lexicon.tsv").read_text(encoding="utf-8").count("\n")
    monkeypatch.setattr(lexicon_module, "EVENTS_DATA", data)
    for cached in (lexicon_module.lexicon, lexicon_module.word_classes, lexicon_module.cameo_map):
        cached.cache_clear()
    try:
        article = tmp_path / "a.txt"
        article.write_text("Rebels attacked a convoy near Goma on Monday.", encoding="utf-8")
        result = CliRunner().invoke(app, ["run", str(article), "--db", str(tmp_path / "x.duckdb")])
        assert result.exit_code != 0
        assert isinstance(result.exception, PipelineConfigError) and result.exception.code == "E111"
        assert f"lexicon.tsv:{lines}" in str(result.exception)
    finally:
        for cached in (lexicon_module.lexicon, lexicon_module.word_classes, lexicon_module.cameo_map):
            cached.cache_clear()
