//! The batch engine: inputs are read, checked and rendered in parallel on all cores, in chunks,
//! and written in input order. A streamed format never holds more than one chunk of the run in
//! memory; whole-run formats (HTML, Markdown, SARIF, JUnit) keep the entries they render.

use rayon::prelude::*;

use super::{Input, check_one};
use crate::check::{Assessment, Verdict};
use crate::input::StandardChoice;
use crate::model::standard::Severity;
use crate::model::waivers::Waiver;
use crate::report::audit::StandardsUsed;
use crate::report::tally::Seen;
use crate::report::{Entry, Outcome, Renderer, RunInfo, Summary};

/// How many inputs are checked between two writes: enough to keep every core busy, few enough
/// that memory stays flat (256 rather than 512: the peak at 30,000 files fell from 43 MB to
/// 29 MB, the report byte-identical and the time unchanged; issue 17).
const CHUNK: usize = 256;

/// Takes the next inputs into `chunk`: at most [`CHUNK`] of them, and no more once their
/// files' sizes reach [`MAX_CHUNK_BYTES`] (a chunk's texts, reports and problems are held at
/// once: 256 files near the size limit would be 8 GiB). A file whose size cannot be read
/// counts as empty: reading it will say why.
///
/// [`MAX_CHUNK_BYTES`]: crate::limits::MAX_CHUNK_BYTES
fn fill(chunk: &mut Vec<Input>, inputs: &mut dyn Iterator<Item = Input>, stdin_len: usize) {
    let mut bytes = 0u64;
    while chunk.len() < CHUNK && bytes < crate::limits::MAX_CHUNK_BYTES {
        let Some(input) = inputs.next() else { break };
        bytes = bytes.saturating_add(match &input {
            Input::File {
                listed: Some(len), ..
            } => *len,
            Input::File { path, .. } => std::fs::metadata(path).map_or(0, |m| m.len()),
            Input::Held { bytes, .. } => bytes.len() as u64,
            Input::Stdin => stdin_len as u64,
            Input::Broken { .. } => 0,
        });
        chunk.push(input);
    }
}

/// What a run needs to check its inputs.
pub struct Job<'a> {
    /// Standard input's bytes, when `-` is among the inputs.
    pub stdin: Option<&'a [u8]>,
    /// Which standard.
    pub choice: &'a StandardChoice,
    /// The operator's waivers.
    pub waivers: &'a [Waiver],
    /// The supervisor's rectification orders.
    pub orders: &'a crate::model::orders::Orders,
    /// The earlier run each facility is compared with (`--baseline`).
    pub baseline: Option<&'a crate::check::baseline::Baseline>,
    /// The history the run is recorded into (`--record`).
    pub record: Option<&'a std::sync::Mutex<super::history::Recorder>>,
    /// The evaluation date.
    pub date: chrono::NaiveDate,
    /// The language of the warnings on standard error.
    pub lang: crate::i18n::Lang,
    /// A roster was given: the summary keeps each facility's region to place it.
    pub keep_regions: bool,
    /// Render each entry's load problems for stderr (formats other than human).
    pub problems_to_stderr: Option<&'a (dyn Fn(&Entry) -> String + Sync)>,
    /// The calling thread's stack is as deep as a worker's ([`WORKER_STACK`]): one input alone
    /// is then checked on it, without starting a thread.
    ///
    /// [`WORKER_STACK`]: super::WORKER_STACK
    pub deep_stack: bool,
}

/// What a run found, besides what was written.
#[derive(Default)]
pub struct Outcomes {
    /// Counts overall and by level.
    pub summary: Summary,
    /// The standards used.
    pub standards: StandardsUsed,
    /// The standard of the first facility checked (the network articles of its coverage).
    pub standard: Option<std::sync::Arc<crate::model::standard::Standard>>,
    /// Entries kept for a whole-run format (empty when streamed).
    pub kept: Vec<Entry>,
    /// Assessments of the facilities the waivers name.
    pub named: Vec<Assessment>,
    /// Every facility id checked (only when there are waivers or orders).
    pub ids: Vec<String>,
    /// The audit of the rectification orders, as the run goes.
    pub orders_audit: crate::check::orders::OrderAuditor,
    /// Some input could not be checked.
    pub any_error: bool,
    /// What failed, for the exit code.
    pub fails: Fails,
}

/// What failed in a run, for the exit code (`--fail-on`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Fails {
    /// Some facility is non-compliant or incomplete.
    pub required: bool,
    /// Some advisory (建议项) fails.
    pub advisory: bool,
    /// Some required failure is new since the baseline (or back after a fix).
    pub new: bool,
}

