//! `--help` in Chinese: one table of the commands' and options' Chinese words, set over the
//! derive's English at run time when the language is Chinese (`--lang zh` anywhere on the
//! command line, or a Chinese locale). The man page and the shell completions are built from
//! the English command and stay English.

use clap::{Arg, ArgAction, Command};

/// Each command's Chinese (its path of subcommand names, `""` for the root): what it does,
/// and the examples under its help.
const COMMANDS: &[(&str, &str, &str)] = &[
    (
        "",
        "按声明式设施标准核查未成年人保护机构",
        "示例：
  sitecheck check samples/                      核查 samples/ 下的全部清单
  sitecheck init --level town_station --format xlsx --output 核查表.xlsx
  sitecheck check 核查表.xlsx                   核查一份填好的现场核查表
  sitecheck standards list                      内置标准及其版本
  sitecheck completions bash                    命令补全；sitecheck man 输出使用手册

check 的退出码：0 全部合格，1 有不合格或待补充核查的设施，2 用法错误或输入有误。",
    ),
    (
        "check",
        "按标准核查清单（文件、文件夹，或用 - 表示标准输入）",
        "示例：
  sitecheck check samples/                      核查 samples/ 下的全部清单
  sitecheck check 核查表.xlsx --lang zh         核查一份现场核查表，报告用中文
  sitecheck check 清单/ --format json --omit-passes --output 报告.json
  cat survey.yaml | sitecheck check -           从标准输入读取",
    ),
    (
        "compare",
        "将几个规划方案并列对照标准",
        "示例：
  sitecheck compare samples/layouts/dongshan-plan-a.yaml samples/layouts/dongshan-plan-b.yaml
  sitecheck compare 方案一.yaml 方案二.xlsx 方案三.yaml --lang zh
  sitecheck compare 方案*.yaml --format html --output 方案对照.html

退出码：0 至少一个方案合格，1 没有方案合格，2 有错误（方案无法读取或核查，或各方案的层级、标准不同）。",
    ),
    (
        "init",
        "生成某一层级的现场核查模板",
        "示例：
  sitecheck init --level 儿童之家 --lang zh > 新庄村.yaml
  sitecheck init --level town_station --format xlsx --output 桥头镇.xlsx   生成待填写的核查表

模板中的数值留空（未核查）：未填写的模板核查结果为“待补充核查”。",
    ),
    (
        "schema",
        "输出清单或标准文件的 JSON Schema（结构定义）",
        "示例：
  sitecheck schema inventory > schemas/inventory.schema.json
  sitecheck schema standard",
    ),
    (
        "history",
        "历史记录库中的历次核查：一处设施的历次结果，或每一轮的合格率",
        "示例：
  sitecheck check 核查表/ --record 历史.db              记录一轮核查
  sitecheck history 历史.db --lang zh                    每一轮的合格率和每处设施的历次核查
  sitecheck history 历史.db qiaotou-ts                   一处设施的历次核查
  sitecheck history 历史.db --format html --output 历史.html",
    ),
    (
        "standards",
        "内置标准：查看、校验或测试一份标准",
        "示例：
  sitecheck standards list
  sitecheck standards show huancui --lang zh
  sitecheck standards check 本区标准.yaml
  sitecheck standards test standards/huancui-2021.yaml",
    ),
    (
        "standards list",
        "列出内置标准及其版本和生效日期",
        "示例：
  sitecheck standards list --lang zh",
    ),
    (
        "standards show",
        "输出一份标准的全部要求：每一层级的每一项要求及其条款",
        "示例：
  sitecheck standards show huancui --lang zh                 最新版本
  sitecheck standards show huancui@2021-trial --lang zh      指定版本",
    ),
    (
        "standards check",
        "校验一份标准文件，逐条报告问题及其所在行",
        "示例：
  sitecheck standards check 本区标准.yaml    退出码：0 有效，2 有误",
    ),
    (
        "standards test",
        "运行标准所附的示例（cases）",
        "示例：
  sitecheck standards test standards/huancui-2021.yaml
退出码：0 全部示例成立，1 有示例不成立，2 标准或示例有误",
    ),
    (
        "orders",
        "整改通知：根据检查报告起草限时整改通知",
        "示例：
  sitecheck orders draft 报告.json --deadline 2027-03-31 --output 整改通知.xlsx",
    ),
    (
        "orders draft",
        "根据 JSON 检查报告，为每个不符合的必改项起草一条整改通知，供督导人员修改、签发",
        "示例：
  sitecheck check 清单/ --format json --lang zh --output 报告.json
  sitecheck orders draft 报告.json --deadline 2027-03-31 --output 整改通知.xlsx
  sitecheck orders draft 报告.json --deadline 2027-03-31 --output 整改通知.yaml
  sitecheck check 清单/ --orders 整改通知.xlsx        每个整改中的不符合项注明整改期限

责任单位留空：未填写责任单位的整改通知，核查时不予接受。已有的 --output 文件不会被替换，除非加 --force。",
    ),
    (
        "serve",
        "在本机打开核查网页：上传调查表或清单、查看和下载核查报告、方案对比",
        "示例：
  sitecheck serve                               在本机启动网页并打开浏览器
  sitecheck serve --lang zh --port 8080 --no-open
  sitecheck serve --date 2026-11-29             报告的评估日期同 check --date

网页只绑定本机地址（127.0.0.1）：文件不离开本机，无需账号。
全区共用（--shared）：按镇（街道）分配账号（sitecheck users），每次提交记入数据文件夹的历史记录库。
  sitecheck serve --shared --data /var/lib/sitecheck --roster 名册.xlsx --bind 127.0.0.1 --port 8080",
    ),
    (
        "users",
        "全区共用网页（serve --shared）的账号：添加、列出、停用",
        "示例：
  sitecheck users add wangmin --town 张村镇 --data /var/lib/sitecheck    镇（街道）账号
  sitecheck users add liqiang --district --data /var/lib/sitecheck        区级账号，可查看全部镇街
  sitecheck users list --data /var/lib/sitecheck
  sitecheck users disable wangmin --data /var/lib/sitecheck

密码从标准输入（第一行）读取；在终端中运行时提示输入两次，不回显。密码不能写在命令行上。",
    ),
    (
        "users add",
        "添加账号：镇（街道）账号只能查看和提交本镇（街道）的设施；区级账号可查看全部",
        "示例：
  sitecheck users add wangmin --town 张村镇 --data /var/lib/sitecheck",
    ),
    (
        "users list",
        "列出全部账号",
        "示例：
  sitecheck users list --data /var/lib/sitecheck",
    ),
    (
        "users disable",
        "停用账号（其登录立即失效）",
        "示例：
  sitecheck users disable wangmin --data /var/lib/sitecheck",
    ),
    (
        "completions",
        "输出命令行补全脚本（bash、zsh、fish、powershell、elvish）",
        "示例：
  sitecheck completions bash > ~/.local/share/bash-completion/completions/sitecheck",
    ),
    (
        "man",
        "输出使用手册（roff 格式，英文），或为每个命令各写一页到文件夹",
        "示例：
  sitecheck man > sitecheck.1 && man ./sitecheck.1",
    ),
];

