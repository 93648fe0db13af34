//! The query model: which table and which value codes per variable, as plain
//! data (serde, so pipelines can declare queries in TOML), plus cell
//! counting, splitting along the largest dimension and the expansion of
//! PxWebApi selection expressions against a table's metadata.
//!
//! A query in TOML, in either of the two accepted selection forms:
//!
//! ```toml
//! table_id = "12362"
//! selections = [
//!   ["Tid", ["2023", "2024"]],
//!   { variable = "KOKkommuneregion0000", values = ["5001", "EAKUO"] },
//!   { variable = "ContentsCode", values = ["KOSandel3501"] },
//! ]
//! ```

use kommunetall_jsonstat::Dataset;
use serde::{Deserialize, Serialize};

use crate::error::{KostraError, Result};

/// The value codes wanted for one variable (dimension) of a table.
///
/// Deserializes from `{ variable = "Tid", values = ["2024"] }` (with an
/// optional `codelist`) or from the pair `["Tid", ["2024"]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "SelectionRepr")]
pub struct Selection {
    /// Variable code, e.g. `KOKkommuneregion0000`, `Tid`, `ContentsCode`.
    pub variable: String,
    /// Value codes, or PxWebApi v2 expressions (`*`, `01*`, `from(2015)`,
    /// `to(2020)`, `range(2015,2020)`, `top(3)`, `bottom(3)`).
    pub values: Vec<String>,
    /// Optional code list (value set or aggregation) the codes refer to,
    /// e.g. `agg_KOGkommuneregion000005402` as ssb.no uses for table 12362.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codelist: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SelectionRepr {
    Pair(String, Vec<String>),
    Full {
        variable: String,
        values: Vec<String>,
        #[serde(default)]
        codelist: Option<String>,
    },
}

impl From<SelectionRepr> for Selection {
    fn from(r: SelectionRepr) -> Self {
        match r {
            SelectionRepr::Pair(variable, values) => Self {
                variable,
                values,
                codelist: None,
            },
            SelectionRepr::Full {
                variable,
                values,
                codelist,
            } => Self {
                variable,
                values,
                codelist,
            },
        }
    }
}

impl Selection {
    /// A selection of the given codes.
    pub fn new<I, S>(variable: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            variable: variable.into(),
            values: values.into_iter().map(Into::into).collect(),
            codelist: None,
        }
    }

    /// Whether any value is a selection expression rather than a code.
    pub fn has_expression(&self) -> bool {
        self.values.iter().any(|v| is_expression(v))
    }

    /// Number of cells this selection contributes, counting an unexpanded
    /// `top(n)`/`bottom(n)` as `n` and any other expression as 1.
    pub fn count(&self) -> u64 {
        self.values
            .iter()
            .map(|v| top_bottom_count(v).unwrap_or(1))
            .sum()
    }
}

/// A request for one SSB table: the table id and the selections.
///
/// Variables without a selection are left to SSB (eliminated when the
/// table allows it, otherwise SSB's default selection applies); cell counts
/// here treat them as one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableQuery {
    /// SSB table id, e.g. `"12362"`.
    pub table_id: String,
    /// Selections, in the order they are sent.
    #[serde(default)]
    pub selections: Vec<Selection>,
}

impl TableQuery {
    /// A query for a table with no selections yet.
    pub fn new(table_id: impl Into<String>) -> Self {
        Self {
            table_id: table_id.into(),
            selections: Vec::new(),
        }
    }

    /// Adds (or replaces) the selection of one variable.
    #[must_use]
    pub fn select<I, S>(mut self, variable: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let sel = Selection::new(variable, values);
        match self
            .selections
            .iter_mut()
            .find(|s| s.variable == sel.variable)
        {
            Some(existing) => *existing = sel,
            None => self.selections.push(sel),
        }
        self
    }

    /// The selection of a variable, if any.
    pub fn selection(&self, variable: &str) -> Option<&Selection> {
        self.selections.iter().find(|s| s.variable == variable)
    }

    /// Number of cells the query asks for: the product of the selection
    /// sizes (see [`Selection::count`]).
    pub fn cell_count(&self) -> u64 {
        self.selections
            .iter()
            .fold(1u64, |acc, s| acc.saturating_mul(s.count()))
    }

    /// Whether any selection uses an expression (needs metadata to count
    /// or split exactly).
    pub fn has_expression(&self) -> bool {
        self.selections.iter().any(Selection::has_expression)
    }

