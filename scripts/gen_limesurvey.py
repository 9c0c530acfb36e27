"""Writes a LimeSurvey (>= 4 layout) survey structure and a responses export of any size, for
the import benchmarks: survey_{SID}.lss with one group, an "Array (5 point choice)" question
(type A) with 32 subquestions and a district list question (type L), and
survey_{SID}_responses.lsr with N responses (values in CDATA, as LimeSurvey writes them).

    python3 gen_limesurvey.py N OUTDIR
"""
import os
import random
import sys

SID = "424242"
N = int(sys.argv[1])
OUT = sys.argv[2]
os.makedirs(OUT, exist_ok=True)
random.seed(1)
districts = ["centrum", "noord", "oost", "zuid", "west", "dorpen"]


def table(name, fields, rows):
    out = [f"<{name}><fields>", "".join(f"<fieldname>{f}</fieldname>" for f in fields), "</fields><rows>"]
    for row in rows:
        out.append("<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in row.items()) + "</row>")
    out.append(f"</rows></{name}>")
    return "".join(out)


qfields = ["qid", "parent_qid", "sid", "gid", "type", "title", "other", "mandatory", "question_order", "scale_id"]
questions = [
    dict(qid=1, parent_qid=0, sid=SID, gid=1, type="A", title="S", other="N", mandatory="N", question_order=1, scale_id=0),
    dict(qid=2, parent_qid=0, sid=SID, gid=1, type="L", title="district", other="N", mandatory="N", question_order=2, scale_id=0),
]
subquestions = [dict(qid=100 + i, parent_qid=1, sid=SID, gid=1, type="T", title=f"SQ{i:03d}", other="N", mandatory="N",
                     question_order=i, scale_id=0) for i in range(1, 33)]
l10ns = [dict(id=1, qid=1, question="Hoe eens bent u het met deze stellingen?", language="nl"),
         dict(id=2, qid=2, question="In welke wijk woont u?", language="nl")]
l10ns += [dict(id=10 + i, qid=100 + i, question=f"Stelling {i}", language="nl") for i in range(1, 33)]
answers = [dict(aid=i + 1, qid=2, code=d, sortorder=i, assessment_value=0, scale_id=0) for i, d in enumerate(districts)]
answer_l10ns = [dict(id=i + 1, aid=i + 1, answer=d.capitalize(), language="nl") for i, d in enumerate(districts)]
with open(os.path.join(OUT, f"survey_{SID}.lss"), "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<document><LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>606</DBVersion>'
            "<languages><language>nl</language></languages>")
    f.write(table("answers", list(answers[0]), answers))
    f.write(table("answer_l10ns", list(answer_l10ns[0]), answer_l10ns))
    f.write(table("groups", ["gid", "sid", "group_order"], [dict(gid=1, sid=SID, group_order=1)]))
    f.write(table("group_l10ns", ["id", "gid", "group_name", "language"], [dict(id=1, gid=1, group_name="Stellingen", language="nl")]))
    f.write(table("questions", qfields, questions))
    f.write(table("subquestions", qfields, subquestions))
    f.write(table("question_l10ns", ["id", "qid", "question", "language"], l10ns))
    f.write(table("surveys", ["sid", "language", "additional_languages", "datestamp"], [dict(sid=SID, language="nl", additional_languages="", datestamp="Y")]))
    f.write(table("surveys_languagesettings", ["surveyls_survey_id", "surveyls_language", "surveyls_title"],
                  [dict(surveyls_survey_id=SID, surveyls_language="nl", surveyls_title="Benchmark")]))
    f.write("</document>\n")

columns = [f"{SID}X1X1SQ{i:03d}" for i in range(1, 33)] + [f"{SID}X1X2"]
with open(os.path.join(OUT, f"survey_{SID}_responses.lsr"), "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<document><LimeSurveyDocType>Responses</LimeSurveyDocType><DBVersion>606</DBVersion>'
            "<languages><language>nl</language></languages><responses><fields>")
    f.write("".join(f"<fieldname>{c}</fieldname>" for c in ["id", "token", "submitdate", "lastpage", "startlanguage", "seed", "datestamp"] + columns))
    f.write("</fields><rows>")
    buffer = []
    for r in range(1, N + 1):
        values = "".join(f"<_{c}><![CDATA[{random.randint(1, 5)}]]></_{c}>" if random.random() > 0.04 else f"<_{c}/>" for c in columns[:-1])
        buffer.append(f"<row><id><![CDATA[{r}]]></id><submitdate><![CDATA[2026-03-{1 + r % 28:02d} 10:{r % 60:02d}:00]]></submitdate>"
                      f"<lastpage><![CDATA[1]]></lastpage><startlanguage><![CDATA[nl]]></startlanguage><seed><![CDATA[{r * 7919}]]></seed>"
                      f"<datestamp><![CDATA[2026-03-01 10:00:00]]></datestamp>{values}<_{columns[-1]}><![CDATA[{random.choice(districts)}]]></_{columns[-1]}></row>")
        if len(buffer) == 10000:
            f.write("".join(buffer))
            buffer = []
    f.write("".join(buffer))
    f.write("</rows></responses></document>\n")
