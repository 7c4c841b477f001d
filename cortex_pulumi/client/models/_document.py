"""The mixin of models read from and written as YAML files: scorecard descriptors and workflow definitions."""

from __future__ import annotations

import os
from typing import ClassVar, TypeVar

import attrs

from .._json import OpenModel, unstructure
from .._yaml import dump_yaml, load_yaml_mapping

__all__ = ["YamlDocument"]

D = TypeVar("D", bound="YamlDocument")


@attrs.frozen(kw_only=True)
class YamlDocument(OpenModel):
    """A model read from and written as a YAML file (JSON text is read too, being YAML)."""

    #: What the document is called in error messages ("workflow is not valid YAML ...").
    document_name: ClassVar[str] = "document"

    @classmethod
    def from_yaml(cls: type[D], text: str) -> D:
        """Parse YAML (or JSON) text, e.g. a file exported from Cortex."""
        return cls.from_dict(load_yaml_mapping(text, cls.document_name))

    @classmethod
    def from_file(cls: type[D], path: str | os.PathLike[str]) -> D:
        """Read a UTF-8 ``.yaml``, ``.yml`` or ``.json`` file."""
        with open(path, encoding="utf-8") as handle:
            return cls.from_yaml(handle.read())

    def to_yaml(self) -> str:
        """The document as block-style YAML with the API's camelCase keys, in field order; unset fields left out."""
        return dump_yaml(unstructure(self))
