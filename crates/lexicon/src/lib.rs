//! The lexicon: what a Norwegian report says around its numbers, read in one
//! place for every source (PDF text, spreadsheet cells) and every check.
//!
//! - [`number`]: the number as printed ("−5 253", "2 067,2", "19 %", ".."),
//!   and which placeholders print nil ("-": zero in a sum); a document
//!   printed the English way ("1,234.5") read in that [`Convention`].
//! - [`unit`]: the [`Unit`] a caption, a note, a column header, a row label
//!   or a cell states ("Tall i millioner kroner", "Beløp i hele 1 000 kr",
//!   "NOK 1000", "(mill. kr)", "Andel (%)"), its factor to kroner, and which
//!   statement wins ([`unit::resolve`]: cell > row > column > table).
//! - [`caption`]: the table number of a caption ("Tabell 9.6.", "Tab. 3",
//!   "Table 2") and the caption's title without it.
//! - [`label`]: sum labels ("Sum …", "Sluttsum", "Totalt", "I alt") and
//!   printed item numbers ("14. Sum investeringsinntekter").
//! - [`year`]: years in text ("Regnskap 2024", "2018-2024"), the report year
//!   of a title ("Årsberetning 2024"), the year of a period code ("2024M01").
//!
//! The crate is a leaf: it knows nothing of tables, pages or sheets, only of
//! words. Every extractor and check asks it instead of keeping its own list,
//! so a PDF and its spreadsheet appendix cannot disagree about what
//! "Beløp i 1 000 kroner" means.
//!
//! ```
//! use kommunetall_lexicon::{Unit, caption, label, unit, year};
//! assert_eq!(unit::stated("Beløp i hele 1 000 kr"), Some(Unit::TusenKroner));
//! assert_eq!(Unit::MilliarderKroner.nok_factor(), Some(1e9));
//! assert_eq!(caption::id("Tabell 9.6. Nøkkeltall").as_deref(), Some("9.6"));
//! assert!(label::is_sum("14. Sum investeringsinntekter"));
//! assert_eq!(year::report_year("Årsberetning 2024"), Some(2024));
//! ```

pub mod caption;
pub mod label;
pub mod number;
pub mod unit;
pub mod year;

pub use number::{
    Convention, Evidence, Number, Parsed, continues_number, dot_ambiguous, is_date, is_nil, parse,
    parse_beside, parse_in,
};
pub use unit::Unit;
