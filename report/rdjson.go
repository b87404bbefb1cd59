package report

import (
	"encoding/json"
	"io"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// rdjsonFormat is the reviewdog format.
var rdjsonFormat = Format{Name: "rdjson", Doc: "reviewdog Diagnostic JSON (reviewdog -f=rdjson), for review comments with suggested changes", Write: writeRDJSON}

// The reviewdog Diagnostic Format wire structs (rdjson: one
// DiagnosticResult). Columns count UTF-8 bytes, as reviewdog expects;
// range ends are exclusive.
type (
	rdjsonResult struct {
		Source      rdjsonSource       `json:"source"`
		Diagnostics []rdjsonDiagnostic `json:"diagnostics"`
	}
	rdjsonSource struct {
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	rdjsonDiagnostic struct {
		// Source is set in rdjsonl, where each line stands alone; in
		// rdjson the result names it once.
		Source      *rdjsonSource      `json:"source,omitempty"`
		Message     string             `json:"message"`
		Location    rdjsonLocation     `json:"location"`
		Severity    string             `json:"severity"`
		Code        rdjsonCode         `json:"code"`
		Suggestions []rdjsonSuggestion `json:"suggestions,omitempty"`
	}
	rdjsonLocation struct {
		Path  string      `json:"path"`
		Range rdjsonRange `json:"range"`
	}
	rdjsonRange struct {
		Start rdjsonPosition `json:"start"`
		End   rdjsonPosition `json:"end"`
	}
	rdjsonPosition struct {
		Line   int `json:"line"`
		Column int `json:"column"`
	}
	rdjsonCode struct {
		Value string `json:"value"`
		URL   string `json:"url,omitempty"`
	}
	rdjsonSuggestion struct {
		Range rdjsonRange `json:"range"`
		Text  string      `json:"text"`
	}
)

// writeRDJSON writes the findings as reviewdog's rdjson, for
// `reviewdog -f=rdjson`: each edit of a finding's fix is a suggestion.
// Suppressed findings and unreadable inputs are left out, as reviewdog
// would post them as review comments.
func writeRDJSON(w io.Writer, r *Result, _ Options) error {
	out := rdjsonResult{
		Source:      rdjsonSource{Name: r.Tool.Name, URL: r.Tool.URL},
		Diagnostics: []rdjsonDiagnostic{},
	}
	for i := range r.Files {
		out.Diagnostics = append(out.Diagnostics, rdjsonDiagnostics(r, &r.Files[i])...)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// rdjsonDiagnostics are the diagnostics of one file's findings, but the
// suppressed ones.
func rdjsonDiagnostics(r *Result, f *File) []rdjsonDiagnostic {
	var out []rdjsonDiagnostic
	for i := range f.Findings {
		fd := &f.Findings[i]
		if fd.Suppressed {
			continue
		}
		d := rdjsonDiagnostic{
			Message:  fd.Message,
			Location: rdjsonLocation{Path: f.Path, Range: rdjsonRangeOf(fd.Start, fd.End)},
			Severity: rdjsonSeverity(fd.Severity),
			Code:     rdjsonCode{Value: fd.RuleID(), URL: r.helpURL(fd.Rule)},
		}
		if fd.Fix != nil {
			for _, e := range fd.Fix.Edits {
				if e.StartPos.Line == 0 {
					continue // no position: reviewdog places suggestions by line and column
				}
				d.Suggestions = append(d.Suggestions, rdjsonSuggestion{Range: rdjsonRangeOf(e.StartPos, e.EndPos), Text: e.Text})
			}
		}
		out = append(out, d)
	}
	return out
}

func rdjsonRangeOf(from, to checker.Position) rdjsonRange {
	return rdjsonRange{
		Start: rdjsonPosition{Line: from.Line, Column: from.ByteColumn},
		End:   rdjsonPosition{Line: to.Line, Column: to.ByteColumn},
	}
}

// rdjsonSeverity maps a severity to reviewdog's.
func rdjsonSeverity(s rules.Severity) string {
	switch s {
	case rules.SevError:
		return "ERROR"
	case rules.SevWarning:
		return "WARNING"
	}
	return "INFO"
}
