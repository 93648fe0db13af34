//! Small helpers over `lopdf` objects: dereferencing, numbers, names,
//! inherited page attributes, bounded stream decoding and the 2-D affine
//! [`Matrix`].

use lopdf::{Dictionary, Document as LoDocument, Object, Stream};

/// How many `/Parent` hops we follow for inherited page attributes.
const MAX_PARENT_HOPS: usize = 64;

/// Follows references to the final object; `None` when a reference dangles.
pub(crate) fn deref<'a>(doc: &'a LoDocument, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

/// Looks `key` up in `dict` and dereferences it.
pub(crate) fn get<'a>(doc: &'a LoDocument, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().and_then(|o| deref(doc, o))
}

/// A number (integer or real) as `f64`.
pub(crate) fn num(obj: &Object) -> Option<f64> {
    match obj {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)).filter(|v| v.is_finite()),
        _ => None,
    }
}

/// A dereferenced number under `key`.
pub(crate) fn get_num(doc: &LoDocument, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    get(doc, dict, key).and_then(num)
}

/// A dereferenced dictionary under `key` (a stream's dictionary counts too).
pub(crate) fn get_dict<'a>(
    doc: &'a LoDocument,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// A dereferenced array under `key`.
pub(crate) fn get_array<'a>(
    doc: &'a LoDocument,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Vec<Object>> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// A name under `key`.
pub(crate) fn get_name<'a>(
    doc: &'a LoDocument,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n.as_slice()),
        _ => None,
    }
}

/// An array of numbers (elements dereferenced); `None` if any element is not a number.
pub(crate) fn num_array(doc: &LoDocument, arr: &[Object]) -> Option<Vec<f64>> {
    arr.iter().map(|o| deref(doc, o).and_then(num)).collect()
}

/// Looks up an inheritable page attribute, walking `/Parent` links (bounded).
pub(crate) fn inherited<'a>(
    doc: &'a LoDocument,
    page: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..MAX_PARENT_HOPS {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        node = get_dict(doc, node, b"Parent")?;
    }
    None
}

/// Why a stream could not be decoded.
#[derive(Debug)]
pub(crate) enum StreamError {
    /// The decoded data would exceed the limit.
    TooBig,
    /// A filter failed.
    Broken(String),
}

/// Decodes a stream's filters with an output limit. An unfiltered stream is
/// returned as is (still subject to the limit).
pub(crate) fn stream_bytes(stream: &Stream, limit: usize) -> Result<Vec<u8>, StreamError> {
    match stream.decompressed_content_with_limit(limit) {
        Ok(d) => Ok(d),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(StreamError::TooBig)
        }
        Err(e) => Err(StreamError::Broken(e.to_string())),
    }
}

/// A 2-D affine matrix `[a b c d e f]` as in PDF: a point `(x, y)` maps to
/// `(a x + c y + e, b x + d y + f)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Matrix(pub [f64; 6]);

impl Matrix {
    /// The identity.
    pub(crate) const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// From six PDF operands (numbers).
    pub(crate) fn from_slice(v: &[f64]) -> Option<Matrix> {
        match v {
            [a, b, c, d, e, f] => Some(Matrix([*a, *b, *c, *d, *e, *f])),
            _ => None,
        }
    }

    /// A translation.
    pub(crate) fn translate(x: f64, y: f64) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    /// `self` then `other`: the matrix mapping `p` to `other(self(p))`
    /// (PDF's `self × other`).
    pub(crate) fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    /// Transforms a point.
    pub(crate) fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// Transforms a vector (no translation).
    pub(crate) fn apply_delta(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, _, _] = self.0;
        (a * x + c * y, b * x + d * y)
    }

    /// Whether all entries are finite.
    pub(crate) fn is_finite(&self) -> bool {
        self.0.iter().all(|v| v.is_finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_then_applies_left_first() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix::translate(10.0, 5.0);
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 12.0));
    }
}
