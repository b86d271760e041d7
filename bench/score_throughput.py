"""Throughput of EASI scoring: the batch path against the one-at-a-time path.

Generates N reproducible EASI records (default 100,000), then measures, in this one process:

1. batch, in process: ``calmskin.cli.main.score_lines`` over the N JSON lines;
2. batch, the command: one ``calmskin score easi --jsonl`` process for the N lines;
3. one at a time, in process: ``score_one`` called once per record (the baseline for 1);
4. one at a time, the command: one ``calmskin score easi`` process per record, on a sample
   (default 200 records), which is how a shell loop would call it (the baseline for 2).

It prints records per second and the ratios. A benchmark, not a test: nothing here asserts a time.

    .venv/bin/python bench/score_throughput.py [--records 100000] [--sample 200]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

from calmskin.cli.main import score_lines, score_one
from calmskin.core.instruments.easi import REGIONS, SIGNS
from calmskin.core.instruments.registry import get

SIGN_VALUES = [0, 1, 1.5, 2, 2.5, 3]


def generate(count: int, seed: int = 16) -> list[str]:
    """Reproducible EASI records as JSON lines: mixed ages, area scores and percentages."""
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        regions = {}
        for region in REGIONS:
            values: dict[str, object] = {s: rng.choice(SIGN_VALUES) for s in SIGNS}
            if rng.random() < 0.5:
                values["area"] = rng.randint(0, 6)
            else:
                values["area_percent"] = round(rng.uniform(0, 100), 1)
            regions[region] = values
        lines.append(json.dumps({"age_years": rng.randint(0, 90), "regions": regions}))
    return lines


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=200, help="records for the per-process path")
    args = parser.parse_args()

    easi = get("easi")
    lines = generate(args.records)
    exe = str(Path(sys.executable).with_name("calmskin"))
    print(f"EASI scoring throughput: {args.records:,} generated records")
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores")

    batch_out, batch_s = timed(lambda: list(score_lines(easi, lines)))
    assert len(batch_out) == args.records
    single_out, single_s = timed(lambda: [score_one(easi, line) for line in lines])
    if [json.loads(x)["score"] for x in batch_out[:100]] != [
        json.loads(x)["score"] for x in single_out[:100]
    ]:
        raise SystemExit("batch and one-at-a-time results differ")

    stdin = "\n".join(lines) + "\n"
    done, cli_batch_s = timed(
        lambda: subprocess.run(
            [exe, "score", "easi", "--jsonl"],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )
    )
    assert done.stdout.count("\n") == args.records

    sample = lines[: args.sample]

    def per_process() -> None:
        for line in sample:
            subprocess.run(
                [exe, "score", "easi"], input=line, capture_output=True, text=True, check=True
            )

    _, cli_single_s = timed(per_process)

    rows = [
        ("batch, in process (score_lines)", args.records, batch_s),
        ("one at a time, in process (score_one)", args.records, single_s),
        ("batch, command (--jsonl, one process)", args.records, cli_batch_s),
        ("one at a time, command (a process per record)", len(sample), cli_single_s),
    ]
    print(f"{'path':<48}{'records':>10}{'seconds':>10}{'records/s':>12}")
    rates = {}
    for name, n, seconds in rows:
        rates[name] = n / seconds
        print(f"{name:<48}{n:>10,}{seconds:>10.2f}{n / seconds:>12,.0f}")
    print(f"ratio in process, batch / one at a time: {rates[rows[0][0]] / rates[rows[1][0]]:.2f}")
    print(
        f"ratio command, batch / a process per record: {rates[rows[2][0]] / rates[rows[3][0]]:.0f}"
    )


if __name__ == "__main__":
    main()