/// Each option's and argument's Chinese, by command path and argument id. An option whose
/// values are listed here has clap's English lists of values and defaults hidden.
const ARGS: &[(&str, &str, &str)] = &[
    (
        "check",
        "paths",
        "清单文件（.yaml、.yml、.json）或现场核查表（.xlsx）、文件夹（逐层查找），或用 - 表示标准输入",
    ),
    (
        "*",
        "standard",
        "适用标准：内置标准编号（如 huancui）、编号@版本，或标准文件",
    ),
    (
        "*",
        "lang",
        "报告语言：zh 中文，en 英文（默认按 LC_ALL、LC_MESSAGES、LANG 确定，否则为英文）",
    ),
    (
        "check",
        "format",
        "报告格式：human 终端阅读（默认），json 结构化报告，markdown，html 可打印的网页，sarif 代码扫描，junit 持续集成",
    ),
    (
        "*",
        "output",
        "把结果写入该文件（完整写完才替换），而不输出到屏幕",
    ),
    ("check", "waivers", "主管部门的豁免文件（YAML）"),
    (
        "check",
        "orders",
        "督导部门的整改通知（YAML，或起草命令生成的表格）：每个整改中的不符合项注明整改期限和剩余天数，汇总列出逾期未整改的通知",
    ),
    (
        "check",
        "roster",
        "辖区镇村名册（YAML，或 init --roster 生成的表格）：汇总中给出三级网络覆盖情况（第十条、第十四条）",
    ),
    (
        "*",
        "standards_dirs",
        "存放本地标准文件的文件夹，清单可按编号引用其中的标准（如 standard: wendeng@2025）；可重复。其后再查找环境变量 SITECHECK_STANDARDS 所列文件夹",
    ),
    (
        "*",
        "override_standard",
        "即使清单依据的是另一标准，也按 --standard 指定的标准评判（规划比较时使用）；各格式的报告都注明清单依据的标准和实际评判所用的标准",
    ),
    (
        "init",
        "roster",
        "改为生成待填写的辖区镇村名册（供 check --roster 使用），YAML 格式，或用 --format xlsx 生成表格",
    ),
    ("check", "omit_passes", "报告中不列出符合的项目"),
    (
        "check",
        "baseline",
        "对照的上一轮核查（复查）：其 JSON 报告、报告所在的文件夹，或 --record 写出的历史记录库；每处设施的每项要求标为新增问题、已整改、仍未整改、整改后复发或无变化",
    ),
    (
        "check",
        "record",
        "将本次核查（每处设施的结论、每项要求的结果和实测值）追加到历史记录库 DB（SQLite，不存在时新建），整次写入或不写入",
    ),
    (
        "serve",
        "port",
        "监听的端口（默认自动选一个空闲端口，并显示出来）",
    ),
    (
        "serve",
        "bind",
        "监听的地址；没有账号时只能是本机地址（127.0.0.1 或 ::1）",
    ),
    (
        "serve",
        "no_open",
        "不自动打开浏览器（供脚本和测试使用）；地址照常显示",
    ),
    (
        "serve",
        "shared",
        "全区共用模式：按镇（街道）分配账号（sitecheck users），每次提交记入 DIR 中的历史记录库；须同时给出 --data 和 --roster",
    ),
    (
        "serve",
        "data",
        "全区共用模式的数据文件夹：其中的 history.db 即 check --record 写出的历史记录库（核查记录，以及账号、登录和提交的文件）",
    ),
    ("users add", "name", "登录名"),
    ("users disable", "name", "登录名"),
    (
        "users add",
        "town",
        "账号所属的镇（街道）：名册中的名称或区划代码",
    ),
    ("users add", "district", "区级账号：可查看全部镇（街道）"),
    (
        "*",
        "data",
        "全区共用网页（serve --shared）的数据文件夹（其中的 history.db）",
    ),
    (
        "serve",
        "roster",
        "辖区镇村名册（YAML，或 init --roster 生成的表格）：每份报告的汇总给出三级网络覆盖情况，同 check --roster",
    ),
    ("history", "db", "历史记录库（check --record 写出的）"),
    ("history", "facility", "只看一处设施（设施编号；默认全部）"),
    ("history", "format", "输出格式"),
    ("history", "output", "写入文件 FILE，而不是标准输出"),
    (
        "check",
        "explain",
        "在每个不符合项下列出其依据的标准条文原文（终端报告；其他格式始终包含）",
    ),
    (
        "check",
        "fail_on",
        "何种结果使退出码为 1：error 必改项不符合（默认），warning 建议项不符合也算，new 只算上一轮（--baseline）没有的必改项",
    ),
    (
        "*",
        "date",
        "评估日期，格式 YYYY-MM-DD（默认今天），用于得到可重现的报告",
    ),
    (
        "compare",
        "paths",
        "两个或更多同一层级的方案清单（.yaml、.yml、.json、.xlsx）",
    ),
    (
        "compare",
        "format",
        "输出格式：human 终端表格（默认），json，markdown，html 网页",
    ),
    (
        "init",
        "level",
        "层级：编号（如 childrens_home）或中文名称（如 儿童之家）",
    ),
    (
        "init",
        "lang",
        "模板注释的语言：zh 中文，en 英文（默认中英对照）",
    ),
    (
        "init",
        "format",
        "模板格式：yaml 带注释的清单（默认），xlsx 电子表格核查表（须用 --output 指定文件）",
    ),
    (
        "init",
        "output",
        "把模板写入该文件，而不输出到屏幕；已有的文件（可能是填好的核查表）不会被替换，除非加 --force",
    ),
    ("init", "force", "替换已有的 --output 文件"),
    (
        "init",
        "schema",
        "编辑器用来校验文件的 JSON Schema：网址，或相对于该文件的路径",
    ),
    (
        "schema",
        "kind",
        "哪一种文件：inventory 清单，standard 标准，roster 辖区镇村名册，orders 整改通知",
    ),
    ("schema", "standard", "清单结构定义所列名称取自哪一份标准"),
    ("orders draft", "report", "本工具以 JSON 格式生成的检查报告"),
    (
        "orders draft",
        "deadline",
        "起草的每条整改通知的整改期限，格式 YYYY-MM-DD",
    ),
    (
        "orders draft",
        "output",
        "把整改通知写入该文件（.xlsx 为表格），而不输出到屏幕；已有的文件（可能是已签发的通知）不会被替换，除非加 --force",
    ),
    (
        "orders draft",
        "format",
        "格式：yaml（每条通知上方以注释注明存在的问题），xlsx 表格（须用 --output 指定文件）；默认按 --output 的扩展名，否则为 yaml",
    ),
    ("orders draft", "force", "替换已有的 --output 文件"),
    ("orders draft", "lang", "提示信息的语言：zh 中文，en 英文"),
    (
        "standards show",
        "standard",
        "内置标准编号（如 huancui）、编号@版本，或标准文件",
    ),
    (
        "standards check",
        "standard",
        "内置标准编号（如 huancui）、编号@版本，或标准文件",
    ),
    (
        "standards test",
        "standard",
        "内置标准编号（如 huancui）、编号@版本，或标准文件",
    ),
    (
        "completions",
        "shell",
        "命令行环境：bash、elvish、fish、powershell、zsh",
    ),
    (
        "man",
        "dir",
        "为每个命令各写一页（sitecheck.1、sitecheck-check.1 …）到该文件夹，而不把主页面输出到屏幕",
    ),
];

