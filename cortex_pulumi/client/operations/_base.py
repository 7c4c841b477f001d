"""Shared plumbing of the per-area operation mixins: request helpers and response decoding."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import requests
import yaml

from .. import models
from .._json import ConversionError, structure
from ..errors import CortexResponseError, NotFoundError, response_body
from ..pagination import check_page_args, parse_page
from ..transport import Transport, path_segment

__all__ = ["OperationsBase", "ModelLike", "one_of", "seg"]

#: A nested model argument: the model, or a mapping of its fields (Python names or Cortex's camelCase keys).
ModelLike = Mapping[str, Any]

log = logging.getLogger("cortex_pulumi.client")

T = TypeVar("T")

seg = path_segment


def unless_missing(get: Callable[..., T], **kwargs: Any) -> Callable[[], T | None]:
    """A check that `get(**kwargs)` finds the object (None on 404): how a create that may have landed is looked up."""

    def landed() -> T | None:
        try:
            return get(**kwargs)
        except NotFoundError:
            return None

    return landed


def one_of(method: str, name: str, given: Any, old_name: str, old: Any, *, positional: bool = False) -> Any:
    """The value of argument `name`, also accepted under its former form (a positional value, or the keyword
    `old_name`) with a DeprecationWarning; a TypeError when neither or both are given."""
    old_form = "a positional value" if positional else f"{old_name}="
    if old is not None:
        if given is not None:
            raise TypeError(f"{method}: pass {name}= only (not also {old_form})")
        warnings.warn(f"{method}: {old_form} is deprecated, pass {name}=", DeprecationWarning, stacklevel=3)
        return old
    if given is None:
        raise TypeError(f"{method}: missing required argument {name}=")
    return given


def decode_body(response: requests.Response) -> Any:
    """JSON first; YAML when the body is not JSON (descriptor and workflow endpoints may answer YAML)."""
    return response_body(response, yaml.safe_load)


class OperationsBase:
    """What every operation mixin relies on: ``self._transport`` and typed request helpers."""

    _transport: Transport

    def _send(self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None,
              text: str | None = None, content_type: str | None = None, accept: str | None = None,
              idempotent: bool | None = None) -> requests.Response:
        if idempotent is None:
            idempotent = method in ("GET", "HEAD", "PUT", "DELETE")
        return self._transport.request(
            method,
            path,
            params=params,
            json_body=body,
            data=text.encode("utf-8") if text is not None else None,
            content_type=content_type,
            accept=accept,
            idempotent=idempotent,
        )

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send and decode the body (``None`` for an empty body)."""
        response = self._send(method, path, **kwargs)
        try:
            return decode_body(response)
        except yaml.YAMLError as exc:
            raise CortexResponseError(
                f"body is neither JSON nor YAML ({exc})",
                method=method,
                path=path,
                status=response.status_code,
            ) from exc

    def _decode(self, cls: type[T], data: Any, *, method: str, path: str, key: str | None = None) -> T:
        """Build ``cls`` from ``data`` (or ``data[key]``); a mismatch is a ``CortexResponseError``."""
        try:
            if key is not None:
                if not isinstance(data, Mapping) or key not in data:
                    raise ConversionError("", f"expected an object with {key!r}")
                data = data[key]
            return structure(cls, data)
        except ConversionError as exc:
            raise CortexResponseError(str(exc), method=method, path=path, status=200) from exc

    def _decode_list(
        self, cls: type[T], data: Any, *, method: str, path: str, key: str | None = None
    ) -> tuple[T, ...]:
        """Build a tuple of ``cls`` from a list, ``data[key]``, or (tolerantly) a single object."""
        if key is not None and isinstance(data, Mapping):
            data = data.get(key)
        if data is None:
            return ()
        if isinstance(data, Mapping):
            data = [data]
        if not isinstance(data, list):
            raise CortexResponseError(
                f"expected a list, got {type(data).__name__}", method=method, path=path, status=200
            )
        return tuple(self._decode(cls, item, method=method, path=path) for item in data)

    def _page(
        self,
        cls: type[T],
        path: str,
        key: str,
        *,
        page: int,
        page_size: int,
        params: Mapping[str, Any] | None = None,
    ) -> models.Page[T]:
        check_page_args(page, page_size)
        query = dict(params or {})
        query.update(page=page, pageSize=page_size)
        data = self._call("GET", path, params=query)
        try:
            return parse_page(data, key, cls, page=page)
        except ConversionError as exc:
            raise CortexResponseError(str(exc), method="GET", path=path, status=200) from exc
