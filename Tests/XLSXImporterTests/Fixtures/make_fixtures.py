"""Writes the Excel fixtures of the XLSX importer's tests.

ms-forms.xlsx and features.xlsx are written with openpyxl (the peer whose files Excel opens),
handmade.xlsx part by part with zipfile, for what openpyxl never writes (prefixed elements,
cells without references, phonetic runs, escapes, absolute relationship targets, a sheet
part not named after its sheet). Run: python3 make_fixtures.py (needs openpyxl).
"""
import datetime
import zipfile

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

# --- Microsoft Forms' layout: metadata columns, then question texts.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sheet1"
ws.append(["ID", "Start time", "Completion time", "Email", "Name",
           "In welke wijk woont u?", "De gemeente moet meer groen aanleggen.",
           "Welke voorzieningen gebruikt u?", "Wat wilt u ons nog meegeven?"])
rows = [
    (1, "Centrum", 4, "Bibliotheek;Sportpark;", "Meer bankjes in het park."),
    (2, "Oost", 5, "Sportpark;", ""),
    (3, "West", 2, "Bibliotheek;Buurthuis;Sportpark;", "Minder verkeer, graag."),
    (4, "Centrum", 3, "Buurthuis;", None),
    (5, "Oost", 4, "Bibliotheek;", "Goed initiatief"),
    (6, "West", 1, "", "Niet mee eens"),
    (7, "Centrum", 5, "Sportpark;Buurthuis;", None),
    (8, "Oost", 4, "Bibliotheek;Sportpark;", None),
    (9, "West", 3, "Buurthuis;", None),
    (10, "Centrum", 4, "Bibliotheek;", None),
    (11, "Oost", 2, "Sportpark;", None),
    (12, "West", 5, "Bibliotheek;Buurthuis;", None),
]
for n, wijk, groen, voorzieningen, open_answer in rows:
    start = datetime.datetime(2026, 3, 2, 9, 0, 0) + datetime.timedelta(minutes=17 * n)
    ws.append([n, start, start + datetime.timedelta(minutes=4, seconds=n), f"inwoner{n}@example.nl",
               f"Inwoner {n}", wijk, groen, voorzieningen or None, open_answer])
for row in ws.iter_rows(min_row=2, min_col=2, max_col=3):
    for cell in row:
        cell.number_format = "m/d/yy h:mm:ss"
wb.save("ms-forms.xlsx")

# --- What readers get wrong: rich text, booleans, errors, sparse cells, a merged header two rows
# deep, dates before 1 March 1900 and a custom date format, in a 1904 workbook on a second sheet.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Antwoorden"
ws["A1"] = "respondent"
ws["B1"] = "voorzieningen"
ws.merge_cells("B1:D1")
ws["E1"] = "S01"
ws["F1"] = "toelichting"
ws["G1"] = "datum"
ws["H1"] = "fout"
ws["B2"] = "bieb"
ws["C2"] = "sport"
ws["D2"] = "buurthuis"
ws.append(["r1", 1, 0, True, 4, CellRichText([TextBlock(InlineFont(b=True), "Vet"), " en gewoon"]), datetime.date(2026, 3, 1)])
ws.append(["r2", 0, 1, False, None, "tekst\nmet regel", datetime.datetime(2026, 3, 1, 14, 30)])
ws["A5"] = "r3"
ws["E5"] = 2  # sparse: B..D empty
ws["G5"] = 0.5  # a plain number
ws["G5"].number_format = "0.00"
ws["A6"] = "r4"
ws["E6"] = 3
ws["H6"] = "#DIV/0!"
ws["H6"].data_type = "e"
ws["G6"] = datetime.date(1900, 2, 28)
ws["A7"] = "r5"
ws["G7"] = 45000.25
ws["G7"].number_format = '[$-413]d mmmm yyyy;@'
ws["G8"] = 45000.25
ws["G8"].number_format = '"Week "0'
ws["A8"] = "r6"
wb.save("features.xlsx")

wb = openpyxl.Workbook()
wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
ws = wb.active
ws.title = "Mac"
ws.append(["respondent", "datum"])
ws.append(["m1", datetime.date(2026, 3, 1)])
wb.save("date1904.xlsx")