/// The help layout with Chinese headings (clap's own say `Usage:`).
/// The help of a command in Chinese, its sections' headings with a Chinese colon (clap's own
/// headings end in an ASCII `:`): the commands, the arguments and the options it has.
fn template(cmd: &Command) -> String {
    let mut t = String::from("{about-with-newline}\n用法：{usage}\n");
    if cmd.get_subcommands().next().is_some() {
        t.push_str("\n命令：\n{subcommands}\n");
    }
    if cmd.get_positionals().next().is_some() {
        t.push_str("\n参数：\n{positionals}\n");
    }
    t.push_str("\n选项：\n{options}{after-help}");
    t
}

/// The command with its help in Chinese.
pub(super) fn localize(cmd: Command) -> Command {
    let mut cmd = localize_at(cmd, "");
    // clap adds its `help` subcommand when the command is built: built here, so that its
    // line in the list of commands can be put in Chinese too.
    cmd.build();
    usage_in_chinese(help_subcommand(cmd))
}

/// The usage line with `[选项]` for clap's `[OPTIONS]`, on the built command (whose
/// subcommands then know their full names, `sitecheck standards show`).
fn usage_in_chinese(cmd: Command) -> Command {
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage
        .strip_prefix("Usage: ")
        .unwrap_or(&usage)
        .replace("[OPTIONS]", "[选项]");
    cmd.override_usage(usage).mut_subcommands(usage_in_chinese)
}

