"""The providers' read-through listing cache: fewer calls for many reads, never stale after this process writes."""

from __future__ import annotations

import threading
from typing import Any, TypeVar

import pytest
from pulumi.dynamic import Config, ConfigureRequest, ResourceProvider

from cortex_pulumi.client.errors import CortexAPIError, NotFoundError
from cortex_pulumi.client.models.common import Page
from cortex_pulumi.emulator import Emulator
from cortex_pulumi.provider._errors import CortexResourceError
from cortex_pulumi.provider._read_cache import KindCache
from cortex_pulumi.provider.deploy import _DeployProvider
from cortex_pulumi.provider.scorecard import _ScorecardProvider
from cortex_pulumi.provider.secret import _SecretProvider
from cortex_pulumi.provider.team import _TeamProvider
from cortex_pulumi.provider.workflow import _WorkflowProvider
from tests.support import ADMIN_TOKEN, api

P = TypeVar("P", bound=ResourceProvider)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


Item = tuple[str, str]


class Source:
    """A fake kind of (key, value) items: `page` lists it `per_page` at a time, `get` is the single GET (404 for
    unknown keys); both are counted."""

    def __init__(self, items: dict[str, str], per_page: int = 1000) -> None:
        self.items = dict(items)
        self.per_page = per_page
        self.loads = 0
        self.pages = 0
        self.gets: list[str] = []

    def page(self, number: int) -> Page[Item]:
        self.pages += 1
        self.loads += number == 0
        listed = sorted(self.items.items())
        total_pages = max(1, -(-len(listed) // self.per_page))
        chunk = listed[number * self.per_page:(number + 1) * self.per_page]
        return Page(items=chunk, page=number, total=len(listed), total_pages=total_pages)

    def get(self, key: str) -> Item:
        self.gets.append(key)
        if key not in self.items:
            raise NotFoundError(status=404, method="GET", path=f"/x/{key}", message=f"{key} not found")
        return key, self.items[key]


def _cache(source: Source, clock: Clock | None = None, threshold: int = 3, ttl: float = 30.0) -> KindCache[Item]:
    return KindCache("things", source.page, lambda item: item[0], ttl=ttl, threshold=threshold, clock=clock or Clock())


def _value(cache: KindCache[Item], source: Source, key: str) -> str:
    return cache.read(key, lambda: source.get(key))[1]


def test_reads_go_direct_until_the_threshold_then_one_listing_answers_the_rest() -> None:
    source = Source({f"k{i:03d}": f"v{i}" for i in range(100)})
    cache = _cache(source)
    values = [_value(cache, source, f"k{i:03d}") for i in range(100)]
    assert values == [f"v{i}" for i in range(100)]
    assert source.gets == ["k000", "k001", "k002"] and source.loads == 1 and cache.listings == 1


def test_a_large_listing_waits_until_the_single_reads_would_have_paid_for_it() -> None:
    source = Source({f"k{i:03d}": f"v{i}" for i in range(100)}, per_page=10)  # ten pages
    cache = _cache(source, threshold=0)
    for i in range(5):
        assert _value(cache, source, f"k{i:03d}") == f"v{i}"
    assert source.pages == 1 and len(source.gets) == 5, "one probe of the first page, then single reads"
    for i in range(5, 100):
        assert _value(cache, source, f"k{i:03d}") == f"v{i}"
    assert cache.listings == 1 and len(source.gets) == 10 and source.pages == 1 + 10
    assert source.pages + len(source.gets) <= 2 * 10 + 1, "never much more than reading one by one would cost"


def test_a_key_written_by_this_process_is_never_served_from_a_listing() -> None:
    source = Source({"a": "old", "b": "b"})
    cache = _cache(source, threshold=0)
    assert _value(cache, source, "a") == "old" and source.gets == []
    cache.written("a")
    source.items["a"] = "new"
    assert _value(cache, source, "a") == "new"
    assert _value(cache, source, "b") == "b" and source.gets == ["a"]
    assert not cache.known_absent("a", announced=0)


def test_a_write_during_a_listing_is_not_hidden_by_that_listing() -> None:
    release, listing_started = threading.Event(), threading.Event()
    items = {"a": "old"}

    def slow_page(number: int) -> Page[Item]:
        snapshot = tuple(items.items())  # what the server answers: taken before the write lands
        listing_started.set()
        release.wait(5)
        return Page(items=snapshot, page=0, total=len(snapshot), total_pages=1)

    cache: KindCache[Item] = KindCache("things", slow_page, lambda item: item[0], threshold=0, clock=Clock())
    reader = threading.Thread(target=lambda: cache.read("other", lambda: ("other", "direct")))
    reader.start()
    assert listing_started.wait(5)
    cache.written("a")  # marked before the write is sent, while the listing is in flight
    items["a"] = "new"
    release.set()
    reader.join(5)
    assert cache.read("a", lambda: ("a", items["a"])) == ("a", "new")


def test_listings_expire_and_missing_objects_are_looked_up_directly() -> None:
    clock = Clock()
    source = Source({"a": "1"})
    cache = _cache(source, clock, threshold=0, ttl=30)
    assert _value(cache, source, "a") == "1"
    source.items.update(a="2", late="x")
    clock.now = 10
    assert _value(cache, source, "a") == "1", "a listing younger than the TTL answers"
    assert _value(cache, source, "late") == "x", "absent from the listing: a direct GET"
    with pytest.raises(NotFoundError):
        _value(cache, source, "gone")  # only the API's 404 says an object is gone
    clock.now = 31
    assert _value(cache, source, "a") == "2" and source.loads == 2


def test_known_absent_trusts_only_a_fresh_listing_and_never_a_written_key() -> None:
    clock = Clock()
    source = Source({"taken": "x"})
    cache = _cache(source, clock, threshold=1)
    assert not cache.known_absent("new1", announced=0), "before the threshold nothing is listed: not known"
    assert cache.known_absent("new2", announced=0) and not cache.known_absent("taken", announced=0)
    cache.written("new2")  # a create notes its own write first, then checks
    assert cache.known_absent("new2") and not cache.known_absent("new2", announced=0)
    cache.written("new2")  # a second create of the same tag in this process: the first one's object exists
    assert not cache.known_absent("new2")
    source.items["elsewhere"] = "made by someone else"
    clock.now = 11
    assert not cache.known_absent("elsewhere", announced=0), "create trusts a listing for 10 s only"


def test_a_listed_key_is_never_known_absent_and_only_absence_needs_the_fresher_listing() -> None:
    clock = Clock()
    source = Source({f"k{i}": "v" for i in range(50)})
    cache = _cache(source, clock, threshold=0, ttl=30)
    for i in range(50):  # a long adoption: one object every half second for 25 s, "absent?" then the read
        clock.now = i * 0.5
        assert not cache.known_absent(f"k{i}", announced=0)
        assert _value(cache, source, f"k{i}") == "v"
    assert source.loads == 1 and not source.gets, "present objects never wait for a listing under 10 s old"
    assert cache.known_absent("new", announced=0) and source.loads == 2, "absence is trusted for 10 s only"
    cache.written("k3")
    assert _value(cache, source, "k3") == "v" and source.gets == ["k3"], "a key this process wrote is never served from a listing"


def test_a_failing_listing_switches_the_kind_to_direct_reads() -> None:
    calls = {"load": 0}

    def forbidden(number: int) -> Page[Item]:
        calls["load"] += 1
        raise CortexAPIError(status=403, method="GET", path="/x", message="Forbidden")

    cache: KindCache[Item] = KindCache("things", forbidden, lambda item: item[0], threshold=0, clock=Clock())
    assert [cache.read(k, lambda k=k: (k, k.upper()))[1] for k in "abc"] == ["A", "B", "C"]
    assert calls["load"] == 1 and not cache.known_absent("d", announced=0)
    cache.forget()
    cache.read("e", lambda: ("e", "E"))
    assert calls["load"] == 2, "forget() (a new deployment) tries listing again"


def test_forget_starts_a_new_deployment_whose_listing_serves_earlier_writes() -> None:
    source = Source({"a": "1"})
    cache = _cache(source, threshold=0)
    cache.written("a")
    cache.forget()
    assert _value(cache, source, "a") == "1" and source.gets == [] and source.loads == 1


# -- through the providers, against the emulator -------------------------------------------------------


def _configured(cls: type[P], emu: Emulator) -> P:
    """A provider counting only the calls of create/read/update/delete: preview's own checks (one listing per
    kind, tested in tests/provider/test_preview_checks.py) are off."""
    provider = cls()
    provider.configure(ConfigureRequest(Config({"cortex:apiToken": ADMIN_TOKEN, "cortex:baseUrl": emu.url,
                                                "cortex:previewChecks": "false"}, "cortex-test")))
    return provider


def _checked(provider: ResourceProvider, news: dict[str, Any]) -> dict[str, Any]:
    result = provider.check({}, {**news, "__provider": "blob"})
    assert result.failures == []
    return {k: v for k, v in result.inputs.items() if k != "__provider"}


def _gets(emu: Emulator, prefix: str) -> list[str]:
    return [r["path"] + ("?" + r["query"] if r["query"] else "") for r in emu.requests("GET", prefix)]


def test_refreshing_many_secrets_lists_them_once_and_sees_this_process_writes(emu: Emulator) -> None:
    p = _configured(_SecretProvider, emu)
    outs = {}
    for i in range(40):
        made = p.create(_checked(p, {"tag": f"s{i}", "name": f"S{i}", "value": "v"}))
        outs[made.id] = made.outs
    emu.clear_requests()
    p = _configured(_SecretProvider, emu)  # a new deployment (the refresh) in a fresh provider
    reads = {tag: p.read(tag, state) for tag, state in outs.items()}
    assert all(r.id == tag and r.outs == outs[tag] for tag, r in reads.items())
    gets = _gets(emu, "/api/v1/secrets")
    assert len(gets) == 4 and sum("page=" in g for g in gets) == 1, gets

    # renamed by this process, then read in the same process: the listing must not answer
    p.update("s7", outs["s7"], _checked(p, {"tag": "s7", "name": "Renamed", "value": "v"}))
    assert p.read("s7", outs["s7"]).outs["name"] == "Renamed"
    # deleted out of band: absent from nothing the cache trusts, the API's 404 drops it
    assert api(emu).delete("/api/v1/secrets/s9").status_code == 200
    p = _configured(_SecretProvider, emu)
    assert p.read("s9", outs["s9"]).id == ""


def test_scorecards_refresh_without_descriptor_reads_until_cortex_saves_them_again(emu: Emulator) -> None:
    p = _configured(_ScorecardProvider, emu)
    outs = {}
    for i in range(8):
        props = _checked(p, {"tag": f"sc{i}", "name": f"SC {i}", "ladder_name": "Ladder",
                             "levels": [{"name": "Bronze", "rank": 1, "color": "#CD7F32"}],
                             "rules": [{"title": "R", "expression": 'custom("x") != null', "level": "Bronze"}]})
        made = p.create(props)
        outs[made.id] = made.outs
    emu.clear_requests()
    p = _configured(_ScorecardProvider, emu)
    for tag, state in outs.items():
        assert p.read(tag, state).outs == state
    descriptor_gets = [g for g in _gets(emu, "/api/v1/scorecards") if g.endswith("/descriptor")]
    assert descriptor_gets == [], "unchanged scorecards are served from the listing and their state"

    # a colour is only in the descriptor: changed in Cortex, lastUpdated moves, the refresh sees it
    changed = ("tag: sc3\nname: SC 3\nladder:\n  name: Ladder\n  levels:\n  - {name: Bronze, rank: 1, color: '#000000'}\n"
               "rules:\n- {title: R, expression: 'custom(\"x\") != null', level: Bronze}\n")
    response = api(emu).post("/api/v1/scorecards/descriptor", data=changed,
                             headers={"Content-Type": "application/yaml"})
    assert response.status_code == 200, response.text
    p = _configured(_ScorecardProvider, emu)
    refreshed = {tag: p.read(tag, state).outs for tag, state in outs.items()}
    assert refreshed["sc3"]["levels"][0]["color"] == "#000000"
    assert all(refreshed[t] == outs[t] for t in outs if t != "sc3")


def test_creates_of_scorecards_and_workflows_check_existence_against_one_listing(emu: Emulator) -> None:
    done = {"name": "Done", "slug": "done", "schema": {"type": "JQ", "expression": ". | \"ok\""}}
    taken = {"tag": "taken", "name": "T", "actions": [{**done, "isRootAction": True, "outgoingActions": []}]}
    assert api(emu).post("/api/v1/workflows", json=taken).status_code == 200, "made before this deployment"
    wf = _configured(_WorkflowProvider, emu)
    for i in range(20):
        wf.create(_checked(wf, {"tag": f"wf{i}", "name": f"WF {i}", "actions": [
            {"name": "Done", "slug": "done", "schema": {"type": "JQ", "expression": ". | \"ok\""}}]}))
    singles = [g for g in _gets(emu, "/api/v1/workflows") if "page=" not in g]
    lists = [g for g in _gets(emu, "/api/v1/workflows") if "page=" in g]
    assert len(singles) == 3 and len(lists) == 1, (singles, lists)
    # an object that exists already is in the listing: still found, and refused without adopt
    with pytest.raises(CortexResourceError, match="already exists"):
        wf.create(_checked(wf, {"tag": "taken", "name": "T", "actions": [done]}))
    # two resources with one tag in one program: the second create is not fooled by the listing
    with pytest.raises(CortexResourceError, match="already exists"):
        wf.create(_checked(wf, {"tag": "wf5", "name": "Again", "actions": [done]}))

    sc = _configured(_ScorecardProvider, emu)
    emu.clear_requests()
    for i in range(20):
        sc.create(_checked(sc, {"tag": f"sc{i}", "name": f"SC {i}", "rules": [{"title": "R", "expression": "true"}]}))
    gets = _gets(emu, "/api/v1/scorecards")
    assert len([g for g in gets if "page=" in g]) == 1 and len(gets) <= 1 + 3 * 2, gets
    assert len(emu.requests("POST", "/api/v1/scorecards")) == 20


def test_teams_and_deploys_are_read_from_one_listing(emu: Emulator) -> None:
    teams = _configured(_TeamProvider, emu)
    team_outs = {}
    for i in range(10):
        made = teams.create(_checked(teams, {"team_tag": f"t{i}", "name": f"T{i}",
                                             "members": [{"email": f"m{i}@example.com", "name": "M"}]}))
        team_outs[made.id] = made.outs
    deploys = _configured(_DeployProvider, emu)
    deploy_outs = {}
    for i in range(25):
        made = deploys.create(_checked(deploys, {"entity": "t0", "title": f"release {i}", "sha": f"{i:040x}"}))
        deploy_outs[made.id] = made.outs
    emu.clear_requests()
    teams, deploys = _configured(_TeamProvider, emu), _configured(_DeployProvider, emu)
    assert all(teams.read(t, s).outs == s for t, s in team_outs.items())
    for deploy_id, state in deploy_outs.items():
        found = deploys.read(deploy_id, state)
        assert found.id == deploy_id and (found.outs["uuid"], found.outs["title"]) == (state["uuid"], state["title"])
    team_gets, deploy_gets = _gets(emu, "/api/v1/teams"), _gets(emu, "/api/v1/catalog/t0/deploys")
    assert len(team_gets) == 4, team_gets
    assert len(deploy_gets) == 1, "one listing of the entity serves all its deploys"


def test_adopting_existing_teams_takes_them_from_one_listing(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(12):
        assert api(emu).post("/api/v1/teams", json={"teamTag": f"a{i}", "type": "CORTEX", "metadata": {"name": f"A{i}"},
                                                    "cortexTeam": {"members": []}, "links": [],
                                                    "slackChannels": []}).status_code in (200, 201)
    # As if every adoption came more than the absence window after the listing (a long adopting `up`): asking
    # "is it absent?" first would list all teams again for each object.
    monkeypatch.setattr("cortex_pulumi.provider._read_cache.ABSENT_TTL", 0.0)
    teams = _configured(_TeamProvider, emu)
    emu.clear_requests()
    for i in range(12):
        made = teams.create(_checked(teams, {"team_tag": f"a{i}", "name": f"A{i}", "adopt": True}))
        assert made.id == f"a{i}"
    team_gets = _gets(emu, "/api/v1/teams")
    assert len(team_gets) == 2 and not emu.requests("POST", "/api/v1/teams"), team_gets  # one GET, one listing
