"""The provider's own validation of what an import would write: the errors the first `pulumi preview` would give."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..provider._document_provider import DocumentProvider

__all__ = ["document_errors", "input_errors"]


def document_errors(provider: type[DocumentProvider], text: str) -> list[str]:
    """The errors of a document kind's file text (a scorecard descriptor, a workflow), at their place in it."""
    from ..provider._document_provider import document_problems

    return [problem.lstrip(": ") for problem in document_problems(provider, text)]


def input_errors(provider_type: Callable[[], Any], inputs: Mapping[str, Any]) -> list[str]:
    """The errors of a row of inputs, each naming its property."""
    from ..provider._check import Checker

    checker = Checker(inputs)
    provider_type().validate(checker)
    return [f.reason if not f.property or f.reason.startswith(f.property) else f"{f.property}: {f.reason}"
            for f in checker.failures]
