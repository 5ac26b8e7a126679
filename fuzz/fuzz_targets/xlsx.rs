//! Fuzz target `xlsx`: see `paths::xlsx` (the same function tests/fuzz_replay.rs replays the
//! committed corpus through). Structure-aware: the input is a list of edits to a real form's
//! zip parts (`paths::mutated_workbook`), so the fuzzer works on the parts, not on the zip.
#![no_main]

#[path = "../paths.rs"]
mod paths;

libfuzzer_sys::fuzz_target!(|data: &[u8]| paths::xlsx(data));
