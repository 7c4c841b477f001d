"""Secret operations: list, get, create (never blindly repeated), update, delete."""

from __future__ import annotations

from collections.abc import Iterator

from .. import models
from ..pagination import DEFAULT_PAGE_SIZE, check_page_args, iterate_pages
from ..retry import recover_create
from ._base import OperationsBase, one_of, seg, unless_missing

__all__ = ["SecretOperations"]


class SecretOperations(OperationsBase):
    """Secrets, addressed by tag or id; values are write-only and never logged."""

    def list_all_secrets(
        self, *, page: int = 0, page_size: int = DEFAULT_PAGE_SIZE
    ) -> models.Page[models.SecretResponse]:
        """``GET /api/v1/secrets`` (listAllSecrets): one page of secrets (no values)."""
        return self._page(models.SecretResponse, "/api/v1/secrets", "secrets", page=page, page_size=page_size)

    def iter_secrets(self, *, page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[models.SecretResponse]:
        """Every secret, fetched lazily page by page."""
        check_page_args(0, page_size)
        return iterate_pages(lambda page: self.list_all_secrets(page=page, page_size=page_size))

    def get_secret(self, *, tag_or_id: str) -> models.SecretResponse:
        """``GET /api/v1/secrets/{tagOrId}`` (getSecret)."""
        path = f"/api/v1/secrets/{seg(tag_or_id)}"
        return self._decode(models.SecretResponse, self._call("GET", path), method="GET", path=path)

    def create_secret(self, *, tag: str, name: str, value: str | None = None,
                      secret: str | None = None) -> models.SecretResponse:
        """``POST /api/v1/secrets`` (createSecret): a secret with its ``value`` (named as the ``Secret``
        resource names it; the former ``secret=`` still works, with a DeprecationWarning). A duplicate tag raises
        ``ConflictError`` or ``BadRequestError`` (Cortex's status for it is unverified).

        Never blindly repeated: after an ambiguous failure, ``GET /secrets/{tag}`` decides.
        """
        value = one_of("create_secret", "value", value, "secret", secret)
        body = models.CreateSecretRequest(tag=tag, name=name, secret=value).to_dict()
        path = "/api/v1/secrets"

        def attempt() -> models.SecretResponse:
            answer = self._call("POST", path, body=body, idempotent=False)
            return self._decode(models.SecretResponse, answer, method="POST", path=path)

        return recover_create(attempt, unless_missing(self.get_secret, tag_or_id=tag), what=f"secret {tag!r}")

    def update_secret(self, *, tag_or_id: str, name: str | None = None, value: str | None = None,
                      secret: str | None = None) -> models.SecretResponse:
        """``PUT /api/v1/secrets/{tagOrId}`` (updateSecret): new name and/or ``value`` (the former ``secret=``
        still works, with a DeprecationWarning); the tag is immutable."""
        if value is not None or secret is not None:
            value = one_of("update_secret", "value", value, "secret", secret)
        body = models.UpdateSecretRequest(name=name, secret=value).to_dict()
        path = f"/api/v1/secrets/{seg(tag_or_id)}"
        return self._decode(models.SecretResponse, self._call("PUT", path, body=body), method="PUT", path=path)

    def delete_secret(self, *, tag_or_id: str) -> None:
        """``DELETE /api/v1/secrets/{tagOrId}`` (deleteSecret)."""
        self._send("DELETE", f"/api/v1/secrets/{seg(tag_or_id)}")
