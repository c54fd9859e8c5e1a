//! What `orrery check` writes for a CI job: GitHub Actions workflow commands (escaped as the
//! Actions toolkit escapes them) and the job's step summary.

use crate::domain::change::{Annotation, AnnotationLevel};
use std::io::Write as _;

/// Workflow commands per service at most (GitHub shows 10 errors and 10 warnings per step).
const MAX_COMMANDS: usize = 50;

/// A command's message: `%`, CR and LF escaped.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `::error file=…,line=…,title=…::message` (or `warning`/`notice`) for one annotation.
pub fn command(a: &Annotation) -> String {
    let kind = match a.level {
        AnnotationLevel::Failure => "error",
        AnnotationLevel::Warning => "warning",
        AnnotationLevel::Notice => "notice",
    };
    format!(
        "::{kind} file={},line={},title={}::{}",
        escape_property(&a.path),
        a.line,
        escape_property(&a.title),
        escape_data(&a.message)
    )
}

/// Every annotation as a workflow command, at most [`MAX_COMMANDS`], then how many more.
pub fn commands(annotations: &[Annotation]) -> Vec<String> {
    let mut out: Vec<String> = annotations.iter().take(MAX_COMMANDS).map(command).collect();
    if annotations.len() > MAX_COMMANDS {
        out.push(format!(
            "::notice::{}",
            escape_data(&format!(
                "{} more annotations are in the step summary",
                annotations.len() - MAX_COMMANDS
            ))
        ));
    }
    out
}

/// Appends `markdown` to the file `$GITHUB_STEP_SUMMARY` names, when it is set.
pub fn append_step_summary(markdown: &str) -> std::io::Result<bool> {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(false);
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(markdown.as_bytes())?;
    file.write_all(b"\n")?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(path: &str, title: &str, message: &str, level: AnnotationLevel) -> Annotation {
        Annotation {
            path: path.into(),
            line: 3,
            level,
            title: title.into(),
            message: message.into(),
        }
    }

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("100%\r\nok"), "100%25%0D%0Aok");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        let c = command(&note(
            "deploy/k8s,prod:a.yaml",
            "Orrery: Runs as non-root (security.non_root)",
            "line 1\nline 2 ::error::injected",
            AnnotationLevel::Failure,
        ));
        assert_eq!(
            c,
            "::error file=deploy/k8s%2Cprod%3Aa.yaml,line=3,title=Orrery%3A Runs as non-root \
             (security.non_root)::line 1%0Aline 2 ::error::injected"
        );
        // A message cannot start a second command: it has no line break left.
        assert_eq!(c.lines().count(), 1);
        let w = command(&note("a", "t", "m", AnnotationLevel::Warning));
        assert!(w.starts_with("::warning file=a,line=3,"));
    }

    #[test]
    fn caps_the_number_of_commands() {
        let many: Vec<_> = (0..60)
            .map(|i| note(&format!("f{i}"), "t", "m", AnnotationLevel::Failure))
            .collect();
        let out = commands(&many);
        assert_eq!(out.len(), MAX_COMMANDS + 1);
        assert!(out.last().unwrap().contains("10 more annotations"));
    }
}
