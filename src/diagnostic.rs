//! A problem found in an input (an inventory, a standard or a waiver file): what is wrong, in
//! both languages, where, and how to fix it. The CLI renders problems with miette; reports
//! carry them as data.

use crate::i18n::{Lang, Text};
use crate::source::Location;

/// One problem in one input.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// A stable code, `sitecheck::<kind>` (for example `sitecheck::unknown-key`).
    pub code: &'static str,
    /// What is wrong.
    pub message: Text,
    /// How to fix it, when there is something to say.
    pub help: Option<Text>,
    /// Where: `None` when the problem concerns the whole input (an unreadable file).
    pub location: Option<Location>,
}

impl Problem {
    /// A problem at a location.
    #[must_use]
    pub fn new(code: &'static str, message: Text, location: Option<Location>) -> Self {
        Self {
            code,
            message,
            help: None,
            location,
        }
    }

    /// The same problem with advice.
    #[must_use]
    pub fn with_help(mut self, help: Text) -> Self {
        self.help = Some(help);
        self
    }

    /// The message in `lang`.
    #[must_use]
    pub fn message(&self, lang: Lang) -> &str {
        self.message.get(lang)
    }
}

/// The nearest of `candidates` to `word`, when one is near enough to be a likely typo.
#[must_use]
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&w, &c.to_lowercase());
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.75).map(|(_, c)| c)
}

/// Advice naming the nearest valid name, or listing the valid ones when none is near.
#[must_use]
pub fn suggestion<'a, I>(word: &str, candidates: I) -> Text
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    if let Some(n) = nearest(word, candidates.clone()) {
        Text::new(format!("是否想写 `{n}`?"), format!("did you mean `{n}`?"))
    } else {
        let all: Vec<&str> = candidates.into_iter().collect();
        let shown = if all.len() > 12 {
            format!("{}, …", all[..12].join(", "))
        } else {
            all.join(", ")
        };
        Text::new(
            format!("可用的名称: {shown}"),
            format!("valid names: {shown}"),
        )
    }
}
