//! bytes → str → `kommunetall_lexicon::parse` and `continues_number`.
//!
//! Checks: no panic; a `Parsed::Number` has a finite value; the parse does
//! not depend on surrounding whitespace; `continues_number` is only true when
//! the joined text parses as a number.

#![no_main]

use kommunetall_lexicon::{Parsed, continues_number, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = parse(&text);
    if let Parsed::Number(n) = parsed {
        assert!(n.value.is_finite(), "non-finite value {n:?} for {text:?}");
        // The same text with extra spaces around it parses the same.
        assert_eq!(parse(&format!("  {text}\u{a0}")), parsed, "{text:?}");
    }
    // Split at the first char boundary after the middle: left | right.
    let mid = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let (left, right) = text.split_at(mid);
    if continues_number(left, right) {
        let joined = format!("{} {right}", left.trim_end_matches('*'));
        assert!(
            matches!(parse(&joined), Parsed::Number(_)),
            "continues_number({left:?}, {right:?}) but {joined:?} is no number"
        );
    }
});
