"""Images drawn apart from the request threads: a small, bounded pool of supervised renderers.

    render_figures([(figure dict, kaleido opts), ...], topojson) -> [bytes, ...]

is the one function export code calls (export.render). Each renderer is a child process
(`python -m dashboard.render_worker`, kaleido's async API and one Chromium) started in its own
session, so it and its Chromium can always be killed as process groups. The pool:

- **bounds the work**: at most `size` jobs render at once (one per renderer) and at most
  `queue` more wait; any job beyond that is refused at once with `RendererBusy` (the download
  route answers 503 with Retry-After), so exports can never take every request thread;
- **times every render out**: each image must arrive within `timeout` seconds (a renderer's
  start within `startup_timeout`); a late renderer is killed, with its Chromium;
- **restarts a dead or hung Chromium**: the worker exits the moment its Chromium dies (its
  watchdog), which the pool sees as a closed socket; the pool then kills what is left of both
  process groups, starts a fresh renderer and retries the job once. A render that timed out is
  not retried (the figure may be what hangs).

Why this shape (README, "Production serving"): kaleido's sync server is one process-wide
singleton whose executor closes for good when Chromium dies ("Executor is closed") and whose
queue waits forever when Chromium hangs; a timeout on a Future cannot stop that work, and
concurrent.futures.ProcessPoolExecutor cannot kill a hung worker before Python 3.14. A child
process per renderer can be killed outright, and a socket timeout on its answer bounds every
render. The queue is a semaphore plus a queue of idle renderers from the standard library.

Settings (environment; defaults fit gunicorn's `--threads 4`: one render and one waiting job
per worker leave two threads for everything else):
DASHBOARD_RENDERERS (1), DASHBOARD_RENDER_QUEUE (1), DASHBOARD_RENDER_TIMEOUT (30 seconds).

The pool is made on first use in each process (never in gunicorn's master, and a forked
worker makes its own), and is shut down at exit.
"""

from __future__ import annotations

import atexit
import logging
import math
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .render_worker import recv_frame, send_frame

log = logging.getLogger(__name__)

RETRY_AFTER_S = 5
Item = tuple[dict, dict]  # (figure dict, kaleido opts)
Items = Sequence[Item] | Callable[[], Sequence[Item]]


class RenderError(Exception):
    """The images could not be drawn; the message is fit to show a user."""


class RendererUnavailable(RenderError):
    """Try again later: every renderer is busy, or one just failed and is being restarted."""

    def __init__(self, message: str, retry_after: int = RETRY_AFTER_S):
        super().__init__(message)
        self.retry_after = retry_after


class RendererBusy(RendererUnavailable):
    """The pool and its queue are full."""


class _Crashed(Exception):
    """The renderer process died (its Chromium did): worth one retry on a fresh one."""


class _TimedOut(Exception):
    """The renderer did not answer in time: it was killed."""


def _env_number(environ, name: str, default: float, minimum: float) -> float:
    try:
        value = float(environ.get(name, default))
    except ValueError:
        log.warning("%s=%r is not a number; using %s", name, environ.get(name), default)
        return default
    return max(minimum, value) if math.isfinite(value) else default


@dataclass(frozen=True)
class PoolSettings:
    size: int = 1
    queue: int = 1
    timeout: float = 30.0  # seconds for one image
    startup_timeout: float = 60.0  # seconds for a renderer to start its Chromium

    @classmethod
    def from_environ(cls, environ=None) -> PoolSettings:
        environ = os.environ if environ is None else environ
        return cls(
            size=int(_env_number(environ, "DASHBOARD_RENDERERS", 1, 1)),
            queue=int(_env_number(environ, "DASHBOARD_RENDER_QUEUE", 1, 0)),
            timeout=_env_number(environ, "DASHBOARD_RENDER_TIMEOUT", 30.0, 1.0),
        )


