"""The `Scorecard` resource: a Cortex scorecard from structured arguments or a GitOps YAML descriptor."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, UpdateResult

from ...client import CortexClient
from ...client.dates import format_datetime, parse_datetime
from ...client.errors import BadRequestError
from ...client.models.scorecard import ScorecardDescriptor, ScorecardResponse, levels_by_rank
from ...contract.cql import cql_problems
from .._base import read_or_gone
from .._check import ENTITY_TAG, Checker, is_unknown
from .._document_provider import DocumentProvider, document_inputs
from .._permissions import probe_scorecard_write
from .._read_cache import read_cache
from ..kinds import Kind
from ._signature import (
    IncludeExcludeArgsDict,
    ScorecardArgsDict,
    ScorecardFilterArgsDict,
    ScorecardLevelArgsDict,
    ScorecardRuleArgsDict,
    ScorecardSignature,
)
from .args import (
    IncludeExcludeArgs,
    ScorecardArgs,
    ScorecardFilterArgs,
    ScorecardLevelArgs,
    ScorecardRuleArgs,
)
from .preview import check_rules_with_exemptions
from .shape import (
    COMPUTED,
    FIELDS,
    FILTER_KEYS,
    HELD,
    LEVEL_KEYS,
    RULE_KEYS,
    STRUCTURED,
    descriptor_path,
    from_api,
    held_settings,
    scorecard_unchanged,
    settings_from_response,
    to_api,
)

__all__ = ["IncludeExcludeArgs", "IncludeExcludeArgsDict", "Scorecard", "ScorecardArgs", "ScorecardArgsDict",
           "ScorecardFilterArgs", "ScorecardFilterArgsDict", "ScorecardLevelArgs", "ScorecardLevelArgsDict",
           "ScorecardRuleArgs", "ScorecardRuleArgsDict"]


def _identifiers(s: ScorecardResponse) -> dict[str, Any]:
    return {"rule_identifiers": s.rule_identifiers,
            "last_updated": format_datetime(s.last_updated) if s.last_updated else None}


def _render(client: CortexClient, listed: ScorecardResponse, props: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs of a scorecard: the descriptor's fields (read unless `props` already hold them) and identifiers."""
    if scorecard_unchanged(listed, props):  # not saved since `props` were recorded: no descriptor GET
        described = {k: props.get(k) for k in ("tag", *STRUCTURED, HELD)}
    else:
        described = from_api(client.get_scorecard_descriptor(tag=listed.tag), {})
        described[HELD] = held_settings(described)
    return {**described, **_identifiers(listed), "adopt": props.get("adopt")}


