"""``CortexClient``: one method per Cortex API operation (snake_case of its operationId), boto3-style."""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any

from .errors import CortexBaseUrlError, CortexResponseError, ForbiddenError, NotFoundError
from .operations.deploy import DeployOperations
from .operations.exemption import ExemptionOperations
from .operations.secret import SecretOperations
from .operations.team import TeamOperations
from .operations.team_hierarchy import TeamHierarchyOperations
from .operations.workflow import WorkflowOperations
from .settings import Settings
from .transport import DEFAULT_BASE_URL, Transport, mask_token

__all__ = ["DEFAULT_BASE_URL", "CortexClient"]

log = logging.getLogger("cortex_pulumi.client")


class CortexClient(
    ExemptionOperations,  # includes ScorecardOperations
    SecretOperations,
    TeamOperations,
    TeamHierarchyOperations,
    WorkflowOperations,
    DeployOperations,
):
    """A thread-safe client for the 45 Cortex operations behind scorecards, exemptions, teams, the
    team hierarchy, secrets, workflows and deploys.

    Give it ``settings=Settings(...)``, or the fields of ``Settings`` as keyword arguments:
    ``base_url`` and ``api_token`` default to ``CORTEX_BASE_URL`` (else ``https://api.getcortexapp.com``)
    and ``CORTEX_API_TOKEN``. ``timeout`` is seconds, or a ``(connect, read)`` pair. A client-side limiter
    admits at most ``rate_limit_per_minute`` requests in any 60 seconds, shared by every client of the
    process with the same URL and key (``None`` turns it off; see ``ratelimit.WindowLimiter``); 429 answers are
    retried honouring ``Retry-After`` (each wait up to ``max_retry_after`` seconds, all the waits of one
    request up to ``max_rate_limit_wait``; ``max_retries=0`` turns this off too); 5xx and dropped connections are
    retried ``max_retries`` times with exponential backoff and jitter for idempotent calls only. TLS is
    verified (``verify`` may name a CA bundle); plain ``http://`` is refused for non-loopback hosts unless
    ``allow_insecure_http``. The token is masked in ``repr``, logs and errors.
    """

    def __init__(self, *, settings: Settings | None = None, **kwargs: Any) -> None:
        if settings is not None and kwargs:
            raise TypeError(f"CortexClient takes settings= or keyword arguments, not both (got {sorted(kwargs)})")
        self.settings = settings if settings is not None else Settings.from_kwargs(**kwargs)
        self._transport = Transport(self.settings)
        log.debug("Cortex client for %s", self._transport.base_url)

    @property
    def base_url(self) -> str:
        """The normalised base URL (no trailing slash)."""
        return self._transport.base_url

    def __repr__(self) -> str:
        return (
            f"CortexClient(base_url={self.base_url!r}, api_token={mask_token(self._transport.secrets[0])!r})"
        )

    def verify_credentials(self) -> None:
        """Check the token with one cheap read (``GET /api/v1/scorecards?pageSize=1``).

        Raises ``UnauthorizedError`` for a bad token, ``CortexConnectionError`` when Cortex cannot be reached and
        ``CortexBaseUrlError`` when the base URL answers but not as Cortex (a 404 for this listing, which always
        exists, or a body that is not Cortex's). A 403 proves the token is valid (it only lacks View Scorecards),
        so it is accepted.
        """
        try:
            self.list_scorecards(page=0, page_size=1)
        except (NotFoundError, CortexResponseError) as exc:
            raise CortexBaseUrlError(self.base_url, exc) from None
        except ForbiddenError:
            log.debug("token accepted by %s (no View Scorecards permission)", self.base_url)

    def close(self) -> None:
        """Release the HTTP connections of every thread."""
        self._transport.close()

    def __enter__(self) -> CortexClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
