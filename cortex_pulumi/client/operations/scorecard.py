"""Scorecard operations: list, read, descriptor upsert/read, scores, next steps, badge, evaluate, delete."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Literal, overload

from .. import models
from ..errors import CortexResponseError
from ..pagination import DEFAULT_PAGE_SIZE, check_page_args, iterate_pages
from ._base import OperationsBase, one_of, seg

__all__ = ["ScorecardOperations"]

_YAML = "application/yaml;charset=UTF-8"


def _csv(values: Sequence[str] | str | None) -> str | None:
    if values is None:
        return None
    if isinstance(values, str):
        return values
    return ",".join(values) or None


class ScorecardOperations(OperationsBase):
    """The Scorecards area (exemptions are in ``ExemptionOperations``)."""

    def list_scorecards(self, *, show_drafts: bool | None = None, groups: Sequence[str] | str | None = None,
                        entities: Sequence[str] | str | None = None, teams: Sequence[str] | str | None = None,
                        page: int = 0, page_size: int = DEFAULT_PAGE_SIZE) -> models.Page[models.ScorecardResponse]:
        """``GET /api/v1/scorecards`` (listScorecards): one page of scorecards.

        Drafts are hidden unless ``show_drafts``; ``groups``/``entities``/``teams`` filter (Cortex then
        uses search, which may miss scorecards not yet evaluated).
        """
        params = {"showDrafts": show_drafts, "groups": _csv(groups), "entities": _csv(entities), "teams": _csv(teams)}
        return self._page(models.ScorecardResponse, "/api/v1/scorecards", "scorecards", page=page, page_size=page_size,
                          params=params)

    def iter_scorecards(self, *, show_drafts: bool | None = None, groups: Sequence[str] | str | None = None,
                        entities: Sequence[str] | str | None = None, teams: Sequence[str] | str | None = None,
                        page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[models.ScorecardResponse]:
        """Every scorecard, fetched lazily page by page."""
        check_page_args(0, page_size)
        return iterate_pages(
            lambda page: self.list_scorecards(
                show_drafts=show_drafts,
                groups=groups,
                entities=entities,
                teams=teams,
                page=page,
                page_size=page_size,
            )
        )

    def list_scorecard_scores(
        self,
        *,
        tag: str,
        entity_tag: str | None = None,
        page: int = 0,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> models.ScorecardServiceScore:
        """``GET /api/v1/scorecards/{tag}/scores`` (listScorecardScores): one page of entity scores."""
        check_page_args(page, page_size)
        path = f"/api/v1/scorecards/{seg(tag)}/scores"
        data = self._call("GET", path, params={"entityTag": entity_tag, "page": page, "pageSize": page_size})
        return self._decode(models.ScorecardServiceScore, data, method="GET", path=path)

    @overload
    def iter_scorecard_scores(
        self, /, *, tag: str, entity_tag: str | None = None, page_size: int = DEFAULT_PAGE_SIZE
    ) -> Iterator[models.ServiceScore]: ...

    @overload
    def iter_scorecard_scores(  # the former positional form, deprecated
        self, positional_tag: str, /, *, entity_tag: str | None = None, page_size: int = DEFAULT_PAGE_SIZE
    ) -> Iterator[models.ServiceScore]: ...

    def iter_scorecard_scores(
        self, positional_tag: str | None = None, /, *, tag: str | None = None, entity_tag: str | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[models.ServiceScore]:
        """Every entity score of scorecard ``tag``, fetched lazily (stops on an empty or last page).

        ``tag`` is keyword-only, as everywhere in the client; a positional tag still works (DeprecationWarning).
        """
        tag = one_of("iter_scorecard_scores", "tag", tag, "", positional_tag, positional=True)
        check_page_args(0, page_size)
        return self._iter_scores(tag, entity_tag, page_size)

    def _iter_scores(self, tag: str, entity_tag: str | None, page_size: int) -> Iterator[models.ServiceScore]:
        page = 0
        while True:
            result = self.list_scorecard_scores(
                tag=tag, entity_tag=entity_tag, page=page, page_size=page_size
            )
            yield from result.service_scores
            if not result.service_scores or result.total_pages is None or page + 1 >= result.total_pages:
                return
            page += 1

    def list_scorecard_scores_for_entity(self, *, tag_or_id: str) -> tuple[models.EntityScorecardScore, ...]:
        """``GET /api/v1/catalog/{tagOrId}/scorecards`` (listScorecardScoresForEntity): every scorecard's
        score for one entity."""
        path = f"/api/v1/catalog/{seg(tag_or_id)}/scorecards"
        return self._decode_list(models.EntityScorecardScore, self._call("GET", path), method="GET", path=path)

    def get_scorecard(self, *, tag: str) -> models.ScorecardResponse:
        """``GET /api/v1/scorecards/{tag}`` (getScorecard): the scorecard with its rule identifiers."""
        path = f"/api/v1/scorecards/{seg(tag)}"
        return self._decode(
            models.ScorecardResponse, self._call("GET", path), method="GET", path=path, key="scorecard"
        )

    def get_scorecard_descriptor(self, *, tag: str) -> models.ScorecardDescriptor:
        """``GET /api/v1/scorecards/{tag}/descriptor`` (getScorecardDescriptor): the YAML descriptor, parsed.

        The body is read as YAML whatever its Content-Type (a JSON-quoted YAML string is unwrapped).
        """
        path = f"/api/v1/scorecards/{seg(tag)}/descriptor"
        response = self._send("GET", path, accept="application/yaml, application/json;q=0.5")
        try:
            return models.ScorecardDescriptor.from_yaml(response.text)
        except ValueError as exc:
            raise CortexResponseError(str(exc), method="GET", path=path, status=response.status_code) from exc

    def get_scorecard_descriptor_text(self, *, tag: str) -> str:
        """The descriptor YAML exactly as ``GET /api/v1/scorecards/{tag}/descriptor`` returns it (a JSON-quoted
        YAML string unwrapped), for tools that keep the file as Cortex wrote it."""
        path = f"/api/v1/scorecards/{seg(tag)}/descriptor"
        response = self._send("GET", path, accept="application/yaml, application/json;q=0.5")
        text = response.text
        if text.lstrip().startswith('"'):
            try:
                unquoted = json.loads(text)
            except ValueError:
                unquoted = None
            text = unquoted if isinstance(unquoted, str) else text
        return text

    def get_badge_markdown(self, *, scorecard_tag: str, tag_or_id: str) -> models.BadgeMarkdown:
        """``GET /api/v1/scorecards/{scorecardTag}/entity/{tagOrId}/badge`` (getBadgeMarkdown)."""
        path = f"/api/v1/scorecards/{seg(scorecard_tag)}/entity/{seg(tag_or_id)}/badge"
        return self._decode(models.BadgeMarkdown, self._call("GET", path), method="GET", path=path)

    def get_scorecard_next_steps_for_entity(self, *, tag: str, entity_tag: str) -> tuple[models.NextSteps, ...]:
        """``GET /api/v1/scorecards/{tag}/next-steps?entityTag=`` (getScorecardNextStepsForEntity)."""
        path = f"/api/v1/scorecards/{seg(tag)}/next-steps"
        data = self._call("GET", path, params={"entityTag": entity_tag})
        return self._decode_list(models.NextSteps, data, method="GET", path=path, key="nextSteps")

    @overload
    def create_or_update_scorecard(
        self, *, descriptor: models.ScorecardDescriptor | str, dry_run: Literal[False] = False
    ) -> models.ScorecardResponse: ...

    @overload
    def create_or_update_scorecard(
        self, *, descriptor: models.ScorecardDescriptor | str, dry_run: bool
    ) -> models.ScorecardResponse | None: ...

    def create_or_update_scorecard(
        self, *, descriptor: models.ScorecardDescriptor | str, dry_run: bool = False
    ) -> models.ScorecardResponse | None:
        """``POST /api/v1/scorecards/descriptor`` (createOrUpdateScorecard): upsert by tag from YAML; **replaces
        an existing scorecard whole** (rules, ladder, filter: what the descriptor leaves out is gone).

        ``descriptor`` is a model or YAML text (text is checked locally, then sent unchanged). With ``dry_run`` Cortex only validates; the result is
        then ``None`` when it returns no scorecard. Retried on 5xx: the call is keyed by tag.
        """
        if isinstance(descriptor, str):
            models.ScorecardDescriptor.from_yaml(descriptor)
            text = descriptor
        else:
            text = descriptor.to_yaml()
        path = "/api/v1/scorecards/descriptor"
        data = self._call(
            "POST", path, params={"dryRun": dry_run}, text=text, content_type=_YAML, idempotent=True
        )
        if dry_run and not (isinstance(data, dict) and isinstance(data.get("scorecard"), dict)):
            return None
        return self._decode(models.ScorecardResponse, data, method="POST", path=path, key="scorecard")

    def refresh_scorecard_score_for_entity(self, *, tag: str, entity_tag: str) -> None:
        """``POST /api/v1/scorecards/{tag}/entity/{entityTag}/scores`` (refreshScorecardScoreForEntity):
        ask Cortex to re-evaluate; ``ConflictError`` if an evaluation is already running."""
        # Re-requesting an evaluation is harmless, so it is retried like an idempotent call.
        self._send("POST", f"/api/v1/scorecards/{seg(tag)}/entity/{seg(entity_tag)}/scores", idempotent=True)

    def delete_scorecard(self, *, tag: str) -> None:
        """``DELETE /api/v1/scorecards/{tag}`` (deleteScorecard); ``NotFoundError`` if absent."""
        self._send("DELETE", f"/api/v1/scorecards/{seg(tag)}")
