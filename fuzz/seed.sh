#!/usr/bin/env bash
# Builds the seed corpora under fuzz/corpus/<target>/ from the repository's
# own files and small hand-made inputs. The corpus directories are
# gitignored; run this once before `cargo +nightly fuzz run <target>`.
# Needs python3 (for the small hand-made PDFs, workbooks and byte seeds).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
corpus="$here/corpus"
mkdir -p "$corpus"/{pdf_words,grid_tables,num_parse,lexicon_text,sheet_read,jsonstat_read,xls_formats}

# Real documents: the repository's raw files, and the shared sample data
# beside the checkout when it is there.
copy() { # copy <glob-dir> <pattern> <target>
    local dir="$1" pat="$2" target="$3" f
    [ -d "$dir" ] || return 0
    for f in "$dir"/$pat; do
        [ -f "$f" ] && cp "$f" "$corpus/$target/" || true
    done
}
# The annual report is split into single pages when poppler's pdfseparate
# is there (small seeds fuzz much faster than one 470 KB file); else whole.
for f in "$root"/raw/trondheim/2024/*.pdf; do
    [ -f "$f" ] || continue
    if command -v pdfseparate >/dev/null; then
        tmp="$(mktemp -d)"
        pdfseparate "$f" "$tmp/p-%d.pdf"
        # Every fifth page, and only pages under 64 KiB (see -max_len).
        for p in "$tmp"/p-*.pdf; do
            n="${p##*/p-}"; n="${n%.pdf}"
            if [ $((n % 5)) -eq 1 ] && [ "$(wc -c <"$p")" -lt 65536 ]; then
                cp "$p" "$corpus/pdf_words/$(basename "$f" .pdf)-p$n.pdf"
            fi
        done
        rm -rf "$tmp"
    else
        cp "$f" "$corpus/pdf_words/"
    fi
done
copy "$root/raw/trondheim/2024" '*.xlsx' sheet_read
copy "$root/../shared/data" '*.ods' sheet_read
copy "$root/../shared/data" '*.xlsx' sheet_read
copy "$root/crates/kostra/tests/fixtures" '*.json' jsonstat_read

python3 - "$corpus" <<'PY'
import io, os, random, sys, zipfile, zlib

corpus = sys.argv[1]

def put(target, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data)

# --- num_parse: the formats the parser knows, and near misses.
nums = ["-5 253", "\u22125 253", "2 067,2", "0,0", "1 023 864", "1\u00a0023",
        "1\u202f023", "1\u2009023,5", "2591", "\u22120,9", "1.234,5", "17.3", "(12)",
        "(1 234,5)", "19 %", "63%", "116,0*", "-1,6 %", "N/A", "..", "...", "-",
        "\u2013", ":", "x", "11 2885", "1 23", "1,2,3", "12.12.24", "2018-2024",
        "Rammetilskudd", "21 prosent", "+5", "\u2212 12", "1.234.567", "9" * 40,
        "0," + "1" * 30, "  ", "", "1\u2007234", "((1))", "-(5)", "5**"]
for i, s in enumerate(nums):
    put("num_parse", f"n{i:02}", s)

# --- lexicon_text: unit statements, captions, sum labels, years as reports print them.
texts = ["Tabell 1.1 Økonomisk oversikt etter art 2024. Tall i millioner kroner.",
         "Beløp i hele 1 000 kr", "(i tusen kroner)", "NOK 1000", "TNOK", "MNOK kr",
         "Tabell 1.9 Påløpte skatter. Anslag for 2025. Mrd. kroner", "Avrundet til nærmeste 1 000 kroner.",
         "Netto lånegjeld (mill. kr)", "Andel (%)", "Endring, %-poeng", "Dekningsgrad 1-2 år, prosent",
         "Netto driftsresultat i prosent av brutto driftsinntekter", "Utgifter (kr per innbygger)",
         "Tabell 9.6. Nøkkeltall", "T ABLE 6 Small", "Tab.3", "Tabell 6a Faktorer", "Tabellen under",
         "14. Sum investeringsinntekter", "Ansatte i alt", "3) Sum", "Garantiansvar 2021-2024, per 31.12.2024",
         "Vedlegg til årsberetning 2024 – tabeller", "2024M01", "1 2024,5 f2024", "Kroner2", "(mill.kr.)1"]
for i, s in enumerate(texts):
    put("lexicon_text", f"t{i:02}", s)

