//! KOSTRA figures from Statistics Norway (SSB).
//!
//! * [`Client`]: a PxWebApi v2 client (`/tables/{id}/metadata` and
//!   `/tables/{id}/data` as JSON-stat2) with a client-side rate limiter
//!   (30 calls per minute), retries with exponential backoff on 429/5xx
//!   (honouring `Retry-After`), POST instead of GET for long selections, and
//!   splitting of queries over SSB's 800 000-cell limit;
//! * [`Store`]: every response kept as `<table>/<sha256>.json` with a
//!   `.meta.json` sidecar, so runs can be repeated offline ([`Mode::Offline`]);
//! * [`TableQuery`]: queries as data (serde/TOML);
//! * [`observations_from_dataset`]: JSON-stat → [`KostraObservation`] rows;
//! * [`regions`]: municipality code history (Trondheim 1601 → 5001, the
//!   2020 reform and 2024 reversals) with border-change flags;
//! * [`asss`]: ASSS membership by year and the ASSS average; peer codes
//!   (`EAKUO`, `EKGnn`);
//! * [`SsbMapping`]: report indicator → SSB table / `ContentsCode` / further
//!   dimensions (`schemas/mappings/kostra_ssb.toml`), and the fetch queries
//!   built from it ([`SsbMapping::queries`], `pipelines/kostra.toml`);
//! * [`load_offline`] → [`SsbRow`] (the `fact_ssb_kostra` columns) and
//!   [`fetch_all`] → [`FetchReport`], for the warehouse and
//!   `kommunetall kostra fetch`;
//! * [`reconstruct`]: reconstructed sample responses built from a report's
//!   printed figures, unmistakably marked as such.
//!
//! ```no_run
//! use kommunetall_kostra::{Client, ClientConfig, Store, TableQuery};
//! let client = Client::new(ClientConfig::default(), Store::new("raw/kostra"));
//! let q = TableQuery::new("12362")
//!     .select("KOKkommuneregion0000", ["5001", "EAKUO"])
//!     .select("Tid", ["2024"]);
//! let rows = client.observations(&q)?;
//! # Ok::<(), kommunetall_kostra::KostraError>(())
//! ```

pub mod asss;
mod client;
mod clock;
mod error;
mod mapping;
mod observation;
mod query;
pub mod reconstruct;
pub mod regions;
mod request;
mod store;
mod warehouse;

pub use asss::{
    AsssAverage, Indicator, asss_average, asss_average_detail, asss_average_rows, asss_members,
    peers,
};
pub use client::{
    Client, ClientConfig, DEFAULT_BASE_URL, Fetched, FetchedPart, FetchedTable, Mode,
};
pub use clock::{Clock, ManualClock, RateLimiter, SystemClock};
pub use error::{KostraError, Result};
pub use mapping::{
    KOSTRA_SSB_TOML, PLACEHOLDER_PREFIX, REGION_VARIABLE, REPORT_REGIONS, SsbIndicator, SsbMapping,
    Verified, mapped_tables, parse_queries_toml, pipeline_regions, queries_to_toml,
};
pub use observation::{
    ExtraCategory, KostraObservation, is_region_dimension_id, observations_from_dataset, year_of,
};
pub use query::{Selection, TableQuery, is_expression};
pub use regions::{RegionHistory, code_for, lineage};
pub use request::{Endpoint, Method, Request, encode};
pub use store::{Provenance, RequestRecord, Store, StoredMeta, StoredResponse, rfc3339_utc};
pub use warehouse::{
    FetchReport, OfflineLoad, QueryOutcome, SsbRow, StoredFile, fetch_all, load_offline,
    load_offline_with,
};
