//! The PxWebApi v2 client: metadata and data requests with a client-side
//! rate limiter, retries with exponential backoff, cell-limit splitting and
//! the offline store.
//!
//! SSB's published limits (PxWebApi v2 `/config`, checked against a copy of
//! that document, not live): 30 calls per 60 s per IP and 800 000 data cells
//! per call. Both are configurable in [`ClientConfig`].

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kommunetall_jsonstat::Dataset;
use serde_json::Value;
use tracing::{debug, info, warn};

use crate::clock::{Clock, RateLimiter, SystemClock};
use crate::error::{KostraError, Result};
use crate::observation::{KostraObservation, observations_from_dataset};
use crate::query::TableQuery;
use crate::request::{Method, Request};
use crate::store::{Provenance, Store, StoredMeta};

/// SSB's PxWebApi v2 base URL.
pub const DEFAULT_BASE_URL: &str = "https://data.ssb.no/api/pxwebapi/v2";

/// Where answers come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Always ask SSB and (over)write the store.
    Online,
    /// Answer from the store when the request is stored, otherwise ask SSB
    /// and store the answer.
    #[default]
    Cached,
    /// Answer only from the store; a missing request is an error
    /// ([`KostraError::NotInStore`]). No network access at all.
    Offline,
}

/// Settings of a [`Client`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// API base URL, default [`DEFAULT_BASE_URL`].
    pub base_url: String,
    /// `lang` parameter, default `"no"`.
    pub lang: String,
    /// Online, cached or offline.
    pub mode: Mode,
    /// Tries per request (at least 1), default 5.
    pub max_tries: u32,
    /// First backoff delay, doubled for each further try; default 2 s.
    pub backoff_base: Duration,
    /// Longest backoff delay (and longest honoured `Retry-After`),
    /// default 120 s.
    pub backoff_max: Duration,
    /// Longest GET URL before switching to POST, default 2 000 characters.
    pub max_get_url_len: usize,
    /// Most cells per request, default 800 000.
    pub max_cells: u64,
    /// Requests allowed per `window` (0 = no limit), default 30.
    pub requests_per_window: usize,
    /// Rate-limit window, default 60 s.
    pub window: Duration,
    /// Overall timeout of one HTTP call, default 120 s.
    pub timeout: Duration,
    /// Longest wait for resolving the host name and for connecting, default 10 s.
    pub connect_timeout: Duration,
    /// Largest response body accepted, default 512 MiB.
    pub max_body_bytes: u64,
    /// `User-Agent` header.
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            lang: "no".to_owned(),
            mode: Mode::default(),
            max_tries: 5,
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(120),
            max_get_url_len: 2000,
            max_cells: 800_000,
            requests_per_window: 30,
            window: Duration::from_secs(60),
            timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(10),
            max_body_bytes: 512 * 1024 * 1024,
            user_agent: concat!("kommunetall-kostra/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// The raw answer to one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    /// The request.
    pub request: Request,
    /// The response body.
    pub body: Vec<u8>,
    /// Whether it came from the store rather than the network.
    pub from_store: bool,
    /// The sidecar (from the store, or as just written).
    pub meta: Option<StoredMeta>,
}

/// One parsed part of a (possibly split) data fetch.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedPart {
    /// The request that produced it.
    pub request: Request,
    /// The parsed JSON-stat dataset.
    pub dataset: Dataset,
    /// Whether it came from the store.
    pub from_store: bool,
}

/// The result of [`Client::fetch`]: one part per request.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedTable {
    /// The query as sent (expressions expanded where possible).
    pub query: TableQuery,
    /// The parts, in request order; disjoint slices of the query.
    pub parts: Vec<FetchedPart>,
}

impl FetchedTable {
    /// All observations of all parts, merged in request order.
    pub fn observations(&self) -> Result<Vec<KostraObservation>> {
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend(observations_from_dataset(
                &part.dataset,
                Some(&self.query.table_id),
            )?);
        }
        Ok(out)
    }
}