# --- jsonstat_read: small datasets of each form the reader accepts.
js = {
 "v2_array": '{"version":"2.0","class":"dataset","id":["A","B"],"size":[2,3],'
   '"role":{"time":["B"],"geo":["A"]},"dimension":{"A":{"label":"region",'
   '"category":{"index":["a1","a2"],"label":{"a1":"Alpha","a2":"Beta"}}},'
   '"B":{"category":{"index":{"2022":0,"2023":1,"2024":2}}}},'
   '"value":[1,2,null,4,5,6],"status":{"2":".."}}',
 "v2_sparse": '{"version":"2.0","class":"dataset","id":["R","T"],"size":[1,2],'
   '"dimension":{"R":{"category":{"index":["0301"],"label":{"0301":"Oslo"}}},'
   '"T":{"category":{"index":{"2023":0,"2024":1}}}},"value":{"1":3.5},'
   '"status":[".",null],"extension":{"px":{"tableid":"12362"}}}',
 "v1_bundle": '{"dataset":{"dimension":{"id":["A"],"size":[2],"role":{"metric":["A"]},'
   '"A":{"category":{"index":{"x":0,"y":1},"unit":{"x":{"decimals":1,"label":"kr"}}}}},'
   '"value":[1.5,2.5],"status":":"}}',
 "metadata": '{"version":"2.0","class":"dataset","id":["A"],"size":[1],'
   '"dimension":{"A":{"category":{"index":["a"]}}}}',
 "error": '{"error":"Not found","status":404}',
 "two": '{"a":{"dimension":{"id":["X"],"size":[1],"X":{"category":{"index":["1"]}}},"value":[1]},'
   '"b":{"dimension":{"id":["X"],"size":[1],"X":{"category":{"index":["1"]}}},"value":[2]}}',
}
for k, v in js.items():
    put("jsonstat_read", k, v)

# --- pdf_words: small hand-made PDFs (text, rules, a Form XObject, Flate).
def pdf(objects, root=1):
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, body in enumerate(objects, 1):
        offs.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    x = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for o in offs:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info << /Producer (seed) >> >>\n"
              b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, x))
    return out.getvalue()

def stream(data, extra=b"", flate=False):
    if flate:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"

font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
table = (b"BT /F1 9 Tf 50 750 Td (Tabell 1.1 Driftsinntekter. Millioner kroner) Tj ET\n"
         b"0.5 w 50 740 m 545 740 l S 50 700 500 0.5 re f\n"
         b"BT /F1 9 Tf 300 728 Td (2023) Tj 80 0 Td (2024) Tj ET\n"
         b"BT /F1 9 Tf 50 716 Td (Skatt) Tj 250 0 Td (5 253) Tj 80 0 Td (\\2212 2 067,2) Tj ET\n"
         b"BT /F1 9 Tf 50 704 Td [(Ramme)-20(tilskudd)] TJ 250 0 Td (12,5 %) Tj T* (x) ' ET\n")
for name, content, flate in [("text", table, False), ("flate", table, True)]:
    put("pdf_words", name + ".pdf", pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate 90"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        font, stream(content, flate=flate)]))
put("pdf_words", "xobject.pdf", pdf([
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>",
    b"<< /Type /Page /Parent 2 0 R /Resources << /XObject << /X1 6 0 R >> >> /Contents 5 0 R >>",
    font,
    stream(b"q 1 0 0 1 10 10 cm /X1 Do Q /X1 Do"),
    stream(b"BT /F1 12 Tf 100 700 Td (Form) Tj ET /X1 Do",
           b" /Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << /Font << /F1 4 0 R >> >>"),
]))

# --- sheet_read: a minimal xlsx and ods written by hand (deflated zips).
def zipped(entries):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in entries:
            z.writestr(n, d)
    return b.getvalue()

ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
      '</Types>')
rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>')
wbrels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<cols><col min="3" max="3" hidden="1"/></cols><sheetData>'
         '<row r="1"><c r="A1" t="inlineStr"><is><t>Tabell 1.1 Drift. Millioner kroner</t></is></c></row>'
         '<row r="2"><c r="B2" t="inlineStr"><is><t>2023</t></is></c><c r="C2" t="inlineStr"><is><t>2024</t></is></c></row>'
         '<row r="3"><c r="A3" t="inlineStr"><is><t>Skatt</t></is></c><c r="B3"><v>5253</v></c><c r="C3"><v>-2067.2</v></c></row>'
         '<row r="4" hidden="1"><c r="A4" t="inlineStr"><is><t>Sum</t></is></c><c r="B4"><f>B3</f><v>5253</v></c>'
         '<c r="C4" t="inlineStr"><is><t>11 2885</t></is></c></row>'
         '</sheetData><mergeCells count="1"><mergeCell ref="B2:C2"/></mergeCells></worksheet>')
