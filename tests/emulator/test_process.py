"""The emulator as a program: ``python -m cortex_pulumi.emulator`` and ``cortex-emulator``, flags, durability after kill."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests
import yaml

from tests.support import ADMIN_TOKEN, VIEWER_TOKEN, api
from tests.support.process import EmulatorProcess


def test_module_prints_listening_line_and_serves_health() -> None:
    with EmulatorProcess() as proc:
        assert proc.first_line == f"Cortex emulator listening on {proc.url}"
        assert proc.url.startswith("http://127.0.0.1:") and not proc.url.endswith(":0")
        assert requests.get(proc.url + "/_emulator/health", timeout=5).json() == {"status": "ok"}
        assert api(proc.url, ADMIN_TOKEN).get("/api/v1/secrets").status_code == 200
        assert api(proc.url, VIEWER_TOKEN).get("/api/v1/secrets").status_code == 403
        assert api(proc.url, "local-admin-token").get("/api/v1/secrets").status_code == 401
        proc.stop()


def test_console_script() -> None:
    script = Path(sys.executable).with_name("cortex-emulator")
    assert script.exists(), f"console script missing at {script}"
    out = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    for flag in ("--host", "--port", "--db", "--api-key", "--rate-limit", "--seed", "--no-admin", "--admin-key", "--fault-drop-rate",
                 "--rate-limit-mode"):
        assert flag in out.stdout


def test_bad_arguments_fail_clearly() -> None:
    for args, word in ((["--api-key", "k=SUPERUSER"], "unknown permission"), (["--fault-error-rate", "3"], "errorRate"),
                       (["--seed", "/no/such/seed.yaml"], "No such file"), (["--rate-limit-mode", "leaky"], "--rate-limit-mode")):
        out = subprocess.run([sys.executable, "-m", "cortex_pulumi.emulator", "--port", "0", *args],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 2, out
        assert word in out.stderr


def test_flags_for_keys_rate_limit_faults_and_admin() -> None:
    args = ["--api-key", "ops=Create secrets,Edit entities", "--rate-limit", "3", "--fault-burst-429", "1", "--no-admin"]
    with EmulatorProcess(*args) as proc:
        client = api(proc.url, "ops")
        assert client.get("/api/v1/secrets").status_code == 429  # the forced burst
        assert [client.get("/api/v1/secrets").status_code for _ in range(4)] == [200, 200, 200, 429]
        assert client.get("/api/v1/scorecards").status_code in (403, 429)
        assert requests.get(proc.url + "/_emulator/requests", timeout=5).status_code == 404
        assert requests.get(proc.url + "/_emulator/health", timeout=5).status_code == 200


def test_rate_limit_mode_flag_selects_the_strict_window() -> None:
    with EmulatorProcess("--rate-limit", "2", "--rate-limit-mode", "sliding-window") as proc:
        client = api(proc.url)
        assert [client.get("/api/v1/secrets").status_code for _ in range(3)] == [200, 200, 429]
        assert int(client.get("/api/v1/secrets").headers["Retry-After"]) >= 55  # a bucket would say 30


def test_acknowledged_writes_survive_sigkill(tmp_path: Path) -> None:
    db = str(tmp_path / "cortex.db")
    with EmulatorProcess("--db", db) as proc:
        client = api(proc.url)
        team = {"type": "CORTEX", "teamTag": "durable", "metadata": {"name": "D"}, "links": [], "slackChannels": [],
                "cortexTeam": {"members": []}}
        assert client.post("/api/v1/teams", json=team).status_code == 200
        for i in range(20):
            assert client.post("/api/v1/secrets", json={"tag": f"s{i}", "name": "n", "secret": "v"}).status_code == 200
        assert client.post("/api/v1/catalog/durable/deploys",
                           json={"title": "t", "type": "DEPLOY", "timestamp": "2024-01-01T00:00:00Z"}).status_code == 200
        proc.kill()  # SIGKILL: no shutdown hooks run
    with EmulatorProcess("--db", db) as proc:
        client = api(proc.url)
        assert client.get("/api/v1/secrets").json()["total"] == 20
        assert client.get("/api/v1/teams/durable").json()["teamTag"] == "durable"
        assert client.get("/api/v1/catalog/durable/deploys").json()["total"] == 1
        proc.stop()
    with EmulatorProcess("--db", db) as proc:  # and after a graceful stop
        assert api(proc.url).get("/api/v1/secrets").json()["total"] == 20


def test_seed_flag(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text('{"secrets": [{"tag": "seeded", "name": "S", "secret": "v"}]}', encoding="utf-8")
    with EmulatorProcess("--seed", str(seed)) as proc:
        assert api(proc.url).get("/api/v1/secrets/seeded").json()["name"] == "S"


SEED = """teams:
  - {type: CORTEX, teamTag: platform, metadata: {name: Platform}, links: [], slackChannels: [], cortexTeam: {members: []}}