/// A PxWebApi v2 client with an offline store.
pub struct Client {
    config: ClientConfig,
    store: Store,
    clock: Arc<dyn Clock>,
    limiter: Mutex<RateLimiter>,
    agent: ureq::Agent,
    network_requests: AtomicUsize,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("store", &self.store)
            .field("network_requests", &self.network_requests)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with the real clock.
    pub fn new(config: ClientConfig, store: Store) -> Self {
        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(config.timeout))
            .timeout_resolve(Some(config.connect_timeout))
            .timeout_connect(Some(config.connect_timeout))
            .user_agent(config.user_agent.as_str())
            .build();
        let limiter = RateLimiter::new(config.requests_per_window, config.window);
        Self {
            agent: ureq::Agent::new_with_config(agent_config),
            limiter: Mutex::new(limiter),
            clock: Arc::new(SystemClock::new()),
            config,
            store,
            network_requests: AtomicUsize::new(0),
        }
    }

    /// An offline client answering only from `store`.
    pub fn offline(store: Store) -> Self {
        Self::new(
            ClientConfig {
                mode: Mode::Offline,
                ..ClientConfig::default()
            },
            store,
        )
    }

    /// Replaces the clock (rate limiter, backoff sleeps, `fetched_at`).
    #[must_use]
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Number of HTTP calls made so far (each retry counts).
    pub fn network_requests(&self) -> usize {
        self.network_requests.load(Ordering::Relaxed)
    }

    /// The table's metadata (`/tables/{id}/metadata`) as a dataset without
    /// values.
    pub fn metadata(&self, table_id: &str) -> Result<Dataset> {
        TableQuery::new(table_id).validate()?;
        let fetched = self.execute(&Request::metadata(table_id, &self.config.lang))?;
        kommunetall_jsonstat::parse_metadata(&fetched.body).map_err(|source| {
            KostraError::JsonStat {
                context: format!("metadata of table {table_id}"),
                source,
            }
        })
    }

    /// The requests a data fetch makes: the query validated, expressions
    /// expanded (fetching the table's metadata when the query has any), and
    /// split so that no request exceeds [`ClientConfig::max_cells`].
    pub fn plan(&self, query: &TableQuery) -> Result<(TableQuery, Vec<Request>)> {
        query.validate()?;
        let query = if query.has_expression() {
            let md = self.metadata(&query.table_id)?;
            query.expand(&md)?
        } else {
            query.clone()
        };
        let requests = query
            .split(self.config.max_cells)
            .iter()
            .map(|part| {
                Request::data(
                    part,
                    &self.config.lang,
                    &self.config.base_url,
                    self.config.max_get_url_len,
                )
            })
            .collect();
        Ok((query, requests))
    }

    /// Fetches a query's data (split into several requests when over the
    /// cell limit) and parses every part.
    pub fn fetch(&self, query: &TableQuery) -> Result<FetchedTable> {
        self.fetch_inner(query, false)
    }

    /// [`Client::fetch`]; with `replace_reconstructed`, a stored response
    /// whose sidecar says [`Provenance::Reconstructed`] counts as absent
    /// (in [`Mode::Cached`]; [`Mode::Offline`] still answers from it).
    pub(crate) fn fetch_inner(
        &self,
        query: &TableQuery,
        replace_reconstructed: bool,
    ) -> Result<FetchedTable> {
        let (query, requests) = self.plan(query)?;
        if requests.len() > 1 {
            info!(
                table = %query.table_id,
                cells = query.cell_count(),
                parts = requests.len(),
                "query over the cell limit, split"
            );
        }
        let mut parts = Vec::with_capacity(requests.len());
        for request in requests {
            let fetched = self.execute_inner(&request, replace_reconstructed)?;
            let dataset = kommunetall_jsonstat::parse(&fetched.body).map_err(|source| {
                KostraError::JsonStat {
                    context: format!(
                        "data of table {} ({})",
                        request.table_id,
                        request.describe()
                    ),
                    source,
                }
            })?;
            parts.push(FetchedPart {
                request,
                dataset,
                from_store: fetched.from_store,
            });
        }
        Ok(FetchedTable { query, parts })
    }

    /// Fetches a query and returns its observations, merged over all parts.
    pub fn observations(&self, query: &TableQuery) -> Result<Vec<KostraObservation>> {
        self.fetch(query)?.observations()
    }

    /// Sends one request to SSB (rate limit and retries as always) and
    /// returns the body, without reading or writing the store: for answers
    /// that are looked at, not kept (the table search).
    pub fn ask(&self, request: &Request) -> Result<Vec<u8>> {
        if self.config.mode == Mode::Offline {
            return Err(KostraError::NotInStore {
                method: request.method.as_str().to_owned(),
                request: request.path.clone(),
                path: self.store.body_path(request),
            });
        }
        self.send(request).map(|(_, body)| body)
    }

    /// Answers one request according to the [`Mode`]: from the store, or
    /// from SSB (then storing the answer).
    pub fn execute(&self, request: &Request) -> Result<Fetched> {
        self.execute_inner(request, false)
    }

    /// [`Client::execute`], optionally passing over stored reconstructed
    /// responses (see [`Client::fetch_inner`]).
    pub(crate) fn execute_inner(
        &self,
        request: &Request,
        replace_reconstructed: bool,
    ) -> Result<Fetched> {
        if self.config.mode != Mode::Online {
            let stored = self.store.get(request)?.filter(|s| {
                let reconstructed = s
                    .meta
                    .as_ref()
                    .is_some_and(|m| m.provenance == Provenance::Reconstructed);
                !(replace_reconstructed && reconstructed && self.config.mode == Mode::Cached)
            });
            if let Some(stored) = stored {
                debug!(request = %request.describe(), path = %stored.path.display(), "from store");
                return Ok(Fetched {
                    request: request.clone(),
                    body: stored.body,
                    from_store: true,
                    meta: stored.meta,
                });
            }
            if self.config.mode == Mode::Offline {
                return Err(KostraError::NotInStore {
                    method: request.method.as_str().to_owned(),
                    request: match request.body_text() {
                        Some(b) => format!("{} {b}", request.path),
                        None => request.path.clone(),
                    },
                    path: self.store.body_path(request),
                });
            }
        }
        let (status, body) = self.send(request)?;
        let meta = self.store.put(
            request,
            &self.config.base_url,
            &body,
            status,
            Provenance::FetchedFromSsb,
            self.clock.wall(),
        )?;
        Ok(Fetched {
            request: request.clone(),
            body,
            from_store: false,
            meta: Some(meta),
        })
    }

    /// Backoff before try `attempt + 1` (attempt counts from 1).
    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.config
            .backoff_base
            .saturating_mul(factor)
            .min(self.config.backoff_max)
    }

    /// Sends a request over HTTP with rate limiting and retries; returns
    /// the status and body of a 2xx answer.
    fn send(&self, request: &Request) -> Result<(u16, Vec<u8>)> {
        let url = request.url(&self.config.base_url);
        let method = request.method.as_str();
        let tries = self.config.max_tries.max(1);
        let mut last_error = String::new();
        for attempt in 1..=tries {
            {
                let mut limiter = self.limiter.lock().unwrap_or_else(|e| e.into_inner());
                let waited = limiter.acquire(self.clock.as_ref());
                if !waited.is_zero() {
                    debug!(?waited, "rate limiter");
                }
            }
            self.network_requests.fetch_add(1, Ordering::Relaxed);
            info!(%method, %url, attempt, "SSB request");
            let result = match (request.method, request.body_text()) {
                (Method::Post, Some(body)) => self
                    .agent
                    .post(&url)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json")
                    .send(body),
                (Method::Post, None) => self
                    .agent
                    .post(&url)
                    .header("Accept", "application/json")
                    .send_empty(),
                (Method::Get, _) => self
                    .agent
                    .get(&url)
                    .header("Accept", "application/json")
                    .call(),
            };
            let mut response = match result {
                Ok(r) => r,
                Err(e) => {
                    last_error = e.to_string();
                    if attempt < tries {
                        let wait = self.backoff(attempt);
                        warn!(%url, error = %last_error, ?wait, "transport error, retrying");
                        self.clock.sleep(wait);
                    }
                    continue;
                }
            };
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let body = match response
                .body_mut()
                .with_config()
                .limit(self.config.max_body_bytes)
                .read_to_vec()
            {
                Ok(b) => b,
                Err(e) => {
                    last_error = format!("reading the body of HTTP {status}: {e}");
                    if attempt < tries {
                        self.clock.sleep(self.backoff(attempt));
                    }
                    continue;
                }
            };
            if (200..300).contains(&status) {
                return Ok((status, body));
            }
            let retryable = status == 429 || (500..600).contains(&status);
            if retryable && attempt < tries {
                let wait = retry_after
                    .map(|d| d.min(self.config.backoff_max))
                    .unwrap_or_else(|| self.backoff(attempt));
                warn!(%url, status, ?wait, attempt, "SSB asked to retry");
                self.clock.sleep(wait);
                continue;
            }
            return Err(api_error(status, &body, method, &url));
        }
        Err(KostraError::Transport {
            method: method.to_owned(),
            url,
            tries,
            message: last_error,
        })
    }
}

