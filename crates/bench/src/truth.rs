//! Reads the ICDAR-2013 structure ground truth (`NAME-str.xml`).
//!
//! The file holds `<table>`s, each with one `<region page=…>` per page it
//! covers, each region with `<cell start-row start-col [end-row] [end-col]>`
//! holding a `<bounding-box x1 y1 x2 y2>` (PDF user space: origin bottom-left,
//! y up) and the `<content>`. A missing `end-row`/`end-col` means the cell
//! covers one row/column. Each region becomes one [`Region`] with its own
//! [`Grid`]: relations are scored per page, never across a page break.

use anyhow::{Context, Result, bail};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::metric::{Grid, GridCell};

/// A box in PDF user space (origin bottom-left, y up), as the XML has it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdfBox {
    /// Left.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
    /// Right.
    pub x2: f64,
    /// Top.
    pub y2: f64,
}

impl PdfBox {
    fn union(self, o: PdfBox) -> PdfBox {
        PdfBox {
            x1: self.x1.min(o.x1),
            y1: self.y1.min(o.y1),
            x2: self.x2.max(o.x2),
            y2: self.y2.max(o.y2),
        }
    }
}

/// One page-region of a ground-truth table.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// The `<table id>`.
    pub table_id: String,
    /// The `<region id>`.
    pub region_id: String,
    /// 1-based page.
    pub page: u32,
    /// The cells.
    pub grid: Grid,
    /// Union of the cells' boxes, when any cell had one.
    pub bbox: Option<PdfBox>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>> {
    for a in e.attributes() {
        let a = a?;
        if a.key.local_name().as_ref() == name {
            return Ok(Some(
                a.normalized_value(XmlVersion::Implicit1_0)?.into_owned(),
            ));
        }
    }
    Ok(None)
}

fn num_attr<T: std::str::FromStr>(e: &BytesStart<'_>, name: &str) -> Result<Option<T>> {
    match attr(e, name)? {
        None => Ok(None),
        Some(s) => match s.trim().parse() {
            Ok(v) => Ok(Some(v)),
            Err(_) => bail!("attribute {name}={s:?} is not a number"),
        },
    }
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

#[derive(Default)]
struct CellBuilder {
    r0: usize,
    c0: usize,
    r1: Option<usize>,
    c1: Option<usize>,
    bbox: Option<PdfBox>,
    text: String,
}

/// Parses one `-str.xml` document into its regions, in file order.
pub fn parse(xml: &str) -> Result<Vec<Region>> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut table_id = String::new();
    let mut region: Option<Region> = None;
    let mut cell: Option<CellBuilder> = None;
    let mut in_content = false;
    loop {
        let ev = reader
            .read_event()
            .with_context(|| format!("XML error at byte {}", reader.buffer_position()))?;
        match ev {
            Event::Eof => break,
            // An empty `<cell/>`, `<region/>` or `<content/>` adds nothing.
            Event::Empty(e) if matches!(e.local_name().as_ref(), "cell" | "region" | "content") => {
            }
            Event::Start(e) | Event::Empty(e) => {
                match e.local_name().as_ref() {
                    "table" => table_id = attr(&e, "id")?.unwrap_or_default(),
                    "region" => {
                        let page: u32 = num_attr(&e, "page")?.context("region without page")?;
                        region = Some(Region {
                            table_id: table_id.clone(),
                            region_id: attr(&e, "id")?.unwrap_or_default(),
                            page,
                            grid: Grid::default(),
                            bbox: None,
                        });
                    }
                    "cell" => {
                        cell = Some(CellBuilder {
                            r0: num_attr(&e, "start-row")?.context("cell without start-row")?,
                            c0: num_attr(&e, "start-col")?.context("cell without start-col")?,
                            r1: num_attr(&e, "end-row")?,
                            c1: num_attr(&e, "end-col")?,
                            ..CellBuilder::default()
                        });
                    }
                    "bounding-box" => {
                        if let Some(c) = cell.as_mut() {
                            // Lenient: the published truth has typos here ("26ß").
                            let (x1, y1, x2, y2) = (
                                num_attr::<f64>(&e, "x1").ok().flatten(),
                                num_attr::<f64>(&e, "y1").ok().flatten(),
                                num_attr::<f64>(&e, "x2").ok().flatten(),
                                num_attr::<f64>(&e, "y2").ok().flatten(),
                            );
                            if let (Some(x1), Some(y1), Some(x2), Some(y2)) = (x1, y1, x2, y2) {
                                c.bbox = Some(PdfBox { x1, y1, x2, y2 });
                            }
                        }
                    }
                    "content" => in_content = true,
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "content" => in_content = false,
                "cell" => {
                    if let (Some(c), Some(r)) = (cell.take(), region.as_mut()) {
                        r.grid.cells.push(GridCell::span(
                            c.r0,
                            c.c0,
                            c.r1.unwrap_or(c.r0),
                            c.c1.unwrap_or(c.c0),
                            &c.text,
                        ));
                        if let Some(b) = c.bbox {
                            r.bbox = Some(r.bbox.map_or(b, |rb| rb.union(b)));
                        }
                    }
                }
                "region" => out.extend(region.take()),
                _ => {}
            },
            Event::Text(t) if in_content => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_content => {
                if let Some(c) = cell.as_mut() {
                    c.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) if in_content => {
                if let Some(c) = cell.as_mut() {
                    let ch = if r.is_char_ref() {
                        r.resolve_char_ref()?
                    } else {
                        entity(&r)
                    };
                    match ch {
                        Some(ch) => c.text.push(ch),
                        None => bail!("unknown entity &{};", &*r),
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spans_defaults_and_entities() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<document filename="x">
  <table id="1">
    <region col-increment="0" id="1" page="2" row-increment="0">
      <cell end-col="2" id="1" start-col="1" start-row="0">
        <bounding-box x1="10" x2="50" y1="700" y2="710"/>
        <content>A &amp; B</content>
      </cell>
      <cell id="2" start-col="0" start-row="1" end-row="2">
        <bounding-box x1="5" x2="9" y1="680" y2="690"/>
        <content>two
lines</content>
      </cell>
    </region>
  </table>
</document>"#;
        let regions = parse(xml).expect("parses");
        assert_eq!(regions.len(), 1);
        let r = &regions[0];
        assert_eq!((r.page, r.table_id.as_str()), (2, "1"));
        assert_eq!(r.grid.cells[0], GridCell::span(0, 1, 0, 2, "A & B"));
        assert_eq!(r.grid.cells[1], GridCell::span(1, 0, 2, 0, "two\nlines"));
        let b = r.bbox.expect("bbox");
        assert_eq!((b.x1, b.y1, b.x2, b.y2), (5.0, 680.0, 50.0, 710.0));
    }
}
