//! The typed model of a JSON-stat dataset: dimensions, categories, units,
//! values and status symbols, plus cell addressing and the long ("tidy")
//! observation view.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use crate::JsonStatError;

/// The role a dimension plays, from the dataset's `role` member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Time dimension (SSB: `Tid`).
    Time,
    /// Geographic dimension (SSB: `Region`, `KOKkommuneregion0000`, ...).
    Geo,
    /// Metric dimension: what is measured (SSB: `ContentsCode`).
    Metric,
    /// Classification dimension (an extension PxWeb v2 emits).
    Classification,
    /// Any other role name, kept verbatim.
    Other(String),
}

impl Role {
    /// Maps a role name from the `role` member to a [`Role`].
    pub fn from_name(name: &str) -> Self {
        match name {
            "time" => Self::Time,
            "geo" => Self::Geo,
            "metric" => Self::Metric,
            "classification" => Self::Classification,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The role name as written in JSON-stat.
    pub fn name(&self) -> &str {
        match self {
            Self::Time => "time",
            Self::Geo => "geo",
            Self::Metric => "metric",
            Self::Classification => "classification",
            Self::Other(s) => s,
        }
    }
}

/// Unit information of a category (normally of a metric dimension), from
/// `category.unit`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Unit {
    /// `label` of the unit, e.g. "NOK 1000" (JSON-stat 2.0).
    pub label: Option<String>,
    /// `base` of the unit, e.g. "prosent", "indeks" (SSB / JSON-stat 1).
    pub base: Option<String>,
    /// Number of decimals the values should be shown with.
    pub decimals: Option<u32>,
    /// `symbol`, e.g. "kr".
    pub symbol: Option<String>,
    /// `position` of the symbol ("start" or "end").
    pub position: Option<String>,
    /// Any further members, kept verbatim.
    pub extra: BTreeMap<String, Value>,
}

impl Unit {
    /// The best human-readable name of the unit: `label`, else `base`.
    pub fn name(&self) -> Option<&str> {
        self.label.as_deref().or(self.base.as_deref())
    }
}

/// One category of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// The category code (the key in `index`), e.g. "0301" or "2024".
    pub code: String,
    /// The category label; the code when the response gives no label.
    pub label: String,
    /// Unit, when `category.unit` has an entry for this code.
    pub unit: Option<Unit>,
    /// Category notes (`category.note[code]`), if any.
    pub note: Vec<String>,
}

/// One dimension of a dataset, with its categories in index order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dimension {
    /// The dimension id (e.g. "Tid", "ContentsCode").
    pub id: String,
    /// The dimension label; the id when the response gives no label.
    pub label: String,
    /// Role of this dimension, if the dataset declares one.
    pub role: Option<Role>,
    /// Categories in position order: `categories[i]` has index `i`.
    pub categories: Vec<Category>,
    /// Dimension notes.
    pub note: Vec<String>,
    /// The dimension's `extension` member (SSB: `elimination`, `show`,
    /// `refperiod`, `codeLists`), verbatim.
    pub extension: Option<Value>,
    /// The dimension's `link` member, verbatim.
    pub link: Option<Value>,
    /// The dimension's `category.child` hierarchy, verbatim.
    pub child: Option<Value>,
    #[serde(skip)]
    pub(crate) positions: HashMap<String, usize>,
}

impl Dimension {
    /// Number of categories (the dimension's `size`).
    pub fn size(&self) -> usize {
        self.categories.len()
    }

    /// Position of a category code in this dimension.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.positions.get(code).copied()
    }

    /// The category with the given code.
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.position(code).and_then(|p| self.categories.get(p))
    }

    /// Category codes in position order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(|c| c.code.as_str())
    }
}

/// How the `value` member was stored in the response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) enum Values {
    /// A flat row-major array with one entry per cell.
    Dense(Vec<Option<f64>>),
    /// An object keyed by flat cell index; absent cells are `null`.
    Sparse(BTreeMap<usize, f64>),
    /// No `value` member at all (a metadata response).
    Absent,
}

/// How the `status` member was stored in the response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) enum Statuses {
    /// No `status` member.
    None,
    /// One symbol for every cell.
    All(String),
    /// A flat array with one entry per cell.
    Dense(Vec<Option<String>>),
    /// An object keyed by flat cell index.
    Sparse(BTreeMap<usize, String>),
}

