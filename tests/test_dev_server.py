"""``python app.py``: the port comes from DASHBOARD_PORT, and a taken or bad port stops the start clearly."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.dev_server import port_or_exit

ROOT = Path(__file__).resolve().parents[1]


def run_app(port: str) -> subprocess.CompletedProcess:
    """Start ``python app.py`` with ``DASHBOARD_PORT=port`` and wait for it to stop."""
    environ = {**os.environ, "DASHBOARD_PORT": port}
    return subprocess.run([sys.executable, "app.py"], cwd=ROOT, env=environ, capture_output=True, text=True,
                          timeout=120)


def test_a_taken_port_stops_the_start_with_a_dutch_error():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_app(str(port))
    assert result.returncode == 1
    assert f"Fout: poort {port} op 127.0.0.1 is al in gebruik" in result.stderr
    assert "DASHBOARD_PORT" in result.stderr
    assert "Dash is running" not in result.stdout + result.stderr


@pytest.mark.parametrize("port", ["abc", "0", "70000"])
def test_a_port_that_is_not_a_port_number_is_refused(port):
    result = run_app(port)
    assert result.returncode == 1
    assert f"DASHBOARD_PORT moet een poortnummer van 1 tot en met 65535 zijn, niet '{port}'." in result.stderr


def test_a_free_port_is_used():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    assert port_or_exit({"DASHBOARD_PORT": str(port)}) == port


def test_the_reloaders_child_does_not_check_the_port_its_parent_holds():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        assert port_or_exit({"DASHBOARD_PORT": str(port), "WERKZEUG_RUN_MAIN": "true"}) == port
