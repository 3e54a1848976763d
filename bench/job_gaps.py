#!/usr/bin/env python3
"""Coordinator overhead and parallel efficiency of a finished run, from its tidy job table.

Usage: bench/job_gaps.py JOBS_CSV WORKERS
  JOBS_CSV: <output dir>/report/jobs.csv written by `logsweep run` (or `logsweep table R.h5
  --layout tidy --format csv`); WORKERS: ranks that ran jobs (np - 1 when np > 1).
A job's start is its finished_at minus its prepare + train + eval seconds; the gap between two
consecutive jobs of one rank is what the rank spent outside jobs: sending the result, rank 0
storing it (fsync'd journal file), receiving the next job. Prints one JSON line.
"""
import collections
import csv
import json
import sys


def main():
    rows = list(csv.DictReader(open(sys.argv[1])))
    workers = int(sys.argv[2])
    done = [r for r in rows if r["status"] == "done"]
    dur = lambda r: sum(float(r[k]) for k in ("prepare_seconds", "train_seconds", "eval_seconds"))
    start = min(float(r["finished_at"]) - dur(r) for r in done)
    end = max(float(r["finished_at"]) for r in done)
    busy = sum(dur(r) for r in done)
    by_rank = collections.defaultdict(list)
    for r in done:
        by_rank[r["rank"]].append(r)
    gaps = []
    for jobs in by_rank.values():
        jobs.sort(key=lambda r: float(r["finished_at"]))
        for a, b in zip(jobs, jobs[1:]):
            gaps.append(float(b["finished_at"]) - dur(b) - float(a["finished_at"]))
    gaps.sort()
    out = {"jobs": len(done), "workers": workers, "span_s": round(end - start, 2), "busy_s": round(busy, 2),
           "efficiency": round(busy / (workers * (end - start)), 4),
           "jobs_per_min": round(60 * len(done) / (end - start), 2)}
    if gaps:
        out.update(gap_mean_ms=round(1000 * sum(gaps) / len(gaps), 1), gap_median_ms=round(1000 * gaps[len(gaps) // 2], 1),
                   gap_max_ms=round(1000 * gaps[-1], 1), gaps=len(gaps))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