put("sheet_read", "mini.xlsx", zipped([("[Content_Types].xml", ct), ("_rels/.rels", rels),
    ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", wbrels), ("xl/worksheets/sheet1.xml", sheet)]))
ods_content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
  '<table:table table:name="Ark1"><table:table-column table:number-columns-repeated="3"/>'
  '<table:table-row><table:table-cell office:value-type="string"><text:p>Tabell 2 Test</text:p></table:table-cell></table:table-row>'
  '<table:table-row><table:table-cell/><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>2024</text:p></table:table-cell><table:covered-table-cell/></table:table-row>'
  '<table:table-row table:visibility="collapse"><table:table-cell office:value-type="string"><text:p>Rad</text:p></table:table-cell>'
  '<table:table-cell office:value-type="float" office:value="42"><text:p>42</text:p></table:table-cell>'
  '<table:table-cell office:value-type="percentage" office:value="0.63"><text:p>63 %</text:p></table:table-cell></table:table-row>'
  '</table:table></office:spreadsheet></office:body></office:document-content>')
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", ods_content, zipfile.ZIP_DEFLATED)
    z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
put("sheet_read", "mini.ods", b.getvalue())

# --- xls_formats (and sheet_read): a small BIFF8 workbook stream by hand
# (fonts with the skipped index 4, built-in and custom formats, XFs, a
# worksheet and a chart sheet, NUMBER/RK/MULRK/LABELSST/FORMULA cells,
# hidden ROW/COLINFO, a nested chart substream), bare and in compound files
# (mini stream, and padded to regular sectors).
import struct

def rec(t, d=b""):
    return struct.pack("<HH", t, len(d)) + d

def ustr(s, short):
    b = s.encode("latin-1")
    return (struct.pack("<B", len(s)) if short else struct.pack("<H", len(s))) + b"\x00" + b

def biff(pad=0):
    bof_g = rec(0x0809, struct.pack("<HHHHII", 0x0600, 5, 0x0DBB, 0x07CC, 0, 6))
    bof_s = rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x10, 0x0DBB, 0x07CC, 0, 6))
    g = bof_g + rec(0x0042, struct.pack("<H", 1200))
    for w in (400, 400, 400, 400, 700):
        g += rec(0x0031, struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, w, 0, 0, 0, 0, 0) + ustr("Arial", True))
    g += rec(0x041E, struct.pack("<H", 164) + ustr("0.0%", False))
    for font, fmt in ((0, 0), (0, 9), (5, 164), (0, 10), (5, 3)):
        g += rec(0x00E0, struct.pack("<HHH", font, fmt, 1) + bytes(14))
    bs1 = len(g) + 4
    g += rec(0x0085, struct.pack("<IBB", 0, 0, 0) + ustr("Ark1", True))
    bs2 = len(g) + 4
    g += rec(0x0085, struct.pack("<IBB", 0, 0, 2) + ustr("Diagram", True))
    g += rec(0x00FC, struct.pack("<II", 2, 2) + ustr("Tabell 1.1 Andel", False) + ustr("Kvinne", False))
    g += rec(0x0000, bytes(pad)) if pad else b""
    g += rec(0x000A)
    sheet = bof_s
    sheet += rec(0x007D, struct.pack("<HHHHHH", 4, 256, 2560, 0, 1, 0))
    sheet += rec(0x0208, struct.pack("<HHHHHHHH", 3, 0, 2, 300, 0, 0, 0x120, 15))
    sheet += rec(0x00FD, struct.pack("<HHHI", 0, 0, 4, 0))
    sheet += rec(0x00FD, struct.pack("<HHHI", 1, 0, 2, 1))
    sheet += rec(0x0203, struct.pack("<HHHd", 1, 1, 1, 0.92))
    sheet += rec(0x027E, struct.pack("<HHHI", 1, 2, 3, (5 << 2) | 2))
    sheet += rec(0x00BD, struct.pack("<HHHIHIH", 2, 1, 1, (7 << 2) | 2, 4, (8 << 2) | 2, 2))
    sheet += rec(0x0006, struct.pack("<HHHdHIH", 3, 1, 2, 0.028, 0, 0, 9) + b"\x1f" + struct.pack("<d", 0.028))
    sheet += bof_s + rec(0x0203, struct.pack("<HHHd", 9, 9, 0, 1.0)) + rec(0x000A)
    sheet += rec(0x00E5, struct.pack("<HHHHH", 1, 0, 0, 0, 2))
    sheet += rec(0x000A)
    chart = bof_s + rec(0x000A)
    out = bytearray(g + sheet + chart)
    struct.pack_into("<I", out, bs1, len(g))
    struct.pack_into("<I", out, bs2, len(g) + len(sheet))
    return bytes(out)

