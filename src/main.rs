//! The `sitecheck` binary: everything lives in the library's `cli` module.

/// jemalloc, not the system's malloc: see the dependency's note in `Cargo.toml`.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    sitecheck::cli::main()
}
