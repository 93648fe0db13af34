//! Typed errors for reading JSON-stat responses and looking up cells.

use thiserror::Error;

/// Everything that can go wrong while reading a JSON-stat document or
/// addressing a cell in a parsed [`Dataset`](crate::Dataset).
///
/// Parsing never panics: malformed input of any kind ends up as one of these
/// variants.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum JsonStatError {
    /// The input is not valid JSON at all.
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),

    /// The top-level JSON value is not an object.
    #[error("expected a JSON object at the top level, found {found}")]
    NotAnObject {
        /// The JSON type that was found instead (`array`, `string`, ...).
        found: &'static str,
    },

    /// The JSON is a well-formed object but not a JSON-stat dataset; `what`
    /// says what it looks like (for example a PxWeb metadata response or a
    /// POST query body).
    #[error("not a JSON-stat dataset: this looks like {what}")]
    NotJsonStat {
        /// Human-readable guess of what the document is.
        what: String,
    },

    /// A JSON-stat document whose `class` this crate does not read
    /// (`collection`, `dimension`, ...).
    #[error("unsupported JSON-stat class {class:?} (only \"dataset\" is supported)")]
    UnsupportedClass {
        /// The `class` member as found.
        class: String,
    },

    /// The server answered with an error document (RFC 7807 problem details
    /// as PxWeb v2 returns them) instead of data.
    #[error("API error response (status {status:?}): {title}{}", detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    ApiError {
        /// HTTP status code given in the body, if any.
        status: Option<u64>,
        /// Short title of the problem.
        title: String,
        /// Longer description, if any.
        detail: Option<String>,
    },

    /// A JSON-stat 1 bundle with several datasets was given to
    /// [`parse`](crate::parse); use [`parse_bundle`](crate::parse_bundle).
    #[error("JSON-stat 1 bundle holds {} datasets ({}); use parse_bundle", names.len(), names.join(", "))]
    MultipleDatasets {
        /// Bundle keys of the datasets.
        names: Vec<String>,
    },

    /// The dataset structure is valid but it carries no `value` member: this
    /// is a metadata response. Use [`parse_metadata`](crate::parse_metadata)
    /// to read its dimensions.
    #[error(
        "JSON-stat dataset has no `value` member (a metadata response?); use parse_metadata to read its dimensions"
    )]
    NoValues,

    /// A required member is missing.
    #[error("{context}: missing required member `{field}`")]
    MissingField {
        /// Where the member was expected (`dataset`, `dimension "Tid"`, ...).
        context: String,
        /// The missing member name.
        field: &'static str,
    },

    /// A member has the wrong type or an impossible value.
    #[error("{context}: invalid `{field}`: {reason}")]
    InvalidField {
        /// Where the member was found.
        context: String,
        /// The member name.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// `id` and `size` have different lengths.
    #[error("`id` lists {ids} dimensions but `size` lists {sizes}")]
    IdSizeMismatch {
        /// Length of `id`.
        ids: usize,
        /// Length of `size`.
        sizes: usize,
    },

    /// A dimension's `size` does not match the number of categories found.
    #[error("dimension {dimension:?}: size is {size} but {categories} categories are defined")]
    SizeMismatch {
        /// Dimension id.
        dimension: String,
        /// Declared size.
        size: u64,
        /// Number of categories actually found.
        categories: usize,
    },

    /// The category `index` of a dimension is not a permutation of
    /// `0..size` (duplicate codes or positions, position out of range, ...).
    #[error("dimension {dimension:?}: bad category index: {reason}")]
    BadIndex {
        /// Dimension id.
        dimension: String,
        /// What is wrong.
        reason: String,
    },

    /// A dimension id listed in `id` appears twice.
    #[error("dimension {0:?} is listed twice in `id`")]
    DuplicateDimension(String),

    /// The product of the dimension sizes does not fit in memory addressing.
    #[error("the dimension sizes {sizes:?} multiply to more cells than can be addressed")]
    CellCountOverflow {
        /// The declared sizes.
        sizes: Vec<u64>,
    },

    /// A dense `value` (or `status`) array does not hold one entry per cell.
    #[error("`{field}` holds {found} entries but the dimension sizes multiply to {expected}")]
    ValueCountMismatch {
        /// `value` or `status`.
        field: &'static str,
        /// Product of the dimension sizes.
        expected: usize,
        /// Entries found.
        found: usize,
    },

    /// A sparse `value` / `status` object has a key that is not a cell index.
    #[error("`{field}` has key {key:?}, which is not a cell index below {cells}")]
    BadCellKey {
        /// `value` or `status`.
        field: &'static str,
        /// The offending key.
        key: String,
        /// Number of cells in the dataset.
        cells: usize,
    },

    /// A value entry is neither a number, `null` nor a string.
    #[error("`{field}` entry at cell {index} is not usable: {reason}")]
    InvalidEntry {
        /// `value` or `status`.
        field: &'static str,
        /// Flat cell index.
        index: usize,
        /// What is wrong.
        reason: String,
    },

    /// Lookup by codes named a dimension the dataset does not have.
    #[error("no dimension {0:?} in this dataset")]
    UnknownDimension(String),

    /// Lookup by codes named a category code the dimension does not have.
    #[error("dimension {dimension:?} has no category {code:?}")]
    UnknownCode {
        /// Dimension id.
        dimension: String,
        /// The code asked for.
        code: String,
    },

    /// Lookup by codes left out a dimension with more than one category.
    #[error("no category given for dimension {0:?} (it has more than one category)")]
    MissingCoordinate(String),

    /// Lookup by codes named the same dimension twice.
    #[error("dimension {0:?} given twice")]
    DuplicateCoordinate(String),

    /// A flat cell index or coordinate is out of range.
    #[error("cell index {index} out of range ({cells} cells)")]
    CellOutOfRange {
        /// The index asked for.
        index: usize,
        /// Number of cells in the dataset.
        cells: usize,
    },
}
