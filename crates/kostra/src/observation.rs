//! Turning a parsed JSON-stat dataset into KOSTRA observations: one row per
//! cell with the contents (indicator), region, year, value, unit and status,
//! and every other dimension (e.g. `KOKfunksjon0000`, `KOKart0000`) kept as
//! extra `(dimension, code, label)` triples.

use std::collections::HashMap;

use kommunetall_jsonstat::{Dataset, Dimension, Role};
use serde::{Deserialize, Serialize};

use crate::error::{KostraError, Result};

/// A further dimension of an observation (function, type of expense, ...).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExtraCategory {
    /// Dimension id, e.g. `KOKfunksjon0000`.
    pub dimension: String,
    /// Category code, e.g. `FGK7`.
    pub code: String,
    /// Category label, e.g. `Barnehage`.
    pub label: String,
}

/// One KOSTRA cell in long form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KostraObservation {
    /// SSB table id, e.g. `12362`.
    pub table_id: String,
    /// `ContentsCode` category code (the statistics variable).
    pub contents_code: String,
    /// Its label, e.g. "Andel av totale utgifter (prosent)".
    pub indicator_label: String,
    /// Region code: a municipality number (`5001`) or an aggregate
    /// (`EAKUO`, `EKG13`, ...).
    pub region_code: String,
    /// Region label verbatim (SSB writes e.g. "Trondheim - Tråante").
    pub region_name: String,
    /// The time code verbatim (`2024`).
    pub period: String,
    /// The year: the period's leading four digits, if it has them.
    pub year: Option<i32>,
    /// The value; `None` for null cells.
    pub value: Option<f64>,
    /// Unit of the contents (`category.unit` label or base), if given.
    pub unit: Option<String>,
    /// SSB status symbol (`.`, `..`, `:`), if any.
    pub status: Option<String>,
    /// The dataset's `updated` timestamp, verbatim.
    pub updated: Option<String>,
    /// Every other dimension, in dataset order.
    pub extra: Vec<ExtraCategory>,
}

impl KostraObservation {
    /// The code of an extra dimension, if the observation has it.
    pub fn extra_code(&self, dimension: &str) -> Option<&str> {
        self.extra
            .iter()
            .find(|e| e.dimension == dimension)
            .map(|e| e.code.as_str())
    }
}

fn find_dim<'a>(
    ds: &'a Dataset,
    role: &Role,
    fallback: impl Fn(&str) -> bool,
) -> Option<&'a Dimension> {
    ds.dimensions_with_role(role)
        .next()
        .or_else(|| ds.dimensions.iter().find(|d| fallback(&d.id)))
}

/// Whether a dimension id looks like a region dimension
/// (`KOKkommuneregion0000`, `KOKbydelsregion0000`, `Region`, ...).
pub fn is_region_dimension_id(id: &str) -> bool {
    id == "Region" || id.to_ascii_lowercase().contains("region")
}

/// The year of a time code: its leading four digits.
pub fn year_of(period: &str) -> Option<i32> {
    kommunetall_lexicon::year::of_period(period)
}

/// Extracts every cell of a dataset as a [`KostraObservation`].
///
/// The region dimension is the one with role `geo`, else one whose id
/// contains "region" (`KOKkommuneregion0000`, `Region`); the time dimension
/// has role `time` or id `Tid`; the contents dimension role `metric` or id
/// `ContentsCode`. The table id is taken from `extension.px.tableid`, else
/// `table_id` (the id the caller asked for), else the label's `12362:`
/// prefix.
pub fn observations_from_dataset(
    ds: &Dataset,
    table_id: Option<&str>,
) -> Result<Vec<KostraObservation>> {
    let table = ds
        .table_id()
        .map(str::to_owned)
        .or_else(|| table_id.map(str::to_owned))
        .or_else(|| {
            let label = ds.label.as_deref()?;
            let (head, _) = label.split_once(':')?;
            (!head.is_empty() && head.chars().all(|c| c.is_ascii_alphanumeric()))
                .then(|| head.to_owned())
        })
        .unwrap_or_default();
    let missing = |what, looked_for| KostraError::MissingDimension {
        table: if table.is_empty() {
            ds.label.clone().unwrap_or_default()
        } else {
            table.clone()
        },
        what,
        looked_for,
    };
    let region = find_dim(ds, &Role::Geo, is_region_dimension_id)
        .ok_or_else(|| missing("region", "role geo, id containing \"region\""))?;
    let time = find_dim(ds, &Role::Time, |id| id == "Tid")
        .ok_or_else(|| missing("time", "role time, id Tid"))?;
    let contents = find_dim(ds, &Role::Metric, |id| id == "ContentsCode")
        .ok_or_else(|| missing("contents", "role metric, id ContentsCode"))?;
    let units: HashMap<&str, String> = contents
        .categories
        .iter()
        .filter_map(|c| Some((c.code.as_str(), c.unit.as_ref()?.name()?.to_owned())))
        .collect();

    let mut out = Vec::with_capacity(ds.cell_count());
    for obs in ds.observations() {
        let mut row = KostraObservation {
            table_id: table.clone(),
            contents_code: String::new(),
            indicator_label: String::new(),
            region_code: String::new(),
            region_name: String::new(),
            period: String::new(),
            year: None,
            value: obs.value,
            unit: None,
            status: obs.status.clone(),
            updated: ds.updated.clone(),
            extra: Vec::new(),
        };
        for cat in obs.categories {
            if cat.dimension == region.id {
                row.region_code = cat.code;
                row.region_name = cat.label;
            } else if cat.dimension == time.id {
                row.year = year_of(&cat.code);
                row.period = cat.code;
            } else if cat.dimension == contents.id {
                row.unit = units.get(cat.code.as_str()).cloned();
                row.contents_code = cat.code;
                row.indicator_label = cat.label;
            } else {
                row.extra.push(ExtraCategory {
                    dimension: cat.dimension,
                    code: cat.code,
                    label: cat.label,
                });
            }
        }
        out.push(row);
    }
    Ok(out)
}
