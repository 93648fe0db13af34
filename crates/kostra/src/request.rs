//! HTTP requests to SSB: PxWebApi v2 metadata, data and table search
//! (GET with `valueCodes[VAR]=…`, or POST with a JSON selection body when the
//! URL would be too long), KLASS correspondences (KOSTRA groups), and the
//! deterministic key a request is stored under.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::query::TableQuery;

/// HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST` with a JSON body.
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Endpoint {
    /// `/tables/{id}/metadata` (PxWebApi v2).
    Metadata,
    /// `/tables/{id}/data` (PxWebApi v2).
    Data,
    /// `/tables?query=…` (PxWebApi v2 table search).
    Tables,
    /// A KLASS classification correspondence (`/classifications/…`).
    Klass,
}

/// SSB's KLASS API base URL (classifications such as the KOSTRA groups).
pub const KLASS_BASE_URL: &str = "https://data.ssb.no/api/klass/v1";

/// The store folder of the KOSTRA-group correspondences (KLASS 112 → 131).
pub const KOSTRA_GROUPS_FOLDER: &str = "klass-112";

/// One HTTP request to PxWebApi v2, independent of the base URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    /// Table id.
    pub table_id: String,
    /// Metadata or data.
    pub endpoint: Endpoint,
    /// GET or POST.
    pub method: Method,
    /// Path and query relative to the base URL, starting with `/tables/`.
    pub path: String,
    /// The JSON body of a POST.
    pub body: Option<Value>,
}

/// Query-string parameters every request carries.
fn common_params(lang: &str) -> String {
    format!("lang={}&outputFormat=json-stat2", encode(lang))
}

impl Request {
    /// `GET /tables/{id}/metadata?lang=…&outputFormat=json-stat2`.
    pub fn metadata(table_id: &str, lang: &str) -> Self {
        Self {
            table_id: table_id.to_owned(),
            endpoint: Endpoint::Metadata,
            method: Method::Get,
            path: format!(
                "/tables/{}/metadata?{}",
                encode(table_id),
                common_params(lang)
            ),
            body: None,
        }
    }

    /// `GET /tables?query=…&lang=…&pageSize=…`: SSB's table search.
    pub fn table_search(text: &str, lang: &str, page_size: u32) -> Self {
        Self {
            table_id: "tables".to_owned(),
            endpoint: Endpoint::Tables,
            method: Method::Get,
            path: format!(
                "/tables?query={}&lang={}&pageSize={page_size}",
                encode(text),
                encode(lang)
            ),
            body: None,
        }
    }

    /// The KOSTRA groups valid on 1 January of `year`: KLASS classification
    /// 112 (KOSTRA-grupper) corresponding to 131 (kommuner),
    /// `GET /classifications/112/correspondsAt?targetClassificationId=131&date=YYYY-01-01`
    /// under [`KLASS_BASE_URL`]. Stored in [`KOSTRA_GROUPS_FOLDER`].
    pub fn kostra_groups(year: i32) -> Self {
        Self {
            table_id: KOSTRA_GROUPS_FOLDER.to_owned(),
            endpoint: Endpoint::Klass,
            method: Method::Get,
            path: format!(
                "/classifications/112/correspondsAt?targetClassificationId=131&date={year:04}-01-01"
            ),
            body: None,
        }
    }

    /// The data request for a query: GET with `valueCodes[VAR]=a,b`
    /// (and `codelist[VAR]=…`) parameters, or POST with a
    /// `{"selection":[…]}` body when the full GET URL (`base_url` + path)
    /// would be longer than `max_get_url_len` characters or a value
    /// contains a comma.
    pub fn data(query: &TableQuery, lang: &str, base_url: &str, max_get_url_len: usize) -> Self {
        let base_path = format!(
            "/tables/{}/data?{}",
            encode(&query.table_id),
            common_params(lang)
        );
        let mut get_path = base_path.clone();
        for sel in &query.selections {
            let var = encode(&sel.variable);
            let codes: Vec<String> = sel.values.iter().map(|v| encode(v)).collect();
            get_path.push_str(&format!("&valueCodes%5B{var}%5D={}", codes.join(",")));
            if let Some(cl) = &sel.codelist {
                get_path.push_str(&format!("&codelist%5B{var}%5D={}", encode(cl)));
            }
        }
        let has_comma = query
            .selections
            .iter()
            .any(|s| s.values.iter().any(|v| v.contains(',')));
        let too_long = base_url.trim_end_matches('/').len() + get_path.len() > max_get_url_len;
        if !has_comma && !too_long {
            return Self {
                table_id: query.table_id.clone(),
                endpoint: Endpoint::Data,
                method: Method::Get,
                path: get_path,
                body: None,
            };
        }
        let selection: Vec<Value> = query
            .selections
            .iter()
            .map(|s| {
                let mut v = json!({"variableCode": s.variable, "valueCodes": s.values});
                if let (Some(cl), Some(obj)) = (&s.codelist, v.as_object_mut()) {
                    obj.insert("codelist".into(), Value::String(cl.clone()));
                }
                v
            })
            .collect();
        Self {
            table_id: query.table_id.clone(),
            endpoint: Endpoint::Data,
            method: Method::Post,
            path: base_path,
            body: Some(json!({ "selection": selection })),
        }
    }