    /// Checks that the query can be sent: a table id of letters and digits,
    /// no empty or duplicate selections.
    pub fn validate(&self) -> Result<()> {
        let bad = |reason: String| KostraError::InvalidQuery {
            table: self.table_id.clone(),
            reason,
        };
        if self.table_id.is_empty() || !self.table_id.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(bad("table id must be letters and digits".into()));
        }
        for (i, s) in self.selections.iter().enumerate() {
            if s.variable.trim().is_empty() {
                return Err(bad(format!("selection {i} has an empty variable code")));
            }
            if s.values.is_empty() {
                return Err(bad(format!(
                    "selection of {} has no value codes",
                    s.variable
                )));
            }
            if s.values.iter().any(|v| v.trim().is_empty()) {
                return Err(bad(format!(
                    "selection of {} has an empty value code",
                    s.variable
                )));
            }
            if self.selections[..i]
                .iter()
                .any(|o| o.variable == s.variable)
            {
                return Err(bad(format!("variable {} selected twice", s.variable)));
            }
        }
        Ok(())
    }

    /// Splits the query into queries of at most `max_cells` cells each,
    /// cutting the largest splittable selection (one of plain codes) into
    /// chunks, recursively. The parts are disjoint and together cover the
    /// original query. A query already within the limit, or one that cannot
    /// be split further, comes back as a single part.
    pub fn split(&self, max_cells: u64) -> Vec<TableQuery> {
        let max_cells = max_cells.max(1);
        let cells = self.cell_count();
        if cells <= max_cells {
            return vec![self.clone()];
        }
        let largest = self
            .selections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.values.len() > 1 && !s.has_expression())
            .max_by(|(ia, a), (ib, b)| a.values.len().cmp(&b.values.len()).then(ib.cmp(ia)));
        let Some((idx, sel)) = largest else {
            return vec![self.clone()];
        };
        let n = sel.values.len() as u64;
        let rest = (cells / n).max(1);
        let per = usize::try_from((max_cells / rest).max(1)).unwrap_or(usize::MAX);
        let mut out = Vec::new();
        for chunk in sel.values.chunks(per) {
            let mut part = self.clone();
            if let Some(s) = part.selections.get_mut(idx) {
                s.values = chunk.to_vec();
            }
            out.extend(part.split(max_cells));
        }
        out
    }

    /// Replaces the expressions `*`, globs with `*`/`?`, `from(x)`, `to(x)`
    /// and `range(x,y)` by the matching codes of the table's metadata (in
    /// the metadata's order, bounds inclusive). `top(n)` and `bottom(n)` are
    /// left to SSB. Selections whose variable the metadata lacks are kept.
    pub fn expand(&self, metadata: &Dataset) -> Result<TableQuery> {
        let mut out = self.clone();
        for sel in &mut out.selections {
            if !sel.has_expression() {
                continue;
            }
            let Some(dim) = metadata.dimension(&sel.variable) else {
                continue;
            };
            if sel.codelist.is_some() {
                // Codes of a code list are not the metadata's default codes.
                continue;
            }
            let codes: Vec<&str> = dim.codes().collect();
            let mut expanded: Vec<String> = Vec::new();
            for v in &sel.values {
                let picked = expand_one(v, &codes).map_err(|reason| KostraError::InvalidQuery {
                    table: self.table_id.clone(),
                    reason: format!("{}: {reason}", sel.variable),
                })?;
                for p in picked {
                    if !expanded.contains(&p) {
                        expanded.push(p);
                    }
                }
            }
            if expanded.is_empty() {
                return Err(KostraError::InvalidQuery {
                    table: self.table_id.clone(),
                    reason: format!("{}: {:?} matches no code", sel.variable, sel.values),
                });
            }
            sel.values = expanded;
        }
        Ok(out)
    }
}

/// Whether a value code is a PxWebApi selection expression.
pub fn is_expression(v: &str) -> bool {
    v.contains('*') || v.contains('?') || func_call(v).is_some()
}

/// `name(args)` with a known function name, lower-cased name and the raw
/// argument text.
fn func_call(v: &str) -> Option<(String, &str)> {
    let open = v.find('(')?;
    let inner = v.get(open + 1..)?.strip_suffix(')')?;
    let name = v.get(..open)?.trim().to_ascii_lowercase();
    matches!(name.as_str(), "top" | "bottom" | "from" | "to" | "range").then_some((name, inner))
}

