"""``deploy/local/servers.sh`` and Redis's password, on a Redis of the test's own (free port, temporary
data directory), so the servers of ``make test`` are not touched: a fresh start comes up on the ACL
file, a password-less Redis left by an earlier checkout is taken over with its data (and locked, even
when it knows the user already), a second start changes nothing, and a changed password restarts it."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from devtools.localsystem import free_port
from tests.conftest import REPO

SCRIPT = REPO / "deploy" / "local" / "servers.sh"


class LocalRedis:
    def __init__(self, var: Path, port: int) -> None:
        self.var, self.port = var, port

    def script(self, action: str, password: str = "first-secret") -> str:
        env = os.environ | {"CABLESTREAM_VAR": str(self.var), "CABLESTREAM_CACHE": str(self.var / "cache"),
                            "CABLESTREAM_REDIS_PORT": str(self.port), "CABLESTREAM_REDIS_PASSWORD": password}
        done = subprocess.run(["bash", str(SCRIPT), action, "redis"], env=env, capture_output=True, text=True,
                              timeout=120, check=True)
        return done.stderr

    def pid(self) -> str:
        return (self.var / "run" / "redis.pid").read_text().strip()

    def client(self, password: str | None = "first-secret") -> redis.Redis:
        user = "cablestream" if password is not None else None
        return redis.Redis(port=self.port, username=user, password=password, socket_timeout=5)


@pytest.fixture
def local(tmp_path: Path) -> Iterator[LocalRedis]:
    server = LocalRedis(tmp_path, free_port())
    yield server
    server.script("stop")


def test_a_fresh_start_needs_the_password(local: LocalRedis) -> None:
    local.script("start")
    with pytest.raises(redis.AuthenticationError):  # NOAUTH: the default user is off
        local.client(None).ping()
    assert local.client().acl_whoami() == "cablestream"
    acl = (local.var / "redis" / "users.acl").read_text()
    assert "first-secret" not in acl and "user default off" in acl  # a hash, not the password


@pytest.mark.parametrize("has_user", [False, True], ids=["no-user", "user-but-default-open"])
def test_a_running_redis_without_password_is_taken_over_and_keeps_its_data(local: LocalRedis, has_user: bool) -> None:
    (local.var / "run").mkdir(parents=True)
    (local.var / "redis").mkdir()
    earlier = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(local.port), "--dir",
                                str(local.var / "redis"), "--save", "", "--appendonly", "yes"],
                               stdout=subprocess.DEVNULL, start_new_session=True)
    (local.var / "run" / "redis.pid").write_text(f"{earlier.pid}\n")
    try:
        for _ in range(50):
            try:
                local.client(None).set("kept", "1")
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        if has_user:  # our user known, but the default user still lets anyone in: not yet locked
            local.client(None).acl_setuser("cablestream", enabled=True, passwords=["+first-secret"], keys=["*"],
                                           channels=["*"], commands=["+@all"])
        assert "set up on the running server" in local.script("start")
        assert local.pid() == str(earlier.pid)  # not restarted: its clients and data stay
        assert local.client().get("kept") == b"1"
        with pytest.raises(redis.AuthenticationError):
            local.client(None).ping()
        assert local.script("start") == ""  # again: nothing to do
        # Another password: the running server refuses it, so it restarts on the ACL file.
        local.script("start", password="second-secret")
        assert local.pid() != str(earlier.pid)
        assert local.client("second-secret").get("kept") == b"1"  # the append-only file kept it
    finally:  # stopped by the restart above; killed if the test failed before it
        if earlier.poll() is None:
            earlier.kill()
        earlier.wait(timeout=30)


def test_transactions_and_scripts_survive_a_restart(local: LocalRedis) -> None:
    """Redis 7.0 replays the append-only file as the default user: with a default user that has no
    rights, every MULTI/EXEC block (job progress, kombu deliveries, Lua scripts) was dropped at load."""
    local.script("start")
    client = local.client()
    with client.pipeline(transaction=True) as pipe:
        pipe.set("job:a", "running")
        pipe.hset("job:a:counts", "indexed", 3)
        pipe.execute()
    client.eval("redis.call('set', KEYS[1], ARGV[1]); return redis.call('incr', KEYS[2])", 2, "lua:a", "lua:n", "x")
    client.close()
    local.script("stop")
    local.script("start")
    client = local.client()
    for _ in range(50):
        try:
            client.ping()
            break
        except (redis.ConnectionError, redis.BusyLoadingError):
            time.sleep(0.1)
    assert client.get("job:a") == b"running"
    assert client.hget("job:a:counts", "indexed") == b"3"
    assert (client.get("lua:a"), client.get("lua:n")) == (b"x", b"1")
    with pytest.raises(redis.AuthenticationError):  # still locked to clients without the password
        local.client(None).ping()