    /// The full URL under a base URL such as
    /// `https://data.ssb.no/api/pxwebapi/v2`.
    pub fn url(&self, base_url: &str) -> String {
        format!("{}{}", base_url.trim_end_matches('/'), self.path)
    }

    /// The body as compact JSON text, if any.
    pub fn body_text(&self) -> Option<String> {
        self.body.as_ref().map(Value::to_string)
    }

    /// A one-line description: method, path and body.
    pub fn describe(&self) -> String {
        match self.body_text() {
            Some(b) => format!("{} {} {}", self.method.as_str(), self.path, b),
            None => format!("{} {}", self.method.as_str(), self.path),
        }
    }

    /// The deterministic store key: the lower-case hex SHA-256 of
    /// `"{METHOD} {path}\n{body}"` (body compact JSON, empty for GET). The
    /// base URL is deliberately left out, so a store is valid for any
    /// mirror of the API.
    pub fn key(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.method.as_str().as_bytes());
        h.update(b" ");
        h.update(self.path.as_bytes());
        h.update(b"\n");
        if let Some(b) = self.body_text() {
            h.update(b.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Percent-encodes everything except RFC 3986 unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_url() {
        let q = TableQuery::new("12362")
            .select("KOKkommuneregion0000", ["0301", "EAKUO"])
            .select("Tid", ["2024"]);
        let r = Request::data(&q, "no", "https://data.ssb.no/api/pxwebapi/v2/", 2000);
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.url("https://data.ssb.no/api/pxwebapi/v2/"),
            "https://data.ssb.no/api/pxwebapi/v2/tables/12362/data?lang=no&outputFormat=json-stat2\
             &valueCodes%5BKOKkommuneregion0000%5D=0301,EAKUO&valueCodes%5BTid%5D=2024"
        );
        assert_eq!(encode("top(3) æ"), "top%283%29%20%C3%A6");
    }

    #[test]
    fn long_selection_posts() {
        let codes: Vec<String> = (0..500).map(|i| format!("{i:04}")).collect();
        let q = TableQuery::new("12362").select("KOKkommuneregion0000", codes.clone());
        let r = Request::data(&q, "no", "https://data.ssb.no/api/pxwebapi/v2", 2000);
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.path, "/tables/12362/data?lang=no&outputFormat=json-stat2");
        assert_eq!(
            r.body,
            Some(json!({"selection":[{"variableCode":"KOKkommuneregion0000","valueCodes":codes}]}))
        );
    }

    #[test]
    fn key_is_stable_and_base_independent() {
        let q = TableQuery::new("12362").select("Tid", ["2024"]);
        let a = Request::data(&q, "no", "http://127.0.0.1:1", 2000);
        let b = Request::data(&q, "no", "https://data.ssb.no/api/pxwebapi/v2", 2000);
        assert_eq!(a.key(), b.key());
        assert_eq!(a.key().len(), 64);
        assert_ne!(a.key(), Request::metadata("12362", "no").key());
    }

    #[test]
    fn search_and_klass_paths() {
        assert_eq!(
            Request::table_search("kostra barnehage", "no", 20).url("http://h/v2"),
            "http://h/v2/tables?query=kostra%20barnehage&lang=no&pageSize=20"
        );
        let g = Request::kostra_groups(2024);
        assert_eq!(
            g.url(KLASS_BASE_URL),
            "https://data.ssb.no/api/klass/v1/classifications/112/correspondsAt?targetClassificationId=131&date=2024-01-01"
        );
        assert_eq!(g.table_id, KOSTRA_GROUPS_FOLDER);
    }
}
