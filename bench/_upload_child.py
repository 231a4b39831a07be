"""The client side of benchmark #3, run in its own process so its memory is its own.

    python -m bench._upload_child URL TOKEN SESSION_ID CLIENT_ID FILE

Imports the client, opens it, lets the memory settle and reads the idle
RSS; then uploads ``FILE`` with ``NemoClient.upload`` while a thread samples
the RSS every 5 ms. Prints one JSON line: the upload's seconds, the idle
and peak RSS (sampled, bytes), and ``ru_maxrss`` (bytes) before and after.
"""

from __future__ import annotations

import gc
import json
import resource
import sys
import threading
import time

import psutil
from nemo_widgets.protocol.client import NemoClient

SAMPLE_S = 0.005


def _maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def main(argv: list[str]) -> int:
    url, token, session_id, client_id, path = argv
    me = psutil.Process()
    with NemoClient(base_url=url, token=token, session_id=session_id, client_id=client_id) as client:
        client.credits()  # warm: the connection, the request path, the JSON decoder
        gc.collect()
        time.sleep(0.2)
        idle = me.memory_info().rss
        before = _maxrss()
        peak = [idle]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], me.memory_info().rss)
                time.sleep(SAMPLE_S)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        media = client.upload(path)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "idle_rss": idle,
                "peak_rss": max(peak[0], me.memory_info().rss),
                "maxrss_before": before,
                "maxrss_after": _maxrss(),
                "media": len(media),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