fn help_subcommand(cmd: Command) -> Command {
    cmd.mut_subcommands(|s| {
        if s.get_name() == "help" {
            s.about("显示本帮助，或某个命令的帮助")
        } else {
            help_subcommand(s)
        }
    })
}

fn localize_at(cmd: Command, path: &str) -> Command {
    let template = template(&cmd);
    let mut cmd = cmd
        .help_template(template)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .mut_args(|a| localize_arg(a, path))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    if let Some((_, about, after)) = COMMANDS.iter().find(|(p, _, _)| *p == path) {
        cmd = cmd.about(*about).long_about(None).after_help(*after);
    }
    cmd.mut_subcommands(|s| {
        let sub = if path.is_empty() {
            s.get_name().to_owned()
        } else {
            format!("{path} {}", s.get_name())
        };
        localize_at(s, &sub)
    })
}

fn localize_arg(a: Arg, path: &str) -> Arg {
    let heading = if a.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let id = a.get_id().as_str().to_owned();
    let zh = ARGS
        .iter()
        .find(|(p, i, _)| *p == path && *i == id)
        .or_else(|| ARGS.iter().find(|(p, i, _)| *p == "*" && *i == id));
    let a = a.help_heading(heading);
    match zh {
        // The Chinese words list the values and the default themselves.
        Some((_, _, text)) if a.get_action().takes_values() => a
            .help(*text)
            .long_help(None)
            .hide_possible_values(true)
            .hide_default_value(true),
        Some((_, _, text)) => a.help(*text).long_help(None),
        None => a,
    }
}

