//! The views created in the DuckDB file: `schemas/views/*.sql`, embedded at
//! compile time beside the table schemas (`schema.rs`).

/// A view to create in the DuckDB file after the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// View name.
    pub name: String,
    /// The SELECT statement.
    pub sql: String,
}

/// The view files, embedded, in creation order: (view name = file stem, SQL).
pub const VIEW_FILES: &[(&str, &str)] = &[
    (
        "v_pdf_vs_excel",
        include_str!("../../../schemas/views/v_pdf_vs_excel.sql"),
    ),
    (
        "v_statement_across_years",
        include_str!("../../../schemas/views/v_statement_across_years.sql"),
    ),
    (
        "v_restatement",
        include_str!("../../../schemas/views/v_restatement.sql"),
    ),
    (
        "v_service_area_deviation",
        include_str!("../../../schemas/views/v_service_area_deviation.sql"),
    ),
    (
        "v_kostra_report_vs_ssb",
        include_str!("../../../schemas/views/v_kostra_report_vs_ssb.sql"),
    ),
    (
        "v_kostra_peers",
        include_str!("../../../schemas/views/v_kostra_peers.sql"),
    ),
];

/// The views compiled into this binary from `schemas/views/`.
#[must_use]
pub fn embedded() -> Vec<View> {
    VIEW_FILES
        .iter()
        .map(|(name, sql)| View {
            name: (*name).to_owned(),
            sql: (*sql).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_view_file_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schemas/views");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("schemas/views")
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".sql").map(str::to_owned)
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = VIEW_FILES.iter().map(|(n, _)| (*n).to_owned()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }
}
