//! A tiny replay HTTP/1.1 server for tests: serves canned responses in
//! order, one per connection (`Connection: close`), records what it saw,
//! and stops by itself after the last response or a deadline.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One canned response.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Canned {
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A request the server received.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub method: String,
    /// Request target (path and query) as sent.
    pub target: String,
    pub body: String,
}

pub struct ReplayServer {
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    handle: Option<JoinHandle<()>>,
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

impl ReplayServer {
    /// Starts serving `responses` in order on 127.0.0.1 with a free port.
    /// The API base path is `/api/pxwebapi/v2`.
    pub fn start(responses: Vec<Canned>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let seen2 = Arc::clone(&seen);
        let handle = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(20);
            let mut queue = responses.into_iter();
            let mut next = queue.next();
            while let Some(canned) = next.take() {
                if Instant::now() > deadline {
                    return;
                }
                let stream = match listener.accept() {
                    Ok((s, _)) => s,
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(2));
                        next = Some(canned);
                        continue;
                    }
                    Err(_) => return,
                };
                stream.set_nonblocking(false).ok();
                stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
                let mut reader = BufReader::new(stream);
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    next = queue.next();
                    continue;
                }
                let mut parts = request_line.split_whitespace();
                let method = parts.next().unwrap_or_default().to_owned();
                let target = parts.next().unwrap_or_default().to_owned();
                let mut content_length = 0usize;
                loop {
                    let mut line = String::new();
                    match reader.read_line(&mut line) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {}
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some((k, v)) = line.split_once(':')
                        && k.trim().eq_ignore_ascii_case("content-length")
                    {
                        content_length = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0u8; content_length];
                reader.read_exact(&mut body).ok();
                seen2.lock().expect("lock").push(Seen {
                    method,
                    target,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                let mut stream = reader.into_inner();
                let mut head = format!(
                    "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                    canned.status,
                    reason(canned.status),
                    canned.body.len()
                );
                for (k, v) in &canned.headers {
                    head.push_str(&format!("{k}: {v}\r\n"));
                }
                head.push_str("\r\n");
                stream.write_all(head.as_bytes()).ok();
                stream.write_all(&canned.body).ok();
                stream.flush().ok();
                next = queue.next();
            }
        });
        Self {
            base_url: format!("http://127.0.0.1:{port}/api/pxwebapi/v2"),
            seen,
            handle: Some(handle),
        }
    }

    /// Waits for the server thread and returns every request seen.
    pub fn finish(mut self) -> Vec<Seen> {
        if let Some(h) = self.handle.take() {
            // The thread stops after the last canned response or its deadline.
            let _ = h.join();
        }
        self.seen.lock().expect("lock").clone()
    }

    /// Requests seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}
