"""Pull-request summaries of `pulumi preview --json` in Cortex's terms (what `cortex-pulumi summarize` prints)."""

from __future__ import annotations

from . import markdown, text
from .build import summarize
from .model import Summary
from .preview import Preview, PreviewFormatError, ResourceChange, from_document, parse

FORMATS = ("markdown", "text")


def render(summary: Summary, fmt: str = "markdown", *, title: str = "Cortex preview") -> str:
    """The summary as `markdown` (a pull-request comment) or `text` (a CI log)."""
    if fmt not in FORMATS:
        raise ValueError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    return (markdown.render if fmt == "markdown" else text.render)(summary, title=title)


def summarize_text(preview_json: str, fmt: str = "markdown", *, title: str = "Cortex preview",
                   drift: bool | None = None) -> tuple[str, Summary]:
    """Parse a `pulumi preview --json` document and render its summary (`drift`: see `summarize`);
    PreviewFormatError on bad input."""
    summary = summarize(parse(preview_json), drift)
    return render(summary, fmt, title=title), summary


__all__ = ["FORMATS", "Preview", "PreviewFormatError", "ResourceChange", "Summary", "from_document", "parse",
           "render", "summarize", "summarize_text"]