impl Fails {
    /// Whether the run fails under `--fail-on`.
    #[must_use]
    pub fn under(self, fail_on: crate::report::FailOn) -> bool {
        use crate::report::FailOn;
        match fail_on {
            FailOn::Error => self.required,
            FailOn::Warning => self.required || self.advisory,
            FailOn::New => self.new,
        }
    }
}

struct Done {
    entry: Option<Entry>,
    rendered: Vec<u8>,
    stderr: String,
}

/// The warning for a facility met in two inputs, naming both.
fn seen_text(seen: &Seen, lang: crate::i18n::Lang) -> String {
    use crate::report::escape::line;
    let text = match seen {
        Seen::Duplicate(d) => match lang {
            crate::i18n::Lang::Zh => format!(
                "警告：设施 {} 在 {} 和 {} 中重复提交；汇总只计核查日期较新的 {}",
                line(&d.facility),
                line(&d.dropped),
                line(&d.kept),
                line(&d.kept)
            ),
            crate::i18n::Lang::En => format!(
                "warning: the facility {} is in both {} and {}; the summary counts the later survey, {}",
                line(&d.facility),
                line(&d.dropped),
                line(&d.kept),
                line(&d.kept)
            ),
        },
        Seen::Conflict(c) => match lang {
            crate::i18n::Lang::Zh => format!(
                "警告：设施 {} 在 {} 和 {} 中重复提交，核查日期相同或未填写：汇总只计入 {}，并标为冲突，请核实",
                line(&c.facility),
                line(&c.sources[0]),
                line(&c.sources[1]),
                line(&c.sources[0])
            ),
            crate::i18n::Lang::En => format!(
                "warning: the facility {} is in both {} and {} with the same survey date (or none): the summary counts {}, flagged as a conflict to settle",
                line(&c.facility),
                line(&c.sources[0]),
                line(&c.sources[1]),
                line(&c.sources[0])
            ),
        },
    };
    format!("sitecheck: {text}\n")
}

/// Checks one chunk: each input read, checked and (when the format streams) rendered, in the
/// chunk's order. A chunk of several inputs is checked on the thread pool (started on first
/// need), always on the pool's own threads, whose stacks are sized for the deepest nesting
/// allowed: a parallel iterator of one input would otherwise run on the thread that asks. A
/// chunk of one input is checked on the asking thread (a worker started with the same stack,
/// or the main thread when its own is as deep: see [`run`]), so a one-file check starts no pool.
fn check_chunk(
    chunk: &[Input],
    first: usize,
    job: &Job<'_>,
    format: &dyn Renderer,
    info: &RunInfo,
) -> Vec<Done> {
    if let [one] = chunk {
        return vec![check_input(one, first, job, format, info)];
    }
    start_pool();
    rayon::scope(|_| {
        chunk
            .par_iter()
            .enumerate()
            .map(|(k, input)| check_input(input, first + k, job, format, info))
            .collect()
    })
}

/// Starts the thread pool the checks run on, once, with [`WORKER_STACK`] stacks.
///
/// [`WORKER_STACK`]: super::WORKER_STACK
fn start_pool() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        // Fails only when the pool already runs (with rayon's defaults, had anything used it
        // first): the checks then run there.
        let _ = rayon::ThreadPoolBuilder::new()
            .stack_size(super::WORKER_STACK)
            .build_global();
    });
}

/// Reads, checks and renders one input (its `index` in the run).
fn check_input(
    input: &Input,
    index: usize,
    job: &Job<'_>,
    format: &dyn Renderer,
    info: &RunInfo,
) -> Done {
    let entry = check_one(
        input,
        job.stdin,
        job.choice,
        job.waivers,
        job.orders,
        job.baseline,
        job.date,
    );
    // Sized for a report about twice its input (a JSON report with its passes left out is
    // 1.2 times on average): grown from empty, it was copied some ten times (issue 17).
    let mut rendered = Vec::new();
    if format.streams() {
        rendered.reserve(2 * entry.text.as_ref().map_or(0, |t| t.text.len()) + 2048);
        format.entry(&mut rendered, index, &entry, info);
    }
    let stderr = job
        .problems_to_stderr
        .map(|f| f(&entry))
        .unwrap_or_default();
    Done {
        entry: Some(entry),
        rendered,
        stderr,
    }
}

