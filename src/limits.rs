//! Input limits, documented in the README (and reachable as `sitecheck::load::limits`). A
//! file over `MAX_FILE_BYTES` is refused before it is parsed; the others bound the parser's
//! work on hostile YAML and what a report repeats. Every module may read them: they sit at the
//! top of the pipeline.

/// Largest input file accepted (32 MiB; the contract asks for at least 16 MiB).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Deepest nesting of mappings and sequences.
pub const MAX_DEPTH: usize = 64;
/// Most YAML nodes in one document.
pub const MAX_NODES: usize = 4_000_000;
/// Most parser events in one document.
pub const MAX_EVENTS: usize = 16_000_000;
/// Most alias (`*ref`) uses in one document.
pub const MAX_ALIASES: usize = 10_000;
/// Most events an alias may replay in all (bounds alias-bomb expansion).
pub const MAX_REPLAYED_EVENTS: usize = 100_000;
/// Deepest nesting of aliases whose content holds aliases.
pub const MAX_ALIAS_NESTING: usize = 16;
/// Most bytes of scalar text in one document, aliases expanded (bounds the memory a few
/// aliases of one long string could take).
pub const MAX_SCALAR_BYTES: usize = 64 * 1024 * 1024;
/// Deepest folder a walk goes into below a folder named on the command line (a folder deeper
/// still is an input that failed, its contents unread).
pub const MAX_FOLDER_DEPTH: usize = 64;
/// Most symlinks followed from an `--output` path to the file it names (the kernel's own
/// limit; a loop of links ends here).
pub const MAX_OUTPUT_SYMLINKS: usize = 40;
/// Most problems listed for one input (an inventory, a standard with its cases, a waiver
/// file); the rest are counted by kind in one last line.
pub const MAX_PROBLEMS_PER_INPUT: usize = 200;
/// Longest problem message or advice shown, in characters (a message may quote a value).
pub const MAX_MESSAGE_CHARS: usize = 500;
/// Longest name from an input (a facility id or name, a file name) repeated in a report's
/// per-finding fields (JUnit class names, SARIF locations), in characters; longer ones are
/// cut with `…`.
pub const MAX_REPEATED_NAME_CHARS: usize = 120;
/// Most bytes of input files checked between two writes of a streamed report (a chunk
/// also holds at most a fixed count of files; two chunks are held at once, one checked while
/// the one before is written).
pub const MAX_CHUNK_BYTES: u64 = 64 * 1024 * 1024;
/// Largest whole number accepted in a count, an area or a capacity (2^53): every whole
/// number up to it is held exactly, so none is silently rounded.
pub const MAX_EXACT_INTEGER: u64 = 1 << 53;
/// Most standard files the standards folders (`--standards DIR`, `SITECHECK_STANDARDS`) may
/// hold, in all: each is loaded (and its `extends` resolved) before any input is checked.
pub const MAX_LOCAL_STANDARDS: usize = 256;
/// Largest earlier report a baseline (`--baseline`) may be, in bytes: a national run's JSON
/// report is about 1.2 GB. It is read as a stream; only each facility's failures are kept.
pub const MAX_BASELINE_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// Most JSON reports a baseline folder may hold.
pub const MAX_BASELINE_FILES: usize = 10_000;
/// Most facilities a baseline may hold, in all its reports.
pub const MAX_BASELINE_FACILITIES: usize = 2_000_000;
/// Most findings one facility's report in a baseline may have (a standard's level has a few
/// dozen requirements).
pub const MAX_BASELINE_FINDINGS: usize = 10_000;
/// Most distinct requirement ids a baseline may name, in all.
pub const MAX_BASELINE_REQUIREMENTS: usize = 100_000;
/// Most towns and villages a district roster (`--roster`) may list, in all.
pub const MAX_ROSTER_ENTRIES: usize = 100_000;
/// Most rectification orders an orders file (`--orders`) may hold, and `orders draft` may
/// write: the run keeps a line of each for the district summary.
pub const MAX_ORDERS: usize = 100_000;
/// Largest threshold a standard may state (a minimum, a rate, a table row): with any
/// capacity an inventory may give, a required amount stays finite.
pub const MAX_THRESHOLD: f64 = 1e9;

// Survey form workbooks (`.xlsx`), besides the file size: what their zip archive may
// declare and inflate to, what the spreadsheet library may be handed, and what the cells
// may copy. The archive is inflated once, under these bounds, before calamine sees it.

/// Most entries in a workbook's zip archive.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes a workbook's XML parts may inflate to, in all: what the archive declares
/// and what inflating really gives (a part that lies about its size is stopped here too).
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes the spreadsheet library may read from the inflated parts, re-reads
/// included (each part is meant to be read once: this is the backstop).
pub const MAX_PARSED_BYTES: u64 = 2 * MAX_INFLATED_BYTES;
/// Most sheets in a workbook.
pub const MAX_SHEETS: usize = 200;
/// Most relationships in one relationships part.
pub const MAX_RELATIONSHIPS: usize = 10_000;
/// Most strings in the shared-strings part (whatever its `count` and `uniqueCount` say).
pub const MAX_SHARED_STRINGS: usize = 200_000;
/// Most cell formats (`xf` records of `cellXfs`) in the styles part (Excel's own limit is
/// 64,000).
pub const MAX_CELL_FORMATS: usize = 65_536;
/// Most number formats (`numFmt`) in the styles part.
pub const MAX_NUMBER_FORMATS: usize = 4_096;
/// Longest number format code, in bytes (Excel allows 255 characters).
pub const MAX_NUMBER_FORMAT_BYTES: usize = 1_024;
/// Most cells in a workbook, empty ones included (an empty cell costs reading too).
pub const MAX_CELLS: usize = 200_000;
/// Most characters in one cell (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// Most bytes of cell text a workbook's cells may hold in all (a shared string counts
/// once per cell that shows it: each cell gets its own copy).
pub const MAX_CELL_TEXT_BYTES: usize = 16 * 1024 * 1024;

// `sitecheck serve`: what one upload may carry and what the server holds at once. Each file
// of an upload is then read under the limits above, exactly as on the command line.

/// Largest upload (one request's whole body, every file in it), in bytes.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;
/// Most files in one upload (a folder's files included).
pub const MAX_UPLOAD_FILES: usize = 2_000;
/// Most uploads read or checked at once; the others wait their turn (memory stays under
/// this many times [`MAX_UPLOAD_BYTES`] for the uploads in flight).
pub const MAX_CONCURRENT_UPLOADS: usize = 4;
/// Most uploaded batches the local page keeps for their report and downloads; the oldest
/// is let go first.
pub const MAX_HELD_BATCHES: usize = 64;
/// Most bytes of uploaded files the local page keeps in all (the oldest batch let go first).
pub const MAX_HELD_BYTES: usize = 256 * 1024 * 1024;
