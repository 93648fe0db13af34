#!/usr/bin/env python3
"""Generates crates/pdf/src/std14_data.rs: metrics of the standard 14 fonts.

Development-time tool; the generated file is committed and the crate has no
runtime dependency on any font package. Inputs (Debian/Ubuntu packages):

* fonts-urw-base35 (or gsfonts): the AFM files of the URW metric clones of
  the Adobe core fonts (NimbusSans = Helvetica, NimbusRoman = Times,
  NimbusMonoPS = Courier, StandardSymbolsPS = Symbol, D050000L = ZapfDingbats).
  They give the advance widths by glyph name and the built-in encodings of
  Symbol and ZapfDingbats.
* libgs10-common (ghostscript's Resource/Init): StandardEncoding,
  WinAnsiEncoding and MacRomanEncoding as glyph-name arrays.

The URW AFMs carry `Ascender 0` / `Descender 0`, so ascent and descent are
the Adobe core-font values that poppler's built-in tables use (Ascender /
Descender of the Adobe AFMs; the font bounding box for Symbol and
ZapfDingbats), listed in ASCENT_DESCENT below.

Usage: python3 crates/pdf/tools/gen_std14.py [AFM_DIR] [GS_INIT_DIR] > crates/pdf/src/std14_data.rs
"""

import glob
import os
import re
import sys

AFM_DIR = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/type1/urw-base35"
GS_DIR = sys.argv[2] if len(sys.argv) > 2 else (
    sorted(glob.glob("/usr/share/ghostscript/*/Resource/Init")) or [""])[-1]

# (PDF name, Rust constant, URW AFM file, ascent, descent)
LATIN = [
    ("Courier", "COURIER", "NimbusMonoPS-Regular", 629, -157),
    ("Courier-Oblique", "COURIER_OBLIQUE", "NimbusMonoPS-Italic", 629, -157),
    ("Courier-Bold", "COURIER_BOLD", "NimbusMonoPS-Bold", 629, -157),
    ("Courier-BoldOblique", "COURIER_BOLD_OBLIQUE", "NimbusMonoPS-BoldItalic", 629, -157),
    ("Helvetica", "HELVETICA", "NimbusSans-Regular", 718, -207),
    ("Helvetica-Oblique", "HELVETICA_OBLIQUE", "NimbusSans-Italic", 718, -207),
    ("Helvetica-Bold", "HELVETICA_BOLD", "NimbusSans-Bold", 718, -207),
    ("Helvetica-BoldOblique", "HELVETICA_BOLD_OBLIQUE", "NimbusSans-BoldItalic", 718, -207),
    ("Times-Roman", "TIMES_ROMAN", "NimbusRoman-Regular", 683, -217),
    ("Times-Italic", "TIMES_ITALIC", "NimbusRoman-Italic", 683, -217),
    ("Times-Bold", "TIMES_BOLD", "NimbusRoman-Bold", 683, -217),
    ("Times-BoldItalic", "TIMES_BOLD_ITALIC", "NimbusRoman-BoldItalic", 683, -217),
]
# The Latin fonts keep only the Adobe core-font repertoire (what poppler's
# built-in tables know; URW's clones have many more glyphs): every glyph of
# StandardEncoding, WinAnsiEncoding and MacRomanEncoding plus the
# Central-European and math additions of the 1997 Adobe core AFMs below.
ADOBE_ADDITIONS = """
Abreve Amacron Aogonek Cacute Ccaron Dcaron Dcroat Delta Ecaron Edotaccent
Emacron Eogonek Gbreve Gcommaaccent Idotaccent Imacron Iogonek Kcommaaccent
Lacute Lcaron Lcommaaccent Nacute Ncaron Ncommaaccent Ohungarumlaut Omacron
Racute Rcaron Rcommaaccent Sacute Scedilla Scommaaccent Tcaron Tcommaaccent
Uhungarumlaut Umacron Uogonek Uring Zacute Zdotaccent abreve amacron aogonek
cacute ccaron dcaron dcroat ecaron edotaccent emacron eogonek gbreve
gcommaaccent greaterequal imacron iogonek kcommaaccent lacute lcaron
lcommaaccent lessequal lozenge minus nacute ncaron ncommaaccent notequal
ohungarumlaut omacron partialdiff racute radical rcaron rcommaaccent sacute
scedilla scommaaccent summation tcaron tcommaaccent uhungarumlaut umacron
uogonek uring zacute zdotaccent
""".split()

