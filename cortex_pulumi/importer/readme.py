"""The generated project's README: what was imported, what was left out and why, and the commands to run."""

from __future__ import annotations

from .program import config_key, identifiers
from .snapshot import Tenant

__all__ = ["render_readme", "secret_commands"]


def secret_commands(tenant: Tenant) -> list[str]:
    """One `pulumi config set --secret` line per secret (it prompts for the value; Cortex never returns one)."""
    _, variables = identifiers(tenant)
    return [f"pulumi config set --secret {config_key(variables[tag])}    # value of Cortex secret {tag!r} ({name})"
            for tag, name in tenant.secrets]


def _imported(tenant: Tenant) -> list[str]:
    lines = ["| kind | objects | declared as |", "|---|---|---|"]
    where = {"teams": "`TEAMS` rows", "hierarchy edges": "`EDGES` rows (one `TeamHierarchy`)",
             "scorecards": "`scorecards/<tag>.yaml` + `Scorecard.from_file`",
             "exemptions": "`EXEMPTIONS` rows (approved)", "workflows": "`workflows/<tag>.yaml` + `Workflow.from_file`",
             "secrets": "one `Secret` each, value from the stack config", "deploys": "`DEPLOYS` rows"}
    for kind, count in tenant.counts().items():
        if count:
            lines.append(f"| {kind} | {count} | {where[kind]} |")
    return lines


def _left_out(tenant: Tenant) -> list[str]:
    lines = []
    if "deploys" not in tenant.kinds:
        lines.append("- **deploys**: deploy records are history, not configuration (import them with "
                     "`--kinds ...,deploys` if the program should own them).")
    for item in tenant.skipped:
        lines.append(f"- **{item.kind}** `{item.name}`: {item.why}.")
    for ex in tenant.exemptions:
        if ex.get("end_date"):
            lines.append(f"- **exemption end date** `{ex['scorecard']}/{ex['entity']}/{ex['rule_identifier']}`: "
                         f"expires {ex['end_date']} in Cortex; the program does not declare a duration (`days`), so "
                         "the imported one is kept and a copy to another tenant lasts until revoked.")
    return lines or ["Nothing: every object read is declared."]


def _attention(tenant: Tenant) -> list[str]:
    """The "Needs attention" section: each object left out because preview would refuse it, with the exact error."""
    if not tenant.attention:
        return []
    lines = ["## Needs attention", "",
             "Cortex holds these, but `pulumi preview` would refuse them as they are, so the program does not declare "
             "them (Cortex keeps them unchanged). Fix each one (its document is in `needs-attention/`), move the file "
             "into place and declare it like the others, or leave it to the Cortex UI.", ""]
    for item in tenant.attention:
        where = f" (`needs-attention/{item.file}`)" if item.file else ""
        lines.append(f"- **{item.kind}** `{item.name}`{where}:")
        lines += [f"  - `{error}`" if "`" not in error else f"  - {error}" for error in item.errors]
    return [*lines, ""]


def _owns(tenant: Tenant) -> list[str]:
    """What the program owns (an `up` sets it back to the program's rows) and what it leaves to the Cortex UI."""
    lines = ["This program owns:", "",
             "- every object it declares (removing its row or file and running `up` deletes it in Cortex);",
             "- the members, links and Slack channels of each team whose row lists them: all of them, so one added "
             "in the Cortex UI is removed by the next `up` (`cortex-pulumi summarize` lists each such removal in "
             "its caution block). A row without `members`, `links` or `slack_channels` (the team had none when "
             "imported) leaves that list to the Cortex UI: what a colleague adds there stays. Why: the same rule as "
             "`pulumi refresh` (an empty list is what leaving the input out means), so no team's ownership depends "
             "on a list that happened to be empty on the day of the import;"]
    if tenant.edges:
        lines.append(
            "- the hierarchy edges in `EDGES` (`ownership=\"DECLARED\"`): an edge added in the Cortex UI or by another "
            "stack stays. Import with `--hierarchy-ownership all` to own every edge instead." if
            tenant.hierarchy_ownership == "DECLARED" else
            "- every hierarchy edge (`ownership=\"ALL\"`): an edge not in `EDGES` (one added in the Cortex UI) is "
            "removed by `up`; integration-synced edges are never removed.")
    lines += ["", "It does not own what integrations sync (IdP team members, edges with a `provider`), nor anything "
              "it does not declare."]
    return lines


