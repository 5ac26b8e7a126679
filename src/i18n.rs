//! The two languages the tool writes in. Names and wording of a standard come from the standard
//! file as [`Text`]; the tool's own words are chosen with [`Lang::pick`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A language the tool writes in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Chinese (简体中文).
    Zh,
    /// English.
    #[default]
    En,
}

impl Lang {
    /// One of two spellings of the same words.
    #[must_use]
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The language a locale string names (`zh_CN.UTF-8` → Chinese), if it names one.
    #[must_use]
    pub fn from_locale(locale: &str) -> Option<Self> {
        let l = locale.trim();
        if l.is_empty() {
            return None;
        }
        Some(if l.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        })
    }

    /// The comma between two clauses: `，` in Chinese, `, ` in English.
    #[must_use]
    pub fn comma(self) -> &'static str {
        self.pick("，", ", ")
    }

    /// The colon before what a label names: `：` in Chinese, `: ` in English.
    #[must_use]
    pub fn colon(self) -> &'static str {
        self.pick("：", ": ")
    }

    /// The semicolon between two statements: `；` in Chinese, `; ` in English.
    #[must_use]
    pub fn semicolon(self) -> &'static str {
        self.pick("；", "; ")
    }

    /// `inner` in parentheses after a word: `（inner）` in Chinese, ` (inner)` (a space before)
    /// in English.
    #[must_use]
    pub fn paren(self, inner: &str) -> String {
        match self {
            Lang::Zh => format!("（{inner}）"),
            Lang::En => format!(" ({inner})"),
        }
    }

    /// The BCP 47 tag (`zh-CN`, `en`).
    #[must_use]
    pub fn tag(self) -> &'static str {
        self.pick("zh-CN", "en")
    }
}

/// A text in both languages, as a standard file gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// 中文.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Both spellings.
    #[must_use]
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`, falling back to the other language when that one is empty.
    #[must_use]
    pub fn get(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        if first.is_empty() { second } else { first }
    }
}