# Where URW's widths differ from the Adobe core AFMs that poppler (and so
# pdftotext) uses. Found by drawing every glyph of every font with
# `pdftotext -bbox` (poppler 22.12) as the oracle; all other widths agree.
ADOBE_WIDTHS = {
    "Courier": {"plusminus": 603},
    "Helvetica": {"fraction": 167, "summation": 600},
    "Helvetica-Oblique": {"fraction": 167, "summation": 600},
    "Helvetica-Bold": {"fraction": 167, "summation": 600},
    "Helvetica-BoldOblique": {"fraction": 167, "summation": 600},
    "Times-Roman": {"Delta": 612, "dcaron": 588, "greaterequal": 549, "lcaron": 344,
                    "lessequal": 549, "lozenge": 471, "notequal": 549, "partialdiff": 476,
                    "radical": 453, "summation": 600, "tcaron": 326},
    "Times-Italic": {"Delta": 612, "Lcaron": 611, "dcaron": 544, "greaterequal": 549,
                     "lcaron": 300, "lessequal": 549, "lozenge": 471, "notequal": 549,
                     "partialdiff": 476, "radical": 453, "summation": 600, "tcaron": 300},
    "Times-Bold": {"Delta": 612, "dcaron": 672, "greaterequal": 549, "lcaron": 394,
                   "lessequal": 549, "lozenge": 494, "notequal": 549, "partialdiff": 494,
                   "radical": 549, "summation": 600, "tcaron": 416},
    "Times-BoldItalic": {"Delta": 612, "dcaron": 608, "greaterequal": 549, "lcaron": 382,
                         "lessequal": 549, "lozenge": 494, "notequal": 549,
                         "partialdiff": 494, "radical": 549, "summation": 600,
                         "tcaron": 366},
}

SYMBOLIC = [
    ("Symbol", "SYMBOL", "StandardSymbolsPS", 1010, -293),
    ("ZapfDingbats", "ZAPF_DINGBATS", "D050000L", 820, -143),
]


def read_afm(stem):
    """Returns ({glyph: width}, {code: glyph}) of one AFM file."""
    widths, encoding = {}, {}
    with open(os.path.join(AFM_DIR, stem + ".afm"), encoding="latin-1") as f:
        for line in f:
            if not line.startswith("C "):
                continue
            fields = dict(
                part.strip().split(" ", 1) for part in line.split(";") if part.strip()
            )
            name, width, code = fields["N"], int(fields["WX"]), int(fields["C"])
            if name != ".notdef":
                widths[name] = width
            if 0 <= code <= 255:
                encoding[code] = name
    return widths, encoding


def read_ps_encodings():
    """Evaluates ghostscript's encoding files (a tiny subset of PostScript)."""
    encodings = {}

    def load(file):
        with open(os.path.join(GS_DIR, file), encoding="latin-1") as f:
            text = re.sub(r"%[^\n]*", "", f.read())
        tokens = text.split()
        start = next(i for i, t in enumerate(tokens) if t.endswith("Encoding") and t.startswith("/"))
        name = tokens[start][1:]
        out, i = [], start + 1
        while len(out) < 256:
            t = tokens[i]
            if t.startswith("/"):
                out.append(t[1:])
                i += 1
            elif t in encodings and tokens[i + 3 : i + 6] == ["getinterval", "aload", "pop"]:
                first, count = int(tokens[i + 1]), int(tokens[i + 2])
                out.extend(encodings[t][first : first + count])
                i += 6
            else:
                raise SystemExit(f"{file}: unexpected token {t!r}")
        encodings[name] = out

    for file in ["gs_std_e.ps", "gs_il1_e.ps", "gs_wan_e.ps", "gs_mro_e.ps"]:
        load(file)
    return encodings


def rust_str_array(items, indent="    "):
    lines, line = [], indent
    for item in items:
        piece = f'"{item}", '
        if len(line) + len(piece) > 99:
            lines.append(line.rstrip())
            line = indent
        line += piece
    lines.append(line.rstrip())
    return "\n".join(lines)


