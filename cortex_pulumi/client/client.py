"""``CortexClient``: one method per Cortex API operation (snake_case of its operationId), boto3-style."""

from __future__ import annotations

import logging
import os
from types import TracebackType

from .errors import ForbiddenError
from .operations import (
    DeployOperations,
    ExemptionOperations,
    SecretOperations,
    TeamHierarchyOperations,
    TeamOperations,
    WorkflowOperations,
)
from .retry import DEFAULT_MAX_RATE_LIMIT_WAIT, DEFAULT_MAX_RETRY_AFTER
from .transport import DEFAULT_BASE_URL, USER_AGENT, Transport, mask_token

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

    def __init__(
        self,
        *,
        base_url: str | None = None,
        api_token: str | None = None,
        timeout: float | tuple[float, float] = 30.0,
        rate_limit_per_minute: int | None = 1000,
        max_retries: int = 4,
        backoff_factor: float = 0.5,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT,
        verify: bool | str = True,
        allow_insecure_http: bool = False,
        user_agent: str = USER_AGENT,
    ) -> None:
        self._transport = Transport(
            base_url=base_url or os.environ.get("CORTEX_BASE_URL") or DEFAULT_BASE_URL,
            api_token=api_token or os.environ.get("CORTEX_API_TOKEN") or "",
            timeout=timeout,
            rate_limit_per_minute=rate_limit_per_minute,
            max_retries=max_retries,
            backoff_factor=backoff_factor,
            max_retry_after=max_retry_after,
            max_rate_limit_wait=max_rate_limit_wait,
            verify=verify,
            allow_insecure_http=allow_insecure_http,
            user_agent=user_agent,
        )
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

        Raises ``UnauthorizedError`` for a bad token and ``CortexConnectionError`` when Cortex cannot be
        reached. A 403 proves the token is valid (it only lacks View Scorecards), so it is accepted.
        """
        try:
            self.list_scorecards(page=0, page_size=1)
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
