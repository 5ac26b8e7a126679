//! What a run's summary keeps of each facility until the run ends, so that the summary can
//! count each facility once and only real ones: a proposed layout is listed apart; two inputs
//! with one facility id are one facility (the later survey counts; on the same day, or with no
//! date, both count and the pair is flagged as a conflict).
//!
//! A facility is kept as a few numbers and its strings in one shared text (its id, source,
//! name and region), never its report: about 150 bytes a facility. The names of what fails and
//! what is short are kept once per run, bounded by the standard's vocabulary.

use std::collections::HashMap;

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

/// One facility's part of the summary (the strings are in [`Tally::text`]).
#[derive(Clone, Debug, PartialEq)]
struct Record {
    index: u32,
    /// Where in `text` its id, source, name and region lie, one after the other: the chunk and
    /// the offset in it.
    text: (u32, u32),
    lens: [u32; 4],
    has_name: bool,
    has_region: bool,
    /// The survey date as days since 0001-01-01 (None: no date).
    date: Option<i32>,
    /// The next record whose id hashes the same (`u32::MAX`: none).
    next: u32,
    /// Its source's folder (an index in `dirs`); the text holds the rest of the path.
    dir: u32,
    level: u16,
    verdict: Verdict,
    failing: u32,
    failing_errors: u32,
    /// Index in `data` of the failing requirements (indices in `requirements`), then of the
    /// needs (an index in `needs` and the amount's two halves).
    data: usize,
    fails: u32,
    needs: u32,
    live: bool,
}

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

/// Strings kept in chunks of about a MiB: a record's strings lie together in one chunk.
#[derive(Clone, Debug, Default)]
struct Arena {
    chunks: Vec<String>,
}

impl Arena {
    const CHUNK: usize = 1 << 20;
    /// Keeps the parts together; where they start (chunk, offset).
    fn push(&mut self, parts: &[&str]) -> (u32, u32) {
        let need: usize = parts.iter().map(|p| p.len()).sum();
        if self
            .chunks
            .last()
            .is_none_or(|c| c.len() + need > c.capacity())
        {
            self.chunks
                .push(String::with_capacity(need.max(Self::CHUNK)));
        }
        let chunk = self.chunks.len() - 1;
        let c = &mut self.chunks[chunk];
        let offset = c.len();
        for p in parts {
            c.push_str(p);
        }
        (chunk as u32, offset as u32)
    }
    fn get(&self, chunk: u32, start: usize, len: usize) -> &str {
        self.chunks
            .get(chunk as usize)
            .and_then(|c| c.get(start..start + len))
            .unwrap_or_default()
    }
}

/// The facilities of a run, kept until its summary is made.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    records: Chunked<Record>,
    /// The records' strings, one after the other.
    text: Arena,
    data: Chunked<u32>,
    /// Whether the facilities' regions are kept (a roster was given).
    pub keep_regions: bool,
    /// The folders of the sources, each once (a district's files share a few folders).
    dirs: Vec<String>,
    dir_ix: HashMap<String, u32>,
    /// Record index by its id's hash, the first of a chain through `Record::next` (ids from
    /// files: the hasher's keys are random per run, so no file can make the chains long).
    ids: HashMap<u64, u32>,
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
}

impl Tally {
    /// Adds the next entry of the run; says when its facility id was met before.
    pub fn add(&mut self, e: &Entry) -> Option<Seen> {
        let index = self.inputs as u32;
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
        let at = self.records.len as u32;
        let hash = std::hash::BuildHasher::hash_one(&self.hasher, fac.id.as_str());
        r.next = self.ids.insert(hash, at).unwrap_or(u32::MAX);
        self.records.push(r);
        // The earlier records of this id: along the chain, those whose id is this one.
        let mut earlier = Vec::new();
        let mut i = self.rec(at as usize).next;
        while i != u32::MAX {
            if self.string(i as usize, 0) == fac.id {
                earlier.push(i);
            }
            i = self.rec(i as usize).next;
        }
        let mut said = None;
        for i in earlier.into_iter().rev() {
            if let Some(s) = self.settle(i, at) {
                said = Some(s);
            }
        }
        said
    }

