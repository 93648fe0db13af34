//! Prints the facts of a report PDF: classification, counts, findings (unmapped labels).
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("path");
    let year: i32 = args.next().map_or(2024, |y| y.parse().expect("year"));
    let bytes = std::fs::read(path).expect("read");
    let doc = kommunetall_pdf::Document::open(&bytes).expect("open");
    let pages: Vec<_> = (1..=doc.page_count())
        .map(|n| doc.page(n).expect("page"))
        .collect();
    let ex = kommunetall_grid::extract(&pages);
    let m = kommunetall_facts::Mappings::embedded().expect("mappings");
    let f = kommunetall_facts::extract_facts(&ex.tables, year, &m);
    for t in &f.tables {
        println!("{:8} {:5} {:?}", t.table_id, t.numeric_cells, t.kind);
    }
    println!(
        "statement {} service {} investment {} kostra {} series {}",
        f.statement_lines.len(),
        f.service_areas.len(),
        f.investment_areas.len(),
        f.kostra_indicators.len(),
        f.report_series.len()
    );
    for d in &f.diagnostics {
        println!(
            "{} {} {}",
            d.rule,
            d.table_id.as_deref().unwrap_or("-"),
            d.message
        );
    }
    if std::env::var("FACTS_JSON").is_ok() {
        println!("{}", serde_json::to_string_pretty(&f).expect("json"));
    }
}
