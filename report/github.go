package report

import (
	"io"
	"strconv"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

// githubFormat is the GitHub Actions format.
var githubFormat = Format{Name: "github", Doc: "GitHub Actions workflow commands: annotations on the files of a pull request", Write: writeGitHub}

// githubProp is one property of a workflow command, e.g. line=12.
type githubProp struct {
	key, value string
}

// writeGitHub writes one GitHub Actions workflow command per finding,
//
//	::error file=a.html,line=12,col=5,endLine=12,endColumn=40,title=rule-id::message
//
// which the runner turns into an annotation on the file. Columns count
// code points, as in text and JSON; they are left out when a finding
// spans lines, as GitHub accepts columns only on one line. Suppressed
// findings are left out; unreadable inputs are errors on their file.
func writeGitHub(w io.Writer, r *Result, _ Options) error {
	var b strings.Builder
	for _, f := range r.Files {
		for i := range f.Findings {
			fd := &f.Findings[i]
			if fd.Suppressed {
				continue
			}
			props := []githubProp{{"file", f.Path}, {"line", strconv.Itoa(fd.Start.Line)}}
			if fd.Start.Line == fd.End.Line {
				props = append(props,
					githubProp{"col", strconv.Itoa(fd.Start.Column)},
					githubProp{"endLine", strconv.Itoa(fd.End.Line)},
					githubProp{"endColumn", strconv.Itoa(fd.End.Column)})
			} else {
				props = append(props, githubProp{"endLine", strconv.Itoa(fd.End.Line)})
			}
			props = append(props, githubProp{"title", fd.RuleID()})
			writeGitHubCommand(&b, githubLevel(fd.Severity), props, fd.Message)
		}
	}
	for _, e := range r.Errors {
		props := []githubProp{{"file", e.Path}}
		if e.Line > 0 {
			props = append(props, githubProp{"line", strconv.Itoa(e.Line)})
		}
		writeGitHubCommand(&b, "error", props, e.Message)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeGitHubCommand writes ::command key=value,...::message with the
// escaping of GitHub's runner: %, CR and LF everywhere, and also : and ,
// in property values.
func writeGitHubCommand(w *strings.Builder, command string, props []githubProp, message string) {
	w.WriteString("::" + command)
	for i, p := range props {
		if i == 0 {
			w.WriteByte(' ')
		} else {
			w.WriteByte(',')
		}
		w.WriteString(p.key + "=" + githubEscapeProperty(p.value))
	}
	w.WriteString("::" + githubEscapeData(message) + "\n")
}

var (
	githubData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	githubProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func githubEscapeData(s string) string     { return githubData.Replace(s) }
func githubEscapeProperty(s string) string { return githubProperty.Replace(s) }

// githubLevel maps a severity to a workflow command (docs/reports.md, "Severities").
func githubLevel(s rules.Severity) string {
	switch s {
	case rules.SevError:
		return "error"
	case rules.SevWarning:
		return "warning"
	}
	return "notice"
}