fn top_bottom_count(v: &str) -> Option<u64> {
    let (name, args) = func_call(v)?;
    if name != "top" && name != "bottom" {
        return None;
    }
    args.split(',').next()?.trim().parse().ok()
}

/// Expands one value (code or expression) against the codes in order.
fn expand_one(v: &str, codes: &[&str]) -> std::result::Result<Vec<String>, String> {
    let own = |s: &[&str]| s.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let pos = |c: &str| {
        codes
            .iter()
            .position(|x| *x == c.trim())
            .ok_or_else(|| format!("unknown code {c:?} in {v:?}"))
    };
    if let Some((name, args)) = func_call(v) {
        return match name.as_str() {
            "from" => Ok(own(&codes[pos(args)?..])),
            "to" => Ok(own(&codes[..=pos(args)?])),
            "range" => {
                let (a, b) = args
                    .split_once(',')
                    .ok_or_else(|| format!("range needs two codes: {v:?}"))?;
                let (a, b) = (pos(a)?, pos(b)?);
                let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                Ok(own(&codes[lo..=hi]))
            }
            // top/bottom: SSB decides (order semantics differ by variable).
            _ => Ok(vec![v.to_owned()]),
        };
    }
    if v.contains('*') || v.contains('?') {
        return Ok(codes
            .iter()
            .filter(|c| glob_match(v, c))
            .map(|c| (*c).to_owned())
            .collect());
    }
    Ok(vec![v.to_owned()])
}

/// `*` matches any run of characters, `?` exactly one.
fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryFile {
    #[serde(default)]
    kostra: Vec<TableQuery>,
    #[serde(default)]
    query: Vec<TableQuery>,
}

/// Reads a query file: an array of tables `[[kostra]]` (or `[[query]]`), each
/// a [`TableQuery`]. Every query is validated.
///
/// ```
/// let qs = kommunetall_kostra::parse_queries_toml(r#"
/// [[kostra]]
/// table_id = "12134"
/// selections = [
///   { variable = "KOKkommuneregion0000", values = ["5001"] },
///   ["Tid", ["2024"]],
/// ]
/// "#)?;
/// assert_eq!(qs[0].selection("Tid").map(|s| s.values.len()), Some(1));
/// # Ok::<(), kommunetall_kostra::KostraError>(())
/// ```
pub fn parse_queries_toml(text: &str) -> Result<Vec<TableQuery>> {
    let file: QueryFile = toml::from_str(text).map_err(|e| KostraError::Config {
        context: "KOSTRA query file".into(),
        reason: e.to_string(),
    })?;
    let mut out = file.kostra;
    out.extend(file.query);
    for q in &out {
        q.validate()?;
    }
    Ok(out)
}

/// Writes queries as a `[[kostra]]` query file (one inline table per
/// selection), preceded by `header` as `#` comment lines. The inverse of
/// [`parse_queries_toml`].
pub fn queries_to_toml(queries: &[TableQuery], header: &str) -> String {
    let s = |v: &str| toml::Value::String(v.to_owned()).to_string();
    let mut out = String::new();
    for line in header.lines() {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {line}\n"));
        }
    }
    for q in queries {
        out.push_str(&format!(
            "\n[[kostra]]\ntable_id = {}\nselections = [\n",
            s(&q.table_id)
        ));
        for Selection {
            variable,
            values,
            codelist,
        } in &q.selections
        {
            let vals: Vec<String> = values.iter().map(|v| s(v)).collect();
            out.push_str(&format!(
                "  {{ variable = {}, values = [{}]",
                s(variable),
                vals.join(", ")
            ));
            if let Some(cl) = codelist {
                out.push_str(&format!(", codelist = {}", s(cl)));
            }
            out.push_str(" },\n");
        }
        out.push_str("]\n");
    }
    out
}

