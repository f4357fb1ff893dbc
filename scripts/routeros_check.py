#!/usr/bin/env python3
"""Independent check of a RouterOS API server (the Tagih simulator, or a real router).

The simulator's fidelity is judged by clients we did not write: librouteros 4.2.x (the
reference) and routeros-api 0.21.x (tags every sentence, sends `=password` bare). Each
check states what a real RouterOS answers (reference/routeros.md); any difference exits
non-zero with the step that failed.

    python3 scripts/routeros_check.py --host 127.0.0.1 --port 8728 --user admin \
        --password '' [--tls-port 8729] [--legacy-port P] [--version 7.18]

It only touches rows whose names start with `pycheck-`, so it may run against a router
that holds other data; it removes what it added.
"""

from __future__ import annotations

import argparse
import ssl
import sys
from typing import Any, Callable

from librouteros import connect
from librouteros.exceptions import FatalError, MultiTrapError, TrapError
from librouteros.login import plain, token
from librouteros.query import Key

PREFIX = "pycheck-"
DUPLICATE_USER = "failure: already have user with this name for this server"
DUPLICATE_SECRET = "failure: secret with the same name already exists"
UNKNOWN_PROFILE = "input does not match any value of profile"
NO_SUCH_ITEM = "no such item"
BAD_LOGIN = "invalid user name or password (6)"
TRIAL = "default trial user can not be removed"
# Inferred from the "already have ... with such name" family; to confirm on a CHR (routeros.md §7).
DUPLICATE_POOL = "failure: already have pool with such name"


class Mismatch(Exception):
    """The server answered differently from a RouterOS router."""


def check(condition: bool, what: str) -> None:
    if not condition:
        raise Mismatch(what)


def expect_trap(call: Callable[[], Any], message: str, what: str) -> TrapError:
    try:
        call()
    except TrapError as error:
        check(error.message == message, f"{what}: trap text {error.message!r}, expected {message!r}")
        return error
    except MultiTrapError as error:
        texts = [trap.message for trap in error.traps]
        check(message in texts, f"{what}: traps {texts!r}, expected one {message!r}")
        return error.traps[-1]
    raise Mismatch(f"{what}: no !trap, expected {message!r}")


def ok(step: str) -> None:
    print(f"ok   {step}", flush=True)


def cleanup(api) -> None:
    for menu in (("ip", "hotspot", "user"), ("ppp", "secret"), ("ip", "pool")):
        path = api.path(*menu)
        ids = [row[".id"] for row in path.select(Key(".id"), Key("name")) if str(row.get("name", "")).startswith(PREFIX)]
        if ids:
            path.remove(*ids)


def check_login(args) -> None:
    try:
        api = connect(host=args.host, port=args.port, username=args.user, password=args.password + "-wrong",
                      login_method=plain, timeout=5)
        api.close()
    except TrapError as error:
        check(error.message == BAD_LOGIN, f"wrong password: {error.message!r}, expected {BAD_LOGIN!r}")
        ok("wrong password -> !trap 'invalid user name or password (6)' then !done")
        return
    raise Mismatch("wrong password was accepted")


