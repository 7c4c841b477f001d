"""Outputs recorded once (provider/_compact.py): what is left out, what is kept, and how it comes back."""

from __future__ import annotations

import pytest

from cortex_pulumi.provider._compact import ELIDED, compact, expand, recorded, under_engine

INPUTS = {"__provider": "blob", "tag": "sc", "name": "Card", "rules": [{"title": "R", "weight": 1.0}],
          "draft": 0, "notifications_enabled": True}
OUTS = {"__provider": "blob", "tag": "sc", "name": "Card", "rules": [{"title": "R", "weight": 1}], "draft": False,
        "notifications_enabled": True, "rule_identifiers": {"R": "id-1"}, "description": "from Cortex"}


def test_outputs_equal_to_inputs_are_listed_not_kept() -> None:
    out = recorded(OUTS, INPUTS, keep=("tag", "notifications_enabled"))
    # The wire's 1.0 is the output's 1; but 0 is not False, and a kept or output-only key always stays.
    assert out[ELIDED] == ["name", "rules"]
    assert {k for k in out if k != ELIDED} == {"__provider", "tag", "draft", "notifications_enabled",
                                              "rule_identifiers", "description"}
    back = expand(out, INPUTS)
    assert back["name"] == "Card" and back["rules"] == INPUTS["rules"] and ELIDED not in back
    assert {k: v for k, v in back.items() if k not in ("rules",)} == {k: v for k, v in OUTS.items() if k != "rules"}


def test_nothing_left_out_without_inputs_and_old_state_reads_as_is() -> None:
    assert recorded(OUTS, None, keep=()) == OUTS
    assert compact({"a": 1}, {"a": 2}, keep=()) == {"a": 1}
    assert expand(OUTS, None) == OUTS and expand(OUTS, {}) == OUTS  # no list: a full, older state


def test_an_input_the_program_dropped_since_comes_back_absent() -> None:
    out = recorded({"tag": "t", "name": "N"}, {"tag": "t", "name": "N"}, keep=("tag",))
    assert expand(out, {"tag": "t"}) == {"tag": "t"}  # a same step stored the new inputs: the default stands


def test_a_compact_state_without_inputs_is_an_error_not_a_guess() -> None:
    with pytest.raises(RuntimeError, match="sent no inputs"):
        expand({"tag": "t", ELIDED: ["name"]}, None)


def test_outside_the_engine_nothing_is_left_out() -> None:
    assert under_engine() is False