/// Removes `ContentsCode` values starting with `placeholder_prefix` (codes
/// that were never looked up, such as `UNKNOWN_…`) so they are never sent to
/// SSB. Returns the queries that still select a contents code, and the codes
/// removed as `table/code`.
pub fn without_placeholders(
    queries: &[TableQuery],
    placeholder_prefix: &str,
) -> (Vec<TableQuery>, Vec<String>) {
    let mut kept = Vec::new();
    let mut removed = Vec::new();
    for q in queries {
        let mut q = q.clone();
        let mut empty = false;
        if let Some(sel) = q
            .selections
            .iter_mut()
            .find(|s| s.variable == "ContentsCode")
        {
            for v in sel
                .values
                .iter()
                .filter(|v| v.starts_with(placeholder_prefix))
            {
                removed.push(format!("{}/{v}", q.table_id));
            }
            sel.values.retain(|v| !v.starts_with(placeholder_prefix));
            empty = sel.values.is_empty();
        }
        if !empty {
            kept.push(q);
        }
    }
    (kept, removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob() {
        assert!(glob_match("*", "abc"));
        assert!(glob_match("EKG*", "EKG13"));
        assert!(glob_match("?301", "0301"));
        assert!(!glob_match("EKG*", "EAK"));
        assert!(glob_match("a*c*e", "abcde"));
        assert!(!glob_match("a*c*f", "abcde"));
    }

    #[test]
    fn split_covers_everything() {
        let years: Vec<String> = (2015..2025).map(|y| y.to_string()).collect();
        let regions: Vec<String> = (0..100).map(|r| format!("{r:04}")).collect();
        let q = TableQuery::new("12362")
            .select("Tid", years)
            .select("KOKkommuneregion0000", regions)
            .select("ContentsCode", ["A", "B"]);
        assert_eq!(q.cell_count(), 2000);
        let parts = q.split(300);
        assert!(parts.iter().all(|p| p.cell_count() <= 300));
        assert_eq!(parts.iter().map(TableQuery::cell_count).sum::<u64>(), 2000);
        // the largest dimension (regions) is the one cut
        assert!(
            parts
                .iter()
                .all(|p| p.selection("Tid").map(|s| s.values.len()) == Some(10))
        );
        // recursive when even one region is too many
        let parts = q.split(5);
        assert!(parts.iter().all(|p| p.cell_count() <= 5));
        assert_eq!(parts.iter().map(TableQuery::cell_count).sum::<u64>(), 2000);
    }

    #[test]
    fn expressions() {
        let codes = ["2015", "2016", "2017", "2018"];
        assert_eq!(
            expand_one("from(2017)", &codes),
            Ok(vec!["2017".into(), "2018".into()])
        );
        assert_eq!(
            expand_one("to(2016)", &codes),
            Ok(vec!["2015".into(), "2016".into()])
        );
        assert_eq!(
            expand_one("range(2016,2017)", &codes),
            Ok(vec!["2016".into(), "2017".into()])
        );
        assert_eq!(expand_one("201?", &codes).map(|v| v.len()), Ok(4));
        assert_eq!(expand_one("top(2)", &codes), Ok(vec!["top(2)".into()]));
        assert!(expand_one("from(1999)", &codes).is_err());
        assert_eq!(top_bottom_count("top(3)"), Some(3));
        assert!(is_expression("*"));
        assert!(!is_expression("EAKUO"));
    }

    #[test]
    fn placeholders_are_never_sent() -> Result<()> {
        let qs = vec![
            TableQuery::new("12562")
                .select("ContentsCode", ["UNKNOWN_a", "KOSandel120000"])
                .select("Tid", ["2024"]),
            TableQuery::new("12295").select("ContentsCode", ["UNKNOWN_b"]),
        ];
        let (kept, removed) = without_placeholders(&qs, "UNKNOWN_");
        assert_eq!(removed, ["12562/UNKNOWN_a", "12295/UNKNOWN_b"]);
        assert_eq!(kept.len(), 1);
        assert_eq!(
            kept[0].selection("ContentsCode").map(|s| s.values.clone()),
            Some(vec!["KOSandel120000".to_owned()])
        );
        // round trip through the query file format
        let text = queries_to_toml(&kept, "generated\n\nby a test");
        assert!(text.starts_with("# generated\n#\n# by a test\n"));
        assert_eq!(parse_queries_toml(&text)?, kept);
        Ok(())
    }

    #[test]
    fn validate_rejects_bad_queries() {
        assert!(TableQuery::new("12 362").validate().is_err());
        assert!(
            TableQuery::new("12362")
                .select("Tid", Vec::<String>::new())
                .validate()
                .is_err()
        );
        let mut q = TableQuery::new("12362").select("Tid", ["2024"]);
        q.selections.push(Selection::new("Tid", ["2023"]));
        assert!(q.validate().is_err());
        assert!(
            TableQuery::new("12362")
                .select("Tid", ["2024"])
                .validate()
                .is_ok()
        );
    }
}
