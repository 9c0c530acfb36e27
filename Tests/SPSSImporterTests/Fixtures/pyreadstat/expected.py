"""Writes expected.json: what pyreadstat reads from each .sav/.zsav here (see SOURCES.md)."""
import glob
import json
import math

import pyreadstat

out = {}
for path in sorted(glob.glob("*.sav") + glob.glob("*.zsav")):
    frame, meta = pyreadstat.read_sav(path, user_missing=True, disable_datetime_conversion=True)
    cases = []
    for row in frame.itertuples(index=False):
        cases.append([None if isinstance(v, float) and math.isnan(v) else v for v in row])
    out[path] = {
        "names": list(frame.columns),
        "labels": [meta.column_names_to_labels.get(c) for c in frame.columns],
        "valueLabels": {c: {str(k): v for k, v in labels.items()} for c, labels in meta.variable_value_labels.items()},
        "missing": {c: r for c, r in meta.missing_ranges.items()},
        "cases": cases,
    }
with open("expected.json", "w") as f:
    json.dump(out, f, ensure_ascii=False, default=float)
