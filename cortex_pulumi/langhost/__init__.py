"""A Python language host for the Pulumi CLI: runs file-based Pulumi programs (`runtime: python`).

`python -m cortex_pulumi.langhost <engine-address>` serves the engine (see `server`); each program runs in
a child interpreter (`runner`). Nothing is imported here, so that running `-m cortex_pulumi.langhost.runner`
does not load the server first.
"""
