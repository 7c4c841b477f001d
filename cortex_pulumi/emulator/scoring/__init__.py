"""The emulator's scoring engine: CQL (cortex_pulumi/contract/cql.py parses, cql.py evaluates) and scores (scores.py: which entities a
scorecard applies to, rule outcomes, levels, next steps, badges). It knows documents, not HTTP: the scorecard
routes in services/ call it."""