/// A parsed JSON-stat dataset.
///
/// Values are addressed row-major: the last dimension in [`Dataset::dimensions`]
/// varies fastest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dataset {
    /// JSON-stat version (`"2.0"`; `None` for JSON-stat 1 responses).
    pub version: Option<String>,
    /// The dataset label (SSB: "05300: Avstand til ...").
    pub label: Option<String>,
    /// `source` (SSB: "Statistisk sentralbyrå").
    pub source: Option<String>,
    /// `updated` timestamp, verbatim (ISO 8601 as SSB writes it).
    pub updated: Option<String>,
    /// `href` of the dataset, if given.
    pub href: Option<String>,
    /// Dataset notes.
    pub note: Vec<String>,
    /// The dataset's `extension` member verbatim (SSB: `px.tableid`,
    /// `px.decimals`, `contact`, ...). See [`Dataset::extension_path`].
    pub extension: Option<Value>,
    /// The dataset's `link` member, verbatim.
    pub link: Option<Value>,
    /// The dataset's `error` array, verbatim (empty when absent).
    pub error: Vec<Value>,
    /// Role name → dimension ids, as declared.
    pub role: BTreeMap<String, Vec<String>>,
    /// Dimensions in `id` order.
    pub dimensions: Vec<Dimension>,
    pub(crate) values: Values,
    pub(crate) statuses: Statuses,
    /// Symbols found in place of numbers in `value` (e.g. `".."` as a
    /// string); used as status when `status` has nothing for that cell.
    pub(crate) value_symbols: BTreeMap<usize, String>,
    pub(crate) cell_count: usize,
}

/// One dimension coordinate of an [`Observation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObsCategory {
    /// Dimension id.
    pub dimension: String,
    /// Category code.
    pub code: String,
    /// Category label.
    pub label: String,
}

/// One cell of the dataset in long form: one category per dimension, the
/// value and the status symbol.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// Flat row-major cell index.
    pub index: usize,
    /// One entry per dimension, in dimension order.
    pub categories: Vec<ObsCategory>,
    /// The number, or `None` when the cell is `null` / absent.
    pub value: Option<f64>,
    /// The status symbol verbatim (SSB: `"."` not applicable, `".."`
    /// missing, `":"` confidential, `"..."`, `"-"` in older tables).
    pub status: Option<String>,
}

impl Observation {
    /// The category code this observation has in dimension `dimension`.
    pub fn code(&self, dimension: &str) -> Option<&str> {
        self.categories
            .iter()
            .find(|c| c.dimension == dimension)
            .map(|c| c.code.as_str())
    }

    /// The category label this observation has in dimension `dimension`.
    pub fn label(&self, dimension: &str) -> Option<&str> {
        self.categories
            .iter()
            .find(|c| c.dimension == dimension)
            .map(|c| c.label.as_str())
    }
}

