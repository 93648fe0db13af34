//! The ICDAR-2013 run: read each PDF, find its tables, score them.
//!
//! For every PDF with a `NAME-str.xml` beside it, every page goes through
//! `kommunetall-pdf` and `kommunetall-grid` (we find the tables ourselves,
//! full page), our tables become per-page [`Grid`]s ([`crate::ours`]) and are
//! compared with the ground-truth regions ([`crate::truth`]) page by page:
//! the relations of all truth regions on a page against the relations of all
//! our grids on that page, as multisets. A PDF's counts are the sum over its
//! pages (matching per page keeps a `-`→`-` relation on page 3 from being
//! credited by one on page 7).
//!
//! Besides the score, each truth region is matched to the grids of ours that
//! overlap it on the page, so the report can tell an undetected table from a
//! badly rebuilt one, and our tables that overlap no truth region are listed
//! as spurious.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use kommunetall_model::BBox;
use kommunetall_pdf::{Document, Page};

use crate::metric::{Comparison, Counts, Grid, Relation, compare};
use crate::ours::{OurGrid, grids};
use crate::truth::{self, Region};

/// A truth region with what we made of it.
#[derive(Debug, Clone)]
pub struct RegionScore {
    /// The `<table id>`.
    pub table_id: String,
    /// 1-based page.
    pub page: u32,
    /// Grid size (rows × cols).
    pub size: (usize, usize),
    /// Relations in this region; correct ones counted against the
    /// overlapping grids of ours only.
    pub counts: Counts,
    /// Ids of our tables overlapping the region.
    pub ours: Vec<String>,
}

/// One of our grids that overlaps no truth region.
#[derive(Debug, Clone)]
pub struct Spurious {
    /// Our table id.
    pub table_id: String,
    /// 1-based page.
    pub page: u32,
    /// Number of relations it produced.
    pub relations: usize,
}

/// The outcome for one PDF.
#[derive(Debug, Clone)]
pub struct DocScore {
    /// File stem ("eu-001").
    pub name: String,
    /// Relation counts summed over pages.
    pub counts: Counts,
    /// Distinct ground-truth tables.
    pub truth_tables: usize,
    /// Ground-truth regions (table parts, one per page).
    pub truth_regions: usize,
    /// Tables our engine found in the whole document.
    pub our_tables: usize,
    /// Per-page grids of ours.
    pub our_grids: usize,
    /// Per truth region.
    pub regions: Vec<RegionScore>,
    /// Our grids overlapping no truth region.
    pub spurious: Vec<Spurious>,
    /// Time spent reading the PDF and extracting tables.
    pub elapsed: Duration,
}

/// Everything one PDF yields, kept for `--show`.
pub struct DocRun {
    /// The score.
    pub score: DocScore,
    /// Truth regions.
    pub truth: Vec<Region>,
    /// Our per-page grids.
    pub ours: Vec<OurGrid>,
    /// Per page: (page, comparison of all relations on that page).
    pub pages: Vec<(u32, Comparison)>,
    /// Page heights, index = page - 1.
    pub heights: Vec<f64>,
}

/// The PDFs with ground truth in `dir/pdfs`, as (stem, pdf path, str.xml path), sorted.
pub fn documents(dir: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>> {
    let pdfs = dir.join("pdfs");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&pdfs).with_context(|| format!("reading {}", pdfs.display()))? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("pdf") {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let xml = pdfs.join(format!("{stem}-str.xml"));
        if xml.is_file() {
            out.push((stem.to_owned(), path.clone(), xml));
        }
    }
    out.sort();
    Ok(out)
}

/// PDFs in `dir/pdfs` that have no structure ground truth (skipped).
pub fn without_truth(dir: &Path) -> Vec<String> {
    let Ok(rd) = std::fs::read_dir(dir.join("pdfs")) else {
        return Vec::new();
    };
    let mut out: Vec<String> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("pdf"))
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .filter(|s| !dir.join("pdfs").join(format!("{s}-str.xml")).is_file())
        .collect();
    out.sort();
    out
}

/// Truth box converted to top-left page coordinates.
fn truth_box(r: &Region, heights: &[f64]) -> Option<BBox> {
    let b = r.bbox?;
    let h = *heights.get(usize::try_from(r.page).ok()?.checked_sub(1)?)?;
    Some(BBox {
        x0: b.x1,
        y0: h - b.y2,
        x1: b.x2,
        y1: h - b.y1,
    })
}

