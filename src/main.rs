//! The `sitecheck` binary: everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    sitecheck::cli::main()
}
