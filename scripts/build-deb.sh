#!/usr/bin/env bash
# Builds the Debian package (统信UOS, 麒麟 and other Debian-family systems):
#   cargo install cargo-deb && scripts/build-deb.sh      → target/debian/sitecheck_*.deb
# The man pages and shell completions come from the binary itself (`sitecheck man`,
# `sitecheck completions`), made here into target/packaging/ before cargo-deb packs them.
set -euo pipefail
cd "$(dirname "$0")/.."
# The shipped binary's profile (Cargo.toml, `dist`): the whole program optimised as one.
cargo build --profile dist --locked
bin=target/dist/sitecheck
out=target/packaging
rm -rf "$out" && mkdir -p "$out/man" "$out/completions"
"$bin" man --dir "$out/man"
gzip -9n "$out"/man/*.1
"$bin" completions bash > "$out/completions/sitecheck"
"$bin" completions zsh > "$out/completions/_sitecheck"
"$bin" completions fish > "$out/completions/sitecheck.fish"
# cargo-deb reads the `target/release/` asset paths as the profile's own directory.
cargo deb --no-build --profile dist --locked "$@"
ls -l target/debian/*.deb
