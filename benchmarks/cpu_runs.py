"""The CPU time of a command, run N times: ``python3 benchmarks/cpu_runs.py N COMMAND...``.

Prints the least and the median of the children's user + system time (``getrusage``), which
the machine's other work disturbs less than wall time. Output is discarded.
"""

from __future__ import annotations

import resource
import subprocess
import sys


def cpu_seconds(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not argv[0].isdigit() or int(argv[0]) < 1:
        print("usage: cpu_runs.py N COMMAND...", file=sys.stderr)
        return 2
    runs = int(argv[0])
    figures = sorted(cpu_seconds(argv[1:]) for _ in range(runs))
    print(f"CPU s over {runs} runs: min {figures[0]:.3f} median {figures[runs // 2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
