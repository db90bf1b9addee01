#!/usr/bin/python3
"""Read a rendered compose file (`docker-compose config`) on stdin and write it without the keys
that conflict with `network_mode: host`: services' `networks`, `ports` and `hostname`, and the
top-level `networks`. Compose v2 could drop them in an override with `!reset`; the v1 client on
CI machines cannot, so .ci/docker/run.sh applies compose.hostnet.yml on top of this output.

Runs with Debian's python3, whose PyYAML the docker-compose v1 package already depends on.
"""
import sys

import yaml

HOST_NETWORK_CONFLICTS = ("networks", "ports", "hostname")

config = yaml.safe_load(sys.stdin)
for service in config.get("services", {}).values():
    for key in HOST_NETWORK_CONFLICTS:
        service.pop(key, None)
config.pop("networks", None)
yaml.safe_dump(config, sys.stdout, default_flow_style=False, sort_keys=False)