    /// Two live records of one facility: the later survey counts; the same day (or no date)
    /// keeps both, flagged.
    fn settle(&mut self, first: u32, second: u32) -> Option<Seen> {
        let (a, b) = (first as usize, second as usize);
        if !self.rec(a).live || !self.rec(b).live {
            return None;
        }
        let id = self.string(a, 0).to_owned();
        let (sa, sb) = (self.source(a), self.source(b));
        let dates = (self.rec(a).date, self.rec(b).date);
        match dates {
            (Some(da), Some(db)) if da != db => {
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
                    date: da.filter(|d| db == Some(*d)).and_then(date_text),
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
            lens: [0; 4],
            has_name: false,
            has_region: false,
            date: None,
            next: u32::MAX,
            dir: 0,
            level: 0,
            verdict: Verdict::Error,
            failing: 0,
            failing_errors: 0,
            data: 0,
            fails: 0,
            needs: 0,
            live: false,
        };
        self.records.get(r).unwrap_or(&DEAD)
    }

    fn kill(&mut self, r: usize) {
        if let Some(rec) = self.records.get_mut(r) {
            rec.live = false;
        }
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
                let d = self.dirs.len() as u32;
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
        let l = self.levels.len() as u16;
        let name = st
            .vocabulary
            .levels
            .get(level)
            .map_or_else(|| Text::new(level, level), |t| t.name.clone());
        self.levels.push((level.to_owned(), name));
        self.level_ix.insert(level.to_owned(), l);
        l
    }

    /// A record's source, its folder and the rest joined again.
    fn source(&self, r: usize) -> String {
        let dir = self
            .dirs
            .get(self.rec(r).dir as usize)
            .map_or("", String::as_str);
        format!("{dir}{}", self.string(r, 1))
    }

    fn string(&self, r: usize, k: usize) -> &str {
        let rec = self.rec(r);
        let start = rec.text.1 as usize + rec.lens[..k].iter().map(|l| *l as usize).sum::<usize>();
        self.text.get(rec.text.0, start, rec.lens[k] as usize)
    }

    fn record(&mut self, index: u32, e: &Entry, a: &Assessment) -> Record {
        let fac = &a.inventory.facility;
        let st = &a.standard;
        // The region only when a roster will place the facility by it.
        let (dir, file) = self.folder(&e.source);
        let parts = [
            fac.id.as_str(),
            file,
            // The name is shown only in the ranking, which holds only facilities with a
            // required failure.
            if a.fails_at(Severity::Error) {
                fac.name.as_deref().unwrap_or_default()
            } else {
                ""
            },
            if self.keep_regions {
                fac.region.as_deref().unwrap_or_default()
            } else {
                ""
            },
        ];
        let lens = parts.map(|p| p.len() as u32);
        let text = self.text.push(&parts);
        let level = self.level(st, &fac.level);
        let data = self.data.len;
        let (mut failing, mut failing_errors, mut fails) = (0u32, 0u32, 0u32);
        for f in a.findings.iter().filter(|f| f.status == Status::Fail) {
            failing += 1;
            failing_errors += u32::from(f.severity == Severity::Error);
            let Some(r) = a.requirement(f) else { continue };
            let key = (fac.level.clone(), r.id.clone());
            let ix = match self.requirement_ix.get(&key) {
                Some(i) => *i,
                None => {
                    let i = self.requirements.len() as u32;
                    self.requirements
                        .push(RequirementTally::new(&fac.level, r, f.index));
                    self.requirement_ix.insert(key, i);
                    i
                }
            };
            self.data.push(ix);
            fails += 1;
        }
        // Each need once per facility, its amounts summed.
        let mut mine: Vec<(u32, f64)> = Vec::new();
        for (_, n) in needs(a) {
            let ix = match self.need_ix.get(&n.key) {
                Some(i) => *i,
                None => {
                    let i = self.needs.len() as u32;
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
            match mine.iter_mut().find(|(i, _)| *i == ix) {
                Some(m) => m.1 += n.amount,
                None => mine.push((ix, n.amount)),
            }
        }
        for (ix, amount) in &mine {
            let bits = amount.to_bits();
            for x in [*ix, (bits >> 32) as u32, (bits & 0xFFFF_FFFF) as u32] {
                self.data.push(x);
            }
        }
        Record {
            index,
            text,
            lens,
            has_name: fac.name.is_some() && a.fails_at(Severity::Error),
            has_region: self.keep_regions && fac.region.is_some(),
            date: a.inventory.survey_date.as_deref().and_then(date_days),
            next: u32::MAX,
            dir,
            level,
            verdict: a.verdict,
            failing,
            failing_errors,
            data,
            fails,
            needs: mine.len() as u32,
            live: true,
        }
    }

    /// The counts, by level and overall, of the facilities counted (errors included overall).
    #[must_use]
    pub fn counts(&self) -> (Counts, std::collections::BTreeMap<String, Counts>) {
        let mut all = Counts::default();
        let mut by_level = std::collections::BTreeMap::new();
        for r in self.records.iter().filter(|r| r.live) {
            all.add(r.verdict);
            by_level
                .entry(self.levels[usize::from(r.level)].0.clone())
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
            inputs: self.records.iter().filter(|r| r.live).count() + self.errors,
            ..District::default()
        };
        let mut req_counts = vec![0usize; self.requirements.len()];
        let mut need_sums = vec![(0.0f64, 0usize); self.needs.len()];
        let mut ranked: Vec<usize> = Vec::new();
        for (i, r) in self.records.iter().enumerate().filter(|(_, r)| r.live) {
            let (id, name) = &self.levels[usize::from(r.level)];
            let t = d.levels.entry(id.clone()).or_insert_with(|| LevelTally {
                name: name.clone(),
                ..LevelTally::default()
            });
            t.total += 1;
            t.compliant += usize::from(r.verdict == Verdict::Compliant);
            for k in 0..r.fails as usize {
                if let Some(c) = self
                    .data
                    .get(r.data + k)
                    .and_then(|i| req_counts.get_mut(*i as usize))
                {
                    *c += 1;
                }
            }
            let needs_at = r.data + r.fails as usize;
            for k in 0..r.needs as usize {
                let at = needs_at + 3 * k;
                let word = |i: usize| self.data.get(i).copied().unwrap_or_default();
                let bits = (u64::from(word(at + 1)) << 32) | u64::from(word(at + 2));
                if let Some(s) = need_sums.get_mut(word(at) as usize) {
                    s.0 += f64::from_bits(bits);
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
                FacilityTally {
                    index: r.index as usize,
                    source: self.source(i),
                    id: self.string(i, 0).to_owned(),
                    name: r.has_name.then(|| self.string(i, 2).to_owned()),
                    level: self.levels[usize::from(r.level)].0.clone(),
                    status: r.verdict,
                    failing: r.failing as usize,
                    failing_errors: r.failing_errors as usize,
                }
            })
            .collect();
        d
    }

    /// The facilities counted, as the network's coverage needs them.
    #[must_use]
    pub fn surveyed(&self) -> Vec<Surveyed> {
        self.records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.live)
            .map(|(i, r)| Surveyed {
                id: self.string(i, 0).to_owned(),
                level: self.levels[usize::from(r.level)].0.clone(),
                region: r.has_region.then(|| self.string(i, 3).to_owned()),
                source: self.source(i),
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
