"""Descriptor and workflow YAML: libyaml's parser where available, with the bounds and error words of PyYAML's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cortex_pulumi.client import _yaml
from cortex_pulumi.client._json import ConversionError

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(
    path for folder in ("examples", "tests/reliability/corpus/files", "benchmarks/program")
    for path in (ROOT / folder).rglob("*.y*ml") if path.suffix in (".yaml", ".yml")
)


def test_libyaml_is_what_parses() -> None:
    # PyYAML's wheels carry libyaml; without it the fast path would silently be the slow one.
    assert _yaml._FAST_LOADER is yaml.CSafeLoader


def _outcome(text: str) -> object:
    """What safe_load gives: the data, or the words of the error."""
    try:
        return _yaml.safe_load(text, "document")
    except ConversionError as exc:
        return f"error: {exc}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_parsers_read_every_document_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    fast = _outcome(text)

    def no_libyaml(_text: str) -> object:
        raise yaml.YAMLError("take PyYAML's own parser")

    monkeypatch.setattr(_yaml, "_fast_load", no_libyaml)
    assert fast == _outcome(text)


def test_a_document_deeper_than_any_stack_is_refused_without_recursing() -> None:
    # libyaml's composer recurses in C (older builds without a limit): 200,000 levels must never reach it.
    text = "tag: deep\nrules: " + "[" * 200_000 + "]" * 200_000 + "\n"
    with pytest.raises(ConversionError, match="descriptor nests deeper than 64 levels"):
        _yaml.safe_load(text, "descriptor")


def test_the_depth_limit_is_exact() -> None:
    assert _yaml.safe_load("[" * 64 + "]" * 64, "d") is not None
    with pytest.raises(ConversionError, match="nests deeper than 64"):
        _yaml.safe_load("[" * 65 + "]" * 65, "d")


def test_a_broken_document_is_described_in_pyyaml_words_with_its_place() -> None:
    with pytest.raises(ConversionError) as caught:
        _yaml.safe_load("tag: x\nname: [unclosed\nrules: 1\n", "scorecard descriptor")
    message = str(caught.value)
    assert message.startswith("scorecard descriptor is not valid YAML (line ")
    with pytest.raises(ConversionError) as careful:
        _yaml._careful_load("tag: x\nname: [unclosed\nrules: 1\n", "scorecard descriptor")
    assert message == str(careful.value)


def test_without_libyaml_the_same_documents_load(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "examples/platform/scorecards/production-readiness.yaml").read_text(encoding="utf-8")
    fast = _yaml.load_yaml_mapping(text, "descriptor")
    monkeypatch.setattr(_yaml, "_FAST_LOADER", yaml.SafeLoader)
    assert _yaml.load_yaml_mapping(text, "descriptor") == fast
    with pytest.raises(ConversionError, match="nests deeper than 64"):
        _yaml.safe_load("[" * 500 + "]" * 500, "d")
