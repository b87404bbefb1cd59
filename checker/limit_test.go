package checker

import (
	"strings"
	"testing"

	"github.com/copydesk/copydesk/rules"
)

// TestFindingCaps checks the caps on findings: past the cap of a rule,
// one finding of the rule says how many more there were; past the cap of
// the file, one finding of copydesk/too-many-findings does, with the
// highest severity of those it stands for (suppressed when they all are).
func TestFindingCaps(t *testing.T) {
	eng := loadTestRules(t, "caps.yml", []byte(`version: 1
pack: t
rules:
  - id: t/lorem
    title: Placeholder
    severity: warning
    forbid: {words: [lorem]}
  - id: t/tk
    title: TK
    severity: error
    forbid: {words: [TK]}
`), nil)
	check := func(src string, opts Options) []Finding {
		t.Helper()
		d, err := Parse("caps.html", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		fs, err := eng.Check(d, opts)
		if err != nil {
			t.Fatal(err)
		}
		for i := range fs {
			checkFinding(t, d, &fs[i])
		}
		return fs
	}
	count := func(fs []Finding, id string) int {
		n := 0
		for _, f := range fs {
			if f.Rule.ID == id {
				n++
			}
		}
		return n
	}

	// 1,500 placeholders: 200 reported, and one finding for the 1,300 others.
	fs := check("<p>"+strings.Repeat("lorem ipsum ", 1500)+"</p>", Options{})
	if len(fs) != DefaultMaxPerRule+1 || count(fs, "t/lorem") != DefaultMaxPerRule+1 {
		t.Fatalf("%d findings, want %d of t/lorem", len(fs), DefaultMaxPerRule+1)
	}
	last := fs[len(fs)-1]
	if want := "1300 more findings of this rule in this file are not reported (at most 200 per rule)"; last.Message != want || last.Severity != rules.SevWarning {
		t.Errorf("summary %q (%s), want %q (warning)", last.Message, last.Severity, want)
	}
	// 10,000: the rule stops looking at ten times its cap, and says so.
	fs = check("<p>"+strings.Repeat("lorem ipsum ", 10000)+"</p>", Options{})
	if got, want := fs[len(fs)-1].Message, "more than 1800 more findings of this rule in this file are not reported (at most 200 per rule; the count stops at 2000)"; len(fs) != DefaultMaxPerRule+1 || got != want {
		t.Errorf("%d findings, summary %q, want %q", len(fs), got, want)
	}
	if last.Span.Start != len("<p>")+len("lorem ipsum ")*DefaultMaxPerRule {
		t.Errorf("summary at %d, want the 201st placeholder", last.Span.Start)
	}

	// The file's cap: the placeholders come first, the errors after them
	// are left out, and the summary is an error, so the file still fails.
	src := "<p>" + strings.Repeat("lorem ", 8) + strings.Repeat("TK ", 5) + "</p>"
	fs = check(src, Options{MaxFindings: 10})
	if len(fs) != 11 || count(fs, "t/tk") != 2 {
		t.Fatalf("%d findings (%d of t/tk), want 11 (2)", len(fs), count(fs, "t/tk"))
	}
	last = fs[len(fs)-1]
	if last.Rule.ID != rules.TooManyFindingsID || last.Severity != rules.SevError || last.Suppressed ||
		last.Message != "3 more findings (t/tk 3) in this file are not reported (at most 10 per file)" {
		t.Errorf("summary %s %s %q", last.Rule.ID, last.Severity, last.Message)
	}
	if last.Span.Start != strings.LastIndex(src, "TK")-6 {
		t.Errorf("summary at %d, want the third TK", last.Span.Start)
	}

	// Every finding left out is suppressed: so is the summary.
	fs = check("<!-- copydesk-ignore-file t/tk -- a style guide page --><p>"+strings.Repeat("lorem ", 3)+strings.Repeat("TK ", 5)+"</p>", Options{MaxFindings: 5})
	if last = fs[len(fs)-1]; len(fs) != 6 || !last.Suppressed {
		t.Errorf("%d findings, last %s suppressed %v", len(fs), last.Message, last.Suppressed)
	}

	// Without caps, every finding.
	if fs = check("<p>"+strings.Repeat("lorem ", 1500)+"</p>", Options{MaxFindings: -1, MaxPerRule: -1}); len(fs) != 1500 {
		t.Errorf("%d findings without caps, want 1500", len(fs))
	}

}
