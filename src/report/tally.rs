//! What a run's summary keeps of each facility until the run ends, so that the summary can
//! count each facility once and only real ones: a proposed layout is listed apart; two inputs
//! with one facility id are one facility (the later survey counts; on the same day, or with no
//! date, both count and the pair is flagged as a conflict).
//!
//! A facility is kept as a few numbers and its strings in one shared text (its id, source,
//! name and region), never its report: about 150 bytes a facility. The names of what fails and
//! what is short are kept once per run, bounded by the standard's vocabulary.

use foldhash::HashMap;

use serde::Serialize;

use super::district::{FacilityTally, LevelTally, NeedTotal, RequirementTally};
use super::{Counts, Entry, Outcome, text};
use crate::check::coverage::Surveyed;
use crate::check::shortfall::{NeedKey, needs};
use crate::check::{Assessment, Status, Verdict};
use crate::i18n::{Lang, Text};
use crate::model::standard::Severity;

/// How many proposed layouts, duplicates and conflicts the summary lists by name (each is
/// counted whatever their number).
pub const LISTED: usize = 1_000;

/// A proposed layout, listed apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// Facility id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// The input.
    pub source: String,
}

/// The proposed layouts of a run: not facilities yet, so left out of every number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Layouts {
    /// How many.
    pub count: usize,
    /// The first [`LISTED`] of them, in input order.
    pub facilities: Vec<Layout>,
}

/// One facility in two inputs, where the later survey counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// Facility id.
    pub facility: String,
    /// The input the summary counts (the later survey).
    pub kept: String,
    /// The input it leaves out.
    pub dropped: String,
}

/// One facility in two inputs of the same survey date (or with none, in one of them): the
/// facility counts once (the input met first), and the totals say so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Facility id.
    pub facility: String,
    /// The two inputs.
    pub sources: [String; 2],
    /// Their survey date, when both give the same one.
    pub date: Option<String>,
}

/// What happened when an input's facility id was met before: for the CLI's warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seen {
    /// The later survey counts.
    Duplicate(Duplicate),
    /// Both count: flagged.
    Conflict(Conflict),
}

/// One facility's part of the summary, 40 bytes (its strings are in [`Tally::text`], its
/// failing requirements and needs in [`Tally::data`]).
#[derive(Clone, Debug, PartialEq)]
struct Record {
    /// Its place among the run's inputs (saturating: only a tiebreak).
    index: u32,
    /// Where in `text` its strings lie: the chunk and the offset in it.
    text: (u32, u32),
    /// The survey date as days since 0001-01-01 ([`NO_DATE`]: none).
    date: i32,
    /// The next record whose id hashes the same (`u32::MAX`: none).
    next: u32,
    /// Its source's folder (an index in `dirs`); the text holds the rest of the path.
    dir: u32,
    /// Where its words lie in `data`, from its chunk's base (`Tally::bases`).
    data: u32,
    level: u16,
    failing: u16,
    failing_errors: u16,
    /// How many failing requirements, then needs, its words hold.
    fails: u16,
    needs: u16,
    verdict: Verdict,
    /// [`LIVE`], [`HAS_NAME`], [`HAS_REGION`], [`ID_IS_STEM`], [`COMPARED`].
    flags: u8,
}

/// A record no later survey replaced.
const LIVE: u8 = 1;
/// Its name is kept (it can be ranked).
const HAS_NAME: u8 = 2;
/// Its region is kept (a roster places it).
const HAS_REGION: u8 = 4;
/// Its id is its file's name without the extension, so not kept twice.
const ID_IS_STEM: u8 = 8;
/// It was compared with a baseline: its first two words are the comparison's counts.
const COMPARED: u8 = 16;
/// The baseline held no earlier survey of it.
const FIRST: u8 = 32;
/// A record without a survey date.
const NO_DATE: i32 = i32::MIN;
/// A need whose amount is a small whole number is one word: this bit, its index (16 bits)
/// and the amount (15 bits); any other need is three words (its index, the amount's halves).
const SMALL_NEED: u32 = 1 << 31;