def _killpg(pgid: int | None) -> None:
    """SIGKILL a process group, if its leader still leads it (a pid reused since is never
    touched: a new process does not lead a group of that number unless it made one)."""
    if not pgid:
        return
    try:
        if os.getpgid(pgid) == pgid:
            os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class Renderer:
    """One supervised renderer process; not thread-safe (the pool hands it to one thread)."""

    def __init__(self, settings: PoolSettings):
        self.settings = settings
        self.proc: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.chromium_pgid: int | None = None
        self.starts = 0

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        self.kill()
        ours, theirs = socket.socketpair()
        cmd = [sys.executable, "-m", "dashboard.render_worker", str(theirs.fileno())]
        cmd.append(str(self.settings.timeout))
        try:
            self.proc = subprocess.Popen(
                cmd,
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own group: killed whole, never by a signal to ours
            )
        finally:
            theirs.close()
        self.sock, self.starts = ours, self.starts + 1
        try:
            kind, pgid = self._receive(self.settings.startup_timeout)
        except (_Crashed, _TimedOut) as exc:
            self.kill()
            raise RenderError(f"the image renderer did not start ({exc})") from exc
        if kind != "ready":
            self.kill()
            raise RenderError(f"the image renderer did not start ({pgid})")
        self.chromium_pgid = pgid

    def _receive(self, timeout: float):
        assert self.sock is not None
        self.sock.settimeout(timeout)
        try:
            frame = recv_frame(self.sock)
        except TimeoutError as exc:
            self.kill()
            raise _TimedOut(f"no answer within {timeout:g} s") from exc
        except OSError as exc:
            self.kill()
            raise _Crashed(str(exc)) from exc
        if frame is None:
            try:
                code = self.proc.wait(2) if self.proc else None
            except subprocess.TimeoutExpired:
                code = None
            self.kill()
            raise _Crashed(f"the renderer exited with code {code}")
        return frame

    def render(self, items: Sequence[tuple[dict, dict]], topojson: str | None) -> list[bytes]:
        if not self.alive:
            self.start()
        assert self.sock is not None
        try:
            send_frame(self.sock, (list(items), topojson))
        except OSError as exc:
            self.kill()
            raise _Crashed(str(exc)) from exc
        out = []
        for _item in items:
            kind, value = self._receive(self.settings.timeout)
            if kind == "error":
                raise RenderError(f"the image could not be drawn: {value}")
            out.append(value)
        return out

    def kill(self) -> None:
        """Kill the renderer and its Chromium (both process groups) and reap the renderer."""
        _killpg(self.chromium_pgid)
        if self.proc is not None:
            _killpg(self.proc.pid)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL is not refused
                log.error("renderer %s did not exit after SIGKILL", self.proc.pid)
        if self.sock is not None:
            self.sock.close()
        self.proc = self.sock = self.chromium_pgid = None


class RenderPool:
    def __init__(self, settings: PoolSettings | None = None):
        self.settings = settings or PoolSettings.from_environ()
        self._admit = threading.BoundedSemaphore(self.settings.size + self.settings.queue)
        self._idle: queue.LifoQueue[Renderer] = queue.LifoQueue()
        self.renderers = [Renderer(self.settings) for _ in range(self.settings.size)]
        for r in self.renderers:
            self._idle.put(r)
        self.restarts = 0  # renderers replaced after a crash or a timeout

    def render(self, items: Items, topojson: str | None) -> list[bytes]:
        busy = RendererBusy(
            "every image renderer is busy; please try again in a few seconds",
            RETRY_AFTER_S,
        )
        if not self._admit.acquire(blocking=False):
            raise busy
        try:
            items = items() if callable(items) else list(items)  # built once admitted
            # A waiting job waits for at most one job's worth of images.
            wait = self.settings.startup_timeout + self.settings.timeout * max(1, len(items))
            try:
                renderer = self._idle.get(timeout=wait)
            except queue.Empty:
                raise busy from None
            try:
                return self._render_on(renderer, items, topojson)
            finally:
                self._idle.put(renderer)
        finally:
            self._admit.release()

    def _render_on(self, renderer: Renderer, items, topojson) -> list[bytes]:
        for attempt in (1, 2):
            try:
                return renderer.render(items, topojson)
            except _Crashed as exc:
                self.restarts += 1
                log.warning("image renderer died (%s); restarting (attempt %d)", exc, attempt)
                if attempt == 2:
                    raise RendererUnavailable(
                        "the image renderer failed twice; please try again"
                    ) from exc
            except _TimedOut as exc:
                self.restarts += 1
                log.warning("image renderer timed out (%s); it was killed", exc)
                raise RendererUnavailable(
                    f"the image took longer than {self.settings.timeout:g} s and was stopped; "
                    "please try again"
                ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def shutdown(self) -> None:
        for r in self.renderers:
            r.kill()


_POOL: RenderPool | None = None
_POOL_PID: int | None = None
_POOL_LOCK = threading.Lock()


def get_pool() -> RenderPool:
    """This process's pool (made on first use; a forked child makes its own)."""
    global _POOL, _POOL_PID
    with _POOL_LOCK:
        if _POOL is None or os.getpid() != _POOL_PID:
            _POOL, _POOL_PID = RenderPool(), os.getpid()
        return _POOL


def render_figures(items: Items, topojson: str | None) -> list[bytes]:
    """Each (figure dict, kaleido opts) as image bytes, in order, drawn by this process's pool.
    `items` may be a function returning them: it is called once the job is admitted, so a
    refused job costs nothing.

    Raises RendererBusy (queue full: answer 503 + Retry-After), RendererUnavailable (a
    renderer failed or timed out and was killed) or RenderError (the figure could not be
    drawn). Never blocks longer than one job's timeouts."""
    return get_pool().render(items, topojson)


def shutdown() -> None:
    """Kill this process's renderers (the next render starts a new one)."""
    with _POOL_LOCK:
        if _POOL is not None and os.getpid() == _POOL_PID:
            _POOL.shutdown()


def _at_exit() -> None:
    if _POOL is not None and os.getpid() == _POOL_PID:
        _POOL.shutdown()


atexit.register(_at_exit)