secrets:
  - {tag: db, name: DB, secret: pw}
"""


def test_a_seed_loads_into_a_new_database_only_and_a_restart_keeps_the_data(tmp_path: Path) -> None:
    seed, db = tmp_path / "seed.yaml", tmp_path / "cortex.db"
    seed.write_text(SEED, encoding="utf-8")
    with EmulatorProcess("--db", str(db), "--seed", str(seed)) as proc:
        client = api(proc.url)
        assert client.get("/api/v1/teams/platform").json()["metadata"]["name"] == "Platform"
        assert client.delete("/api/v1/secrets/db").status_code == 200
        assert client.post("/api/v1/secrets", json={"tag": "later", "name": "Later", "secret": "x"}).status_code == 200
        assert "skipped" not in proc.stderr
        proc.stop()
    with EmulatorProcess("--db", str(db), "--seed", str(seed)) as proc:  # the same command again
        client = api(proc.url)
        assert client.get("/api/v1/teams/platform").status_code == 200
        assert client.get("/api/v1/secrets/db").status_code == 404  # deleted since: the seed does not bring it back
        assert client.get("/api/v1/secrets/later").status_code == 200
        assert f"seed file {seed} skipped: the database {db} already holds data" in proc.stderr
        assert requests.post(proc.url + "/_emulator/reset", timeout=10).status_code == 200
        assert client.get("/api/v1/secrets/db").status_code == 200  # a reset loads the seed again
        assert client.get("/api/v1/secrets/later").status_code == 404
        proc.stop()


def test_a_bad_seed_file_is_one_clear_line_without_the_usage(tmp_path: Path) -> None:
    duplicate, broken = tmp_path / "duplicate.yaml", tmp_path / "broken.yaml"
    duplicate.write_text(SEED + "  - {tag: db, name: DB again, secret: pw}\n", encoding="utf-8")
    broken.write_text("teams: [unclosed\n", encoding="utf-8")
    for path, reason in ((duplicate, "seed section 'secrets': A secret with tag 'db' already exists"),
                         (broken, "is not valid YAML")):
        out = subprocess.run([sys.executable, "-m", "cortex_pulumi.emulator", "--port", "0", "--seed", str(path)],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 2 and out.stdout == "", out
        [line] = out.stderr.splitlines()
        assert line.startswith(f"cortex-emulator: cannot start: {path}") or line.startswith(
            f"cortex-emulator: cannot start: seed file {path}"), line
        assert reason in line and "usage:" not in out.stderr


def test_the_readme_seed_example_loads_every_section(tmp_path: Path) -> None:
    from cortex_pulumi.emulator import Emulator
    from cortex_pulumi.emulator.seed import declared_sections
    from tests.support.readme import blocks

    [example] = [b.code for b in blocks() if b.file == "seed.yaml"]
    seed = tmp_path / "seed.yaml"
    seed.write_text(example, encoding="utf-8")
    assert set(yaml.safe_load(example)) == set(declared_sections())  # one example of each section
    with Emulator(api_keys={ADMIN_TOKEN: "ADMIN"}, seed=str(seed)) as emu:
        client = api(emu)
        edges = client.get("/api/v1/teams/relationships").json()["edges"]
        assert edges == [{"parentTeamTag": "platform", "childTeamTag": "payments"}]
        assert client.get("/api/v1/teams/payments").json()["slackChannels"][0]["name"] == "payments"
        assert client.get("/api/v1/secrets/payments_db").json()["name"] == "Payments DB"
        assert client.get("/api/v1/catalog/payments-api/deploys").json()["total"] == 1
        assert client.get("/api/v1/scorecards/prod-readiness").json()["scorecard"]["name"] == "Production Readiness"
        assert client.get("/api/v1/workflows/deploy-notify").json()["name"] == "Deploy notify"
