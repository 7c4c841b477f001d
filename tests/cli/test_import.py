"""`cortex-pulumi import` and `cortex-pulumi diff` against in-process emulators: the generated project, the
kind and tag selection, identifiers, atomic output, and each bad input (one line, exit 2, nothing written)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from cortex_pulumi.cli import main
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.importer import names
from tests.support import ADMIN_TOKEN, TEST_RATE_LIMIT, VIEWER_TOKEN, api
from tests.support.tenant import exemption_targets, request_exemptions, tenant_seed

SEED = tenant_seed(teams=30, scorecards=6, workflows=8, secrets=3)


def _seeded(tmp_path: Path, seed: dict[str, Any]) -> Emulator:
    (tmp_path / "seed.yaml").write_text(yaml.safe_dump(seed))
    emu = Emulator(api_keys={ADMIN_TOKEN: "ADMIN", VIEWER_TOKEN: "VIEWER"}, rate_limit=TEST_RATE_LIMIT,
                   seed=str(tmp_path / "seed.yaml"))
    emu.start()
    return emu


@pytest.fixture(scope="module")
def tenant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    emu = _seeded(tmp_path_factory.mktemp("tenant"), SEED)
    session = api(emu)
    request_exemptions(lambda method, path, **kw: session.request(method, path, **kw), exemption_targets(SEED, 4))
    yield emu
    emu.stop()


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    return ADMIN_TOKEN


def _import(emu: Emulator, out: Path, *extra: str) -> int:
    return main(["import", "--out", str(out), "--base-url", emu.url, *extra])


def test_the_generated_project(tenant: Emulator, token: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cortex-infra"
    assert _import(tenant, out) == 0
    printed = capsys.readouterr().out
    assert "30 teams" in printed and "pulumi config set --secret import_" in printed
    assert yaml.safe_load((out / "Pulumi.yaml").read_text())["name"] == "cortex-infra"
    assert "cortex-pulumi" in (out / "requirements.txt").read_text()
    program = (out / "__main__.py").read_text()
    compile(program, "__main__.py", "exec")
    # Keywords, leading digits and collisions become distinct identifiers.
    for line in ("class_ = cortex.Scorecard.from_file('class'", "_2024_readiness = cortex.Scorecard.from_file(",
                 "prod_readiness = cortex.Scorecard.from_file('prod-readiness'",
                 "prod_readiness_2 = cortex.Scorecard.from_file('prod_readiness'",
                 "import_ = cortex.Secret(", "config.require_secret('db_password')"):
        assert line in program
    assert program.count("adopt=True") >= 6 and "rule_identifiers.apply" in program
    assert (out / "scorecards" / "class.yaml").read_text() == api(tenant).get(
        "/api/v1/scorecards/class/descriptor").text
    assert len(list((out / "workflows").glob("*.yaml"))) == 8
    # From the project's directory, as its own repository runs ruff (cortex_pulumi is third-party there).
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", "."], cwd=out,
                          capture_output=True, text=True, check=False)
    assert ruff.returncode == 0, ruff.stdout
    readme = (out / "README.md").read_text()
    assert "## Not imported, and why" in readme and "pulumi preview --expect-no-changes" in readme
    # The first, adopting up is offered without checkpoints, with why that is safe (tests/reliability/test_kill_adoption.py).
    fast = "PULUMI_SKIP_CHECKPOINTS=true pulumi up"
    assert fast in readme and "run `pulumi cancel` and the same command again" in readme and fast in printed
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a temporary directory was left behind"


def test_the_generated_project_is_ready_for_a_repository(tenant: Emulator, token: str, tmp_path: Path) -> None:
    from packaging.requirements import Requirement

    import cortex_pulumi

    out = tmp_path / "cortex-infra"
    assert _import(tenant, out) == 0
    assert {"venv/", "__pycache__/"} <= set((out / ".gitignore").read_text().split())
    runtime = yaml.safe_load((out / "Pulumi.yaml").read_text())["runtime"]
    assert runtime == {"name": "python", "options": {"virtualenv": "venv"}}
    [ours] = [Requirement(r) for r in (out / "requirements.txt").read_text().split("\n") if r.startswith("cortex-")]
    assert ours.name == "cortex-pulumi" and str(ours.specifier).startswith("~=")
    major, minor, _ = cortex_pulumi.__version__.split(".")
    compatible = [cortex_pulumi.__version__, f"{major}.{minor}.99"]
    breaking = [f"{int(major) + 1}.0.0"] + ([f"0.{int(minor) + 1}.0"] if major == "0" else [])
    assert [ours.specifier.contains(v) for v in compatible + breaking] == [True] * 2 + [False] * len(breaking)
    # ruff as the project's own repository runs it: from its directory, where cortex_pulumi is a third-party
    # package, with ruff's defaults (--isolated: no configuration of this repository applies), isort's rules in them.
    for rules in ([], ["--extend-select", "I"]):
        ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated", *rules, "."],
                              cwd=out, capture_output=True, text=True, check=False)
        assert ruff.returncode == 0, (rules, ruff.stdout)


def test_kinds_prefix_and_exclude(tenant: Emulator, token: str, tmp_path: Path) -> None:
    out = tmp_path / "p"
    assert _import(tenant, out, "--kinds", "teams,hierarchy,secrets", "--tag-prefix", "dept-",
                   "--exclude", "dept-3", "--tag-prefix", "secret_") == 0
    program = (out / "__main__.py").read_text()
    assert "'team_tag': 'dept-2'" in program and "'team_tag': 'dept-3'" not in program
    assert "'team_tag': 'org'" not in program and "cortex.Scorecard" not in program
    assert "secret_000 = cortex.Secret(" in program and "db_password" not in program
    # The hierarchy joins dept- teams to teams outside the import: the program owns only the edges between
    # imported teams (none here: dept- teams hang under div- teams and above team- teams).
    assert "TeamHierarchy(" not in program
    assert "div-0 -> dept-0" in (out / "README.md").read_text()
    part = tmp_path / "part"
    assert _import(tenant, part, "--kinds", "teams,hierarchy", "--exclude", "team-0000") == 0
    program = (part / "__main__.py").read_text()
    assert "ownership=\"DECLARED\"" in program and "('div-0', 'dept-0')" in program
    assert "'team-0000')" not in program and "dept-0 -> team-0000" in (part / "README.md").read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--kinds", "teams,gizmos"], "unknown kind 'gizmos' in --kinds"),
    (["--kinds", "exemptions"], "--kinds exemptions needs scorecards too"),
    (["--tag-prefix", "nothing-has-this-"], "nothing to import"),
    (["--project-name", "bad name!"], "--project-name 'bad name!'"),
])
def test_bad_arguments(tenant: Emulator, token: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       args: list[str], message: str) -> None:
    assert _import(tenant, tmp_path / "out", *args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_unreachable_tenant(token: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--out", str(tmp_path / "out"), "--base-url", "http://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "cannot reach Cortex at http://127.0.0.1:9" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_token_without_read_permission(tenant: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VIEW_ONLY", VIEWER_TOKEN)
    assert _import(tenant, tmp_path / "out", "--token-env", "VIEW_ONLY") == 2
    err = capsys.readouterr().err
    assert "no read permission on teams" in err and VIEWER_TOKEN not in err
    assert list(tmp_path.iterdir()) == []


def test_a_tag_that_cannot_be_an_identifier(token: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "emu").mkdir()
    emu = _seeded(tmp_path / "emu", {"secrets": [{"tag": "__", "name": "Odd", "secret": "x"}]})
    try:
        assert _import(emu, tmp_path / "out") == 2
    finally:
        emu.stop()
    assert "the secret tag '__' cannot become a Python identifier" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_output_directory_is_refused_replaced_or_left_alone(tenant: Emulator, token: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert _import(tenant, out) == 2
    assert "is not empty" in capsys.readouterr().err and (out / "keep.txt").exists()
    # A failure while writing leaves the old directory as it was and no temporary directory behind.
    from cortex_pulumi.importer import project

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(project, "_move_into_place", broken)
    assert _import(tenant, out, "--force") == 2
    assert "disk full" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["out"] and (out / "keep.txt").exists()
    monkeypatch.undo()
    monkeypatch.setenv("CORTEX_API_TOKEN", ADMIN_TOKEN)
    assert _import(tenant, out, "--force") == 0
    assert not (out / "keep.txt").exists() and (out / "__main__.py").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_names() -> None:
    given = names.Names()
    assert [given(t) for t in ("a-b", "a_b", "A.B", "for", "9lives", "config", "café")] == [
        "a_b", "a_b_2", "a_b_3", "for_", "_9lives", "config_", "caf"]
    assert given("a-b") == "a_b"
    with pytest.raises(ValueError, match="cannot become a Python identifier"):
        given("-_-")
    with pytest.raises(ValueError, match="cannot be a file name"):
        names.check_file_tag("../etc", "workflow")


def test_diff_of_two_tenants(tenant: Emulator, token: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--base-url", tenant.url, "--against", tenant.url]) == 0
    assert "the tenants are equal" in capsys.readouterr().out
    other = _seeded(tmp_path, {**SEED, "secrets": SEED["secrets"][1:]})
    try:
        assert main(["diff", "--base-url", tenant.url, "--against", other.url]) == 1
    finally:
        other.stop()
    out = capsys.readouterr().out
    assert f"secrets: only in {tenant.url}: {SEED['secrets'][0]['tag']}" in out
    assert "exemptions: only in" in out  # the copy has none of the approved exemptions
    assert main(["diff", "--base-url", tenant.url, "--against", "http://127.0.0.1:9"]) == 2


def test_an_empty_tenant(emu: Emulator, token: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import(emu, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert f"nothing to import: Cortex at {emu.url} holds no teams" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_deploys_on_request(token: str, tmp_path: Path) -> None:
    (tmp_path / "emu").mkdir()
    seed = {"teams": SEED["teams"][:2], "deploys": [
        {"entity": SEED["teams"][0]["teamTag"], "title": "payments 1.4.2", "type": "DEPLOY", "sha": "abc123",
         "environment": "prod", "timestamp": "2024-05-01T12:00:00Z",
         "deployer": {"email": "ada@example.com", "name": "Ada"}}]}
    emu = _seeded(tmp_path / "emu", seed)
    try:
        assert _import(emu, tmp_path / "without") == 0
        assert _import(emu, tmp_path / "with", "--kinds", "teams,deploys") == 0
    finally:
        emu.stop()
    assert "DEPLOYS" not in (tmp_path / "without" / "__main__.py").read_text()
    assert "import them with `--kinds" in (tmp_path / "without" / "README.md").read_text()
    program = (tmp_path / "with" / "__main__.py").read_text()
    compile(program, "__main__.py", "exec")
    # The record's timestamp as the provider reads it back (so a refresh after the import records the same text).
    assert "'title': 'payments 1.4.2'" in program and "'timestamp': '2024-05-01T12:00:00.000Z'" in program
    assert "cortex.Deploy(" in program


def test_the_readme_says_what_a_partial_import_writes(tenant: Emulator, token: str, tmp_path: Path) -> None:
    from tests.support.readme import README

    assert _import(tenant, tmp_path / "part", "--kinds", "teams,hierarchy", "--exclude", "team-0000") == 0
    assert 'ownership="DECLARED"' in (tmp_path / "part" / "__main__.py").read_text()
    text = " ".join(README.read_text().split())
    section = text[text.index("## Bringing an existing tenant under Pulumi"):text.index("## Auditing a stack")]
    assert "the whole hierarchy when a `--tag-prefix`" not in section
    passage = section[section.index("when `--tag-prefix` or `--exclude` leaves teams out"):]
    assert passage.index('`ownership="DECLARED"`') < 300, passage[:400]


def test_the_summary_line_counts_in_the_right_number(token: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    team = {"type": "CORTEX", "links": [], "slackChannels": [], "cortexTeam": {"members": []}}
    emu = _seeded(tmp_path, {"teams": [{**team, "teamTag": "org", "metadata": {"name": "Org"}},
                                       {**team, "teamTag": "pay", "metadata": {"name": "Pay"}}],
                             "relationships": [{"parentTeamTag": "org", "childTeamTag": "pay"}]})
    try:
        assert _import(emu, tmp_path / "out", "--kinds", "teams,hierarchy") == 0
    finally:
        emu.stop()
    assert "wrote " + str(tmp_path / "out") + ": 2 teams, 1 hierarchy edge (3 objects);" in capsys.readouterr().out


def _held_by_cortex() -> Any:
    """A tenant as read from a Cortex that holds what the provider refuses (an HTTP_REQUEST `body`, a scorecard
    key the descriptor format does not have) beside valid objects."""
    from cortex_pulumi import Scorecard, ScorecardExemption, Team, Workflow
    from cortex_pulumi.importer.kinds import scorecard, workflow
    from cortex_pulumi.importer.snapshot import Tenant

    call = {"name": "Call", "slug": "call", "isRootAction": True, "outgoingActions": [],
            "schema": {"type": "HTTP_REQUEST", "url": "https://x", "httpMethod": "POST", "headers": {}, "body": "{}"}}
    good = {**call, "schema": {**call["schema"], "payload": "{}"}}
    del good["schema"]["body"]
    flow = {"tag": "rotate-db-password", "name": "Rotate", "isDraft": False, "filter": {"type": "GLOBAL"}}
    card = ("tag: ops\nname: Ops\nladder:\n  name: L\n  levels: [{name: Bronze, rank: 1, color: '#cd7f32'}]\n"
            "rules:\n- {title: a, expression: 'true', level: Bronze, failureMesage: x}\n")
    scorecards, exemptions = Scorecard._provider_type.spec, ScorecardExemption._provider_type.spec
    workflows, teams = Workflow._provider_type.spec, Team._provider_type.spec
    return Tenant(base_url="https://cortex.example.com", kinds=(teams, scorecards, exemptions, workflows), rows={
        teams: [{"team_tag": "platform", "name": "Platform", "members": []}],
        scorecards: [scorecard.Scorecard("ops", "Ops", card, {"a": "rule-a"})],
        exemptions: [{"scorecard": "ops", "entity": "platform", "rule": "a", "reason": "r"}],
        workflows: [workflow.Workflow("rotate-db-password", "Rotate", {**flow, "actions": [call]}),
                    workflow.Workflow("notify", "Notify", {**flow, "tag": "notify", "actions": [good]})]})


def test_what_preview_would_refuse_is_not_declared_but_named(tmp_path: Path, token: str,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import cortex_pulumi.importer as importer

    monkeypatch.setattr(importer, "read_tenant", lambda *_a, **_k: _held_by_cortex())
    out = tmp_path / "infra"
    assert main(["import", "--out", str(out), "--base-url", "https://cortex.example.com"]) == 3
    err = capsys.readouterr().err
    assert "needs attention: workflow 'rotate-db-password' is not declared: actions[0].schema.body: unknown key" in err
    assert "needs attention: scorecard 'ops' is not declared: rules[0].failureMesage: unknown key (did you mean " \
           "failureMessage?)" in err
    assert "3 objects need attention" in err
    program = (out / "__main__.py").read_text()
    assert "rotate-db-password" not in program and "'ops'" not in program and "EXEMPTIONS" not in program
    assert {p.name for p in (out / "workflows").iterdir()} == {"notify.yaml"}
    assert not (out / "scorecards").exists()
    assert "body" in (out / "needs-attention" / "workflows" / "rotate-db-password.yaml").read_text()
    readme = (out / "README.md").read_text()
    attention = readme.split("## Needs attention", 1)[1].split("\n## ", 1)[0]
    assert ("`actions[0].schema.body: unknown key; accepted keys: headers, httpMethod, integration, integrationAlias, "
            "payload, type, url`") in attention
    assert "`needs-attention/scorecards/ops.yaml`" in attention and "exemption** `ops/platform/a`" in attention


def test_the_import_help_documents_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "3 = written, but some objects need attention" in capsys.readouterr().out


def test_what_the_program_owns_by_default_loses_nothing_made_in_the_ui(tmp_path: Path, token: str,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """One rule for members, links and channels (declared as read when there are some, left out when there are
    none), and the hierarchy owned edge by edge unless --hierarchy-ownership all; the README says so."""
    bare = {"type": "CORTEX", "links": [], "slackChannels": [], "cortexTeam": {"members": []}}
    full = {**bare, "cortexTeam": {"members": [{"email": "ada@x.io", "name": "Ada", "notificationsEnabled": True}]},
            "links": [{"name": "Wiki", "type": "doc", "url": "https://w"}], "slackChannels": [{"name": "ops", "notificationsEnabled": False}]}
    emu = _seeded(tmp_path, {"teams": [{**full, "teamTag": "org", "metadata": {"name": "Org"}},
                                       {**bare, "teamTag": "pay", "metadata": {"name": "Pay"}}],
                             "relationships": [{"parentTeamTag": "org", "childTeamTag": "pay"}]})
    try:
        assert _import(emu, tmp_path / "out", "--kinds", "teams,hierarchy") == 0
        assert _import(emu, tmp_path / "all", "--kinds", "teams,hierarchy", "--hierarchy-ownership", "all") == 0
        capsys.readouterr()
        assert _import(emu, tmp_path / "part", "--kinds", "teams,hierarchy", "--exclude", "pay",
                       "--hierarchy-ownership", "all") == 2
        assert "--hierarchy-ownership all needs the whole hierarchy" in capsys.readouterr().err
    finally:
        emu.stop()
    program = (tmp_path / "out" / "__main__.py").read_text()
    rows = {row["team_tag"]: row for row in _rows(program, "TEAMS")}
    assert {"members", "links", "slack_channels"} <= set(rows["org"])
    assert not {"members", "links", "slack_channels"} & set(rows["pay"])  # left to the Cortex UI
    assert 'ownership="DECLARED"' in program
    assert 'ownership="ALL"' in (tmp_path / "all" / "__main__.py").read_text()
    readme = (tmp_path / "out" / "README.md").read_text()
    owns = readme.split("## What this program owns", 1)[1].split("\n## ", 1)[0]
    assert "This program owns:" in owns and "members, links and Slack channels of each team whose row lists them" in owns
    assert "an edge added in the Cortex UI or by another stack stays" in owns
    assert "removed by `up`" in (tmp_path / "all" / "README.md").read_text().split("## What this program owns")[1]
    assert "## The first preview: every object reads `+ create`" in readme


def _rows(program: str, table: str) -> list[dict[str, Any]]:
    import ast

    start = program.index(" = [", program.index(f"{table}: ")) + 3
    value = program[start:program.index("\n]\n", start) + 2]
    rows: list[dict[str, Any]] = ast.literal_eval(value)
    return rows