class _ScorecardProvider(DocumentProvider):
    """CRUD for scorecards (`/api/v1/scorecards`, upsert by descriptor); the Pulumi id is the tag."""

    spec = Kind(
        permission="Edit Scorecards", write_probe=probe_scorecard_write,
        name="scorecard", type_name="Scorecard", key_input="tag", replace_on=("tag",),
        fields=FIELDS, args=ScorecardArgs, computed=COMPUTED,
        fetch=lambda client, tag: client.get_scorecard(tag=tag),
        list_page=lambda client, page, size: client.list_scorecards(show_drafts=True, page=page, page_size=size),
        render=_render,
    )
    document_key = "descriptor"
    document_fields = STRUCTURED
    document_kind = "Cortex scorecard descriptor"
    document_model = ScorecardDescriptor
    document_place = staticmethod(descriptor_path)
    to_api = staticmethod(to_api)
    from_api = staticmethod(from_api)

    # -- check --------------------------------------------------------------------------------------

    def check_fields(self, c: Checker) -> None:
        c.tag("tag", ENTITY_TAG, what="scorecard tag")
        c.string("name", required=True)
        c.string("description")
        c.string("ladder_name")
        for key in ("draft", "notifications_enabled", "score_drop_notifications_enabled", "exemptions_enabled",
                    "exemptions_auto_approve", "exemptions_user_specific_notifications"):
            c.boolean(key)
        c.integer("evaluation_window", minimum=1)
        self._check_filter(c, c.props.get("filter"), "filter")
        names = self._check_levels(c)
        self._check_rules(c, names)

    def fields_of_document(self, model: ScorecardDescriptor) -> dict[str, Any]:
        return {k: v for k, v in from_api(model, {}).items() if v is not None and v != []}

    @staticmethod
    def _check_filter(c: Checker, value: Any, path: str) -> None:
        f = c.nested(value, path, FILTER_KEYS, texts=("kind", "category", "query"))
        if f is None:
            return
        _check_cql(c, f.get("query"), f"{path}.query")
        for key in ("types", "groups"):
            part = c.nested(f.get(key), f"{path}.{key}", ("include", "exclude"))
            if part is None:
                continue
            for side in ("include", "exclude"):
                c.string_list("", value=part.get(side), path=f"{path}.{key}.{side}")
            c.exclusive(f"{path}.{key}", part)

    @staticmethod
    def _check_levels(c: Checker) -> dict[str, Any] | None:
        """The ladder's level names with their ranks (None without a ladder)."""
        levels = c.items("levels")
        if levels is None:
            return None
        names: dict[str, Any] = {}
        for i, raw in enumerate(levels):
            path = f"levels[{i}]"
            lv = c.nested(raw, path, LEVEL_KEYS, required=("name", "color"), texts=("description",))
            if lv is None:
                continue
            if isinstance(lv.get("name"), str) and lv["name"].strip() and not is_unknown(lv["name"]):
                names[lv["name"]] = lv.get("rank")
            c.integer("", minimum=1, value=lv.get("rank"), path=f"{path}.rank")
            if lv.get("rank") is None:
                c.fail(f"{path}.rank", f"{path}.rank is required (1 = lowest level)")
        mappings = [(i, lv) for i, lv in enumerate(levels) if isinstance(lv, Mapping)]
        c.unique("levels", ((i, lv.get("name")) for i, lv in mappings), "level name")
        c.unique("levels", ((i, lv.get("rank")) for i, lv in mappings), "level rank")
        return names or None

    def _check_rules(self, c: Checker, level_names: dict[str, Any] | None) -> None:
        rules = c.items("rules") or []
        for i, raw in enumerate(rules):
            path = f"rules[{i}]"
            r = c.nested(raw, path, RULE_KEYS, required=("title", "expression"), texts=("description", "failure_message"))
            if r is None:
                continue
            _check_cql(c, r.get("expression"), f"{path}.expression")
            weight = c.number("", value=r.get("weight"), path=f"{path}.weight")
            if weight is not None and weight <= 0:
                c.fail(f"{path}.weight", f"{path}.weight must be a positive number, got {weight}")
            level = c.string("", value=r.get("level"), path=f"{path}.level")
            if level is not None and "levels" in c.props and level_names is not None and level not in level_names:
                c.fail(f"{path}.level", f"{path}.level {level!r} is not a ladder level ({levels_by_rank(level_names.items())})")
            elif level is not None and "levels" not in c.props:
                c.fail(f"{path}.level", f"{path}.level {level!r} needs a ladder: declare levels, or drop the level")
            stamp = c.string("", value=r.get("effective_from"), path=f"{path}.effective_from")
            if stamp is not None:
                self._check_stamp(c, stamp, f"{path}.effective_from")
            self._check_filter(c, r.get("filter"), f"{path}.filter")
        c.unique("rules", ((i, r.get("title")) for i, r in enumerate(rules) if isinstance(r, Mapping)), "rule title")

    @staticmethod
    def _check_stamp(c: Checker, value: str, path: str) -> None:
        try:
            parse_datetime(value)
        except ValueError:
            c.fail(path, f"{path} {value!r} is not an ISO-8601 date-time")

    def check_with_cortex(self, client: Any, checker: Checker, olds: Mapping[str, Any]) -> None:
        check_rules_with_exemptions(client, checker, olds)

    def validate_remotely(self, c: Checker) -> None:
        try:
            self.client.create_or_update_scorecard(descriptor=self.to_api(c.props), dry_run=True)
        except BadRequestError as exc:
            field = "descriptor" if "descriptor" in c.props else "rules"
            for violation in exc.violations or ():
                c.fail(field, f"Cortex rejects the scorecard: {violation}")
            if not exc.violations:
                c.fail(field, f"Cortex rejects the scorecard: {exc}")

    # -- CRUD ---------------------------------------------------------------------------------------

    def _upsert(self, props: Mapping[str, Any]) -> dict[str, Any]:
        saved = self.client.create_or_update_scorecard(descriptor=self.to_api(props))
        declared = {k: props.get(k) for k in ("tag", *STRUCTURED)}
        return {**declared, **settings_from_response(saved), **_identifiers(saved), HELD: held_settings(props),
                "adopt": props.get("adopt")}

    def _differs(self, current: Mapping[str, Any], props: Mapping[str, Any]) -> bool:
        wanted = self.with_computed(current, props)
        return any(canon(current.get(k)) != canon(wanted.get(k)) for k, canon in FIELDS.items())

    def _current(self, tag: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return _render(self.client, read_cache(self.client).read(self.spec, tag), props)

    def _create(self, props: dict[str, Any]) -> CreateResult:
        tag = props["tag"]
        existing = self.existing_for_create(props, lambda key: self._current(key, props))
        if existing is not None and not self._differs(existing, props):
            return CreateResult(tag, existing)
        return CreateResult(tag, self._upsert(self.with_computed(existing or {}, props)))

    def _adopt_listed(self, existing: Any, props: dict[str, Any]) -> CreateResult:
        current = _render(self.client, existing, props)  # the descriptor: the listing lacks filters and rules' details
        if not self._differs(current, props):
            return CreateResult(props["tag"], current)
        return CreateResult(props["tag"], self._upsert(self.with_computed(current, props)))

    def _read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        outs = read_or_gone(self._current, id_, props)
        return ReadResult(id_, outs, self.spec.inputs(outs))

    def _update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        if not self._differs(olds, news):
            return UpdateResult({**olds, "adopt": news.get("adopt")})
        return UpdateResult(self._upsert(self._with_held(id_, news, olds)))

    def _with_held(self, tag: str, props: dict[str, Any], olds: Mapping[str, Any]) -> dict[str, Any]:
        """`props` with each setting the program leaves out that the descriptor Cortex holds sets.

        Not every setting of the state: its outputs carry the values Cortex reports for settings nobody set
        (window 4, notifications on), and sending those would write them into the descriptor, so a scorecard
        updated once would differ forever from one created from the same program. The outputs record which
        settings the stored descriptor sets; a state written before they did is completed by reading it.
        """
        held = olds.get(HELD)
        if held is None and any(props.get(key) is None for key in COMPUTED):
            return self.with_computed(from_api(self.client.get_scorecard_descriptor(tag=tag), {}), props)
        return self.with_computed({k: olds.get(k) for k in held or () if k in COMPUTED}, props)

    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        self.client.delete_scorecard(tag=id_)


def _check_cql(c: Checker, expression: Any, path: str) -> None:
    """A malformed CQL expression fails the preview, not first the scores (Cortex would refuse the save)."""
    if not isinstance(expression, str) or not expression.strip() or c.failed(path) or is_unknown(expression):
        return
    for problem in cql_problems(expression):
        c.fail(path, f"{path} {expression!r} is not valid CQL: {problem}")


class Scorecard(ScorecardSignature):
    """A Cortex scorecard: a ladder of levels and the rules entities must pass to reach them.

    ```python
    ready = cortex.Scorecard.from_file("prod-readiness", "scorecards/prod-readiness.yaml")
    ops = cortex.Scorecard("ops", tag="ops", name="Ops",
                           levels=[cortex.ScorecardLevelArgs(name="Bronze", rank=1, color="#CD7F32")],
                           rules=[cortex.ScorecardRuleArgs(title="Has on-call", expression='custom("oncall") != null',
                                                           level="Bronze")])
    pulumi.export("rules", ready.rule_identifiers)
    ```
    """

    _args_type = ScorecardArgs
    _provider_type = _ScorecardProvider
    _outputs = ("rule_identifiers", "last_updated")

    tag: pulumi.Output[str]
    """The scorecard's tag (also the Pulumi id)."""
    name: pulumi.Output[str]
    """Display name."""
    rule_identifiers: pulumi.Output[dict[str, str]]
    """Rule title -> server-generated rule identifier (what exemptions refer to)."""
    last_updated: pulumi.Output[str]
    """When Cortex last stored the scorecard."""

    @classmethod
    def from_file(cls, resource_name: str, path: str | Path, opts: pulumi.ResourceOptions | None = None,
                  adopt: pulumi.Input[bool] | None = None) -> Scorecard:
        """A scorecard from an existing GitOps descriptor file (YAML)."""
        return cls(resource_name, ScorecardArgs(**document_inputs(_ScorecardProvider, path), adopt=adopt), opts)
