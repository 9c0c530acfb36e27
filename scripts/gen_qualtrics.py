"""Writes a Qualtrics-style CSV export (three header rows: codes, question texts, ImportId JSON)
with N responses to a 32-row 5-point matrix and a district question, for the import benchmarks.

    python3 gen_qualtrics.py N OUT.csv
"""
import csv
import json
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
random.seed(2)
districts = ["1", "2", "3", "4", "5", "6"]
codes = ["StartDate", "EndDate", "Status", "Progress", "Finished", "RecordedDate", "ResponseId"] + [f"Q1_{i}" for i in range(1, 33)] + ["Q2"]
texts = ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Recorded Date", "Response ID"] + \
        [f"Hoe eens bent u het met deze stellingen? - Stelling {i}" for i in range(1, 33)] + ["In welke wijk woont u?"]
imports = [{"ImportId": x} for x in ["startDate", "endDate", "status", "progress", "finished", "recordedDate", "_recordId"]] + \
          [{"ImportId": f"QID1_{i}"} for i in range(1, 33)] + [{"ImportId": "QID2"}]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(codes)
    w.writerow(texts)
    w.writerow([json.dumps(x) for x in imports])
    for r in range(1, n + 1):
        day = f"2026-03-{1 + r % 28:02d} 10:{r % 60:02d}:00"
        w.writerow([day, day, "0", "100", "1", day, f"R_{r:015d}"] +
                   [str(random.randint(1, 5)) if random.random() > 0.04 else "" for _ in range(32)] + [random.choice(districts)])
