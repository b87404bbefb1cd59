package report

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"testing"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// wholeJSON encodes a Result in one piece, as the JSON format's wire
// structs describe it: the reference the streamed output must equal.
func wholeJSON(r *Result, o Options) string {
	s := r.Summary()
	out := jsonReport{
		Version: 1,
		Tool:    jsonTool{Name: r.Tool.Name, Version: r.Tool.Version, URL: r.Tool.URL},
		Files:   make([]jsonFile, 0, len(r.Files)),
		Errors:  make([]jsonError, 0, len(r.Errors)),
		Summary: jsonSummary{Files: s.Files, Findings: s.Findings, Errors: s.Errors, Suppressed: s.Suppressed, Fixed: s.Fixed, FailOn: r.FailOnName(), Pass: r.Pass()},
	}
	text := o.Text && r.Catalog != nil
	if r.Catalog != nil {
		out.Run, out.Rules = newJSONRun(r, text), newJSONRules(r)
	}
	for _, f := range r.Files {
		jf := jsonFile{Path: f.Path, Findings: make([]jsonFinding, 0, len(f.Findings)), Fixed: f.Fixed}
		if f.Record != nil {
			jf.Record = &jsonRecord{Archive: f.Record.Archive, Offset: f.Record.Offset}
		}
		var rd Text
		if text {
			rd = f.Reading
		}
		fps := f.Fingerprints()
		for i := range f.Findings {
			jf.Findings = append(jf.Findings, newJSONFinding(&f, i, fps[i], rd))
		}
		for id := range f.Off {
			jf.Off = append(jf.Off, id)
		}
		sort.Strings(jf.Off)
		if text && len(f.Accepted) > 0 {
			acc := File{Path: f.Path, Findings: f.Accepted, fingerprints: f.acceptedFingerprints}
			for i := range f.Accepted {
				jf.Accepted = append(jf.Accepted, newJSONFinding(&acc, i, acc.Fingerprints()[i], rd))
			}
		}
		if rd != nil {
			jf.Text = &jsonText{Blocks: []jsonBlock{}}
			for _, b := range rd.TextBlocks() {
				jf.Text.Blocks = append(jf.Text.Blocks, jsonBlock{Tag: b.Tag, Text: b.Text, Content: b.Content})
			}
		}
		out.Files = append(out.Files, jf)
	}
	for _, e := range r.Errors {
		je := jsonError{Path: e.Path, Line: e.Line, Column: e.Column, Message: e.Message}
		if e.Record != nil {
			je.Record = &jsonRecord{Archive: e.Record.Archive, Offset: e.Record.Offset}
		}
		out.Errors = append(out.Errors, je)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
	return b.String()
}

func TestJSONStreamMatchesWholeDocument(t *testing.T) {
	rule := &rules.Rule{ID: "house/x"}
	finding := checker.Finding{Rule: rule, Severity: rules.SevError, Message: `Write "<p>" & 'x' — ok`,
		Span: checker.Span{Start: 3, End: 9}, Start: checker.Position{Line: 1, Column: 4}, End: checker.Position{Line: 2, Column: 1},
		Fix: &checker.Fix{Message: "replace", Edits: []checker.Edit{{Start: 3, End: 9, Text: "<b>\u2028</b>"}}}}
	suppressed := finding
	suppressed.Fix, suppressed.Suppressed, suppressed.Justification = nil, true, "quoted on purpose"
	head := Result{Tool: Tool{Name: "copydesk", Version: "1.2.3"}, FailOn: rules.SevError}
	results := map[string]Result{
		"empty":       head,
		"errors only": {Tool: head.Tool, Errors: []InputError{{Path: "a.html", Message: "permission denied"}, {Path: "b.html", Line: 3, Column: 2, Message: "bad"}}},
		"files": {Tool: head.Tool, Files: []File{
			{Path: "a.html"},
			{Path: "b/c.html", Findings: []checker.Finding{finding, suppressed}, Diffs: []string{"--- a/b/c.html\n+++ b/b/c.html\n", ""}},
			{Path: "d.html", Findings: []checker.Finding{suppressed}},
		}, Errors: []InputError{{Path: "e.html", Message: "no such file or directory"}}},
	}
	for name, r := range results {
		var b bytes.Buffer
		if err := writeJSON(&b, &r, Options{}); err != nil {
			t.Fatal(err)
		}
		if want := wholeJSON(&r, Options{}); b.String() != want {
			t.Errorf("%s: streamed JSON differs:\n%s\nwant:\n%s", name, b.String(), want)
		}
	}
}

// TestStreamCollectsOtherFormats checks that a format without NewStream
// is written by its Write with every file and error once closed.
func TestStreamCollectsOtherFormats(t *testing.T) {
	var got *Result
	f := Format{Name: "x", Write: func(_ io.Writer, r *Result, _ Options) error { got = r; return nil }}
	s := f.Stream(io.Discard, &Result{Tool: Tool{Name: "copydesk"}}, Options{})
	for _, p := range []string{"a.html", "b.html"} {
		if err := s.File(&File{Path: p}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close([]InputError{{Path: "c.html"}}); err != nil {
		t.Fatal(err)
	}
	if got == nil || len(got.Files) != 2 || got.Files[1].Path != "b.html" || len(got.Errors) != 1 || got.Tool.Name != "copydesk" {
		t.Errorf("collected result = %+v", got)
	}
}
