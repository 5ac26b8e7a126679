//! `sitecheck completions SHELL` and `sitecheck man`: shell completions (clap_complete) and the
//! manual page (clap_mangen), generated from the command line's own definition so that they
//! never drift from it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory as _};
use clap_complete::Shell;

pub(super) const EXAMPLES_COMPLETIONS: &str = "Examples:
  sitecheck completions bash > ~/.local/share/bash-completion/completions/sitecheck
  sitecheck completions zsh > ~/.zfunc/_sitecheck     # with fpath+=(~/.zfunc) in ~/.zshrc
  sitecheck completions fish > ~/.config/fish/completions/sitecheck.fish
  sitecheck completions powershell >> $PROFILE";

pub(super) const EXAMPLES_MAN: &str = "Examples:
  sitecheck man > sitecheck.1 && man ./sitecheck.1
  sitecheck man --dir /usr/local/share/man/man1       # a page per command: sitecheck-check.1 …";

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

#[derive(Debug, Args)]
pub(super) struct ManArgs {
    /// Write a page per command (sitecheck.1, sitecheck-check.1 …) into DIR instead of the
    /// main page to standard output.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

fn failed(what_zh: &str, what_en: &str, e: &std::io::Error) -> ExitCode {
    super::output::failed(
        super::lang_of(None),
        "sitecheck",
        (what_zh, what_en),
        None,
        e,
    )
}

pub(super) fn completions(args: &CompletionsArgs) -> ExitCode {
    let mut cmd = super::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "sitecheck", &mut buf);
    match super::output::emit(&buf, None, super::Replace::Yes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed("补全脚本", "completions", &e),
    }
}

/// A manual page whose footer names the tool and its version only: the long version (with the
/// built-in standards) would run into the page's title on the footer's right.
fn man_page(cmd: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(cmd).source(concat!("sitecheck ", env!("CARGO_PKG_VERSION")))
}

/// A page per command into `dir`, as `clap_mangen::generate_to` writes them, each with
/// [`man_page`]'s footer.
fn man_pages(cmd: clap::Command, dir: &std::path::Path) -> std::io::Result<()> {
    fn each(cmd: clap::Command, dir: &std::path::Path) -> std::io::Result<()> {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned() {
            each(sub, dir)?;
        }
        man_page(cmd).generate_to(dir).map(|_| ())
    }
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    each(cmd, dir)
}

pub(super) fn man(args: &ManArgs) -> ExitCode {
    let cmd = super::Cli::command();
    let written = match &args.dir {
        Some(dir) => std::fs::create_dir_all(dir).and_then(|()| man_pages(cmd, dir)),
        None => {
            let mut buf = Vec::new();
            man_page(cmd)
                .render(&mut buf)
                .and_then(|()| super::output::emit(&buf, None, super::Replace::Yes))
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failed("手册页", "manual page", &e),
    }
}
