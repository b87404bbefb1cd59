package checker

import (
	"os"
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
