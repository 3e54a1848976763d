#!/usr/bin/env python3
"""Which test anomalies DeepLog must catch whatever it learns (README, "Reproduction on real HDFS data").

Reads a prepared dataset cache (session windows, chronological split) with h5dump and classifies
each anomalous test window: shorter than h + 1 events (flagged by the padding rule), holding an
event never seen in a normal training window at a checked position (position >= h: such an event
was never a training target, so it never enters the top g), or neither (caught only if the model
finds the order unlikely). Also counts normal test windows with a (history, next) pair never seen
in normal training.

    python3 experiments/analysis/deeplog_coverage.py out/hdfs_reproduction/cache/HDFS.h5 [h]
"""
import subprocess
import sys
import tempfile


def dataset(cache, name):
    """The integers of /windows/<name> (h5dump -o writes the bare values to a file)."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as out:
        subprocess.run(["h5dump", "-d", f"/windows/{name}", "-y", "-w", "0", "-o", out.name, cache],
                       check=True, capture_output=True)
        return [int(x) for x in out.read().replace("\n", " ").split(",") if x.strip()]


def main():
    cache, h = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    events, offsets = dataset(cache, "seq_events"), dataset(cache, "seq_offsets")
    label, role, seq_of = dataset(cache, "window_label"), dataset(cache, "window_role"), dataset(cache, "window_seq")
    bounds = offsets if offsets[-1] == len(events) else offsets + [len(events)]

    def seq(w):
        s = seq_of[w]
        return events[bounds[s]:bounds[s + 1]]

    train = [w for w in range(len(seq_of)) if role[w] == 0 and label[w] == 0]
    seen_events = {e for w in train for e in seq(w)}
    seen_pairs = {(tuple(seq(w)[i - h:i]), seq(w)[i]) for w in train for i in range(h, len(seq(w)))}
    anomalies = [w for w in range(len(seq_of)) if role[w] == 1 and label[w] == 1]
    normals = [w for w in range(len(seq_of)) if role[w] == 1 and label[w] == 0]
    short = [w for w in anomalies if len(seq(w)) <= h]
    unseen = [w for w in anomalies if len(seq(w)) > h and any(e not in seen_events for e in seq(w)[h:])]
    rest = len(anomalies) - len(short) - len(unseen)
    novel_normal = sum(any((tuple(seq(w)[i - h:i]), seq(w)[i]) not in seen_pairs for i in range(h, len(seq(w))))
                       for w in normals)
    print(f"test windows: {len(anomalies)} anomalous, {len(normals)} normal; normal training windows: {len(train)}")
    print(f"anomalous, shorter than h+1={h + 1}: {len(short)}")
    print(f"anomalous, an event unseen in normal training at a checked position: {len(unseen)}")
    print(f"anomalous, neither (caught only by an unlikely order): {rest}")
    print(f"normal test windows with a (history, next) pair unseen in normal training: {novel_normal}")


if __name__ == "__main__":
    main()