def check_users(api) -> None:
    users = api.path("ip", "hotspot", "user")
    new_id = users.add(name=f"{PREFIX}v1", password="p1", profile="default", comment="batch-1",
                       **{"limit-uptime": "1h", "limit-bytes-total": "1073741824"})
    check(new_id.startswith("*") and len(new_id) > 1, f"add returned {new_id!r}, expected =ret=*HEX")
    ok(f"add /ip/hotspot/user -> =ret={new_id}")

    name = Key("name")
    rows = list(users.select(Key(".id"), name, Key("limit-uptime"), Key("profile")).where(name == f"{PREFIX}v1"))
    check(len(rows) == 1, f"print ?=name= returned {len(rows)} rows, expected 1")
    row = rows[0]
    check(row.get(".id") == new_id, f"print .id {row.get('.id')!r} != {new_id!r}")
    check(row.get("limit-uptime") == "1h" and row.get("profile") == "default", f"print row {row!r}")
    check(set(row) <= {".id", "name", "limit-uptime", "profile"}, f".proplist not honoured: {sorted(row)!r}")
    ok("print =.proplist= ?=name= -> the row, only the listed properties")

    expect_trap(lambda: users.add(name=f"{PREFIX}v1", password="p2"), DUPLICATE_USER, "duplicate add")
    ok("duplicate add -> exact 'already have user' text")
    expect_trap(lambda: users.add(name=f"{PREFIX}v9", profile="no-such-profile"), UNKNOWN_PROFILE, "unknown profile")
    ok("unknown profile -> 'input does not match any value of profile'")

    users.update(**{".id": new_id, "disabled": True, "comment": "batch-2"})
    tuple(users("set", numbers=f"{PREFIX}v1", **{"limit-uptime": "90m"}))
    row = next(iter(users.select(Key("disabled"), Key("comment"), Key("limit-uptime")).where(name == f"{PREFIX}v1")))
    check(row.get("disabled") is True, f"set disabled=yes printed {row.get('disabled')!r}, expected true")
    check(row.get("comment") == "batch-2", f"set comment printed {row.get('comment')!r}")
    check(row.get("limit-uptime") == "1h30m", f"limit-uptime=90m printed {row.get('limit-uptime')!r}, expected 1h30m")
    ok("set by .id and by name in numbers; booleans print true; times print canonically")

    users.add(name=f"{PREFIX}v2", password="p2")
    both = list(users.select(name).where(name.In(f"{PREFIX}v1", f"{PREFIX}v2")))
    check(len(both) == 2, f"In() query (?#|) returned {len(both)} rows, expected 2")
    others = [r for r in users.select(name).where(name != f"{PREFIX}v1") if str(r["name"]).startswith(PREFIX)]
    check([r["name"] for r in others] == [f"{PREFIX}v2"], f"!= query (?#!) returned {others!r}")
    ok("queries with ?#| and ?#!")

    counted = list(api.rawCmd("/ip/hotspot/user/print", "=count-only=", f"?name={PREFIX}v1"))
    check(counted == [{"ret": 1}], f"count-only returned {counted!r}, expected !done =ret=1")
    ok("count-only -> !done =ret=1")

    users.remove(new_id)
    check(list(users.select(name).where(name == f"{PREFIX}v1")) == [], "removed user still printed")
    expect_trap(lambda: users.remove(new_id), NO_SUCH_ITEM, "second remove")
    ok("remove; removing again -> 'no such item'")

    trial = next(iter(users.select(Key(".id")).where(name == "default-trial")))
    expect_trap(lambda: users.remove(trial[".id"]), TRIAL, "remove default-trial")
    ok("default-trial is built in and refuses removal")


def check_empty(api, version: tuple[int, ...]) -> None:
    users = api.path("ip", "hotspot", "user")
    check(list(users.select(Key("name")).where(Key("name") == f"{PREFIX}none")) == [], "empty print not []")
    # The raw protocol layer of librouteros shows the reply words themselves.
    api.protocol.writeSentence("/ip/hotspot/user/print", f"?=name={PREFIX}none")
    words = []
    while not words or words[-1] != "!done":
        reply, _ = api.protocol.readSentence()
        words.append(reply)
    expected = ["!empty", "!done"] if version >= (7, 18) else ["!done"]
    check(words == expected, f"empty print replied {words!r}, expected {expected!r}")
    ok(f"empty print -> {' + '.join(expected)}; librouteros returns []")


def check_misc(api, version: tuple[int, ...]) -> None:
    secrets = api.path("ppp", "secret")
    secrets.add(name=f"{PREFIX}s1", password="x", service="pppoe")
    expect_trap(lambda: secrets.add(name=f"{PREFIX}s1", password="y"), DUPLICATE_SECRET, "duplicate secret")
    ok("duplicate /ppp/secret -> exact 'secret with the same name' text")
    try:
        tuple(api("/ip/hotspot/nothing/print"))
        raise Mismatch("unknown command accepted")
    except (TrapError, MultiTrapError) as error:
        check("no such command prefix" in str(error), f"unknown command: {error}")
    ok("unknown command -> 'no such command prefix'")
    resource = next(iter(api.path("system", "resource")))
    wanted = ".".join(str(v) for v in version)
    check(str(resource.get("version", "")).startswith(wanted), f"resource version {resource.get('version')!r}")
    check(len(list(api.path("system", "identity"))) == 1, "identity print")
    ok("system resource and identity print")