/// Whether the command line or the locale asks for Chinese: `--lang zh` (or `--lang=zh`)
/// anywhere, else the locale.
pub(super) fn wants_chinese(args: &[std::ffi::OsString], locale: crate::i18n::Lang) -> bool {
    let mut it = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = it.next() {
        match a {
            "--lang" => return it.next() == Some("zh"),
            "--lang=zh" => return true,
            "--lang=en" => return false,
            "--" => break,
            _ => {}
        }
    }
    locale == crate::i18n::Lang::Zh
}

/// A usage error in Chinese, for the kinds a user meets (an unknown option or command, a value
/// not among the allowed ones or malformed, a missing argument, two options that exclude each
/// other); `None` for the others, which clap words in English.
pub(super) fn usage_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let shown = |s: String| crate::report::escape::line(&s);
    let mut out = match e.kind() {
        ErrorKind::UnknownArgument => {
            format!(
                "错误：无法识别的选项 {}",
                shown(get(ContextKind::InvalidArg))
            )
        }
        ErrorKind::InvalidSubcommand => format!(
            "错误：无法识别的命令 {}",
            shown(get(ContextKind::InvalidSubcommand))
        ),
        ErrorKind::InvalidValue => {
            let mut s = format!(
                "错误：{} 的值 {} 无效",
                shown(get(ContextKind::InvalidArg)),
                shown(get(ContextKind::InvalidValue))
            );
            let valid = get(ContextKind::ValidValue);
            if !valid.is_empty() {
                let _ = std::fmt::Write::write_fmt(&mut s, format_args!("\n  可选值：{valid}"));
            }
            s
        }
        ErrorKind::ValueValidation => format!(
            "错误：{} 的值 {} 格式不对",
            shown(get(ContextKind::InvalidArg)),
            shown(get(ContextKind::InvalidValue))
        ),
        ErrorKind::MissingRequiredArgument => format!(
            "错误：缺少必需的参数：{}",
            shown(get(ContextKind::InvalidArg))
        ),
        ErrorKind::ArgumentConflict => format!(
            "错误：{} 不能与 {} 同时使用",
            shown(get(ContextKind::InvalidArg)),
            shown(get(ContextKind::PriorArg))
        ),
        _ => return None,
    };
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(|k| get(k).replace('、', " 或 "))
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        let _ =
            std::fmt::Write::write_fmt(&mut out, format_args!("\n  提示：是否要用 {}？", shown(s)));
    }
    // clap's usage line, in the words of the Chinese help.
    let rendered = e.render().to_string();
    if let Some(usage) = rendered.lines().find_map(|l| l.strip_prefix("Usage: ")) {
        let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\n\n用法：{usage}"));
    }
    out.push_str("\n\n更多说明：在命令后加 --help\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    #[test]
    fn the_chinese_command_passes_clap_s_own_checks() {
        // clap's debug assertions run on a built command: a misuse panics here, not at a user.
        super::localize(super::super::Cli::command()).debug_assert();
    }

    #[test]
    fn every_entry_of_the_tables_names_a_real_command_and_argument() {
        let cmd = super::super::Cli::command();
        let find = |path: &str| {
            path.split(' ')
                .filter(|p| !p.is_empty())
                .try_fold(&cmd, |c, name| c.find_subcommand(name))
        };
        for (path, _, _) in super::COMMANDS {
            assert!(find(path).is_some(), "no command `{path}`");
        }
        for (path, id, _) in super::ARGS {
            if *path == "*" {
                continue;
            }
            let c = find(path).unwrap_or_else(|| panic!("no command `{path}`"));
            assert!(
                c.get_arguments().any(|a| a.get_id() == *id),
                "no argument `{id}` in `{path}`"
            );
        }
    }
}
