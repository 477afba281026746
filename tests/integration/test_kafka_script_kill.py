"""`kafka.sh kill` returns only once the broker is wholly gone: every thread of the JVM has
exited, so its listening sockets are closed and an `up` right after can take the same ports.
The fault suite kills and restarts its broker this way under load."""

import socket
from pathlib import Path

from ..faults.broker import OwnBroker


def live_threads(pid: int) -> list[str]:
    """The threads of `pid` that have not exited (neither zombie nor dead)."""
    tasks = Path(f"/proc/{pid}/task")
    live = []
    for task in tasks.glob("*") if tasks.exists() else []:
        try:
            state = (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            continue
        if state not in ("Z", "X"):
            live.append(task.name)
    return live


def accepts_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def test_a_killed_broker_has_no_thread_left_and_restarts_on_its_ports(tmp_path: Path) -> None:
    broker = OwnBroker.in_directory(tmp_path)
    broker.up()
    try:
        pid = int((tmp_path / "broker.pid").read_text().strip())
        broker.kill()
        assert live_threads(pid) == []
        assert not accepts_connections(broker.port)
        assert not accepts_connections(broker.controller_port)

        broker.up()
        assert accepts_connections(broker.port)
    finally:
        broker.down()
