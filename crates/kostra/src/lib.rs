//! KOSTRA figures from Statistics Norway (SSB).
//!
//! The modules form one chain, client → store → load, with the mapping and
//! the KOSTRA knowledge beside it:
//!
//! * [`Client`] (`client`): PxWebApi v2 (`/tables/{id}/metadata`,
//!   `/tables/{id}/data` as JSON-stat2, `/tables?query=`) and KLASS, with a
//!   client-side rate limiter (30 calls a minute), retries with exponential
//!   backoff on 429/5xx (honouring `Retry-After`), POST for long selections,
//!   splitting over SSB's 800 000-cell limit, and [`reachable`] to fail at
//!   once without a network;
//! * [`Store`] (`store`): every response kept as `<table>/<sha256>.json` with a
//!   `.meta.json` sidecar, so runs are repeated offline ([`Mode::Offline`]);
//! * `load`: stored responses → [`SsbRow`] (the `fact_ssb_kostra` columns)
//!   with [`load_offline`], and [`fetch_all`] for `kommunetall kostra fetch`;
//! * [`SsbMapping`] (`mapping`): report indicator → SSB table /
//!   `ContentsCode` / further dimensions with a [`Status`] and its evidence
//!   (`schemas/mappings/kostra_ssb.toml`), and the fetch queries built from it;
//! * [`check`] (the mapping against SSB's metadata), [`find`] (SSB's table
//!   search) and [`groups`] (KOSTRA groups by year from KLASS);
//! * [`regions`]: the one region history (`schemas/municipalities.csv`);
//!   [`asss`]: ASSS membership by year and the ASSS average.
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
pub mod check;
mod client;
mod clock;
mod error;
pub mod find;
pub mod groups;
mod load;
mod mapping;
mod observation;
mod query;
pub mod regions;
mod request;
mod store;

pub use asss::{AsssAverage, asss_average, asss_members};
pub use client::{
    Client, ClientConfig, DEFAULT_BASE_URL, Fetched, FetchedPart, FetchedTable, Mode, host_of,
    reachable,
};
pub use clock::{Clock, ManualClock, RateLimiter, SystemClock};
pub use error::{KostraError, Result};
pub use groups::{KostraGroup, fetch_groups, group_queries, load_groups, years_of};
pub use load::{
    FetchReport, OfflineLoad, QueryOutcome, SsbRow, StoredFile, fetch_all, load_offline,
    load_offline_with,
};
pub use mapping::{
    KOSTRA_SSB_TOML, PLACEHOLDER_PREFIX, REGION_VARIABLE, SsbIndicator, SsbMapping, Status,
    set_status_in_toml,
};
pub use observation::{
    ExtraCategory, KostraObservation, is_region_dimension_id, observations_from_dataset, year_of,
};
pub use query::{
    Selection, TableQuery, is_expression, parse_queries_toml, queries_to_toml, without_placeholders,
};
pub use regions::RegionHistory;
pub use request::{Endpoint, KLASS_BASE_URL, KOSTRA_GROUPS_FOLDER, Method, Request, encode};
pub use store::{Provenance, RequestRecord, Store, StoredMeta, StoredResponse, rfc3339_utc};
