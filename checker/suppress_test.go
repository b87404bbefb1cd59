package checker

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/copydesk/copydesk/rules"
)

// TestSuppressed checks that suppressed findings stay in the results,
// marked, with the reason as justification, and that suppressions of a
// rule that is off are not reported as unused.
func TestSuppressed(t *testing.T) {
	data, err := os.ReadFile("testdata/kinds/suppress.txtar")
	if err != nil {
		t.Fatal(err)
	}
	ar := parseArchive(data)
	eng := loadTestRules(t, "rules.yml", ar.files["rules.yml"], nil)
	check := func(name string, opts Options) []Finding {
		doc, err := Parse(name, ar.files[name])
		if err != nil {
			t.Fatal(err)
		}
		fs, err := eng.Check(doc, opts)
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	type key struct {
		line       int
		rule, just string
	}
	var got []key
	for _, f := range check("next.html", Options{}) {
		if f.Suppressed {
			got = append(got, key{f.Start.Line, f.Rule.ID, f.Justification})
		}
	}
	want := []key{
		{3, "t/lorem", "a story about placeholder text"},
		{3, "t/lorem", "a story about placeholder text"},
		{6, "t/lorem", "quoted"},
		{12, "t/lorem", "data-copydesk-ignore"},
		{12, "t/lorem", "data-copydesk-ignore"},
	}
	if len(got) != len(want) {
		t.Fatalf("suppressed = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("suppressed[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}

	// With t/ipsum off, its suppressions are not unused.
	for _, f := range check("file.html", Options{Severities: map[string]rules.Severity{"t/ipsum": rules.SevOff}}) {
		if f.Rule.ID == rules.UnusedSuppression && f.Start.Line == 3 {
			t.Errorf("unused suppression of a rule that is off: %s", f.Message)
		}
	}
	// The core rules can be turned off, and suppressed for a file.
	for _, f := range check("next.html", Options{Severities: map[string]rules.Severity{rules.UnusedSuppression: rules.SevOff, rules.InvalidSuppression: rules.SevOff}}) {
		if f.Rule.Pack == rules.PackCopydesk {
			t.Errorf("core finding with the core rules off: %s", f.Message)
		}
	}
	fs := check("file-core.html", Options{})
	if len(fs) != 1 || fs[0].Rule.ID != rules.UnusedSuppression || !fs[0].Suppressed || fs[0].Justification != "a legacy template" {
		t.Errorf("file-core.html: %+v", fs)
	}
}

// TestSuppressAt puts a copydesk-ignore comment where SuppressAt says for
// each finding of the test articles (default packs and the house pack,
// jurisdiction ru) and checks that it suppresses that finding and is
// not reported as unused or invalid; a finding about the whole page takes
// copydesk-ignore-file.
func TestSuppressAt(t *testing.T) {
	cfg, err := rules.LoadConfig("../testdata/rules/house.copydesk.yml")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Packs = append(cfg.Packs, rules.PackRef{Name: rules.BuiltinPrefix + rules.DefaultPack})
	set, err := rules.Load(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := New(set)
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Jurisdictions: []string{"ru"}}
	names, _ := filepath.Glob("../testdata/articles/*.html")
	tried := 0
	for _, name := range names {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ParseFile(name, src)
		if err != nil {
			t.Fatal(err)
		}
		findings, err := eng.Check(doc, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range findings {
			if f.Suppressed || f.Rule.Internal {
				continue
			}
			tried++
			at := doc.SuppressAt(f.Span.Start)
			comment := "<!-- copydesk-ignore " + f.Rule.ID + " -- a test -->"
			if at < 0 {
				at, comment = 0, "<!-- copydesk-ignore-file "+f.Rule.ID+" -- a test -->"
				if i := bytes.Index(bytes.ToLower(src), []byte("<!doctype")); i >= 0 {
					at = i + bytes.IndexByte(src[i:], '>') + 1
				}
			}
			edited := ApplyEdits(src, []Edit{{Start: at, End: at, Text: comment}})
			doc2, err := ParseFile(name, edited)
			if err != nil {
				t.Fatal(err)
			}
			after, err := eng.Check(doc2, opts)
			if err != nil {
				t.Fatal(err)
			}
			shifted := f.Span.Start
			if at <= shifted {
				shifted += len(comment)
			}
			found := false
			for _, g := range after {
				switch {
				case g.Rule.ID == f.Rule.ID && g.Span.Start == shifted:
					found = true
					if !g.Suppressed {
						t.Errorf("%s:%d:%d: %s: the comment at offset %d does not suppress it", filepath.Base(name), f.Start.Line, f.Start.Column, f.Rule.ID, at)
					}
				case g.Rule.ID == rules.UnusedSuppression || g.Rule.ID == rules.InvalidSuppression:
					t.Errorf("%s:%d:%d: %s: %s", filepath.Base(name), f.Start.Line, f.Start.Column, f.Rule.ID, g.Message)
				}
			}
			if !found {
				t.Errorf("%s:%d:%d: %s: the finding is gone once the comment is in", filepath.Base(name), f.Start.Line, f.Start.Column, f.Rule.ID)
			}
		}
	}
	t.Logf("%d findings tried", tried)
	if tried < 10 {
		t.Errorf("only %d findings tried", tried)
	}
}
