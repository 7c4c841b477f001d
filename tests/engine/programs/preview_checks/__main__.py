"""Objects whose Cortex keys may be taken (`mode: taken`, `adopt`) or declared twice (`mode: duplicate`: a team and
a secret, so one preview must name both)."""

import pulumi

import cortex_pulumi as cortex

config = pulumi.Config()
mode = config.get("mode") or "plain"
adopt = config.get_bool("adopt") or False
cortex.Team("ops", team_tag="ops-team", name="Ops", adopt=adopt)
cortex.Secret("token", tag="ops_token", name="Ops token", value=config.get_secret("token") or "t0ken", adopt=adopt)
if mode == "duplicate":
    cortex.Team("ops-again", team_tag="ops-team", name="Ops, declared twice")
    cortex.Secret("token-again", tag="ops_token", name="Ops token, declared twice", value="t0ken")