/// Whether two boxes overlap by at least a fifth of the smaller one.
fn overlaps(a: &BBox, b: &BBox) -> bool {
    let w = a.x1.min(b.x1) - a.x0.max(b.x0);
    let h = a.y1.min(b.y1) - a.y0.max(b.y0);
    if w <= 0.0 || h <= 0.0 {
        return false;
    }
    let area = |x: &BBox| (x.width() * x.height()).max(1.0);
    w * h >= 0.2 * area(a).min(area(b))
}

fn all_relations<'a>(grids: impl Iterator<Item = &'a Grid>) -> Vec<Relation> {
    grids.flat_map(Grid::relations).collect()
}

/// Reads, extracts and scores one PDF.
pub fn run_one(name: &str, pdf: &Path, xml: &Path) -> Result<DocRun> {
    let bytes = std::fs::read(pdf).with_context(|| format!("reading {}", pdf.display()))?;
    let xml_text =
        std::fs::read_to_string(xml).with_context(|| format!("reading {}", xml.display()))?;
    let truth = truth::parse(&xml_text).with_context(|| format!("parsing {}", xml.display()))?;

    let start = Instant::now();
    let doc = Document::open(&bytes).with_context(|| format!("opening {}", pdf.display()))?;
    let mut pages: Vec<Page> = Vec::new();
    for n in 1..=doc.page_count() {
        match doc.page(n) {
            Ok(p) => pages.push(p),
            Err(e) => {
                eprintln!("warning: {name} page {n}: {e}");
                pages.push(Page {
                    number: n,
                    ..Page::default()
                });
            }
        }
    }
    let extraction = kommunetall_grid::extract(&pages);
    let elapsed = start.elapsed();
    let heights: Vec<f64> = pages.iter().map(|p| p.height).collect();

    let ours: Vec<OurGrid> = extraction.tables.iter().flat_map(grids).collect();

    // Page-by-page comparison.
    let page_set: BTreeSet<u32> = truth
        .iter()
        .map(|r| r.page)
        .chain(ours.iter().map(|g| g.page))
        .collect();
    let mut counts = Counts::default();
    let mut per_page = Vec::new();
    for &p in &page_set {
        let t = all_relations(truth.iter().filter(|r| r.page == p).map(|r| &r.grid));
        let o = all_relations(ours.iter().filter(|g| g.page == p).map(|g| &g.grid));
        let c = compare(&t, &o);
        counts.add(c.counts);
        per_page.push((p, c));
    }

    // Region attribution.
    let mut used = vec![false; ours.len()];
    let mut regions = Vec::new();
    for r in &truth {
        let tb = truth_box(r, &heights);
        let hits: Vec<usize> = ours
            .iter()
            .enumerate()
            .filter(|(_, g)| g.page == r.page)
            .filter(|(_, g)| match (&tb, &g.bbox) {
                (Some(a), Some(b)) => overlaps(a, b),
                _ => false,
            })
            .map(|(i, _)| i)
            .collect();
        for &i in &hits {
            used[i] = true;
        }
        let t = r.grid.relations();
        let o = all_relations(hits.iter().map(|&i| &ours[i].grid));
        let mut c = compare(&t, &o).counts;
        c.ours = 0; // ours are attributed per page, not per region
        regions.push(RegionScore {
            table_id: r.table_id.clone(),
            page: r.page,
            size: (r.grid.n_rows(), r.grid.n_cols()),
            counts: c,
            ours: hits.iter().map(|&i| ours[i].table_id.clone()).collect(),
        });
    }
    let spurious = ours
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(g, _)| Spurious {
            table_id: g.table_id.clone(),
            page: g.page,
            relations: g.grid.relations().len(),
        })
        .collect();

    let truth_tables = truth
        .iter()
        .map(|r| r.table_id.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let score = DocScore {
        name: name.to_owned(),
        counts,
        truth_tables,
        truth_regions: truth.len(),
        our_tables: extraction.tables.len(),
        our_grids: ours.len(),
        regions,
        spurious,
        elapsed,
    };
    Ok(DocRun {
        score,
        truth,
        ours,
        pages: per_page,
        heights,
    })
}

