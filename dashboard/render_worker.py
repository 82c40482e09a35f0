"""The image renderer's own process: kaleido's async API and one Chromium, nothing else.

    python -m dashboard.render_worker FD

Started (and killed) by dashboard/render_pool.py, never by hand. FD is this process's end of a
socket pair. The protocol is render_pool's frames (an 8-byte length, then a pickle):

    worker -> pool   ("ready", chromium_pgid)          once Chromium has opened its tab
    pool -> worker   ([(figure dict, kaleido opts), ...], topojson)   one job
    worker -> pool   ("image", bytes) per figure, in order, or ("error", message) and no more
                     images for that job

The worker exits when the pool closes its end (EOF), and at once (exit code 75) when its
Chromium dies: a watchdog thread polls the browser's process, so a crashed Chromium shows up
in the pool as a closed socket within a fraction of a second, never as a render that hangs.
Only the pool's own process talks to it; pickle is safe between the two.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import socket
import struct
import sys
import threading
import time

HEADER = struct.Struct("!Q")
CHROMIUM_DIED = 75  # the exit code when the watchdog sees Chromium gone


def send_frame(sock: socket.socket, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(HEADER.pack(len(data)) + data)


def recv_exact(sock: socket.socket, n: int) -> bytes | None:
    """n bytes, or None at EOF. The socket's own timeout (if any) applies to each recv."""
    chunks, size = [], 0
    while size < n:
        chunk = sock.recv(min(n - size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket) -> object | None:
    head = recv_exact(sock, HEADER.size)
    if head is None:
        return None
    body = recv_exact(sock, HEADER.unpack(head)[0])
    return None if body is None else pickle.loads(body)


def _browser_gone(browser_process, exc: Exception) -> bool:
    """Whether a render failed because Chromium died (kaleido may notice the closed channel
    before the watchdog does): then this process exits, rather than report a figure error."""
    if type(exc).__name__ in ("ChannelClosedError", "BrowserClosedError", "BrowserFailedError"):
        return True
    try:
        browser_process.wait(timeout=1)
    except Exception:
        return False
    return True


def _watch(browser_process, parent: int) -> None:
    """Exit this process as soon as Chromium (or the pool's process) is gone."""
    while True:
        if browser_process.poll() is not None:
            os._exit(CHROMIUM_DIED)
        if os.getppid() != parent:  # the pool's process died: take Chromium along
            with contextlib.suppress(OSError):
                os.killpg(browser_process.pid, signal.SIGKILL)
            os._exit(0)
        time.sleep(0.1)


async def _serve(sock: socket.socket, timeout: float) -> None:
    import kaleido

    loop = asyncio.get_running_loop()
    # mathjax=False: kaleido's default MathJax is a CDN URL, and no figure uses LaTeX.
    async with kaleido.Kaleido(n=1, mathjax=False, timeout=timeout) as k:
        # choreographer starts Chromium (through a small wrapper) in its own session: its
        # process group id is the wrapper's pid, which the pool kills on a restart.
        threading.Thread(
            target=_watch, args=(k.subprocess, os.getppid()), daemon=True, name="watchdog"
        ).start()
        send_frame(sock, ("ready", k.subprocess.pid))
        while True:
            job = await loop.run_in_executor(None, recv_frame, sock)
            if job is None:
                return
            items, topojson = job
            for fig, opts in items:
                try:
                    data = await k.calc_fig(fig, opts=opts, topojson=topojson)
                except Exception as exc:  # kaleido's own errors and Chromium's
                    if _browser_gone(k.subprocess, exc):
                        os._exit(CHROMIUM_DIED)  # the pool restarts us and retries the job
                    send_frame(sock, ("error", f"{type(exc).__name__}: {exc}"))
                    break
                send_frame(sock, ("image", data))


def main(argv: list[str]) -> int:
    fd, timeout = int(argv[0]), float(argv[1]) if len(argv) > 1 else 30.0
    for name in ("choreographer", "kaleido", "browser_proc", "logistro"):
        logging.getLogger(name).setLevel(logging.ERROR)
    sock = socket.socket(fileno=fd)
    try:
        asyncio.run(_serve(sock, timeout))
    except (BrokenPipeError, ConnectionError, EOFError):
        return 0  # the pool went away
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
