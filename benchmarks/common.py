"""What the benchmark scripts share: measuring a command in a fresh process, and the machine."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str
    data: object = None


def falseflag(*args: str) -> list[str]:
    """The command line of ``falseflag ARGS`` with this Python (the falseflag it imports)."""
    return [sys.executable, "-c", "from falseflag.cli import main; main()", *args]


def measure(cmd: list[str], **kwargs) -> Measure:
    """Run a command; its wall time and the peak resident memory of it and its children."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, **kwargs)
        # wait4 gives this child's own resource usage, including the children it reaped.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measure(seconds, usage.ru_maxrss / 1024, proc.returncode, out.read(), err.read())


def machine(*extra: str) -> dict[str, str]:
    """The machine and the versions of falseflag, DuckDB and the ``extra`` modules."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GB"
    except OSError:
        pass
    import duckdb
    import falseflag

    versions = {}
    for name in extra:
        try:
            versions[name] = __import__(name).__version__
        except (ImportError, AttributeError):
            versions[name] = "not installed"
    return {
        "os": platform.platform(),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "falseflag": falseflag.__version__,
        "duckdb": duckdb.__version__,
        **versions,
    }