/// One quick GET of `request` under `base_url` — one try, at most `wait` to
/// resolve the host and to connect, nothing stored — to tell at once whether
/// the server can be reached. Any HTTP answer (even an error status) counts
/// as reachable; a transport failure is [`KostraError::Unreachable`] naming
/// the host.
pub fn reachable(base_url: &str, request: &Request, wait: Duration) -> Result<()> {
    let url = request.url(base_url);
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_resolve(Some(wait))
            .timeout_connect(Some(wait))
            .timeout_global(Some(wait.saturating_mul(3)))
            .build(),
    );
    match agent.get(&url).header("Accept", "application/json").call() {
        Ok(_) => Ok(()),
        Err(e) => Err(KostraError::Unreachable {
            host: host_of(&url).to_owned(),
            url,
            message: e.to_string(),
        }),
    }
}

/// The host (and port) of a URL: between `://` and the next `/`.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?']).next().unwrap_or(rest)
}

/// Builds [`KostraError::Api`] from an error response, reading SSB's
/// problem JSON (`title`, `detail`) when the body is one.
fn api_error(status: u16, body: &[u8], method: &str, url: &str) -> KostraError {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let title = field("title").or_else(|| field("type")).unwrap_or_else(|| {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        if text.is_empty() {
            "(empty body)".to_owned()
        } else {
            text.chars().take(300).collect()
        }
    });
    KostraError::Api {
        status,
        title,
        detail: field("detail"),
        method: method.to_owned(),
        url: url.to_owned(),
    }
}
