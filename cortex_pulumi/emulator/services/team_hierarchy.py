"""Emulator HTTP routes for the Cortex team_hierarchy resource."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
