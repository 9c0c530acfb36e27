"""Opinion groups of a Polis openData folder with red-dwarf 0.4.0 (the Python port of Polis's
math), timed like draagvlak-bench: median seconds of run_pipeline over RUNS runs, and the
adjusted Rand index against Polis's own group-id. Prints "median ari k clustered".

    python reddwarf_groups.py FOLDER [RUNS]
"""
import csv, os, statistics, sys, time, warnings

import pandas as pd

warnings.simplefilter("ignore")
from reddwarf.implementations.polis import run_pipeline
from sklearn.metrics import adjusted_rand_score

folder = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
with open(os.path.join(folder, "participants-votes.csv"), newline="") as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
first = header.index("n-disagree") + 1
statements = [int(t) for t in header[first:]]
group = {int(r[0]): int(r[header.index("group-id")]) for r in rows if r[header.index("group-id")] != ""}
votes = [
    {"participant_id": int(r[0]), "statement_id": t, "vote": int(float(v)), "modified": 0}
    for r in rows for t, v in zip(statements, r[first:]) if v != ""
]
with open(os.path.join(folder, "comments.csv"), newline="") as f:
    comments = list(csv.DictReader(f))
moderated = [int(c["comment-id"]) for c in comments if c["moderated"] == "-1"]
meta = [int(c["comment-id"]) for c in comments if c.get("is-meta") == "true"]

times = []
for _ in range(runs):
    start = time.perf_counter()
    result = run_pipeline(votes=votes, mod_out_statement_ids=moderated, meta_statement_ids=meta)
    times.append(time.perf_counter() - start)
labels = result.participants_df["cluster_id"]
scored = [p for p in labels.index if pd.notna(labels[p]) and p in group]
ari = adjusted_rand_score([group[p] for p in scored], [int(labels[p]) for p in scored])
k = len(set(labels.dropna()))
print(f"{statistics.median(times):.4f} {ari:.3f} {k} {len(scored)}")