impl Dataset {
    /// The dimension with the given id.
    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// Dimension ids in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.dimensions.iter().map(|d| d.id.as_str())
    }

    /// Dimension sizes in order.
    pub fn sizes(&self) -> Vec<usize> {
        self.dimensions.iter().map(Dimension::size).collect()
    }

    /// Number of cells: the product of the dimension sizes.
    pub fn cell_count(&self) -> usize {
        self.cell_count
    }

    /// Whether the response carried a `value` member. `false` only for
    /// datasets read with [`parse_metadata`](crate::parse_metadata) from a
    /// metadata response.
    pub fn has_values(&self) -> bool {
        !matches!(self.values, Values::Absent)
    }

    /// Whether `value` came as a sparse object (index → value).
    pub fn is_sparse(&self) -> bool {
        matches!(self.values, Values::Sparse(_))
    }

    /// Dimensions having the given role, in dimension order.
    pub fn dimensions_with_role(&self, role: &Role) -> impl Iterator<Item = &Dimension> {
        self.dimensions
            .iter()
            .filter(move |d| d.role.as_ref() == Some(role))
    }

    /// A member inside `extension` by path, e.g. `&["px", "tableid"]`.
    pub fn extension_path(&self, path: &[&str]) -> Option<&Value> {
        let mut cur = self.extension.as_ref()?;
        for key in path {
            cur = cur.get(key)?;
        }
        Some(cur)
    }

    /// SSB's table id from `extension.px.tableid`, if present.
    pub fn table_id(&self) -> Option<&str> {
        self.extension_path(&["px", "tableid"])?.as_str()
    }

    /// Number of non-null values.
    pub fn value_count(&self) -> usize {
        match &self.values {
            Values::Dense(v) => v.iter().filter(|x| x.is_some()).count(),
            Values::Sparse(m) => m.len(),
            Values::Absent => 0,
        }
    }

    /// The value at a flat row-major cell index (`None` for null, absent,
    /// or an index out of range).
    pub fn value(&self, index: usize) -> Option<f64> {
        match &self.values {
            Values::Dense(v) => v.get(index).copied().flatten(),
            Values::Sparse(m) => m.get(&index).copied(),
            Values::Absent => None,
        }
    }

    /// The status symbol at a flat row-major cell index.
    pub fn status(&self, index: usize) -> Option<&str> {
        if index >= self.cell_count {
            return None;
        }
        let explicit = match &self.statuses {
            Statuses::None => None,
            Statuses::All(s) => Some(s.as_str()),
            Statuses::Dense(v) => v.get(index).and_then(|s| s.as_deref()),
            Statuses::Sparse(m) => m.get(&index).map(String::as_str),
        };
        explicit.or_else(|| self.value_symbols.get(&index).map(String::as_str))
    }

    /// The cells that carry a per-cell status symbol, as `(flat index,
    /// symbol)`, in index order. A dataset-wide status string (see
    /// [`Dataset::status_for_all`]) is not expanded here.
    pub fn statuses(&self) -> Vec<(usize, &str)> {
        let mut out: BTreeMap<usize, &str> = BTreeMap::new();
        for (i, s) in &self.value_symbols {
            out.insert(*i, s);
        }
        match &self.statuses {
            Statuses::None | Statuses::All(_) => {}
            Statuses::Dense(v) => {
                for (i, s) in v.iter().enumerate() {
                    if let Some(s) = s {
                        out.insert(i, s);
                    }
                }
            }
            Statuses::Sparse(m) => {
                for (i, s) in m {
                    out.insert(*i, s);
                }
            }
        }
        out.into_iter().collect()
    }

    /// The status symbol when `status` was given as one string for all
    /// cells.
    pub fn status_for_all(&self) -> Option<&str> {
        match &self.statuses {
            Statuses::All(s) => Some(s),
            _ => None,
        }
    }

    /// Flat row-major index of a cell given one category position per
    /// dimension.
    pub fn flat_index(&self, positions: &[usize]) -> Result<usize, JsonStatError> {
        if positions.len() != self.dimensions.len() {
            return Err(JsonStatError::InvalidField {
                context: "cell lookup".into(),
                field: "positions",
                reason: format!(
                    "{} positions given for {} dimensions",
                    positions.len(),
                    self.dimensions.len()
                ),
            });
        }
        let mut flat = 0usize;
        for (dim, &pos) in self.dimensions.iter().zip(positions) {
            if pos >= dim.size() {
                return Err(JsonStatError::CellOutOfRange {
                    index: pos,
                    cells: dim.size(),
                });
            }
            // Cannot overflow: flat < cell_count, which fits in usize.
            flat = flat * dim.size() + pos;
        }
        Ok(flat)
    }

    /// Category positions (one per dimension) of a flat row-major index.
    pub fn positions(&self, index: usize) -> Result<Vec<usize>, JsonStatError> {
        if index >= self.cell_count {
            return Err(JsonStatError::CellOutOfRange {
                index,
                cells: self.cell_count,
            });
        }
        let mut rest = index;
        let mut pos = vec![0; self.dimensions.len()];
        for (slot, dim) in pos.iter_mut().zip(&self.dimensions).rev() {
            let size = dim.size().max(1);
            *slot = rest % size;
            rest /= size;
        }
        Ok(pos)
    }

    /// Flat index of the cell addressed by `(dimension id, category code)`
    /// pairs, in any order. Dimensions with a single category may be left
    /// out.
    pub fn index_of(&self, coords: &[(&str, &str)]) -> Result<usize, JsonStatError> {
        let mut positions: Vec<Option<usize>> = vec![None; self.dimensions.len()];
        for (dim_id, code) in coords {
            let d = self
                .dimensions
                .iter()
                .position(|d| d.id == *dim_id)
                .ok_or_else(|| JsonStatError::UnknownDimension((*dim_id).to_owned()))?;
            let dim = &self.dimensions[d];
            let p = dim
                .position(code)
                .ok_or_else(|| JsonStatError::UnknownCode {
                    dimension: dim.id.clone(),
                    code: (*code).to_owned(),
                })?;
            if positions[d].replace(p).is_some() {
                return Err(JsonStatError::DuplicateCoordinate(dim.id.clone()));
            }
        }
        let mut full = Vec::with_capacity(positions.len());
        for (p, dim) in positions.into_iter().zip(&self.dimensions) {
            match p {
                Some(p) => full.push(p),
                None if dim.size() == 1 => full.push(0),
                None => return Err(JsonStatError::MissingCoordinate(dim.id.clone())),
            }
        }
        self.flat_index(&full)
    }

    /// The value of the cell addressed by `(dimension id, category code)`
    /// pairs (see [`Dataset::index_of`]); `Ok(None)` for a null cell.
    pub fn value_at(&self, coords: &[(&str, &str)]) -> Result<Option<f64>, JsonStatError> {
        Ok(self.value(self.index_of(coords)?))
    }

    /// The status symbol of the cell addressed by codes.
    pub fn status_at(&self, coords: &[(&str, &str)]) -> Result<Option<&str>, JsonStatError> {
        Ok(self.status(self.index_of(coords)?))
    }

    /// The full observation of the cell addressed by codes.
    pub fn observation_at(&self, coords: &[(&str, &str)]) -> Result<Observation, JsonStatError> {
        self.observation(self.index_of(coords)?)
    }

    /// The observation at a flat row-major cell index.
    pub fn observation(&self, index: usize) -> Result<Observation, JsonStatError> {
        let positions = self.positions(index)?;
        let categories = self
            .dimensions
            .iter()
            .zip(&positions)
            .filter_map(|(dim, &p)| {
                dim.categories.get(p).map(|c| ObsCategory {
                    dimension: dim.id.clone(),
                    code: c.code.clone(),
                    label: c.label.clone(),
                })
            })
            .collect();
        Ok(Observation {
            index,
            categories,
            value: self.value(index),
            status: self.status(index).map(str::to_owned),
        })
    }

    /// All cells in long form, in row-major order (last dimension fastest).
    ///
    /// Yields every cell, including null ones (for a sparse `value` object
    /// the absent cells come out with `value: None`). Yields nothing for a
    /// metadata-only dataset. The iterator is lazy.
    pub fn observations(&self) -> Observations<'_> {
        let end = if self.has_values() {
            self.cell_count
        } else {
            0
        };
        Observations {
            dataset: self,
            next: 0,
            end,
        }
    }

    /// Only the cells that have a value or a per-cell status symbol, in
    /// row-major order. For a sparse dataset this visits only the stored
    /// cells (a dataset-wide status string does not make a cell present).
    pub fn present_observations(&self) -> Vec<Observation> {
        let mut idx: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
        match &self.values {
            Values::Dense(v) => idx.extend(
                v.iter()
                    .enumerate()
                    .filter(|(_, x)| x.is_some())
                    .map(|(i, _)| i),
            ),
            Values::Sparse(m) => idx.extend(m.keys().copied()),
            Values::Absent => return Vec::new(),
        }
        idx.extend(self.statuses().into_iter().map(|(i, _)| i));
        idx.into_iter()
            .filter_map(|i| self.observation(i).ok())
            .collect()
    }
}

/// Lazy iterator over a dataset's cells, see [`Dataset::observations`].
#[derive(Debug, Clone)]
pub struct Observations<'a> {
    dataset: &'a Dataset,
    next: usize,
    end: usize,
}

impl Iterator for Observations<'_> {
    type Item = Observation;

    fn next(&mut self) -> Option<Observation> {
        if self.next >= self.end {
            return None;
        }
        let obs = self.dataset.observation(self.next).ok();
        self.next += 1;
        obs
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Observations<'_> {}