# --- By hand: prefixed SpreadsheetML, a sheet part named otherwise, an absolute target, cells
# without r, a phonetic run, an escaped carriage return, an inline string, a formula string.
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>',
    "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{PR}"><Relationship Id="rId1" '
    f'Type="{R}/officeDocument" Target="/xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0"?><x:workbook xmlns:x="{NS}" xmlns:r="{R}"><x:sheets>'
    '<x:sheet name="Eerste blad" sheetId="2" r:id="rId7"/><x:sheet name="Tweede" sheetId="1" r:id="rId3"/>'
    '</x:sheets></x:workbook>',
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{PR}">'
    f'<Relationship Id="rId3" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId7" Type="{R}/worksheet" Target="/xl/worksheets/data.xml"/>'
    f'<Relationship Id="rId9" Type="{R}/sharedStrings" Target="strings.xml"/></Relationships>',
    "xl/strings.xml": f'<?xml version="1.0"?><x:sst xmlns:x="{NS}" count="3" uniqueCount="3">'
    '<x:si><x:t>respondent</x:t></x:si>'
    '<x:si><x:r><x:t>S</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>01</x:t></x:r><x:rPh sb="0" eb="1"><x:t>エス</x:t></x:rPh></x:si>'
    '<x:si><x:t xml:space="preserve"> regel_x000D_\neen </x:t></x:si></x:sst>',
    "xl/worksheets/data.xml": f'<?xml version="1.0"?><x:worksheet xmlns:x="{NS}"><x:sheetData>'
    '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>toelichting</x:t></x:is></x:c></x:row>'
    '<x:row><x:c t="str"><x:f>"h"&amp;"1"</x:f><x:v>h1</x:v></x:c><x:c><x:v>5</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>'
    '<x:row r="4"><x:c r="A4" t="inlineStr"><x:is><x:t>h2</x:t></x:is></x:c><x:c r="B4"><x:v>1.0000000000000002</x:v></x:c></x:row>'
    '</x:sheetData></x:worksheet>',
    "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>niet dit blad</t></is></c></row></sheetData></worksheet>',
}
with zipfile.ZipFile("handmade.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        z.writestr(name, text)

# A zip whose member climbs out of the archive.
with zipfile.ZipFile("traversal.xlsx", "w") as z:
    for name, text in parts.items():
        z.writestr(name, text)
    z.writestr("../../evil.xml", "<x/>")

# A merged header with no sub-headers below it and a gap before the first answers (row 2 unwritten).
wb = openpyxl.Workbook()
ws = wb.active
ws["A1"] = "respondent"
ws["B1"] = "budget"
ws.merge_cells("B1:C1")
ws["A3"] = "r1"
ws["B3"] = 40
ws["C3"] = 60
wb.save("merged-gap.xlsx")

# Quirks found in review: a hidden first sheet, an inline string with a stray <v>, a duration
# format ([h]:mm:ss), an empty shared-string value, a negative style index.
quirks = dict(parts)
quirks["xl/workbook.xml"] = (f'<?xml version="1.0"?><workbook xmlns="{NS}" xmlns:r="{R}"><sheets>'
                             '<sheet name="Verborgen" sheetId="1" state="hidden" r:id="rId3"/><sheet name="Zichtbaar" sheetId="2" r:id="rId7"/>'
                             '</sheets></workbook>')
quirks["xl/_rels/workbook.xml.rels"] = (f'<?xml version="1.0"?><Relationships xmlns="{PR}">'
                                        f'<Relationship Id="rId3" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
                                        f'<Relationship Id="rId7" Type="{R}/worksheet" Target="worksheets/data.xml"/>'
                                        f'<Relationship Id="rId8" Type="{R}/styles" Target="styles.xml"/></Relationships>')
quirks["xl/styles.xml"] = (f'<?xml version="1.0"?><styleSheet xmlns="{NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="46"/></cellXfs></styleSheet>')
quirks["xl/worksheets/data.xml"] = (f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'
                                    '<row r="1"><c r="A1" t="inlineStr"><is><t>respondent</t></is></c><c r="B1" t="inlineStr"><is><t>duur</t></is></c>'
                                    '<c r="C1" t="inlineStr"><is><t>x</t></is></c></row>'
                                    '<row r="2"><c r="A2" t="inlineStr"><v>weg</v><is><t>h1</t></is></c><c r="B2" s="1"><v>1.5</v></c><c r="C2" t="s"><v/></c></row>'
                                    '<row r="3"><c r="B3" s="-1"><v>3</v></c></row>'
                                    '</sheetData></worksheet>')
del quirks["xl/strings.xml"]
with zipfile.ZipFile("quirks.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in quirks.items():
        z.writestr(name, text)