/// A vector kept in fixed-size chunks: growing it never copies what it holds (no moment with
/// two copies of a large run's records in memory).
#[derive(Clone, Debug, PartialEq)]
struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Self {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    const CHUNK: usize = 16_384;
    fn push(&mut self, x: T) {
        if self.chunks.last().is_none_or(|c| c.len() == Self::CHUNK) {
            self.chunks.push(Vec::with_capacity(Self::CHUNK));
        }
        if let Some(c) = self.chunks.last_mut() {
            c.push(x);
            self.len += 1;
        }
    }
    fn get(&self, i: usize) -> Option<&T> {
        self.chunks.get(i / Self::CHUNK)?.get(i % Self::CHUNK)
    }
    fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.chunks
            .get_mut(i / Self::CHUNK)?
            .get_mut(i % Self::CHUNK)
    }
    fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
}

/// Strings kept in chunks of about a MiB, each after its length (a LEB128 number): a record's
/// strings lie together in one chunk.
#[derive(Clone, Debug, Default)]
struct Arena {
    chunks: Vec<Vec<u8>>,
}

impl Arena {
    const CHUNK: usize = 1 << 20;
    /// Keeps the parts together; where they start (chunk, offset).
    fn push(&mut self, parts: &[&str]) -> (u32, u32) {
        let need: usize = parts.iter().map(|p| p.len() + 5).sum();
        if self
            .chunks
            .last()
            .is_none_or(|c| c.len() + need > c.capacity())
        {
            self.chunks.push(Vec::with_capacity(need.max(Self::CHUNK)));
        }
        let chunk = self.chunks.len() - 1;
        let c = &mut self.chunks[chunk];
        let offset = c.len();
        for p in parts {
            let mut n = p.len();
            while n >= 0x80 {
                c.push((n & 0x7F) as u8 | 0x80);
                n >>= 7;
            }
            c.push(n as u8);
            c.extend_from_slice(p.as_bytes());
        }
        (chunk as u32, offset as u32)
    }
    /// The `count` strings kept at (chunk, offset).
    fn get(&self, (chunk, offset): (u32, u32), count: usize) -> impl Iterator<Item = &str> {
        let c = self
            .chunks
            .get(chunk as usize)
            .map_or(&[][..], Vec::as_slice);
        let mut at = offset as usize;
        (0..count).map(move |_| {
            let mut n = 0usize;
            let mut shift = 0;
            while let Some(b) = c.get(at) {
                at += 1;
                n |= usize::from(b & 0x7F) << shift;
                shift += 7;
                if b & 0x80 == 0 || shift > 56 {
                    break;
                }
            }
            let s = c
                .get(at..at + n)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default();
            at += n;
            s
        })
    }
}

/// A record's strings.
struct Strings<'t> {
    id: &'t str,
    file: &'t str,
    name: Option<&'t str>,
    region: Option<&'t str>,
}

/// A file's name without its extension.
fn stem(file: &str) -> &str {
    file.rfind('.').map_or(file, |i| &file[..i])
}

/// The facilities of a run, kept until its summary is made.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    records: Chunked<Record>,
    /// The records' strings, one after the other.
    text: Arena,
    /// The records' failing requirements (indices in `requirements`) and needs (see
    /// [`SMALL_NEED`]), one record after the other.
    data: Chunked<u32>,
    /// Where each chunk of records starts in `data` (a record keeps its offset from it).
    bases: Vec<usize>,
    /// Whether the facilities' regions are kept (a roster was given).
    pub keep_regions: bool,
    /// The folders of the sources, each once (a district's files share a few folders).
    dirs: Vec<String>,
    dir_ix: HashMap<String, u32>,
    /// Record index by its id's hash, the first of a chain through `Record::next` (ids from
    /// files: the hasher's keys are random per run, so no file can make the chains long).
    ids: HashMap<u32, u32>,
    hasher: std::collections::hash_map::RandomState,
    levels: Vec<(String, Text)>,
    level_ix: HashMap<String, u16>,
    requirements: Vec<RequirementTally>,
    requirement_ix: HashMap<(String, String), u32>,
    needs: Vec<NeedTotal>,
    need_ix: HashMap<NeedKey, u32>,
    /// Inputs that could not be checked.
    pub errors: usize,
    /// Inputs met (layouts and errors included).
    pub inputs: usize,
    /// The proposed layouts.
    pub layouts: Layouts,
    /// Duplicates resolved by date.
    pub duplicates: Vec<Duplicate>,
    /// How many duplicates (listed or not).
    pub duplicate_count: usize,
    /// Pairs with the same date, both counted.
    pub conflicts: Vec<Conflict>,
    /// How many conflicts (listed or not).
    pub conflict_count: usize,
    /// The rectification orders met, one line per order.
    orders: super::orders::OrderTally,
}

