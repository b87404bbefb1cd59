package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// rdDiagnostic is reviewdog's Diagnostic message as its documented
// schema (proto/rdf/reviewdog.proto, read as JSON) has it: the test
// decodes every line strictly into it, so a field of ours that reviewdog
// does not know fails.
type rdDiagnostic struct {
	Message  string `json:"message"`
	Location struct {
		Path  string  `json:"path"`
		Range rdRange `json:"range"`
	} `json:"location"`
	Severity string `json:"severity"`
	Source   *struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"source"`
	Code *struct {
		Value string `json:"value"`
		URL   string `json:"url"`
	} `json:"code"`
	Suggestions []struct {
		Range rdRange `json:"range"`
		Text  string  `json:"text"`
	} `json:"suggestions"`
	OriginalOutput string `json:"original_output"`
	RelatedLocs    []any  `json:"related_locations"`
}

type rdRange struct {
	Start struct{ Line, Column int }  `json:"start"`
	End   *struct{ Line, Column int } `json:"end"`
}

// TestRDJSONLSchema: rdjsonl is one reviewdog Diagnostic a line, each
// standing alone (with its source), the same diagnostics as rdjson.
func TestRDJSONLSchema(t *testing.T) {
	r := fixture(t)
	out := render(t, "rdjsonl", r)
	if !bytes.HasSuffix(out, []byte("\n")) {
		t.Fatal("the last line has no newline")
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	var rd struct {
		Diagnostics []json.RawMessage `json:"diagnostics"`
	}
	if err := json.Unmarshal(render(t, "rdjson", r), &rd); err != nil {
		t.Fatal(err)
	}
	if len(lines) != len(rd.Diagnostics) || len(lines) < 3 {
		t.Fatalf("%d lines, %d rdjson diagnostics", len(lines), len(rd.Diagnostics))
	}
	for i, line := range lines {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var d rdDiagnostic
		if err := dec.Decode(&d); err != nil || dec.More() {
			t.Fatalf("line %d is not one Diagnostic (%v):\n%s", i+1, err, line)
		}
		switch {
		case d.Message == "" || d.Location.Path == "" || d.Location.Range.Start.Line < 1 || d.Location.Range.Start.Column < 1:
			t.Errorf("line %d: no message or location:\n%s", i+1, line)
		case d.Severity != "ERROR" && d.Severity != "WARNING" && d.Severity != "INFO":
			t.Errorf("line %d: severity %q", i+1, d.Severity)
		case d.Source == nil || d.Source.Name != "copydesk" || d.Code == nil || d.Code.Value == "":
			t.Errorf("line %d: no source or code:\n%s", i+1, line)
		}
		var a, b any
		_ = json.Unmarshal([]byte(line), &a)
		_ = json.Unmarshal(rd.Diagnostics[i], &b)
		delete(a.(map[string]any), "source")
		if ja, jb := mustJSON(t, a), mustJSON(t, b); ja != jb {
			t.Errorf("line %d differs from rdjson's diagnostic:\n%s\n%s", i+1, ja, jb)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRDJSONLStreams: each file's lines are written when the file is,
// before the run ends, so reviewdog can read them as they come.
func TestRDJSONLStreams(t *testing.T) {
	r := fixture(t)
	var buf bytes.Buffer
	f, _ := Lookup("rdjsonl")
	s := f.Stream(&buf, r, Options{})
	for i := range r.Files {
		before := buf.Len()
		if err := s.File(&r.Files[i]); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, fd := range r.Files[i].Findings {
			if !fd.Suppressed {
				n++
			}
		}
		if got := strings.Count(buf.String()[before:], "\n"); got != n {
			t.Errorf("after file %s: %d lines written, want %d", r.Files[i].Path, got, n)
		}
	}
	if err := s.Close(r.Errors); err != nil {
		t.Fatal(err)
	}
}
