"""The summaries compare nested items through the kinds' own forms: a value at its default is no change."""

from __future__ import annotations

from cortex_pulumi.summary.kinds import scorecard, team, workflow
from cortex_pulumi.summary.model import plain


def _texts(lines: list) -> list[str]:
    return [plain(line.parts) for line in lines]


def test_a_variable_typed_as_its_default_is_not_a_change() -> None:
    lines = workflow._variables([{"slug": "v"}], [{"slug": "v", "type": "STRING"}, {"slug": "w"}])
    assert _texts(lines) == ["Variable added: w"]


def test_members_and_channels_at_their_defaults_are_not_changes() -> None:
    members = team._members([{"email": "a@x.io", "name": "A"}],
                            [{"email": "a@x.io", "name": "A", "notifications_enabled": True, "roles": []}])
    channels = team._channels([{"name": "#a"}, {"name": "#b"}], [{"name": "#a", "notifications_enabled": False}])
    assert members == [] and _texts(channels) == ["Slack channel removed: #b"]


def test_a_rule_weight_of_one_is_the_default() -> None:
    assert scorecard.RULE_CANON["weight"](None) == scorecard.RULE_CANON["weight"](1.0)
