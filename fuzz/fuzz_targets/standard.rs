//! Fuzz target `standard`: see `paths::standard` (the same function tests/fuzz_replay.rs replays the
//! committed corpus through).
#![no_main]

#[path = "../paths.rs"]
mod paths;

libfuzzer_sys::fuzz_target!(|data: &[u8]| paths::standard(data));