def rust_num_array(items, indent="    "):
    return rust_str_array(items, indent).replace('"', "")


def encoding_array(enc):
    """256 glyph names; "" where the code is unmapped."""
    return ["" if (n is None or n == ".notdef") else n for n in enc]


def main():
    ps = read_ps_encodings()
    latin = [(pdf, const, *read_afm(afm), a, d) for pdf, const, afm, a, d in LATIN]
    repertoire = set(ADOBE_ADDITIONS)
    for enc in ["StandardEncoding", "WinAnsiEncoding", "MacRomanEncoding"]:
        repertoire.update(n for n in ps[enc] if n != ".notdef")
    for _, _, widths, _, _, _ in latin:
        assert repertoire <= set(widths), "URW lacks an Adobe core glyph"
    names = sorted(repertoire)
    for pdf, _, widths, _, _, _ in latin:
        widths.update(ADOBE_WIDTHS.get(pdf, {}))
    standard = latin[0][3]  # EncodingScheme AdobeStandardEncoding
    std_from_afm = [standard.get(c, "") for c in range(256)]
    assert std_from_afm == encoding_array(ps["StandardEncoding"]), "StandardEncoding mismatch"

    out = []
    w = out.append
    w("//! Metrics of the standard 14 PDF fonts: advance widths by glyph name,")
    w("//! ascent/descent and the base encodings as glyph names.")
    w("//!")
    w("//! GENERATED by `python3 crates/pdf/tools/gen_std14.py > crates/pdf/src/std14_data.rs`")
    w("//! from the AFM files of Debian's `fonts-urw-base35` (URW's metric-compatible")
    w("//! clones of the Adobe core fonts) and ghostscript's encoding files")
    w("//! (`libgs10-common`), restricted to the Adobe core-font repertoire and with")
    w("//! the few widths where URW differs from Adobe's core AFMs replaced (see the")
    w("//! generator). Do not edit by hand.")
    w("")
    w(f"/// Glyph names of the Latin fonts (Courier, Helvetica, Times), sorted bytewise.")
    w(f"pub(crate) static LATIN_GLYPHS: [&str; {len(names)}] = [")
    w(rust_str_array(names))
    w("];")
    for pdf, const, widths, _, _, _ in latin:
        w("")
        w(f"/// {pdf}: widths parallel to [`LATIN_GLYPHS`].")
        w(f"pub(crate) static {const}_WIDTHS: [u16; {len(names)}] = [")
        w(rust_num_array([widths[n] for n in names]))
        w("];")
    for pdf, const, afm, _, _ in SYMBOLIC:
        widths, enc = read_afm(afm)
        glyphs = sorted(widths)
        w("")
        w(f"/// {pdf}: glyph names, sorted bytewise.")
        w(f"pub(crate) static {const}_GLYPHS: [&str; {len(glyphs)}] = [")
        w(rust_str_array(glyphs))
        w("];")
        w("")
        w(f"/// {pdf}: widths parallel to [`{const}_GLYPHS`].")
        w(f"pub(crate) static {const}_WIDTHS: [u16; {len(glyphs)}] = [")
        w(rust_num_array([widths[n] for n in glyphs]))
        w("];")
        w("")
        w(f"/// {pdf}: the font's built-in encoding (\"\" = unmapped).")
        w(f"pub(crate) static {const}_ENCODING: [&str; 256] = [")
        w(rust_str_array([enc.get(c, "") for c in range(256)]))
        w("];")
    for name, const in [
        ("StandardEncoding", "STANDARD_ENCODING"),
        ("WinAnsiEncoding", "WIN_ANSI_ENCODING"),
        ("MacRomanEncoding", "MAC_ROMAN_ENCODING"),
    ]:
        w("")
        w(f"/// {name} (\"\" = unmapped).")
        w(f"pub(crate) static {const}: [&str; 256] = [")
        w(rust_str_array(encoding_array(ps[name])))
        w("];")
    w("")
    w("/// Ascent and descent (1/1000 em) per font, as poppler's built-in tables.")
    w("pub(crate) static ASCENT_DESCENT: [(&str, i16, i16); 14] = [")
    for pdf, _, _, a, d in LATIN + SYMBOLIC:
        w(f'    ("{pdf}", {a}, {d}),')
    w("];")
    print("\n".join(out))


main()