impl Tally {
    /// Adds the next entry of the run; says when its facility id was met before.
    pub fn add(&mut self, e: &Entry) -> Option<Seen> {
        let index = u32::try_from(self.inputs).unwrap_or(u32::MAX);
        self.inputs += 1;
        let Outcome::Checked(a) = &e.outcome else {
            self.errors += 1;
            return None;
        };
        let fac = &a.inventory.facility;
        if a.inventory.is_proposed_layout() {
            self.layouts.count += 1;
            if self.layouts.facilities.len() < LISTED {
                self.layouts.facilities.push(Layout {
                    id: fac.id.clone(),
                    name: fac.name.clone(),
                    source: e.source.clone(),
                });
            }
            return None;
        }
        let mut r = self.record(index, e, a);
        // Past four billion records (never within memory), duplicates are no longer sought.
        let Ok(at) = u32::try_from(self.records.len) else {
            self.records.push(r);
            return None;
        };
        // The hash's low half: a collision only lengthens a chain, whose ids are compared.
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, fac.id.as_str()) as u32;
        r.next = self.ids.insert(hash, at).unwrap_or(u32::MAX);
        self.records.push(r);
        // The earlier records of this id.
        let earlier: Vec<u32> = self.same_id(self.rec(at as usize).next, &fac.id).collect();
        let mut said = None;
        for i in earlier.into_iter().rev() {
            if let Some(s) = self.settle(i, at) {
                said = Some(s);
            }
        }
        // The orders are judged on the facility's latest survey: this one, unless an
        // earlier input holds a later one.
        if self.live(at as usize) {
            self.orders.add(at, a);
        }
        said
    }

    /// The district's rectification orders, each judged on its facility's survey that counts.
    #[must_use]
    pub fn orders_summary(&self) -> Option<super::orders::OrdersSummary> {
        self.orders.summary(|r| self.live(r as usize))
    }

    /// Two live records of one facility: the later survey counts; the same day (or no date)
    /// keeps both, flagged.
    fn settle(&mut self, first: u32, second: u32) -> Option<Seen> {
        let (a, b) = (first as usize, second as usize);
        if !self.live(a) || !self.live(b) {
            return None;
        }
        let id = self.strings(a).id.to_owned();
        let (sa, sb) = (self.source(a), self.source(b));
        let dates = (self.rec(a).date, self.rec(b).date);
        match dates {
            (da, db) if da != NO_DATE && db != NO_DATE && da != db => {
                let (kept, dropped, drop) = if db > da { (sb, sa, a) } else { (sa, sb, b) };
                self.kill(drop);
                let d = Duplicate {
                    facility: id,
                    kept,
                    dropped,
                };
                self.duplicate_count += 1;
                if self.duplicates.len() < LISTED {
                    self.duplicates.push(d.clone());
                }
                Some(Seen::Duplicate(d))
            }
            (da, db) => {
                // No date decides: the facility still counts once (the input met first), and
                // the pair is flagged for the supervisor to settle.
                self.kill(b);
                let c = Conflict {
                    facility: id,
                    sources: [sa, sb],
                    date: (da != NO_DATE && da == db).then(|| date_text(da)).flatten(),
                };
                self.conflict_count += 1;
                if self.conflicts.len() < LISTED {
                    self.conflicts.push(c.clone());
                }
                Some(Seen::Conflict(c))
            }
        }
    }

    fn rec(&self, r: usize) -> &Record {
        // Every index comes from `records` itself; a miss would be a bug, read as a dead record.
        static DEAD: Record = Record {
            index: 0,
            text: (0, 0),
            date: NO_DATE,
            next: u32::MAX,
            dir: 0,
            data: 0,
            level: 0,
            failing: 0,
            failing_errors: 0,
            fails: 0,
            needs: 0,
            verdict: Verdict::Error,
            flags: 0,
        };
        self.records.get(r).unwrap_or(&DEAD)
    }

    fn live(&self, r: usize) -> bool {
        self.rec(r).flags & LIVE != 0
    }

    fn kill(&mut self, r: usize) {
        if let Some(rec) = self.records.get_mut(r) {
            rec.flags &= !LIVE;
        }
    }

    /// The live records, with their place.
    fn live_records(&self) -> impl Iterator<Item = (usize, &Record)> {
        self.records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.flags & LIVE != 0)
    }

    /// A source's folder (its index in `dirs`, added when new) and the rest of its path.
    fn folder<'s>(&mut self, source: &'s str) -> (u32, &'s str) {
        let (dir, file) = match source.rfind('/') {
            Some(i) => source.split_at(i + 1),
            None => ("", source),
        };
        let d = match self.dir_ix.get(dir) {
            Some(d) => *d,
            None => {
                let d = u32::try_from(self.dirs.len()).unwrap_or(u32::MAX);
                self.dirs.push(dir.to_owned());
                self.dir_ix.insert(dir.to_owned(), d);
                d
            }
        };
        (d, file)
    }

    /// A level's index in `levels` (added, with its name, when new).
    fn level(&mut self, st: &crate::model::standard::Standard, level: &str) -> u16 {
        if let Some(l) = self.level_ix.get(level) {
            return *l;
        }
        let l = u16::try_from(self.levels.len()).unwrap_or(u16::MAX);
        let name = st
            .vocabulary
            .levels
            .get(level)
            .map_or_else(|| Text::new(level, level), |t| t.name.clone());
        self.levels.push((level.to_owned(), name));
        self.level_ix.insert(level.to_owned(), l);
        l
    }

    fn level_id(&self, r: &Record) -> &str {
        self.levels
            .get(usize::from(r.level))
            .map_or("", |(id, _)| id.as_str())
    }

    /// A record's source, its folder and the rest joined again.
    fn source(&self, r: usize) -> String {
        let dir = self
            .dirs
            .get(self.rec(r).dir as usize)
            .map_or("", String::as_str);
        format!("{dir}{}", self.strings(r).file)
    }

    fn strings(&self, r: usize) -> Strings<'_> {
        let rec = self.rec(r);
        let has = |flag| rec.flags & flag != 0;
        let count = 1 + usize::from(!has(ID_IS_STEM)) + usize::from(has(HAS_NAME));
        let mut parts = self
            .text
            .get(rec.text, count + usize::from(has(HAS_REGION)));
        let id = if has(ID_IS_STEM) { None } else { parts.next() };
        let file = parts.next().unwrap_or_default();
        Strings {
            id: id.unwrap_or_else(|| stem(file)),
            file,
            name: if has(HAS_NAME) { parts.next() } else { None },
            region: if has(HAS_REGION) { parts.next() } else { None },
        }
    }

    /// Where a record's failing requirements start in `data` (after its comparison's counts).
    fn words_at(&self, i: usize, r: &Record) -> usize {
        self.compared_at(i, r) + if r.flags & COMPARED != 0 { 2 } else { 0 }
    }

    /// Where a record's words start in `data`.
    fn compared_at(&self, i: usize, r: &Record) -> usize {
        self.bases
            .get(i / Chunked::<Record>::CHUNK)
            .map_or(0, |b| b + r.data as usize)
    }

    /// The counts of the comparisons with the baseline, of the facilities counted: (fixed, new,
    /// persisting, regressed) and how many facilities had an earlier survey to compare with.
    #[must_use]
    pub fn compared(&self) -> ([usize; 4], usize) {
        let mut sums = [0usize; 4];
        let mut facilities = 0;
        for (i, r) in self.live_records() {
            if r.flags & COMPARED == 0 {
                continue;
            }
            facilities += usize::from(r.flags & FIRST == 0);
            let at = self.compared_at(i, r);
            let word = |k: usize| self.data.get(at + k).copied().unwrap_or_default();
            let (a, b) = (word(0), word(1));
            for (s, v) in sums
                .iter_mut()
                .zip([a >> 16, a & 0xFFFF, b >> 16, b & 0xFFFF])
            {
                *s += v as usize;
            }
        }
        (sums, facilities)
    }

    /// Whether a facility with this id was counted.
    #[must_use]
    pub fn has_id(&self, id: &str) -> bool {
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, id) as u32;
        let first = self.ids.get(&hash).copied().unwrap_or(u32::MAX);
        self.same_id(first, id).next().is_some()
    }

    /// The records whose id is `id`, along the chain of its hash from record `first`, latest
    /// first.
    fn same_id<'t>(&'t self, first: u32, id: &'t str) -> impl Iterator<Item = u32> + 't {
        std::iter::successors(Some(first), |&i| Some(self.rec(i as usize).next))
            .take_while(|&i| i != u32::MAX)
            .filter(move |&i| self.strings(i as usize).id == id)
    }

    fn record(&mut self, index: u32, e: &Entry, a: &Assessment) -> Record {
        let fac = &a.inventory.facility;
        let st = &a.standard;
        let (dir, file) = self.folder(&e.source);
        // The name is shown only in the ranking, which holds only facilities with a required
        // failure; the region only when a roster will place the facility by it.
        let name = fac.name.as_deref().filter(|_| a.fails_at(Severity::Error));
        let region = fac.region.as_deref().filter(|_| self.keep_regions);
        let mut flags = LIVE;
        let mut parts = Vec::with_capacity(4);
        if fac.id == stem(file) {
            flags |= ID_IS_STEM;
        } else {
            parts.push(fac.id.as_str());
        }
        parts.push(file);
        if let Some(n) = name {
            flags |= HAS_NAME;
            parts.push(n);
        }
        if let Some(r) = region {
            flags |= HAS_REGION;
            parts.push(r);
        }
        let text = self.text.push(&parts);
        let level = self.level(st, &fac.level);
        if self.records.len.is_multiple_of(Chunked::<Record>::CHUNK) {
            self.bases.push(self.data.len);
        }
        let base = self.bases.last().copied().unwrap_or_default();
        let data = u32::try_from(self.data.len - base).unwrap_or(u32::MAX);
        if let Some(c) = &a.baseline {
            flags |= COMPARED | if c.first { FIRST } else { 0 };
            let half = |n: usize| u32::try_from(n.min(0xFFFF)).unwrap_or_default();
            self.data.push((half(c.fixed) << 16) | half(c.new));
            self.data
                .push((half(c.persisting) << 16) | half(c.regressed));
        }
        let (mut failing, mut failing_errors, mut fails) = (0u16, 0u16, 0u16);
        for f in a.findings.iter().filter(|f| f.status == Status::Fail) {
            failing = failing.saturating_add(1);
            failing_errors =
                failing_errors.saturating_add(u16::from(f.severity == Severity::Error));
            let Some(r) = a.requirement(f) else { continue };
            if fails == u16::MAX {
                continue;
            }
            let key = (fac.level.clone(), r.id.clone());
            let ix = match self.requirement_ix.get(&key) {
                Some(i) => *i,
                None => {
                    let i = u32::try_from(self.requirements.len()).unwrap_or(u32::MAX);
                    self.requirements
                        .push(RequirementTally::new(&fac.level, r, f.index));
                    self.requirement_ix.insert(key, i);
                    i
                }
            };
            self.data.push(ix);
            fails += 1;
        }
        let mine = self.own_needs(a);
        for (ix, amount) in &mine {
            self.push_need(*ix, *amount);
        }
        Record {
            index,
            text,
            date: a
                .inventory
                .survey_date
                .as_deref()
                .and_then(date_days)
                .unwrap_or(NO_DATE),
            next: u32::MAX,
            dir,
            data,
            level,
            failing,
            failing_errors,
            fails,
            needs: u16::try_from(mine.len()).unwrap_or(u16::MAX),
            verdict: a.verdict,
            flags,
        }
    }

    /// Each need of a facility once, its amounts summed (at most `u16::MAX` of them: the
    /// standard's vocabulary bounds them long before).
    fn own_needs(&mut self, a: &Assessment) -> Vec<(u32, f64)> {
        let st = &a.standard;
        let mut mine: Vec<(u32, f64)> = Vec::new();
        for (_, n) in needs(a) {
            let ix = match self.need_ix.get(&n.key) {
                Some(i) => *i,
                None => {
                    let i = u32::try_from(self.needs.len()).unwrap_or(u32::MAX);
                    self.needs.push(NeedTotal {
                        key: n.key.clone(),
                        name: Text::new(
                            text::need(st, &n.key, Lang::Zh),
                            text::need(st, &n.key, Lang::En),
                        ),
                        unit: Text::new(
                            text::need_unit(st, &n.key, Lang::Zh),
                            text::need_unit(st, &n.key, Lang::En),
                        ),
                        amount: 0.0,
                        facilities: 0,
                    });
                    self.need_ix.insert(n.key.clone(), i);
                    i
                }
            };
            if let Some(m) = mine.iter_mut().find(|(i, _)| *i == ix) {
                m.1 += n.amount;
            } else if mine.len() < usize::from(u16::MAX) {
                mine.push((ix, n.amount));
            }
        }
        mine
    }

    /// A need in one word when it can be ([`SMALL_NEED`]), else in three.
    fn push_need(&mut self, ix: u32, amount: f64) {
        if ix < 1 << 16 && amount.fract() == 0.0 && (0.0..32_768.0).contains(&amount) {
            self.data.push(SMALL_NEED | (ix << 15) | amount as u32);
        } else {
            let bits = amount.to_bits();
            for x in [ix & !SMALL_NEED, (bits >> 32) as u32, bits as u32] {
                self.data.push(x);
            }
        }
    }

    /// A record's needs: (index in `needs`, amount).
    fn needs_of(&self, i: usize, r: &Record) -> impl Iterator<Item = (usize, f64)> {
        let mut at = self.words_at(i, r) + usize::from(r.fails);
        let word = move |at: usize| self.data.get(at).copied().unwrap_or_default();
        (0..r.needs).map(move |_| {
            let w = word(at);
            if w & SMALL_NEED != 0 {
                at += 1;
                (((w & !SMALL_NEED) >> 15) as usize, f64::from(w & 0x7FFF))
            } else {
                let bits = (u64::from(word(at + 1)) << 32) | u64::from(word(at + 2));
                at += 3;
                (w as usize, f64::from_bits(bits))
            }
        })
    }

    /// The counts, by level and overall, of the facilities counted (errors included overall).
    #[must_use]
    pub fn counts(&self) -> (Counts, std::collections::BTreeMap<String, Counts>) {
        let mut all = Counts::default();
        let mut by_level = std::collections::BTreeMap::new();
        for (_, r) in self.live_records() {
            all.add(r.verdict);
            by_level
                .entry(self.level_id(r).to_owned())
                .or_insert_with(Counts::default)
                .add(r.verdict);
        }
        for _ in 0..self.errors {
            all.add(Verdict::Error);
        }
        (all, by_level)
    }

    /// The district aggregates of the facilities counted: levels, failing requirements,
    /// shortfall totals and the facilities with the most shortfalls.
    #[must_use]
    pub fn district(&self) -> super::district::District {
        use super::district::{District, TOP_FACILITIES};
        let mut d = District {
            inputs: self.live_records().count() + self.errors,
            ..District::default()
        };
        let mut req_counts = vec![0usize; self.requirements.len()];
        let mut need_sums = vec![(0.0f64, 0usize); self.needs.len()];
        let mut ranked: Vec<usize> = Vec::new();
        for (i, r) in self.live_records() {
            let (id, name) = &self.levels[usize::from(r.level)];
            let t = d.levels.entry(id.clone()).or_insert_with(|| LevelTally {
                name: name.clone(),
                ..LevelTally::default()
            });
            t.total += 1;
            t.compliant += usize::from(r.verdict == Verdict::Compliant);
            let at = self.words_at(i, r);
            for k in 0..usize::from(r.fails) {
                if let Some(c) = self
                    .data
                    .get(at + k)
                    .and_then(|i| req_counts.get_mut(*i as usize))
                {
                    *c += 1;
                }
            }
            for (ix, amount) in self.needs_of(i, r) {
                if let Some(s) = need_sums.get_mut(ix) {
                    s.0 += amount;
                    s.1 += 1;
                }
            }
            // Ranked by what makes a facility non-compliant: required failures.
            if r.failing_errors > 0 {
                ranked.push(i);
            }
        }
        for (t, n) in self.requirements.iter().zip(&req_counts) {
            if *n > 0 {
                let mut t = t.clone();
                t.facilities = *n;
                d.requirements
                    .insert((t.level.clone(), t.requirement.clone()), t);
            }
        }
        for (t, (amount, facilities)) in self.needs.iter().zip(&need_sums) {
            if *facilities > 0 {
                let mut t = t.clone();
                t.amount = *amount;
                t.facilities = *facilities;
                d.totals.insert(t.key.clone(), t);
            }
        }
        // Most error failures first, then most failures, then input order.
        ranked.sort_by_key(|&i| {
            let r = self.rec(i);
            (
                std::cmp::Reverse(r.failing_errors),
                std::cmp::Reverse(r.failing),
                r.index,
            )
        });
        d.top = ranked
            .into_iter()
            .take(TOP_FACILITIES)
            .map(|i| {
                let r = self.rec(i);
                let s = self.strings(i);
                FacilityTally {
                    index: r.index as usize,
                    source: self.source(i),
                    id: s.id.to_owned(),
                    name: s.name.map(str::to_owned),
                    level: self.level_id(r).to_owned(),
                    status: r.verdict,
                    failing: usize::from(r.failing),
                    failing_errors: usize::from(r.failing_errors),
                }
            })
            .collect();
        d
    }

    /// The facilities counted, as the network's coverage needs them.
    #[must_use]
    pub fn surveyed(&self) -> Vec<Surveyed> {
        self.live_records()
            .map(|(i, r)| {
                let s = self.strings(i);
                Surveyed {
                    id: s.id.to_owned(),
                    level: self.level_id(r).to_owned(),
                    region: s.region.map(str::to_owned),
                    source: self.source(i),
                }
            })
            .collect()
    }
}

