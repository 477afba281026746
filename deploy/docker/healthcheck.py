"""The image's HEALTHCHECK: exit 0 when the process answers ready, 1 otherwise.

The address comes from PLATFORM_HEALTH_URL (the services listen on 8080 in containers)."""

import os
import sys
import urllib.request

url = os.environ.get("PLATFORM_HEALTH_URL", "http://127.0.0.1:8080/health/ready")
try:
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - a fixed local URL
        sys.exit(0 if response.status == 200 else 1)
except OSError:
    sys.exit(1)
