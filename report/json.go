package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/copydesk/copydesk/rules"
)

// jsonFormat is the JSON format, for programs.
var jsonFormat = Format{Name: "json", Doc: "one versioned JSON document with every finding, fix and error, for programs", Write: writeJSON, NewStream: newJSONStream}

// The JSON format's wire structs (docs/reports.md, "JSON"). Empty lists are [] and
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
		Fixed      int    `json:"fixed,omitempty"` // check --fix only
		FailOn     string `json:"fail_on"`
		Pass       bool   `json:"pass"`
	}
)

func writeJSON(w io.Writer, r *Result, o Options) error {
	return writeAll(newJSONStream(w, r, o), r)
}

// jsonStream writes the JSON document file by file: the same bytes as
// encoding the whole jsonReport with two-space indentation. Each file is
// one write.
type jsonStream struct {
	w       io.Writer
	tool    jsonTool
	failOn  rules.Severity
	files   int
	sum     Summary
	failing bool         // a file fails the run
	out     bytes.Buffer // what the next write writes
	enc     bytes.Buffer // scratch of encode
}

func newJSONStream(w io.Writer, head *Result, _ Options) Streamer {
	return &jsonStream{w: w, tool: jsonTool{Name: head.Tool.Name, Version: head.Tool.Version}, failOn: head.FailOn}
}

// put appends v to the output as indented JSON whose lines after the
// first start with prefix, without a final newline.
func (j *jsonStream) put(v any, prefix string) error {
	j.enc.Reset()
	enc := json.NewEncoder(&j.enc)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	j.out.Write(bytes.TrimSuffix(j.enc.Bytes(), []byte("\n")))
	return nil
}

// head appends the document up to the files' opening bracket.
func (j *jsonStream) head() error {
	j.out.WriteString("{\n  \"version\": 1,\n  \"tool\": ")
	if err := j.put(j.tool, "  "); err != nil {
		return err
	}
	j.out.WriteString(",\n  \"files\": [")
	return nil
}

// flush writes what has been appended.
func (j *jsonStream) flush() error {
	_, err := j.w.Write(j.out.Bytes())
	j.out.Reset()
	return err
}

func (j *jsonStream) File(f *File) error {
	if j.files == 0 {
		if err := j.head(); err != nil {
			return err
		}
	} else {
		j.out.WriteByte(',')
	}
	j.files++
	j.sum.add(f)
	j.failing = j.failing || f.Fails(j.failOn)
	// The file object is written finding by finding (a page's diffs can
	// be large), in the bytes encoding the whole jsonFile would give.
	j.out.WriteString("\n    {\n      \"path\": ")
	if err := j.put(f.Path, ""); err != nil {
		return err
	}
	j.out.WriteString(",\n      \"findings\": [")
	for i := range f.Findings {
		jd := newJSONFinding(f, i)
		if i > 0 {
			j.out.WriteByte(',')
		}
		j.out.WriteString("\n        ")
		if err := j.put(jd, "        "); err != nil {
			return err
		}
		if j.out.Len() >= 64<<10 {
			if err := j.flush(); err != nil {
				return err
			}
		}
	}
	if len(f.Findings) > 0 {
		j.out.WriteString("\n      ")
	}
	j.out.WriteString("]\n    }")
	return j.flush()
}

func (j *jsonStream) Close(errs []InputError) error {
	if j.files == 0 {
		if err := j.head(); err != nil {
			return err
		}
		j.out.WriteString("],\n")
	} else {
		j.out.WriteString("\n  ],\n")
	}
	j.sum.addErrors(errs)
	out := make([]jsonError, 0, len(errs))
	for _, e := range errs {
		out = append(out, jsonError{Path: e.Path, Line: e.Line, Column: e.Column, Message: e.Message})
	}
	j.out.WriteString("  \"errors\": ")
	if err := j.put(out, "  "); err != nil {
		return err
	}
	s := j.sum
	j.out.WriteString(",\n  \"summary\": ")
	head := Result{FailOn: j.failOn}
	sum := jsonSummary{Files: s.Files, Findings: s.Findings, Errors: s.Errors, Suppressed: s.Suppressed, Fixed: s.Fixed,
		FailOn: head.FailOnName(), Pass: len(errs) == 0 && !j.failing}
	if err := j.put(sum, "  "); err != nil {
		return err
	}
	j.out.WriteString("\n}\n")
	return j.flush()
}

// newJSONFinding returns the wire form of the i-th finding of f.
func newJSONFinding(f *File, i int) jsonFinding {
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
	return jd
}
