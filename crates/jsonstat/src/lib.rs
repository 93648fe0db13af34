//! Reads JSON-stat responses from Statistics Norway (SSB) into typed
//! dimensions and a long ("tidy") list of observations.
//!
//! Supported input:
//!
//! * JSON-stat 2.0 datasets (`"class": "dataset"`), as PxWeb v2
//!   (`outputformat=json-stat2`) and the v0 POST API
//!   (`response.format=json-stat2`) return them;
//! * JSON-stat 1 bundles (`{"dataset": {...}}`, with `id`, `size` and `role`
//!   inside `dimension`) from SSB's retired v0 "ferdige datasett" API;
//! * category `index` in array or object form, `value` as a dense row-major
//!   array or a sparse object, `status` as one string, an array or a sparse
//!   object.
//!
//! Values are addressed row-major: the last dimension varies fastest.
//! Status symbols are kept verbatim (SSB: `"."` not applicable, `".."`
//! missing, `":"` confidential, `"..."` and `"-"` in older tables).
//!
//! ```
//! let json = br#"{"version":"2.0","class":"dataset",
//!   "id":["Region","Tid"],"size":[1,2],
//!   "dimension":{
//!     "Region":{"category":{"index":["0301"],"label":{"0301":"Oslo"}}},
//!     "Tid":{"category":{"index":{"2023":0,"2024":1}}}},
//!   "value":[1.5,null],"status":{"1":".."}}"#;
//! let ds = kommunetall_jsonstat::parse(json)?;
//! assert_eq!(ds.value_at(&[("Tid", "2023")])?, Some(1.5));
//! let obs: Vec<_> = ds.observations().collect();
//! assert_eq!(obs[1].status.as_deref(), Some(".."));
//! assert_eq!(obs[1].label("Region"), Some("Oslo"));
//! # Ok::<(), kommunetall_jsonstat::JsonStatError>(())
//! ```

mod error;
mod model;
mod parse;

pub use error::JsonStatError;
pub use model::{Category, Dataset, Dimension, ObsCategory, Observation, Observations, Role, Unit};
pub use parse::{parse, parse_bundle, parse_metadata, parse_value};
