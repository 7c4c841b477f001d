"""Command line: ``python -m cortex_pulumi.emulator`` / ``cortex-emulator`` runs the Cortex API emulator."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from cortex_pulumi.emulator import INSTALL_HINT, missing_web_stack
from cortex_pulumi.emulator.auth import parse_cli_key
from cortex_pulumi.emulator.faults import FaultConfig
from cortex_pulumi.emulator.ratelimit import MODES as RATE_LIMIT_MODES
from cortex_pulumi.emulator.settings import DEFAULT_API_KEY, DEFAULT_PORT, DEFAULT_RATE_LIMIT, Settings


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cortex-emulator",
        description="A local emulator of the Cortex REST API (scorecards, exemptions, teams, team hierarchy, "
        "secrets, workflows, deploys).",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument("--db", default=":memory:", help="SQLite database file (default :memory:, nothing persisted)")
    p.add_argument(
        "--api-key",
        action="append",
        default=[],
        metavar="KEY[=ROLE]",
        help="accepted API key; ROLE is ADMIN (default), VIEWER or a comma list of permissions. Repeatable. "
        f"Without any, the key {DEFAULT_API_KEY!r} (ADMIN) is accepted.",
    )
    p.add_argument("--rate-limit", type=int, default=DEFAULT_RATE_LIMIT, help="requests per minute per key")
    p.add_argument(
        "--rate-limit-mode",
        choices=RATE_LIMIT_MODES,
        default="token-bucket",
        help="how --rate-limit counts: a bucket of N tokens refilled at N per minute (token-bucket, default) or "
        "at most N requests in any 60 seconds (sliding-window, strict)",
    )
    p.add_argument("--seed", help="YAML or JSON file of entities, teams, secrets, ... to preload")
    p.add_argument("--no-admin", action="store_true", help="disable the /_emulator admin endpoints (health stays) and the web view at /")
    p.add_argument("--admin-key", help="require this bearer key on the /_emulator admin endpoints and the web view at / "
                   "(a browser asks for it as the password)")
    p.add_argument("--evaluation-seconds", type=float, default=2.0, help="how long a score evaluation runs (409 window)")
    p.add_argument("--external-team", action="append", default=[], metavar="TAG", help="team whose delete answers 405")
    faults = p.add_argument_group("fault injection (also settable at run time: PUT /_emulator/faults)")
    faults.add_argument("--fault-error-rate", type=float, default=0.0, help="fraction answered 500/502/503")
    faults.add_argument("--fault-error-statuses", default="500,502,503", help="comma list of 5xx statuses")
    faults.add_argument("--fault-drop-rate", type=float, default=0.0, help="fraction whose connection is dropped")
    faults.add_argument("--fault-latency-ms", type=float, default=0.0, help="latency added to every request")
    faults.add_argument("--fault-spike-ms", type=float, default=0.0, help="extra latency of a spike")
    faults.add_argument("--fault-spike-rate", type=float, default=0.0, help="fraction of requests with a spike")
    faults.add_argument("--fault-burst-429", type=int, default=0, help="answer the next N requests with 429")
    faults.add_argument("--fault-seed", type=int, help="seed for reproducible fault draws")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    return p


def settings_from_args(args: argparse.Namespace) -> Settings:
    try:
        statuses = [int(s) for s in args.fault_error_statuses.split(",") if s.strip()]
    except ValueError:
        raise ValueError("--fault-error-statuses must be a comma list of integers") from None
    faults = FaultConfig.from_dict(
        {
            "errorRate": args.fault_error_rate,
            "errorStatuses": statuses,
            "dropRate": args.fault_drop_rate,
            "latencyMs": args.fault_latency_ms,
            "spikeMs": args.fault_spike_ms,
            "spikeRate": args.fault_spike_rate,
            "burst429": args.fault_burst_429,
            "seed": args.fault_seed,
        }
    )
    return Settings(
        host=args.host,
        port=args.port,
        db=args.db,
        api_keys=[parse_cli_key(k) for k in args.api_key],
        rate_limit=args.rate_limit,
        rate_limit_mode=args.rate_limit_mode,
        seed=args.seed,
        faults=faults,
        admin_enabled=not args.no_admin,
        admin_key=args.admin_key,
        evaluation_seconds=args.evaluation_seconds,
        externally_managed_teams=frozenset(args.external_team),
    )


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    try:
        return serve(p, args)
    except ModuleNotFoundError as exc:
        missing = missing_web_stack(exc)
        if missing is None:
            raise
        sys.stderr.write(f"cortex-emulator: {missing} is not installed; {INSTALL_HINT}\n")
        return 2


def _cannot_start(reason: str) -> int:
    """One line naming the problem (a seed file, the database, the port), no usage text: the flags were fine."""
    sys.stderr.write(f"cortex-emulator: cannot start: {reason}\n")
    return 2


def serve(p: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Bind, build the app and serve until interrupted."""
    # The web stack is imported here, not at the top: without the extra, main() says how to install it.
    from cortex_pulumi.emulator.app import build_app
    from cortex_pulumi.emulator.server import EmulatorServer, bind_socket, make_config
    from cortex_pulumi.emulator.store import Store

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = settings_from_args(args)
    except ValueError as exc:
        p.error(str(exc))
    try:
        sock = bind_socket(settings.host, settings.port)
    except OSError as exc:
        return _cannot_start(f"{settings.host}:{settings.port}: {exc.strerror or exc}")
    settings.port = sock.getsockname()[1]
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    settings.base_url = f"http://{host}:{settings.port}"
    try:
        app = build_app(settings, Store(settings.db))
    except (ValueError, OSError) as exc:
        sock.close()
        return _cannot_start(str(exc))

    def ready() -> None:
        sys.stdout.write(f"Cortex emulator listening on {settings.base_url}\n")
        if settings.admin_enabled:
            sys.stdout.write(f"Web view of the tenant: {settings.base_url}/\n")
        sys.stdout.flush()

    server = EmulatorServer(make_config(app, log_level=args.log_level), on_ready=ready)
    server.run(sockets=[sock])
    app.state.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
