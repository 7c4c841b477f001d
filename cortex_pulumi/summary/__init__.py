"""Pull-request summaries of `pulumi preview --json` in Cortex's terms (what `cortex-pulumi summarize` prints)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import markdown, text
from .adoption import compare_adoptions
from .build import summarize
from .model import Summary
from .preview import Preview, PreviewFormatError, ResourceChange, from_document, parse

if TYPE_CHECKING:
    from ..client.client import CortexClient

FORMATS = ("markdown", "text")


def render(summary: Summary, fmt: str = "markdown", *, title: str = "Cortex preview") -> str:
    """The summary as `markdown` (a pull-request comment) or `text` (a CI log)."""
    if fmt not in FORMATS:
        raise ValueError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    return (markdown.render if fmt == "markdown" else text.render)(summary, title=title)


def summarize_text(preview_json: str, fmt: str = "markdown", *, title: str = "Cortex preview",
                   drift: bool | None = None, client: CortexClient | None = None) -> tuple[str, Summary]:
    """Parse a `pulumi preview --json` document and render its summary (`drift`: see `summarize`);
    PreviewFormatError on bad input. With a `client`, each adoption is compared (read-only) with what Cortex holds."""
    preview = parse(preview_json)
    adoptions = compare_adoptions(client, preview.changes) if client is not None else None
    summary = summarize(preview, drift, adoptions)
    return render(summary, fmt, title=title), summary


__all__ = ["FORMATS", "Preview", "PreviewFormatError", "ResourceChange", "Summary", "from_document", "parse",
           "render", "summarize", "summarize_text"]
