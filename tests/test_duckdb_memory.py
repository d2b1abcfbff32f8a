"""`sprint` keeps DuckDB's memory_limit at most half the machine's memory."""

import os

from sprint import project

GB = 1000**3


def test_a_machine_with_less_than_twice_the_default_gets_half_its_memory(monkeypatch):
    monkeypatch.setenv(project.MEMORY_ENV, "")  # unset, and restored after the test
    project.cap_duckdb_memory(machine_bytes=8 * GB)
    assert os.environ[project.MEMORY_ENV] == "4000MB"


def test_a_large_machine_keeps_the_configured_default(monkeypatch):
    monkeypatch.setenv(project.MEMORY_ENV, "")
    project.cap_duckdb_memory(machine_bytes=64 * GB)
    assert os.environ[project.MEMORY_ENV] == ""


def test_the_users_own_limit_is_kept(monkeypatch):
    monkeypatch.setenv(project.MEMORY_ENV, "1GB")
    project.cap_duckdb_memory(machine_bytes=2 * GB)
    assert os.environ[project.MEMORY_ENV] == "1GB"


def test_this_machines_memory_is_read():
    assert project.machine_memory_bytes() > 0
