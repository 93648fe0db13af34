//! The parts of the benchmarks that tests share with the `kommunetall-bench`
//! binary: [`real`], the real-documents benchmark and its hand-truth scoring.

pub mod own_sums;
pub mod real;
