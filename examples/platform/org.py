"""The organisation chart the program declares: teams, their people or IdP groups, and who reports where."""

from __future__ import annotations

from typing import Any

# key -> team settings. A team lists `members` (managed in Cortex) or an `okta` group (synced from Okta);
# `archived: True` archives it (it keeps its place in the hierarchy).
TEAMS: dict[str, dict[str, Any]] = {
    "engineering": {
        "name": "Engineering",
        "description": "Everyone who builds and runs the product.",
        "members": [("cto@example.com", "Mary Jackson")],
    },
    "platform": {
        "name": "Platform",
        "description": "The paved road: CI/CD, runtime, observability.",
        "members": [("ada@example.com", "Ada Lovelace"), ("grace@example.com", "Grace Hopper")],
        "slack": "#platform",
    },
    "sre": {
        "name": "Site Reliability",
        "description": "On-call tooling, incident response, capacity.",
        "members": [("katherine@example.com", "Katherine Johnson")],
        "slack": "#sre",
    },
    "payments": {
        "name": "Payments",
        "description": "Checkout, billing and payouts.",
        "okta": "payments-eng@example.com",
    },
    "identity": {
        "name": "Identity",
        "description": "Sign-in, accounts and permissions.",
        "members": [("dorothy@example.com", "Dorothy Vaughan")],
    },
}

# parent -> children
REPORTS_TO: dict[str, list[str]] = {
    "engineering": ["platform", "payments", "identity"],
    "platform": ["sre"],
}