def check_pools(api) -> None:
    pools = api.path("ip", "pool")
    new_id = pools.add(name=f"{PREFIX}pool", ranges="10.99.0.2-10.99.0.254")
    check(new_id.startswith("*"), f"pool add returned {new_id!r}")
    expect_trap(lambda: pools.add(name=f"{PREFIX}pool", ranges="10.98.0.0/24"), DUPLICATE_POOL, "duplicate pool")
    pools.update(**{".id": new_id, "ranges": "10.99.0.2-10.99.1.254"})
    name = Key("name")
    rows = list(pools.select(Key(".id"), name, Key("ranges")).where(name == f"{PREFIX}pool"))
    check(rows == [{".id": new_id, "name": f"{PREFIX}pool", "ranges": "10.99.0.2-10.99.1.254"}], f"pool print {rows!r}")
    pools.remove(new_id)
    check(list(pools.select(name).where(name == f"{PREFIX}pool")) == [], "removed pool still printed")
    ok("/ip/pool add/duplicate/set/print ranges/remove")


def check_routeros_api(args) -> None:
    import routeros_api
    from routeros_api.exceptions import RouterOsApiCommunicationError

    pool = routeros_api.RouterOsApiPool(args.host, username=args.user, password=args.password, port=args.port,
                                        plaintext_login=True)
    api = pool.get_api()
    users = api.get_resource("/ip/hotspot/user")
    users.add(name=f"{PREFIX}r1", password="p")
    rows = users.get(name=f"{PREFIX}r1")
    check(len(rows) == 1 and rows[0]["name"] == f"{PREFIX}r1", f"routeros-api get returned {rows!r}")
    check(users.get(name=f"{PREFIX}none") == [], "routeros-api: tagged !empty not understood")
    try:
        users.add(name=f"{PREFIX}r1", password="p")
        raise Mismatch("routeros-api: duplicate accepted")
    except RouterOsApiCommunicationError as error:
        check(DUPLICATE_USER in str(error), f"routeros-api duplicate: {error}")
    users.remove(id=rows[0]["id"])
    check(users.get(name=f"{PREFIX}r1") == [], "routeros-api: remove did not remove")
    pool.disconnect()
    ok("routeros-api 0.21: tagged login/add/get/!empty/duplicate/remove")


def check_tls(args) -> None:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    api = connect(host=args.host, port=args.tls_port, username=args.user, password=args.password, timeout=5,
                  ssl_wrapper=lambda sock: ctx.wrap_socket(sock, server_hostname=args.host))
    check(len(list(api.path("system", "identity"))) == 1, "TLS identity print")
    api.close()
    ok("TLS (api-ssl) login and print with librouteros")


def check_legacy(args) -> None:
    api = connect(host=args.host, port=args.legacy_port, username=args.user, password=args.password,
                  login_method=token, timeout=5)
    check(len(list(api.path("system", "identity"))) == 1, "legacy login then print")
    api.close()
    ok("legacy MD5 challenge login (pre-6.43 router) with librouteros token()")


def run(args) -> None:
    version = tuple(int(p) for p in args.version.split("."))
    api = connect(host=args.host, port=args.port, username=args.user, password=args.password,
                  login_method=plain, timeout=5)
    ok("plain login (librouteros 4.2)")
    cleanup(api)
    try:
        check_users(api)
        check_empty(api, version)
        check_misc(api, version)
        check_pools(api)
    finally:
        cleanup(api)
    api.close()
    check_login(args)
    check_routeros_api(args)
    if args.tls_port:
        check_tls(args)
    if args.legacy_port:
        check_legacy(args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8728)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="")
    parser.add_argument("--tls-port", type=int)
    parser.add_argument("--legacy-port", type=int, help="a server imitating RouterOS < 6.43")
    parser.add_argument("--version", default="7.18", help="the version the server imitates")
    args = parser.parse_args()
    try:
        run(args)
    except Mismatch as error:
        print(f"FAIL {error}", file=sys.stderr)
        return 1
    except (TrapError, MultiTrapError, FatalError, OSError) as error:
        print(f"FAIL unexpected {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print("routeros_check: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