/// A survey date as a day number, for comparing dates.
fn date_days(d: &str) -> Option<i32> {
    use chrono::Datelike as _;
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .ok()
        .map(|d| d.num_days_from_ce())
}

/// A day number back as YYYY-MM-DD.
fn date_text(days: i32) -> Option<String> {
    chrono::NaiveDate::from_num_days_from_ce_opt(days).map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_forty_bytes() {
        // The summary keeps one per facility: 360,000 of them must stay far under 100 MB.
        assert_eq!(std::mem::size_of::<Record>(), 40);
    }

    #[test]
    fn strings_come_back_as_kept_whatever_their_length() {
        let mut arena = Arena::default();
        let long = "长".repeat(20_000);
        let parts = ["", "a", &"x".repeat(127), &"y".repeat(128), &long];
        let at = arena.push(&parts);
        let back: Vec<&str> = arena.get(at, parts.len()).collect();
        assert_eq!(back, parts);
        // A second record lies after the first, in the same chunk.
        let at2 = arena.push(&["张村镇", "b.yaml"]);
        assert_eq!(at2.0, at.0);
        assert_eq!(arena.get(at2, 2).collect::<Vec<_>>(), ["张村镇", "b.yaml"]);
    }

    #[test]
    fn needs_come_back_exactly_in_one_word_or_three() {
        let mut t = Tally::default();
        t.bases.push(0);
        let needs = [
            (0u32, 1.0f64),
            (3, 32_767.0),
            (4, 32_768.0),
            (5, 6.3),
            (6, -2.0),
            (70_000, 2.0),
            ((1 << 16) - 1, 0.0),
        ];
        for (ix, amount) in needs {
            t.push_need(ix, amount);
        }
        // Small whole amounts with a small index take one word; the rest three.
        assert_eq!(t.data.len, 1 + 1 + 3 + 3 + 3 + 3 + 1);
        let r = Record {
            needs: needs.len() as u16,
            ..Tally::default().rec(0).clone()
        };
        let back: Vec<(usize, f64)> = t.needs_of(0, &r).collect();
        let want: Vec<(usize, f64)> = needs.iter().map(|(i, a)| (*i as usize, *a)).collect();
        assert_eq!(back, want);
    }

    #[test]
    fn a_file_stem_is_its_name_without_the_last_extension() {
        assert_eq!(stem("d001-zhurong-dc.yaml"), "d001-zhurong-dc");
        assert_eq!(stem("noext"), "noext");
        assert_eq!(stem("a.b.json"), "a.b");
    }
}
