"""DocumentProvider: the base of kinds declared by a whole document or by its fields (scorecards, workflows)."""

from __future__ import annotations

import abc
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from ..client._json import ConversionError
from ..client.errors import NotFoundError
from ..client.models._document import YamlDocument
from ._base import CortexProvider
from ._check import Checker, normalize_props
from ._documents import unknown_keys
from ._errors import CortexResourceError
from ._read_cache import read_cache

__all__ = ["DocumentProvider", "document_inputs", "document_problems"]


class DocumentProvider(CortexProvider):
    """A provider whose `document_key` input (descriptor or definition text) `check` expands into the structured
    fields it stands for; from there on both ways of declaring the object are checked and sent alike."""

    document_key: ClassVar[str]
    #: The client model the document is read as; each key it does not carry is refused.
    document_model: ClassVar[type[YamlDocument]]

    def validate(self, c: Checker) -> None:
        c.boolean("adopt")
        from_document = self.document_key in c.props
        # `from_file` passes the fields its file stands for beside the text, as checked here: a program then reads
        # them as its own inputs, so their outputs need not be recorded twice (`_compact`). Any other field beside a
        # document is refused.
        beside = {k: c.props.pop(k) for k in self.document_fields if k in c.props} if from_document else {}
        if from_document and not self.expand_document(c):
            return
        start = len(c.failures)
        self.check_fields(c)
        if from_document:  # name the place in the user's file, not the expanded property
            c.relocate(start, self.document_key, self.document_place)
            clash = [k for k, v in beside.items() if normalize_props(v) != normalize_props(c.props.get(k))]
            if clash:
                c.fail(clash[0], f"{clash[0]} cannot be combined with {self.document_key} (give one or the other)")

    def existing_for_create(self, props: Mapping[str, Any], read: Callable[[str], Any]) -> Any | None:
        """The object with the declared tag that a create would overwrite (Cortex's upsert replaces it silently),
        read with `read(tag)` unless a fresh listing says there is none; refused unless `adopt`."""
        tag = props["tag"]
        existing = None
        if not read_cache(self.client).known_absent(self.spec, tag):  # a fresh listing saves the GET
            try:
                existing = read(tag)
            except NotFoundError:
                existing = None
        if existing is not None and not props.get("adopt"):
            raise CortexResourceError(
                f"Unable to create Cortex {self.kind} {tag!r}", f"a {self.kind} with this tag already exists",
                f"pass adopt=True to take over the existing {self.kind} (it is read first, then set to the declared "
                "state)", 409)
        return existing

    @abc.abstractmethod
    def check_fields(self, c: Checker) -> None:
        """Check and normalise the structured fields (given, or expanded from the document)."""

    @staticmethod
    @abc.abstractmethod
    def document_place(path: str) -> str:
        """Where a structured field (`levels[0].color`) stands in the document (`ladder.levels[0].color`)."""

    @abc.abstractmethod
    def fields_of_document(self, model: Any) -> dict[str, Any]:
        """The structured fields (`document_fields`, and `tag`) a parsed document stands for."""

    def expand_document(self, c: Checker) -> bool:
        """Replace the `document_key` input by the structured fields it stands for; False when nothing more can
        be checked (not text, combined with those fields, unreadable, or naming another tag)."""
        key = self.document_key
        text = c.string(key, required=True)
        if text is None:
            return False
        try:
            model = self.document_model.from_yaml(text)
            unknown = unknown_keys(model)
            fields = self.fields_of_document(model)
        except (ConversionError, ValueError) as exc:
            c.fail(key, f"{key} is not a valid {self.document_kind}: {exc}")
            return False
        if unknown:
            # A key the package does not carry would be lost: refuse each one, by its path in the document.
            c.fail(key, f"{key}: " + "\n".join(unknown))
            return False
        if "tag" in c.props and c.props["tag"] != fields["tag"]:
            c.fail("tag", f"tag {c.props['tag']!r} differs from the {key}'s tag {fields['tag']!r}")
            return False
        c.props.update(fields)
        return True


def _checked(provider_type: type[DocumentProvider], text: str) -> tuple[list[str], dict[str, Any]]:
    """(problems, checked fields) of a descriptor or definition `text`, as preview checks it."""
    key = provider_type.document_key
    checker = Checker({key: text})
    provider_type().validate(checker)
    problems = [f.reason for f in checker.failures if f.property == key and f.reason.startswith(key)]
    fields = {k: checker.props[k] for k in ("tag", *provider_type.document_fields) if checker.props.get(k) is not None}
    return [problem[len(key):] for problem in problems], (fields if not checker.failures else {})


def document_problems(provider_type: type[DocumentProvider], text: str) -> list[str]:
    """What preview would refuse in a descriptor or definition `text`, each problem as it follows the file's name
    (``: ladder.levels[0].color is required``, `` is not a valid ...``); empty when the document previews. The importer checks what it
    writes with this, so an imported project never fails its first preview."""
    return _checked(provider_type, text)[0]


def document_inputs(provider_type: type[DocumentProvider], path: str | os.PathLike[str]) -> dict[str, Any]:
    """The inputs `from_file` declares: the file's text and the fields it stands for, as `check` makes them (so the
    program reads those outputs as its own inputs). A bad file stops the program with ``pulumi.RunError`` naming the
    file and the place in it (``scorecards/x.yaml: ladder.levels[0].color is required``) rather than the input the
    text is passed as."""
    import pulumi

    text = Path(path).read_text(encoding="utf-8")
    problems, fields = _checked(provider_type, text)
    if problems:
        where = os.fspath(path)
        raise pulumi.RunError("\n".join(where + problem for problem in problems))
    return {provider_type.document_key: text, **fields}