def render_readme(tenant: Tenant, project_name: str) -> str:
    """The README text."""
    secrets = secret_commands(tenant)
    steps = [
        "python -m venv venv && . venv/bin/activate && pip install -r requirements.txt",
        "pulumi login --local            # or your usual backend",
        "pulumi stack init prod",
        f"pulumi config set cortex:baseUrl {tenant.base_url}",
        "pulumi config set --secret cortex:apiToken    # or export CORTEX_API_TOKEN",
        *secrets,
        "pulumi preview                  # every object shows as create: adopt=True takes them over",
        "PULUMI_SKIP_CHECKPOINTS=true pulumi up   # adopts, writing only secret values; interrupted: pulumi cancel, rerun",
        "pulumi preview --expect-no-changes",
    ]
    return "\n".join([
        f"# {project_name}: Cortex as code",
        "",
        f"Generated by `cortex-pulumi import` from {tenant.base_url} ({tenant.object_count} objects of: "
        f"{', '.join(tenant.kinds)}). `__main__.py` declares them as data tables plus a loop per kind: edit a row "
        "to change one object; scorecards and workflows are files in Cortex's own formats.",
        "",
        "## Imported", "", *_imported(tenant), "",
        *_attention(tenant),
        "## Not imported, and why", "",
        "Integration-synced data stays with its integration: the program neither declares nor removes it.", "",
        *_left_out(tenant), "",
        "## What this program owns", "", *_owns(tenant), "",
        "## The first preview: every object reads `+ create`", "",
        "Pulumi's state knows none of these objects yet, so `pulumi preview` lists each as a create. Each has "
        "`adopt=True`: `up` first looks the object up in Cortex and takes it over, writing only where the program "
        "differs from what Cortex holds (secret values, which Cortex never returns, are always written). "
        "`cortex-pulumi summarize` shows these as adoptions, apart from real creates, and given a connection "
        "compares each with Cortex: `pulumi preview --json | cortex-pulumi summarize --format text --base-url "
        f"{tenant.base_url}` prints e.g. `25 to adopt: 22 match Cortex, 3 will be updated (name, value)`.", "",
        "## Review before the first `pulumi up`", "",
        "- Every resource has `adopt=True`: the first `up` takes the existing objects over and, when the program "
        "matches Cortex, writes nothing to them. After that `adopt` no longer matters.",
        "- Secret values: Cortex never returns them, so each one comes from the stack config; the first `up` "
        "writes each value once. Set the real values (below) — a wrong one would overwrite the secret.",
        "- Removing a row (or a file) and running `up` deletes that object in Cortex.",
        "- The first `up` may skip Pulumi's per-step checkpoints (`PULUMI_SKIP_CHECKPOINTS=true`, below): Pulumi then "
        "writes the state once at the end instead of rewriting all of it after every object, which is most of a big "
        "first `up`'s time on a file backend. It is safe here because an adoption writes nothing but secret values: "
        "if the `up` is interrupted, run `pulumi cancel` and the same command again, and it adopts the same objects "
        "and writes the values again (no duplicate, nothing lost). Keep the checkpoints for later `up`s, which create "
        "and delete objects.",
        "",
        "## Next commands", "", "```bash", *steps, "```", "",
        "To copy the tenant (sandbox to production), run the same program as another stack whose "
        "`cortex:baseUrl` names the other tenant, then compare both with "
        f"`cortex-pulumi diff --base-url {tenant.base_url} --against <other tenant URL>`.",
        "",
    ])