/// Renders a grid as lines of text: spanned slots show `<` (continues the
/// cell on the left) or `^` (continues the cell above).
pub fn render(grid: &Grid, max_w: usize) -> Vec<String> {
    let (nr, nc) = (grid.n_rows(), grid.n_cols());
    if nr == 0 || nc == 0 {
        return vec!["(empty)".to_owned()];
    }
    let mut m = vec![vec![String::new(); nc]; nr];
    for c in &grid.cells {
        for (r, row) in m.iter_mut().enumerate().take(c.r1 + 1).skip(c.r0) {
            for (col, slot) in row.iter_mut().enumerate().take(c.c1 + 1).skip(c.c0) {
                *slot = if r == c.r0 && col == c.c0 {
                    let t: String = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if t.chars().count() > max_w {
                        let mut s: String = t.chars().take(max_w.saturating_sub(1)).collect();
                        s.push('…');
                        s
                    } else {
                        t
                    }
                } else if r == c.r0 {
                    "<".to_owned()
                } else {
                    "^".to_owned()
                };
            }
        }
    }
    let widths: Vec<usize> = (0..nc)
        .map(|col| {
            m.iter()
                .map(|r| r[col].chars().count())
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    m.iter()
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(s, &w)| format!("{s:<w$}"))
                .collect();
            format!("|{}|", cells.join("|"))
        })
        .collect()
}

/// A relation text for listings: quoted, cut to 40 characters.
fn clip(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{:?}…", s.chars().take(39).collect::<String>())
    } else {
        format!("{s:?}")
    }
}

fn side_by_side(left: &[String], right: &[String]) -> String {
    let lw = left.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let n = left.len().max(right.len());
    let mut out = String::new();
    for i in 0..n {
        let l = left.get(i).map_or("", String::as_str);
        let r = right.get(i).map_or("", String::as_str);
        out.push_str(&format!("{l:<lw$}   {r}\n"));
    }
    out
}

/// The `--show` text for one PDF: per page, truth and our grids side by side,
/// then the missed and spurious relations.
pub fn show(run: &DocRun) -> String {
    let s = &run.score;
    let mut out = format!(
        "== {}: truth {} relations, ours {}, correct {}  P {:.3} R {:.3} F1 {:.3}\n",
        s.name,
        s.counts.truth,
        s.counts.ours,
        s.counts.correct,
        s.counts.precision(),
        s.counts.recall(),
        s.counts.f1()
    );
    for (page, cmp) in &run.pages {
        out.push_str(&format!(
            "\n---- page {page}: truth {} / ours {} / correct {}\n",
            cmp.counts.truth, cmp.counts.ours, cmp.counts.correct
        ));
        let mut left = vec!["TRUTH".to_owned()];
        for r in run.truth.iter().filter(|r| r.page == *page) {
            let tb = truth_box(r, &run.heights)
                .map(|b| format!(" @ y {:.0}-{:.0}", b.y0, b.y1))
                .unwrap_or_default();
            left.push(format!(
                "table {} ({} relations){tb}",
                r.table_id,
                r.grid.relations().len()
            ));
            left.extend(render(&r.grid, 14));
            left.push(String::new());
        }
        let mut right = vec!["OURS".to_owned()];
        for g in run.ours.iter().filter(|g| g.page == *page) {
            let gb = g
                .bbox
                .map(|b| format!(" @ y {:.0}-{:.0}", b.y0, b.y1))
                .unwrap_or_default();
            right.push(format!(
                "table {} ({} relations){gb}",
                g.table_id,
                g.grid.relations().len()
            ));
            right.extend(render(&g.grid, 14));
            right.push(String::new());
        }
        out.push_str(&side_by_side(&left, &right));
        out.push_str(&format!("missed ({}):\n", cmp.missed.len()));
        for r in &cmp.missed {
            out.push_str(&format!(
                "  - {} {} {}\n",
                clip(&r.a),
                r.dir.arrow(),
                clip(&r.b)
            ));
        }
        out.push_str(&format!("spurious ({}):\n", cmp.spurious.len()));
        for r in &cmp.spurious {
            out.push_str(&format!(
                "  + {} {} {}\n",
                clip(&r.a),
                r.dir.arrow(),
                clip(&r.b)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::GridCell;

    #[test]
    fn render_marks_spans() {
        let g = Grid {
            cells: vec![
                GridCell::span(0, 0, 0, 1, "head"),
                GridCell::single(1, 0, "a"),
                GridCell::single(1, 1, "bb"),
            ],
        };
        assert_eq!(render(&g, 10), vec!["|head|< |", "|a   |bb|"]);
    }

    #[test]
    fn overlap_needs_a_fifth() {
        let a = BBox {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let b = BBox {
            x0: 9.0,
            y0: 0.0,
            x1: 20.0,
            y1: 10.0,
        };
        assert!(!overlaps(&a, &b));
        let c = BBox { x0: 5.0, ..b };
        assert!(overlaps(&a, &c));
    }
}
