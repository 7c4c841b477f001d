"""One equality per kind: for random edits, made in Cortex or in the program, the provider's diff, the audit and
the preview summary agree on whether and which fields changed, and a refresh records inputs that describe Cortex.

Property-based (Hypothesis), against the session's in-process emulator; each example makes a new object, so the
examples are independent. The number of examples per kind is bounded for CI (derandomized: the same every run).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cortex_pulumi.audit import audit
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider.deploy import Deploy, _DeployProvider, shape as deploy_shape
from cortex_pulumi.provider.exemption import ScorecardExemption, _ExemptionProvider
from cortex_pulumi.provider.scorecard import Scorecard, _ScorecardProvider, shape as card_shape
from cortex_pulumi.provider.secret import Secret, _SecretProvider
from cortex_pulumi.provider.team import Team, _TeamProvider, shape as team_shape
from cortex_pulumi.provider.team_hierarchy import TeamHierarchy, _TeamHierarchyProvider
from cortex_pulumi.provider.workflow import Workflow, _WorkflowProvider, shape as workflow_shape
from cortex_pulumi.summary.kinds.base import changed
from cortex_pulumi.summary.preview import ResourceChange
from tests.provider.conftest import checked, configured

EXAMPLES = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
_TAGS = itertools.count()
SOURCES = st.sampled_from(["program", "cortex", "both"])
TEXT = st.sampled_from(["Alpha", "Beta", "Gamma delta"])
OPTIONAL_TEXT = st.one_of(st.none(), st.just(""), TEXT)


def _tag(prefix: str) -> str:
    return f"{prefix}-{next(_TAGS)}"


@attrs.frozen
class Case:
    """One kind under test: its resource, a program declaring an object, edits of it, and how Cortex is edited."""

    resource: Any
    base: Callable[[str], dict[str, Any]]
    edits: st.SearchStrategy[dict[str, Any]]
    #: Write `props` (checked inputs) to the object `id_` as a colleague would in the UI; None: Cortex cannot.
    write: Callable[[Any, str, dict[str, Any]], None] | None


def _write_team(client: Any, id_: str, props: dict[str, Any]) -> None:
    client.update_team_metadata(tag_or_id=id_, **team_shape.to_api(props))
    if props.get("archived"):
        client.archive_team(tag_or_id=id_)


_MEMBER = st.fixed_dictionaries(
    {"email": st.sampled_from(["ada@x.io", "bob@x.io", "cy@x.io"]), "name": TEXT},
    optional={"notifications_enabled": st.booleans(), "roles": st.lists(st.sampled_from(["lead", "oncall"]),
                                                                      unique=True, max_size=2),
              "description": OPTIONAL_TEXT})
_LINK = st.fixed_dictionaries({"name": TEXT, "type": st.sampled_from(["documentation", "runbook"]),
                               "url": st.sampled_from(["https://a.example.com", "https://b.example.com"])},
                              optional={"description": OPTIONAL_TEXT})
_CHANNEL = st.fixed_dictionaries({"name": st.sampled_from(["#a", "#b"])},
                                 optional={"notifications_enabled": st.booleans(), "description": OPTIONAL_TEXT})

TEAM = Case(
    Team, lambda tag: {"team_tag": tag, "name": "Team", "members": [{"email": "ada@x.io", "name": "Ada"}],
                       "links": [{"name": "Docs", "type": "documentation", "url": "https://a.example.com"}],
                       "slack_channels": [{"name": "#a"}]},
    st.fixed_dictionaries({}, optional={
        "name": TEXT, "description": OPTIONAL_TEXT, "summary": OPTIONAL_TEXT, "archived": st.booleans(),
        "members": st.lists(_MEMBER, max_size=3, unique_by=lambda m: m["email"]),
        "links": st.lists(_LINK, max_size=2), "slack_channels": st.lists(_CHANNEL, max_size=2, unique_by=lambda c: c["name"])}),
    _write_team)

SECRET = Case(Secret, lambda tag: {"tag": tag.replace("-", "_"), "name": "Secret", "value": "s3cret-value"},
              st.fixed_dictionaries({}, optional={"name": TEXT}),
              lambda client, id_, props: client.update_secret(tag_or_id=id_, name=props["name"]))

_ACTION = st.fixed_dictionaries({"name": TEXT, "slug": st.just("say"), "schema": st.fixed_dictionaries(
    {"type": st.just("SLACK"), "channel": st.sampled_from(["x", "y"]), "message": TEXT})})
WORKFLOW = Case(
    Workflow, lambda tag: {"tag": tag, "name": "Flow", "actions": [
        {"name": "Say", "slug": "say", "schema": {"type": "SLACK", "channel": "x", "message": "hi"}}]},
    st.fixed_dictionaries({}, optional={"name": TEXT, "description": OPTIONAL_TEXT, "is_draft": st.booleans(),
                                        "actions": st.lists(_ACTION, min_size=1, max_size=1),
                                        "variables": st.lists(st.fixed_dictionaries(
                                            {"slug": st.just("v")}, optional={"type": st.sampled_from(["STRING", "NUMBER"])}),
                                            max_size=1)}),
    lambda client, id_, props: client.create_or_update_workflow(workflow=workflow_shape.to_api(props)))

_LEVELS = [{"name": "Bronze", "rank": 1, "color": "#CD7F32"}, {"name": "Gold", "rank": 2, "color": "#FFD700"}]
_RULE = st.fixed_dictionaries({"title": st.just("Has docs"), "expression": st.sampled_from(
    ['custom("docs") != null', 'custom("runbook") != null'])}, optional={
    "level": st.sampled_from(["Bronze", "Gold"]), "description": OPTIONAL_TEXT, "weight": st.sampled_from([1, 2])})
SCORECARD = Case(
    Scorecard, lambda tag: {"tag": tag, "name": "Card", "levels": _LEVELS,
                            "rules": [{"title": "Has docs", "expression": 'custom("docs") != null', "level": "Bronze"}]},
    st.fixed_dictionaries({}, optional={
        "name": TEXT, "description": OPTIONAL_TEXT, "draft": st.booleans(),
        "rules": st.lists(_RULE.map(lambda r: {**r, "level": r.get("level", "Bronze")}), min_size=1, max_size=1),
        "filter": st.one_of(st.none(), st.fixed_dictionaries({"query": st.sampled_from(['hasGroup("a")', 'hasGroup("b")'])}))}),
    lambda client, id_, props: client.create_or_update_scorecard(descriptor=card_shape.to_api(props)))


def _write_deploy(client: Any, id_: str, props: dict[str, Any]) -> None:
    entity, uuid = id_.split("/", 1)
    client.update_deploy_by_uuid(tag_or_id=entity, uuid=uuid, **deploy_shape.to_api(props))


DEPLOY = Case(
    Deploy, lambda _tag: {"entity": "agree-team", "title": "release", "sha": "abc",
                          "timestamp": "2024-05-01T12:00:00.000Z"},
    st.fixed_dictionaries({}, optional={"title": TEXT, "sha": OPTIONAL_TEXT, "environment": OPTIONAL_TEXT,
                                        "type": st.sampled_from(["DEPLOY", "ROLLBACK"]),
                                        "deployer": st.fixed_dictionaries({"name": TEXT})}),
    _write_deploy)

_EDGES = st.lists(st.sampled_from([("agree-team", "agree-b"), ("agree-team", "agree-c"), ("agree-b", "agree-c")]),
                  min_size=1, max_size=3, unique=True).map(lambda es: [{"parent": p, "child": c} for p, c in es])
HIERARCHY = Case(
    TeamHierarchy, lambda _tag: {"edges": [{"parent": "agree-team", "child": "agree-b"}], "adopt": True},
    st.fixed_dictionaries({}, optional={"edges": _EDGES}),
    lambda client, _id, props: client.replace_all_team_hierarchy_relationships(
        edges=[(e["parent"], e["child"]) for e in props["edges"]]))

EXEMPTION = Case(
    ScorecardExemption, lambda _tag: {"scorecard": "agree-card", "entity": "agree-team", "rule": "Has docs",
                                      "reason": "later", "approve": True},
    st.fixed_dictionaries({}, optional={"reason": TEXT}),
    None)  # Cortex cannot edit an exemption: it is requested again

CASES = {"team": TEAM, "secret": SECRET, "workflow": WORKFLOW, "scorecard": SCORECARD, "deploy": DEPLOY,
         "team hierarchy": HIERARCHY, "scorecard exemption": EXEMPTION}
PROVIDERS = {Team: _TeamProvider, Secret: _SecretProvider, Workflow: _WorkflowProvider, Scorecard: _ScorecardProvider,
             Deploy: _DeployProvider, TeamHierarchy: _TeamHierarchyProvider, ScorecardExemption: _ExemptionProvider}


@pytest.fixture(scope="module")
def tenant(emulator: Emulator) -> Emulator:
    """The objects the kinds under test refer to: three teams and a scorecard with the rule exemptions name."""
    emulator.reset()
    teams = configured(_TeamProvider, emulator)
    for tag in ("agree-team", "agree-b", "agree-c"):
        teams.create(checked(teams, {"team_tag": tag, "name": tag}))
    cards = configured(_ScorecardProvider, emulator)
    cards.create(checked(cards, SCORECARD.base("agree-card")))
    return emulator


def test_every_kind_is_covered() -> None:
    from cortex_pulumi.provider.kinds import kinds

    assert set(CASES) == {k.name for k in kinds()}


def _audited(emu: Emulator, resource: Any, id_: str, inputs: dict[str, Any], outputs: dict[str, Any]) -> list[str]:
    """The fields the audit reports mismatched, for a state declaring `inputs` of the object `id_`."""
    type_ = resource._provider_type.spec.type_token
    export = {"deployment": {"resources": [{"urn": f"urn:pulumi:s::p::{type_}::x", "type": type_, "id": id_,
                                            "inputs": inputs, "outputs": outputs}]}}
    with configured(_TeamProvider, emu).client as client:
        report = audit(export, client)
    # (Deploys of the examples share one entity: the audit calls equal ones duplicates, which is not asked here.)
    assert {f.problem for f in report.findings} <= {"mismatch", "duplicate"}, report.to_text()
    return [f.detail.split(":")[0] for f in report.findings if f.problem == "mismatch"]


def _check_agreement(emu: Emulator, case: Case, source: str, edit: dict[str, Any]) -> None:
    provider: Any = configured(PROVIDERS[case.resource], emu)
    base = checked(provider, case.base(_tag("agree")))
    made = provider.create(base)
    try:
        _compare(emu, case, provider, source, edit, base, made)
    finally:  # some kinds hold one object per target (an exemption per rule and entity): free it
        provider.delete(made.id, dict(provider.read(made.id, dict(made.outs)).outs) or dict(made.outs))


def _compare(emu: Emulator, case: Case, provider: Any, source: str, edit: dict[str, Any], base: dict[str, Any],
             made: Any) -> None:
    program = checked(provider, {**base, **edit}) if source != "cortex" else base
    if source != "program" and case.write is not None:
        case.write(provider.client, made.id, checked(provider, {**base, **edit}))
    refreshed = provider.read(made.id, dict(made.outs))  # what `pulumi preview --refresh` reads
    assert refreshed.id == made.id
    olds = dict(refreshed.outs)
    fields = provider.changed(olds, program)
    assert provider.diff(made.id, olds, program).changes is bool(fields)
    recorded = refreshed.inputs if refreshed.inputs is not None else base
    summary = changed(ResourceChange("update", "urn", case.resource._provider_type.spec.type_token, recorded, program),
                      case.resource)
    assert summary == fields, "the summary names the fields the provider's diff changes"
    assert sorted(_audited(emu, case.resource, made.id, program, dict(made.outs))) == sorted(fields)
    assert provider.changed(olds, recorded) == [], "refreshed inputs describe Cortex: no phantom difference"


@pytest.mark.parametrize("name", sorted(CASES))
def test_diff_audit_and_summary_agree(tenant: Emulator, name: str) -> None:
    case = CASES[name]

    @EXAMPLES
    @given(source=SOURCES, edit=case.edits)
    def check(source: str, edit: dict[str, Any]) -> None:
        _check_agreement(tenant, case, source, edit)

    check()
