//! Prints every word of a PDF as `page x0 y0 x1 y1 text`, for debugging.
//!
//! Usage: `cargo run -p kommunetall-pdf --example words -- file.pdf [page] [--rules]`
//!
//! Words drawn turned against the page are printed as
//! `page turned x0 y0 x1 y1 text`. With `--rules`, ruling lines and fills are printed too, as
//! `page rule|fill x0 y0 x1 y1`.

use std::process::ExitCode;

use kommunetall_pdf::Document;

fn main() -> ExitCode {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let show_rules = all.iter().any(|a| a == "--rules");
    let mut args = all.into_iter().filter(|a| a != "--rules");
    let Some(path) = args.next() else {
        eprintln!("usage: words FILE.pdf [PAGE]");
        return ExitCode::FAILURE;
    };
    let only: Option<u32> = args.next().and_then(|p| p.parse().ok());
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let doc = match Document::open(&bytes) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    for n in 1..=doc.page_count() {
        if only.is_some_and(|o| o != n) {
            continue;
        }
        match doc.page(n) {
            Ok(page) => {
                for w in &page.words {
                    println!(
                        "{n} {:.3} {:.3} {:.3} {:.3} {}",
                        w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1, w.text
                    );
                }
                for w in &page.turned {
                    println!(
                        "{n} turned {:.3} {:.3} {:.3} {:.3} {}",
                        w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1, w.text
                    );
                }
                if show_rules {
                    let kinds = [("rule", &page.rules), ("fill", &page.fills)];
                    for (kind, boxes) in kinds {
                        for b in boxes {
                            println!("{n} {kind} {:.3} {:.3} {:.3} {:.3}", b.x0, b.y0, b.x1, b.y1);
                        }
                    }
                }
            }
            Err(e) => eprintln!("page {n}: {e}"),
        }
    }
    ExitCode::SUCCESS
}
