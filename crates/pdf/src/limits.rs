//! The safety limits that bound the work done on untrusted input.

/// Safety limits for untrusted PDFs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Maximum decompressed size of any single stream, and of a page's
    /// concatenated content streams, in bytes (default 256 MiB).
    pub max_stream_bytes: usize,
    /// Maximum number of content operators interpreted per page, Form
    /// XObjects included (default 5 000 000).
    pub max_operators: u64,
    /// Maximum Form XObject nesting depth (default 16).
    pub max_xobject_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_stream_bytes: 256 * 1024 * 1024,
            max_operators: 5_000_000,
            max_xobject_depth: 16,
        }
    }
}
