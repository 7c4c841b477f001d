"""Validate emulator responses against the official Cortex OpenAPI document (its structural copy in contract/).

``validate_response(method, path_template, status, body)`` looks the operation up by its path template
(``"/api/v1/secrets/{tagOrId}"``), picks the JSON schema declared for ``status`` and validates ``body``
with openapi-schema-validator (OpenAPI 3.0 semantics). It raises `AssertionError` with the validation
error, and `OpenApiDocumentMissing` (an AssertionError, never a skip) when the document is absent.
``schema_for(name)`` validates against a named component instead (``validate_schema(name, body)``).

Two known defects of the official document are adapted before validation, both documented here:
- ``oneOf`` + ``discriminator`` whose variants ``allOf`` their own parent (TeamResponse, CreateTeamRequest,
  CortexTeamMemberRole, ...) recurse forever in a plain JSON Schema validator; the discriminator is
  resolved first (the variant named by the ``type`` value is chosen, unknown values fail) and the parent's
  own properties are checked alongside.
- ``customData`` is declared as ``additionalProperties: {type: object}`` (a Java ``Map<String, Object>``
  rendered badly) while every Cortex example stores strings; its values are validated as "any".
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

from openapi_schema_validator import OAS30Validator

from tests.support.openapi_structure import COPY_PATH

#: The repository's structural copy of the official document (see contract/README.md for origin and licence).
OPENAPI_PATH = COPY_PATH


class OpenApiDocumentMissing(AssertionError):
    pass


@functools.lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    path = OPENAPI_PATH.resolve()
    if not path.is_file():
        raise OpenApiDocumentMissing(f"cortex-openapi.json not found at {path}: contract tests cannot run without it")
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = document()["components"]["schemas"]
    return schemas


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


@functools.cache
def _resolved(name: str) -> dict[str, Any]:
    """A self-contained schema for component ``name`` with discriminators resolved and refs inlined."""
    resolved: dict[str, Any] = _expand({"$ref": f"#/components/schemas/{name}"}, ())
    return resolved


def _expand(schema: Any, stack: tuple[str, ...]) -> Any:
    if isinstance(schema, list):
        return [_expand(s, stack) for s in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = _ref_name(schema["$ref"])
        target = _schemas()[name]
        if name in stack:
            # A variant's allOf pointing back at its discriminated parent: keep the parent's own
            # properties/required only (its oneOf is the one being resolved further up).
            return _expand({k: v for k, v in target.items() if k not in ("oneOf", "discriminator")}, stack)
        return _expand(target, stack + (name,))
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("discriminator", "oneOf") and "discriminator" in schema:
            continue
        if key == "properties":
            out[key] = {
                prop: {"type": "object"} if prop == "customData" else _expand(sub, stack)
                for prop, sub in value.items()
            }
            continue
        out[key] = _expand(value, stack)
    disc = schema.get("discriminator")
    if disc and "oneOf" in schema:
        prop = disc["propertyName"]
        variants = []
        # An explicit discriminator mapping (ExemptionActor: API/USER) names the variants; else their titles.
        mapped = {_ref_name(ref): value for value, ref in (disc.get("mapping") or {}).items()}
        for option in schema["oneOf"]:
            vname = _ref_name(option["$ref"])
            title = mapped.get(vname) or _schemas()[vname].get("title") or vname.rsplit(".", 1)[-1]
            pin = {"properties": {prop: {"type": "string", "enum": [title]}}, "required": [prop]}
            variants.append({"allOf": [_expand(option, stack), pin]})
        out["oneOf"] = variants
    return out


def _describe(error: Any) -> str:
    where = "/".join(map(str, error.absolute_path)) or "<root>"
    text = f"  at {where}: {error.message[:300]}"
    # For oneOf/anyOf failures, the per-variant reasons are what a reader needs.
    for sub in sorted(error.context or [], key=lambda e: -len(list(e.absolute_path)))[:6]:
        sub_where = "/".join(map(str, sub.absolute_path)) or "<root>"
        text += f"\n    variant {list(sub.schema_path)[:2]} at {sub_where}: {sub.message[:200]}"
    return text


def validate_schema(name: str, body: Any) -> None:
    schema = copy.deepcopy(_resolved(name))
    errors = sorted(OAS30Validator(schema).iter_errors(body), key=lambda e: list(e.absolute_path))
    if errors:
        details = "\n".join(_describe(e) for e in errors[:10])
        raise AssertionError(f"body does not match schema {name}:\n{details}\nbody: {json.dumps(body)[:2000]}")


def response_schema(method: str, path_template: str, status: int) -> dict[str, Any] | None:
    """The declared JSON schema (possibly a ``$ref``) for one response, None when it declares no body."""
    paths = document()["paths"]
    if path_template not in paths:
        raise AssertionError(f"{path_template} is not a path of cortex-openapi.json")
    operation = paths[path_template].get(method.lower())
    if operation is None:
        raise AssertionError(f"{method.upper()} {path_template} is not an operation of cortex-openapi.json")
    response = operation["responses"].get(str(status))
    if response is None:
        declared = ", ".join(operation["responses"])
        raise AssertionError(f"status {status} is not declared for {method.upper()} {path_template} ({declared})")
    content = response.get("content") or {}
    for media in ("application/json", "application/problem+json", "*/*"):
        if media in content:
            schema: dict[str, Any] = content[media].get("schema") or {}
            return schema
    return None


def validate_response(method: str, path_template: str, status: int, body: Any) -> None:
    """Assert that ``body`` is what the document declares for this operation and status."""
    schema = response_schema(method, path_template, status)
    if schema is None:
        return
    if "$ref" in schema:
        validate_schema(_ref_name(schema["$ref"]), body)
        return
    expanded = _expand(schema, ())
    errors = list(OAS30Validator(expanded).iter_errors(body))
    if errors:
        raise AssertionError(f"body does not match {method.upper()} {path_template} {status}: {errors[0].message}")
