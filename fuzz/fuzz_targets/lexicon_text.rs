//! bytes → str → every text reader of `kommunetall_lexicon` (units, captions,
//! sum labels, item numbers, years).
//!
//! Checks: no panic; a unit statement's span lies on char boundaries inside
//! the text and holds the phrase; years are in 1900–2099; a caption id starts
//! with a digit; a label without its item number is a suffix of the label.

#![no_main]

use kommunetall_lexicon::{caption, label, unit, year};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    if let Some(s) = unit::find(text) {
        assert!(s.start < s.end && s.end <= text.len(), "{s:?} in {text:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert_eq!(unit::stated(text), Some(s.unit));
    }
    let _ = unit::in_label(text);
    let _ = unit::of_cell(text);
    if let Some(id) = caption::id(text) {
        assert!(id.starts_with(|c: char| c.is_ascii_digit()), "{id:?} from {text:?}");
    }
    let _ = caption::title(text);
    let _ = label::is_sum(text);
    let _ = label::item_number(text);
    assert!(text.ends_with(label::without_item_number(text)));
    for y in year::years_in(text) {
        assert!((1900..=2099).contains(&y), "{y} from {text:?}");
    }
    if let Some(y) = year::report_year(text) {
        assert!((1990..=2100).contains(&y));
    }
    let _ = year::without_years(text);
    let _ = year::of_period(text);
});