/// Checks every input; streams each rendered entry to `out` in input order when the renderer
/// streams, or keeps the entries for its `finish`.
///
/// The calling thread never waits on the pool while it has work of its own: while one chunk is
/// checked, it writes and counts the chunk before and finds the inputs of the chunk after (the
/// walk, the sizes), which are one thread's work each. Done one after the other, they left the
/// pool idle meanwhile (14 % of the samples of a 30,000-file run; issue 17).
///
/// # Errors
/// When writing fails.
pub fn run(
    inputs: &mut dyn Iterator<Item = Input>,
    job: &Job<'_>,
    format: &dyn Renderer,
    info: &RunInfo,
    out: &mut dyn std::io::Write,
) -> std::io::Result<Outcomes> {
    let mut o = Outcomes::default();
    o.summary.tally.keep_regions = job.keep_regions;
    let stdin_len = job.stdin.map_or(0, <[u8]>::len);
    std::thread::scope(|s| {
        let mut chunk: Vec<Input> = Vec::with_capacity(CHUNK);
        fill(&mut chunk, inputs, stdin_len);
        // The index of the chunk's first input in the run (chunks differ in length).
        let mut first = 0usize;
        // The chunk checked last, to write while the next one is checked.
        let mut before: Option<Vec<Done>> = None;
        // One input alone (a single file named, or a first file as large as a chunk) is
        // checked on this thread when its stack is deep enough: there is nothing yet to write
        // meanwhile, and starting a thread, handing it the work and waiting for it took a
        // fifth of a one-file check (issue 17).
        if chunk.len() == 1 && job.deep_stack {
            before = Some(check_chunk(&chunk, 0, job, format, info));
            first = 1;
            chunk.clear();
            fill(&mut chunk, inputs, stdin_len);
        }
        loop {
            let checking = (!chunk.is_empty()).then(|| {
                let taken = std::mem::take(&mut chunk);
                let at = first;
                first += taken.len();
                std::thread::Builder::new()
                    .stack_size(super::WORKER_STACK)
                    .spawn_scoped(s, move || check_chunk(&taken, at, job, format, info))
            });
            if let Some(done) = before.take() {
                absorb(done, job, format, &mut o, out)?;
            }
            let Some(checking) = checking.transpose()? else {
                break;
            };
            fill(&mut chunk, inputs, stdin_len);
            // One chunk is checked at a time: two are held at most, the one written and the
            // one checked.
            before = Some(
                checking
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        Ok::<(), std::io::Error>(())
    })?;
    Ok(o)
}

/// Writes one checked chunk in order and counts it.
fn absorb(
    done: Vec<Done>,
    job: &Job<'_>,
    format: &dyn Renderer,
    o: &mut Outcomes,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let named = |a: &Assessment| {
        job.waivers
            .iter()
            .any(|w| w.facility == a.inventory.facility.id)
    };
    for mut d in done {
        out.write_all(&d.rendered)?;
        if !d.stderr.is_empty() {
            super::output::stderr(&d.stderr);
        }
        let Some(e) = d.entry.take() else { continue };
        if let Some(seen) = o.summary.add(&e) {
            super::output::stderr(&seen_text(&seen, job.lang));
        }
        match &e.outcome {
            Outcome::Checked(a) => {
                if let Some(r) = job.record
                    && let Ok(mut r) = r.lock()
                {
                    r.add(&e.source, a);
                }
                o.standards.add(&a.standard);
                if o.standard.is_none() {
                    o.standard = Some(std::sync::Arc::clone(&a.standard));
                }
                o.fails.required |=
                    matches!(a.verdict, Verdict::NonCompliant | Verdict::Incomplete);
                o.fails.advisory |= a.fails_at(Severity::Warning);
                o.fails.new |= !a.inventory.is_proposed_layout()
                    && a.findings.iter().any(|f| {
                        f.severity == Severity::Error
                            && f.status == crate::check::Status::Fail
                            && f.baseline
                                .is_some_and(crate::check::baseline::BaselineState::is_new_failure)
                    });
                if !job.orders.is_empty() {
                    o.orders_audit.add(job.orders, a);
                }
                if !job.waivers.is_empty() || !job.orders.is_empty() {
                    o.ids.push(a.inventory.facility.id.clone());
                    if named(a) {
                        o.named.push((**a).clone());
                    }
                }
            }
            Outcome::Failed { .. } => o.any_error = true,
        }
        if !format.streams() {
            o.kept.push(e);
        }
    }
    Ok(())
}
