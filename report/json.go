package report

import (
	"encoding/json"
	"io"
)

// The JSON format's wire structs (SPEC §4). Empty lists are [] and
// never null; diff and fix are left out when a finding has none.
type (
	jsonReport struct {
		Version int         `json:"version"`
		Tool    jsonTool    `json:"tool"`
		Files   []jsonFile  `json:"files"`
		Errors  []jsonError `json:"errors"`
		Summary jsonSummary `json:"summary"`
	}
	jsonTool struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	jsonFile struct {
		Path     string        `json:"path"`
		Findings []jsonFinding `json:"findings"`
	}
	jsonFinding struct {
		Rule          string   `json:"rule"`
		Severity      string   `json:"severity"`
		Message       string   `json:"message"`
		Line          int      `json:"line"`
		Column        int      `json:"column"`
		EndLine       int      `json:"end_line"`
		EndColumn     int      `json:"end_column"`
		Offset        int      `json:"offset"`
		EndOffset     int      `json:"end_offset"`
		Suppressed    bool     `json:"suppressed"`
		Justification string   `json:"justification,omitempty"`
		Diff          string   `json:"diff,omitempty"`
		Fix           *jsonFix `json:"fix,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Offset    int    `json:"offset"`
		EndOffset int    `json:"end_offset"`
		Text      string `json:"text"`
	}
	jsonError struct {
		Path    string `json:"path"`
		Line    int    `json:"line,omitempty"`
		Column  int    `json:"column,omitempty"`
		Message string `json:"message"`
	}
	jsonSummary struct {
		Files      int    `json:"files"`
		Findings   int    `json:"findings"`
		Errors     int    `json:"errors"`
		Suppressed int    `json:"suppressed"`
		FailOn     string `json:"fail_on"`
		Pass       bool   `json:"pass"`
	}
)

func writeJSON(w io.Writer, r *Result, _ Options) error {
	s := r.Summary()
	out := jsonReport{
		Version: 1,
		Tool:    jsonTool{Name: r.Tool.Name, Version: r.Tool.Version},
		Files:   make([]jsonFile, 0, len(r.Files)),
		Errors:  make([]jsonError, 0, len(r.Errors)),
		Summary: jsonSummary{Files: s.Files, Findings: s.Findings, Errors: s.Errors, Suppressed: s.Suppressed, FailOn: r.FailOnName(), Pass: r.Pass()},
	}
	for _, f := range r.Files {
		jf := jsonFile{Path: f.Path, Findings: make([]jsonFinding, 0, len(f.Findings))}
		for i := range f.Findings {
			fd := &f.Findings[i]
			jd := jsonFinding{
				Rule: fd.Rule.ID, Severity: fd.Severity.String(), Message: fd.Message,
				Line: fd.Start.Line, Column: fd.Start.Column, EndLine: fd.End.Line, EndColumn: fd.End.Column,
				Offset: fd.Span.Start, EndOffset: fd.Span.End,
				Suppressed: fd.Suppressed, Justification: fd.Justification,
			}
			if i < len(f.Diffs) {
				jd.Diff = f.Diffs[i]
			}
			if fd.Fix != nil {
				jd.Fix = &jsonFix{Message: fd.Fix.Message, Edits: make([]jsonEdit, len(fd.Fix.Edits))}
				for k, e := range fd.Fix.Edits {
					jd.Fix.Edits[k] = jsonEdit{Offset: e.Start, EndOffset: e.End, Text: e.Text}
				}
			}
			jf.Findings = append(jf.Findings, jd)
		}
		out.Files = append(out.Files, jf)
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, jsonError{Path: e.Path, Line: e.Line, Column: e.Column, Message: e.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
