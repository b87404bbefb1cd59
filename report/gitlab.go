package report

import (
	"encoding/json"
	"io"

	"github.com/copydesk/copydesk/rules"
)

// gitlabFormat is the GitLab Code Quality format.
var gitlabFormat = Format{Name: "gitlab", Doc: "GitLab Code Quality JSON, for merge request reports", Write: writeGitLab}

// The GitLab Code Quality wire structs: a JSON array of Code Climate
// issues with the fields GitLab reads.
type (
	gitlabIssue struct {
		Type        string         `json:"type"`
		Description string         `json:"description"`
		CheckName   string         `json:"check_name"`
		Fingerprint string         `json:"fingerprint"`
		Severity    string         `json:"severity"`
		Location    gitlabLocation `json:"location"`
	}
	gitlabLocation struct {
		Path  string      `json:"path"`
		Lines gitlabLines `json:"lines"`
	}
	gitlabLines struct {
		Begin int `json:"begin"`
		End   int `json:"end"`
	}
)

// writeGitLab writes the findings as a GitLab Code Quality report. The
// fingerprint is the finding's (File.Fingerprints), so GitLab matches a
// finding across pipelines when lines above it move. Suppressed findings
// and unreadable inputs are left out: Code Quality has no place for them.
func writeGitLab(w io.Writer, r *Result, _ Options) error {
	out := []gitlabIssue{}
	for _, f := range r.Files {
		fps := f.Fingerprints()
		for i := range f.Findings {
			fd := &f.Findings[i]
			if fd.Suppressed {
				continue
			}
			out = append(out, gitlabIssue{
				Type:        "issue",
				Description: fd.Message,
				CheckName:   fd.RuleID(),
				Fingerprint: fps[i],
				Severity:    gitlabSeverity(fd.Severity, r.FailOn),
				Location:    gitlabLocation{Path: f.Path, Lines: gitlabLines{Begin: fd.Start.Line, End: fd.End.Line}},
			})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// gitlabSeverity maps a severity to GitLab's (docs/reports.md, "Severities"): a finding that
// fails the run (at or above --fail-on) is critical; otherwise an error
// is major, a warning minor and an info finding info.
func gitlabSeverity(s, failOn rules.Severity) string {
	if failOn != rules.SevOff && s >= failOn {
		return "critical"
	}
	switch s {
	case rules.SevError:
		return "major"
	case rules.SevWarning:
		return "minor"
	}
	return "info"
}
