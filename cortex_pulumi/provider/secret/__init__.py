"""The `Secret` resource: a Cortex secret whose value is written but never read back or stored in state."""

from __future__ import annotations

import hmac
import secrets as _random
from typing import Any

import attrs
import pulumi
from pulumi.dynamic import CreateResult, DiffResult, UpdateResult

from ...client.errors import BadRequestError, ConflictError, NotFoundError
from .._base import CortexProvider
from .._check import SECRET_TAG, Checker, contains_unknown, normalize_props
from .._diff import text
from .._errors import CortexResourceError, conflict_hint
from .._permissions import probe_secret_write
from ..kinds import Kind
from ._signature import SecretArgsDict, SecretSignature
from .args import SecretArgs
from .shape import FIELDS, from_api, to_api, value_hash

__all__ = ["Secret", "SecretArgs", "SecretArgsDict"]


class _SecretProvider(CortexProvider):
    """CRUD for Cortex secrets (`/api/v1/secrets`); the Pulumi id is the tag."""

    spec = Kind(
        permission="Create secrets", write_probe=probe_secret_write,
        name="secret", type_name="Secret", key_input="tag", replace_on=("tag",),
        fields=FIELDS, args=SecretArgs,
        fetch=lambda client, tag: client.get_secret(tag_or_id=tag),
        list_page=lambda client, page, size: client.list_all_secrets(page=page, page_size=size),
        render=lambda _client, found, props: from_api(found, props),
        write_only=("value",),
    )
    create_hints = conflict_hint("secret")

    def validate(self, c: Checker) -> None:
        c.tag("tag", SECRET_TAG, what="secret tag (letters, digits, '_' or '-', at most 100)")
        c.string("name", required=True)
        c.string("value", required=True)
        c.string("version")
        c.boolean("adopt")

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        result = super().diff(id_, olds, news)
        if self._value_changed(normalize_props(olds), news.get("value")):
            result.changes = True
        return result

    @staticmethod
    def _value_changed(state: dict[str, Any], value: Any) -> bool:
        if contains_unknown(value):
            return True
        salt, stored = state.get("salt"), state.get("value_hash")
        if not salt or not stored or not isinstance(value, str):
            return True
        return not hmac.compare_digest(stored, value_hash(salt, value))

    to_api = staticmethod(to_api)
    from_api = staticmethod(from_api)

    def _create(self, props: dict[str, Any]) -> CreateResult:
        tag, value = props["tag"], props["value"]
        try:
            created = self.client.create_secret(tag=tag, **self.to_api(props))
        except (ConflictError, BadRequestError) as exc:
            if not self._exists(tag):
                raise
            if not props.get("adopt"):
                raise CortexResourceError(f"Unable to create Cortex secret {tag!r}", str(exc),
                                          conflict_hint("secret")[409], exc.status) from None
            # Adopt: the value cannot be read, so it is always written.
            created = self.client.update_secret(tag_or_id=tag, **self.to_api(props))
        salt = _random.token_hex(16)
        return CreateResult(tag, self.from_api(created, {**props, "salt": salt, "value_hash": value_hash(salt, value)}))

    def _adopt_listed(self, existing: Any, props: dict[str, Any]) -> CreateResult:
        # The value cannot be read (spec.write_only), so adopting writes it (the only write an unchanged adoption makes).
        tag, value = props["tag"], props["value"]
        updated = self.client.update_secret(tag_or_id=tag, **self.to_api(props))
        salt = _random.token_hex(16)
        return CreateResult(tag, self.from_api(updated, {**props, "salt": salt, "value_hash": value_hash(salt, value)}))

    def _exists(self, tag: str) -> bool:
        try:
            self.client.get_secret(tag_or_id=tag)
        except NotFoundError:
            return False
        return True

    def _update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        name = news["name"] if text(news.get("name")) != text(olds.get("name")) else None
        rewrite = self._value_changed(olds, news["value"]) or text(news.get("version")) != text(olds.get("version"))
        salt = olds.get("salt") or _random.token_hex(16)
        if name is None and not rewrite:
            current: Any = _Echo(id_, olds.get("name"), olds.get("cortex_id"))
        else:
            current = self.client.update_secret(tag_or_id=id_, name=name, value=news["value"] if rewrite else None)
        return UpdateResult(self.from_api(current, {**news, "salt": salt, "value_hash": value_hash(salt, news["value"])}))

    def _delete(self, id_: str, props: dict[str, Any]) -> None:
        self.client.delete_secret(tag_or_id=id_)


@attrs.frozen


class _Echo:
    """The secret as last known, when an update needs no API call (only `adopt` changed)."""

    tag: str
    name: str | None
    id: str | None


class Secret(SecretSignature):
    """A Cortex secret (`Settings > Secrets`), usable in workflows as `{{context.secrets.<tag>}}`.

    ```python
    db = cortex.Secret("db", tag="payments_db", name="Payments DB", value=config.require_secret("dbPassword"))
    ```
    The value is wrapped as a Pulumi secret, never appears in outputs, and state holds only its salted HMAC.
    """

    _args_type = SecretArgs
    _provider_type = _SecretProvider
    _outputs = ("cortex_id", "salt", "value_hash")
    _secret_outputs = ("value", "value_hash")

    tag: pulumi.Output[str]
    """The secret's tag (also the Pulumi id)."""
    name: pulumi.Output[str]
    """Display name."""
    version: pulumi.Output[str | None]
    """The keeper given in the program."""
    cortex_id: pulumi.Output[str]
    """Cortex's own id of the secret (`se...`)."""
    salt: pulumi.Output[str]
    """Random per-resource salt of `value_hash`."""
    value_hash: pulumi.Output[str]
    """HMAC-SHA256 of the value with `salt` (secret); lets Pulumi notice a changed value without storing it."""

    def _prepare(self, resource_name: str, args: SecretArgs) -> SecretArgs:
        # Whatever the program passed, the value is a secret in state and in every preview.
        return attrs.evolve(args, value=pulumi.Output.secret(args.value))
