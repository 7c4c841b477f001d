"""The shared wire-contract tables (cortex_pulumi/contract) equal the official API document's schemas, and the
package imports nothing else of cortex_pulumi (the emulator may use it)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from cortex_pulumi.contract.workflow_actions import ACTION_TYPES, ENUMS, schema_problems, unknown_key_message
from tests.support.openapi import document

CONTRACT = Path(__file__).resolve().parents[1] / "cortex_pulumi" / "contract"


def _own(schema: dict[str, Any]) -> tuple[set[str], dict[str, Any]]:
    """(required, properties) of a `WorkflowActionSchema.<TYPE>` schema (its allOf's own object)."""
    props: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        props.update(part.get("properties", {}))
    return set(schema.get("required", ())) - {"type"}, props


def test_every_action_type_of_the_document_with_its_required_and_accepted_keys() -> None:
    schemas = document()["components"]["schemas"]
    documented = {name.split(".", 1)[1]: s for name, s in schemas.items() if name.startswith("WorkflowActionSchema.")}
    assert set(ACTION_TYPES) == set(documented)
    for name, schema in documented.items():
        required, props = _own(schema)
        spec = ACTION_TYPES[name]
        assert set(spec.required) == required, name
        assert set(spec.keys) - set(spec.seen) == set(props) | {"type"}, name
        assert not set(spec.seen) & set(props), name  # `seen` is only for what the document leaves out
        for key, allowed in ENUMS.items():
            if key in props:
                assert set(props[key]["enum"]) == allowed, (name, key)


def test_nested_objects_accept_the_document_s_keys() -> None:
    schemas = document()["components"]["schemas"]
    refs = {"branches": "Conditional", "fallbackBranch": "Fallback", "variables": "VariableAssignment",
            "author": "GithubAuthor", "committer": "GithubCommitter"}
    for spec in ACTION_TYPES.values():
        for key, keys in spec.nested.items():
            assert set(keys) == set(schemas[refs[key]]["properties"]), key


def test_an_http_request_body_is_refused_naming_payload() -> None:
    problems = schema_problems({"type": "HTTP_REQUEST", "url": "u", "httpMethod": "POST", "headers": {},
                                "body": "{}", "integration": None, "integrationAlias": "gh", "other": None})
    assert [(p.path, p.key) for p in problems] == [((), "body")]
    assert "payload" in problems[0].accepted
    assert schema_problems({"type": "ADVANCED_HTTP_REQUEST", "actionIdentifier": "x", "inputs": {"body": "{}"}}) == []
    assert schema_problems({"type": "SOMETHING_NEW", "body": 1}) == []


def test_the_message_lists_the_accepted_keys_and_a_close_one() -> None:
    assert unknown_key_message("a.paylod", "paylod", ["url", "payload"]) == (
        "a.paylod: unknown key (did you mean payload?); accepted keys: payload, url")
    assert unknown_key_message("zzz", "zzz", ["b", "a"]) == "zzz: unknown key; accepted keys: a, b"


def test_the_contract_imports_nothing_else_of_the_package() -> None:
    for path in CONTRACT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0 or node.module is None, (path.name, node.module)
                assert not (node.module or "").startswith("cortex_pulumi"), (path.name, node.module)
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("cortex_pulumi") for a in node.names), path.name
