"""``python -m bench._editors URL N SECONDS CLIP PAUSE``: N clients editing (benchmark #12's load).

Each logs in with its own client id, opens a session and uploads CLIP; then
``ready`` is printed and each sends chat edits ("set the audio volume to N%",
silent), waiting PAUSE seconds (±50 %) after each (0: back to back), until
SECONDS pass. Prints the number of edits that completed.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
import uuid
from pathlib import Path

import httpx

from bench._common import ATTRIBUTION


async def _editor(url: str, clip: bytes, ready: asyncio.Barrier, seconds: float, pause: float, index: int) -> int:
    done, rng = 0, random.Random(index)
    async with httpx.AsyncClient(base_url=url, timeout=60, headers=ATTRIBUTION) as http:
        answer = await http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
        http.headers["Authorization"] = f"Bearer {answer.json()['data']['token']}"
        sid = (await http.post("/api/tasks/me/with-session/nemo_agent", json={})).json()["data"]["session_id"]
        await http.post(f"/api/upload-video/nemo_agent/me/{sid}", files=[("files", ("clip.mp4", clip))])
        if await ready.wait() == 0:
            print("ready", flush=True)
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            volume = 5 + (done * 7 + index) % 95
            body = {
                "app_name": "nemo_agent",
                "user_id": "me",
                "session_id": sid,
                "new_message": {"role": "user", "parts": [{"text": f"set the audio volume to {volume}%"}]},
            }
            reply = await http.post(
                "/run_sse", json=body, headers={"Accept": "text/event-stream", "X-Nemo-Silent": "1"}
            )
            done += reply.status_code == 200
            if pause > 0:
                await asyncio.sleep(pause * rng.uniform(0.5, 1.5))
    return done


async def _main(url: str, count: int, seconds: float, clip: Path, pause: float) -> int:
    data, ready = clip.read_bytes(), asyncio.Barrier(count)
    return sum(await asyncio.gather(*(_editor(url, data, ready, seconds, pause, i) for i in range(count))))


if __name__ == "__main__":
    args = sys.argv[1:]
    print(asyncio.run(_main(args[0], int(args[1]), float(args[2]), Path(args[3]), float(args[4]))), flush=True)
