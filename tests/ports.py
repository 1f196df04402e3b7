"""A TCP port on 127.0.0.1 that nothing listens on (free once the probe closes): for a server a test starts, or for
a connection that must fail."""

import socket


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
