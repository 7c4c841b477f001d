"""One invalid Cortex object per `mode`, beside a valid team, for the preview-validation engine tests."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
mode = config.require("mode")

# A valid object next to the invalid one: preview must still write nothing at all.
cortex.Team("valid", team_tag="valid-team", name="Valid")

if mode == "unknown-level":
    cortex.Scorecard(
        "ladder",
        tag="ladder",
        name="Ladder",
        levels=[cortex.ScorecardLevelArgs(name="Bronze", rank=1, color="#CD7F32")],
        rules=[
            cortex.ScorecardRuleArgs(title="Has docs", expression='custom("docs") != null', level="Platinum")
        ],
    )
elif mode == "cycle":
    for tag in ("alpha", "beta", "gamma"):
        cortex.Team(tag, team_tag=tag, name=tag.title())
    cortex.TeamHierarchy(
        "org",
        edges=[
            cortex.TeamEdgeArgs(parent="alpha", child="beta"),
            cortex.TeamEdgeArgs(parent="beta", child="gamma"),
            cortex.TeamEdgeArgs(parent="gamma", child="alpha"),
        ],
    )
elif mode == "malformed-descriptor":
    cortex.Scorecard("broken", descriptor="tag: broken\nname: Broken\nrules: [\n  - title: unclosed\n")
elif mode == "descriptor-without-name":
    cortex.Scorecard(
        "nameless", descriptor="tag: nameless\nrules:\n  - title: Has docs\n    expression: 'true'\n"
    )
elif mode == "bad-member-email":
    cortex.Team("people", team_tag="people", name="People",
                members=[cortex.TeamMemberArgs(email="not-an-email", name="Ada")])
elif mode == "descriptor-without-color":
    cortex.Scorecard("colorless", descriptor="tag: colorless\nname: Colorless\nladder:\n  levels:\n"
                                             "    - {name: Bronze, rank: 1}\n")
elif mode == "cql-lookback-string":
    cortex.Scorecard("cadence", tag="cadence", name="Cadence", rules=[cortex.ScorecardRuleArgs(
        title="Deploys weekly", expression='deploys(lookback="P14D").length > 0')])
elif mode == "cql-incomplete":
    cortex.Scorecard("owned", descriptor="tag: owned\nname: Owned\nrules:\n  - title: Has owner\n"
                                         "    expression: 'custom(\"owner\") !='\n")
else:
    raise ValueError(f"unknown mode {mode!r}")
