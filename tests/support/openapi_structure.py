"""Make the repository's structural copy of the official Cortex OpenAPI document (no prose, same contract).

The tests validate against ``tests/support/contract/cortex-openapi.json``: the official document's paths,
operations, parameters, request and response schemas and status codes, without its descriptions,
summaries, examples, operation tags or vendor extensions (upstream prose is not ours to copy). Refresh it
from a newer upstream document with::

    .venv/bin/python -m tests.support.openapi_structure PATH/TO/cortex-openapi.json

``test_openapi_copy.py`` compares the copy with ``../shared/cortex-openapi.json`` whenever that file exists.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

COPY_PATH = Path(__file__).resolve().parent / "contract" / "cortex-openapi.json"

#: Keys that carry prose or tooling hints, not structure. ``title`` stays: the document uses schema titles
#: as discriminator values (``CORTEX``, ``IDP``, ``HTTP_REQUEST``...), which the validator relies on.
PROSE_KEYS = frozenset({"description", "summary", "example", "examples", "externalDocs", "tags"})

#: Maps whose keys are names chosen by the document (property, media type, status, header, path, schema
#: names): every key is kept, and each value is walked as structure again.
NAMED_MAPS = frozenset({
    "properties", "paths", "schemas", "responses", "content", "headers", "securitySchemes",
    "mapping", "parameters", "requestBodies", "variables",
})


def structural_copy(document: dict[str, Any]) -> dict[str, Any]:
    """The document without prose: the same paths, operations, parameters, schemas and statuses."""
    copy: dict[str, Any] = _strip(document)
    copy["info"] = {key: document["info"][key] for key in ("title", "version") if key in document["info"]}
    copy["servers"] = [{"url": server["url"]} for server in document.get("servers", [])]
    return copy


def _strip(node: Any, named: bool = False) -> Any:
    if isinstance(node, list):
        return [_strip(item) for item in node]
    if not isinstance(node, dict):
        return node
    if named:  # every key is a name; only the values are structure to strip
        return {key: _strip(value) for key, value in node.items()}
    return {
        key: _strip(value, named=key in NAMED_MAPS and isinstance(value, dict))
        for key, value in node.items()
        if key not in PROSE_KEYS and not key.startswith("x-")
    }


def render(document: dict[str, Any]) -> str:
    """The copy as committed: sorted keys and two-space indentation, so upstream reorderings diff to nothing."""
    return json.dumps(structural_copy(document), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the official cortex-openapi.json")
    parser.add_argument("--out", type=Path, default=COPY_PATH, help=f"where to write (default {COPY_PATH})")
    args = parser.parse_args(argv)
    document = json.loads(args.source.read_text(encoding="utf-8"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(document), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
