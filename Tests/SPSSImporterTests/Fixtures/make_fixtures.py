"""Writes the SPSS fixtures of the SPSS importer's tests with pyreadstat (the ReadStat library's
Python binding; Apache-2.0). Run: python3 make_fixtures.py (needs pyreadstat and pandas).

stadspeiling.sav (bytecode-compressed), stadspeiling-plain.sav (uncompressed) and
stadspeiling.zsav (zlib) hold the same six cases: a labelled district (nominal), a Likert item
with 9 = "Weet niet" as user-missing value, a 7-point item with a system-missing value, a
500-byte open answer (a very long string) with Dutch characters, a short text and a date-time.
"""
import datetime

import pandas as pd
import pyreadstat

long_answer = ("Meer groen in de wijk, één park extra en bankjes voor ouderen; "
               "café’s mogen later open. " * 8)[:500]
frame = pd.DataFrame({
    "respnr": ["R1", "R2", "R3", "R4", "R5", "R6"],
    "wijk": [1.0, 2.0, 3.0, 1.0, 2.0, 3.0],
    "S01": [5.0, 4.0, 9.0, 1.0, 2.0, 3.0],
    "S02": [7.0, float("nan"), 1.0, 4.0, 6.0, 2.0],
    "toelichting": [long_answer, "", "Kort.", "", "Naïef idee", "x"],
    "ingevuld": [datetime.datetime(2026, 3, 1, 9, 30) + datetime.timedelta(hours=h) for h in range(6)],
})
options = dict(
    column_labels={"respnr": "Respondentnummer", "wijk": "In welke wijk woont u?",
                   "S01": "De gemeente moet meer groen aanleggen.", "S02": "Ik voel me veilig in mijn buurt.",
                   "toelichting": "Toelichting", "ingevuld": "Ingevuld op"},
    variable_value_labels={
        "wijk": {1.0: "Centrum", 2.0: "Noord", 3.0: "Oost"},
        "S01": {1.0: "Helemaal oneens", 2.0: "Oneens", 3.0: "Neutraal", 4.0: "Eens", 5.0: "Helemaal eens", 9.0: "Weet niet"},
        "S02": {1.0: "Helemaal oneens", 4.0: "Neutraal", 7.0: "Helemaal eens", 2.0: "Oneens", 3.0: "Enigszins oneens",
                5.0: "Enigszins eens", 6.0: "Eens"},
    },
    missing_ranges={"S01": [9]},
    variable_measure={"wijk": "nominal", "S01": "ordinal", "S02": "ordinal"},
    file_label="Stadspeiling 2026",
)
pyreadstat.write_sav(frame, "stadspeiling.sav", row_compress=True, **options)
pyreadstat.write_sav(frame, "stadspeiling-plain.sav", **options)
pyreadstat.write_sav(frame, "stadspeiling.zsav", compress=True, **options)
