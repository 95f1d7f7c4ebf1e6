"""Tests of the Python module: run with /usr/bin/python3 -m pytest, PYTHONPATH=<build>/python."""
import filecmp
import os

import pytest

import sockbench


def test_version():
    assert sockbench.__version__ == sockbench.version == "0.1"


def test_list_cases_has_foundation_rules():
    cases = sockbench.list_cases()
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)) >= 20
    for c in cases:
        assert c["id"].startswith(c["rules"][0] + "_")
    assert [c["id"] for c in sockbench.list_cases("TH6")] == ["TH6_same_instant_wakeup_wins"]


def test_run_cases_and_read_trace(tmp_path):
    results = sockbench.run_cases("EF2", trace_dir=str(tmp_path))
    assert len(results) == 1
    r = results[0]
    assert r["passed"], r["message"]
    assert r["simulated_time_ns"] == 3_000_000_000
    records = sockbench.read_trace(r["trace_path"])
    assert len(records) == r["records"]
    assert [rec["seq"] for rec in records] == list(range(len(records)))
    # The blocked read returns 8 bytes at t = 3 s, after the writer's write.
    reads = [rec for rec in records if rec["kind"] == "return" and rec["name"] == "read"]
    assert reads[-1]["t"] == 3_000_000_000
    assert reads[-1]["fields"] == {"ret": 8, "errno": "0"}


def test_same_case_twice_gives_identical_trace_files(tmp_path):
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir()
    b.mkdir()
    sockbench.run_cases("TH3,PO2", trace_dir=str(a))
    sockbench.run_cases("TH3,PO2", trace_dir=str(b))
    names = sorted(os.listdir(a))
    assert names == ["PO2_poll_waits_for_change.jsonl", "TH3_wake_one_is_fifo.jsonl"]
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert match == names and not mismatch and not errors


def test_errors_are_python_exceptions(tmp_path):
    with pytest.raises(ValueError, match="no conformance case matches"):
        sockbench.run_cases("no-such-case")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"seq": 0}\n')
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        sockbench.read_trace(str(bad))


def test_unix_case_from_python(tmp_path):
    # LS16: a full backlog with SO_SNDTIMEO = 100 ms gives EAGAIN exactly 100 ms later.
    [r] = sockbench.run_cases("LS16", trace_dir=str(tmp_path))
    assert r["passed"], r["message"]
    records = sockbench.read_trace(r["trace_path"])
    connect = [x for x in records if x["kind"] == "return" and x["name"] == "connect"
               and x["fields"]["errno"] == "EAGAIN"]
    assert [x["t"] for x in connect] == [1_100_000_000]


def test_tcp_refused_case_from_python(tmp_path):
    # IN1 over a real ns-3 link: the connect fails one round trip after the SYN.
    (r,) = sockbench.run_cases("IN1_connect_refused_at_once", trace_dir=str(tmp_path))
    assert r["passed"], r["message"]
    records = sockbench.read_trace(r["trace_path"])
    done = [rec for rec in records if rec["kind"] == "state" and rec["name"] == "tcp-done"]
    assert done[0]["fields"]["why"] == "rst-in-syn-sent"
    connects = [rec for rec in records if rec["kind"] == "return" and rec["name"] == "connect"]
    assert connects[0]["fields"]["errno"] == "ECONNREFUSED"
    assert 2_000_000 < connects[0]["t"] < 3_000_000
    assert connects[1]["fields"] == {"ret": 0, "errno": "0"}


def test_zephyr_case_from_python(tmp_path):
    # Zephyr's own test_service_sync (ST1): the handlers only log; the trace shows the
    # dispatch rounds and the callbacks of the service thread.
    results = sockbench.run_cases("ST1_service_sync", trace_dir=str(tmp_path))
    assert [r["id"] for r in results][0] == "ST1_service_sync"
    assert all(r["passed"] for r in results), [r["message"] for r in results]
    records = sockbench.read_trace(results[0]["trace_path"])
    zephyr = [rec for rec in records if rec["pers"] == "zephyr"]
    callbacks = [rec for rec in zephyr if rec["kind"] == "upcall" and rec["name"] == "callback"]
    rounds = [rec for rec in zephyr if rec["kind"] == "state" and rec["name"] == "round"]
    assert callbacks and rounds
    # Every callback happens in a round that was traced before it.
    assert {c["fields"]["round"] for c in callbacks} <= {r["fields"]["n"] for r in rounds}
    registers = [
        rec
        for rec in zephyr
        if rec["kind"] == "return" and rec["name"] == "net_socket_service_register"
    ]
    assert -12 in [rec["fields"]["ret"] for rec in registers]  # tcp_small: -ENOMEM
