//! Printed sums the document itself gets wrong, each checked by hand
//! against the page: `tests/real/<stem>.sums.json`.
//!
//! A published sum row that does not add up is almost always our reading
//! error. Almost: a note that itemises only part of its total, a typo in a
//! printed figure, a column of deviations with a sign flipped on one row.
//! Each such row is listed with the printed figure, the sum of the items
//! as the page prints them, and why, after reading the page by eye. The
//! benchmark counts a sum row as the document's own only when every column
//! of it that does not add up is listed with exactly the figures read; an
//! entry no finding matches any more is reported as stale (the reading
//! changed: check the page again).

use std::path::Path;

use kommunetall_model::Diagnostic;
use serde::Deserialize;

use crate::real::RealError;

/// One printed sum the document gets wrong.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnSum {
    /// The page of the sum row.
    pub page: u32,
    /// The sum row's label, as read.
    pub row: String,
    /// The column's label, as read.
    pub column: String,
    /// The printed total.
    pub printed: f64,
    /// The sum of the items the page prints under or above it.
    pub items: f64,
    /// Why the document's figures disagree, from reading the page.
    pub why: String,
}

impl OwnSum {
    /// Whether the `sum_mismatch` finding `d` is this entry: same page,
    /// row, column, printed total and sum of items.
    #[must_use]
    pub fn matches(&self, d: &Diagnostic) -> bool {
        let num = |s: &Option<String>| s.as_deref().and_then(|t| t.parse::<f64>().ok());
        d.page == Some(self.page)
            && d.row_label.as_deref() == Some(self.row.as_str())
            && d.column_label.as_deref() == Some(self.column.as_str())
            && num(&d.actual).is_some_and(|v| (v - self.printed).abs() < 0.005)
            && num(&d.expected).is_some_and(|v| (v - self.items).abs() < 0.005)
    }

    /// "p116 row … column …: printed …, items …".
    #[must_use]
    pub fn describe(&self) -> String {
        format!(
            "p{} row \"{}\" column \"{}\": printed {}, items {}",
            self.page, self.row, self.column, self.printed, self.items
        )
    }
}

/// The document's own wrong sums listed for `doc` in `truth_dir`
/// (`<stem>.sums.json`); none when there is no such file.
///
/// # Errors
/// When the file cannot be read or is not a list of entries.
pub fn own_sums_of(doc: &Path, truth_dir: &Path) -> Result<Vec<OwnSum>, RealError> {
    let stem = doc
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let path = truth_dir.join(format!("{stem}.sums.json"));
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|source| RealError::Io {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| RealError::Truth {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// Of the `sum_mismatch` findings of one document, how many sum rows are
/// the document's own (every finding of the row listed), and the entries
/// no finding matches.
#[must_use]
pub fn classify(findings: &[Diagnostic], own: &[OwnSum]) -> (usize, Vec<String>) {
    let mut rows: Vec<(Option<&str>, Option<&str>, bool)> = Vec::new();
    for d in findings {
        let listed = own.iter().any(|o| o.matches(d));
        let key = (d.table_id.as_deref(), d.row_label.as_deref());
        match rows.iter_mut().find(|r| (r.0, r.1) == key) {
            Some(r) => r.2 &= listed,
            None => rows.push((key.0, key.1, listed)),
        }
    }
    let stale = own
        .iter()
        .filter(|o| !findings.iter().any(|d| o.matches(d)))
        .map(OwnSum::describe)
        .collect();
    (rows.iter().filter(|r| r.2).count(), stale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use kommunetall_model::Severity;

    fn finding(row: &str, column: &str, printed: &str, items: &str) -> Diagnostic {
        let mut d = Diagnostic::new("sum_mismatch", Severity::Warning, "");
        d.table_id = Some("p9-t1".into());
        d.page = Some(9);
        d.row_label = Some(row.into());
        d.column_label = Some(column.into());
        d.actual = Some(printed.into());
        d.expected = Some(items.into());
        d
    }

    fn own(row: &str, column: &str, printed: f64, items: f64) -> OwnSum {
        OwnSum {
            page: 9,
            row: row.into(),
            column: column.into(),
            printed,
            items,
            why: "read on the page".into(),
        }
    }

    #[test]
    fn a_row_is_the_documents_own_only_when_every_column_is_listed() {
        let findings = [
            finding("Yhteensä", "2024", "398181.23", "202338.35"),
            finding("Yhteensä", "2023", "711885.95", "212977.4"),
            finding("Sum", "2024", "10", "12"),
        ];
        let both = [
            own("Yhteensä", "2024", 398_181.23, 202_338.35),
            own("Yhteensä", "2023", 711_885.95, 212_977.4),
        ];
        assert_eq!(classify(&findings, &both), (1, vec![]));
        assert_eq!(classify(&findings, &both[..1]).0, 0);
    }

    #[test]
    fn an_entry_read_otherwise_now_is_stale() {
        let findings = [finding("Sum", "2024", "10", "11")];
        let (n, stale) = classify(&findings, &[own("Sum", "2024", 10.0, 12.0)]);
        assert_eq!(n, 0);
        assert_eq!(
            stale,
            ["p9 row \"Sum\" column \"2024\": printed 10, items 12"]
        );
    }
}
