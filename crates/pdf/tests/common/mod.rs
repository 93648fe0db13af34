//! Builds small PDFs with lopdf for the tests.

#![allow(dead_code, clippy::unwrap_used)]

pub mod pdftotext;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

/// A minimal PDF under construction: one page tree, pages added in order.
pub struct Builder {
    pub doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl Builder {
    pub fn new() -> Builder {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        Builder {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    /// Adds an object and returns its id.
    pub fn add(&mut self, obj: impl Into<Object>) -> ObjectId {
        self.doc.add_object(obj)
    }

    /// Adds an (uncompressed) stream.
    pub fn stream(&mut self, dict: Dictionary, content: &[u8]) -> ObjectId {
        self.doc
            .add_object(Stream::new(dict, content.to_vec()).with_compression(false))
    }

    /// Adds an A4-ish page (600 × 800 pt) with the content and resources;
    /// `extra` entries (e.g. /Rotate) are merged into the page dictionary.
    pub fn page(&mut self, content: &[u8], resources: Dictionary, extra: Dictionary) -> ObjectId {
        let content_id = self.stream(Dictionary::new(), content);
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
            "Contents" => content_id,
            "Resources" => resources,
        };
        for (k, v) in extra.iter() {
            page.set(k.clone(), v.clone());
        }
        let id = self.doc.add_object(page);
        self.kids.push(id.into());
        id
    }

    /// Writes the PDF.
    pub fn finish(mut self) -> Vec<u8> {
        let count = self.kids.len() as i64;
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => self.kids.clone(),
                "Count" => count,
            }),
        );
        let catalog = self.doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => self.pages_id,
        });
        self.doc.trailer.set("Root", catalog);
        let info = self.doc.add_object(dictionary! {
            "Title" => Object::string_literal("Test document"),
            "Producer" => Object::string_literal("kommunetall tests"),
        });
        self.doc.trailer.set("Info", info);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).unwrap();
        out
    }

    /// Non-embedded Helvetica with WinAnsi + /Differences, every width 500,
    /// except 'W' (87) which is 1000.
    pub fn helvetica_diff(&mut self) -> ObjectId {
        let encoding = dictionary! {
            "Type" => "Encoding",
            "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![
                128.into(),
                Object::Name(b"aring".to_vec()),
                Object::Name(b"fi".to_vec()),
                Object::Name(b"oslash".to_vec()),
                Object::Name(b"uni00E6".to_vec()),
                Object::Name(b"g17".to_vec()),
            ],
        };
        let widths: Vec<Object> = (32..=255)
            .map(|c| Object::Integer(if c == 87 { 1000 } else { 500 }))
            .collect();
        self.add(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica-Bold",
            "FirstChar" => 32,
            "LastChar" => 255,
            "Widths" => widths,
            "Encoding" => encoding,
        })
    }

    /// A Type0 / Identity-H font with a ToUnicode CMap:
    /// 0001 "K" (w 600), 0002 "ø" (700), 0003 space (250), 0004 "ﬁ" (550),
    /// 0005 " ." (300: a full stop whose map puts a space before it),
    /// 0010..0014 "a".."e" (400). Descriptor ascent 900, descent -300.
    pub fn type0(&mut self) -> ObjectId {
        let cmap = b"/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
5 beginbfchar
<0001> <004B>
<0002> <00F8>
<0003> <0020>
<0004> <FB01>
<0005> <0020002E>
endbfchar
1 beginbfrange
<0010> <0014> <0061>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
";
        let to_unicode = self.stream(Dictionary::new(), cmap);
        let descriptor = self.add(dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => "ABCDEF+TestSans",
            "Flags" => 32,
            "FontBBox" => vec![(-200).into(), (-300).into(), 1000.into(), 900.into()],
            "ItalicAngle" => 0,
            "Ascent" => 900,
            "Descent" => -300,
            "CapHeight" => 700,
            "StemV" => 80,
        });
        let cid = self.add(dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "ABCDEF+TestSans",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"),
                "Supplement" => 0,
            },
            "FontDescriptor" => descriptor,
            "DW" => 1000,
            "W" => vec![
                1.into(),
                vec![600.into(), 700.into(), 250.into(), 550.into(), 300.into()].into(),
                16.into(), 20.into(), 400.into(),
            ],
        });
        self.add(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "ABCDEF+TestSans",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![cid.into()],
            "ToUnicode" => to_unicode,
        })
    }
}

/// `/Font << name => id >>` resources.
pub fn font_resources(fonts: &[(&str, ObjectId)]) -> Dictionary {
    let mut f = Dictionary::new();
    for (name, id) in fonts {
        f.set(name.as_bytes().to_vec(), *id);
    }
    dictionary! { "Font" => f }
}