def cfb(stream):
    S = 512
    mini = len(stream) < 4096
    if mini:
        nmini = (len(stream) + 63) // 64
        nmf, ndata = 1, (nmini * 64 + S - 1) // S
    else:
        nmf, ndata = 0, (len(stream) + S - 1) // S
    nfat = 1
    while nfat * 128 < nfat + 1 + nmf + ndata:
        nfat += 1
    fat = [0xFFFFFFFD] * nfat
    def chain(first, n):
        return [first + i + 1 if i + 1 < n else 0xFFFFFFFE for i in range(n)]
    dir_at = nfat
    fat += chain(dir_at, 1) + chain(dir_at + 1, nmf) + chain(dir_at + 1 + nmf, ndata)
    fat += [0xFFFFFFFF] * (nfat * 128 - len(fat))
    h = bytearray(S)
    h[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", h, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<III", h, 44, nfat, dir_at, 0)
    struct.pack_into("<IIIII", h, 56, 4096, dir_at + 1 if mini else 0xFFFFFFFE, nmf, 0xFFFFFFFE, 0)
    for i in range(109):
        struct.pack_into("<I", h, 76 + 4 * i, i if i < nfat else 0xFFFFFFFF)
    def entry(name, kind, child, start, size):
        e = bytearray(128)
        n = name.encode("utf-16-le")
        e[0:len(n)] = n
        struct.pack_into("<HBBIII", e, 64, len(n) + 2, kind, 1, 0xFFFFFFFF, 0xFFFFFFFF, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)
    data_at = dir_at + 1 + nmf
    d = entry("Root Entry", 5, 1, data_at if mini else 0xFFFFFFFE, nmini * 64 if mini else 0)
    d += entry("Workbook", 2, 0xFFFFFFFF, 0 if mini else data_at, len(stream))
    d += (bytes(68) + b"\xff" * 12 + bytes(48)) * 2
    body = b"".join(struct.pack("<I", x) for x in fat) + d
    if mini:
        mf = chain(0, nmini) + [0xFFFFFFFF] * (128 - nmini)
        body += b"".join(struct.pack("<I", x) for x in mf)
    body += stream
    total = S * (1 + nfat + 1 + nmf + ndata)
    return (bytes(h) + body).ljust(total, b"\x00")

put("xls_formats", "stream.biff", biff())
put("xls_formats", "mini.xls", cfb(biff()))
put("xls_formats", "regular.xls", cfb(biff(pad=5000)))
put("sheet_read", "mini.xls", cfb(biff()))

# --- grid_tables: structured input decoded by `arbitrary`; random bytes
# are as good a start as any (fixed seed, so the corpus is reproducible).
rng = random.Random(1)
for i in range(8):
    put("grid_tables", f"r{i}", bytes(rng.randrange(256) for _ in range(512 << (i % 4))))
PY
# Real .xls files: the workbooks above converted by LibreOffice, when it
# is installed (Debian: libreoffice-calc).
if command -v soffice >/dev/null; then
    tmp="$(mktemp -d)"
    for f in "$root"/raw/trondheim/2024/*.xlsx "$corpus/sheet_read/mini.xlsx"; do
        [ -f "$f" ] && soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" \
            --convert-to xls --outdir "$tmp" "$f" >/dev/null 2>&1 || true
    done
    for f in "$tmp"/*.xls; do
        [ -f "$f" ] && cp "$f" "$corpus/xls_formats/lo-${f##*/}" \
            && cp "$f" "$corpus/sheet_read/lo-${f##*/}" || true
    done
    rm -rf "$tmp"
fi
for t in pdf_words grid_tables num_parse sheet_read jsonstat_read xls_formats; do
    echo "$t: $(ls "$corpus/$t" | wc -l) seeds"
done
