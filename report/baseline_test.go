package report

import (
	"bytes"
	"testing"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

func TestBaselineFilter(t *testing.T) {
	r := &rules.Rule{ID: "t/lorem"}
	finding := func(match string, suppressed bool) checker.Finding {
		return checker.Finding{Rule: r, Match: match, Suppressed: suppressed}
	}
	old := File{Path: "a.html", Findings: []checker.Finding{finding("lorem", false), finding("lorem", false), finding("ipsum", false), finding("dolor", true)}}
	var buf bytes.Buffer
	if err := WriteBaseline(&buf, BaselineEntries(&old, "site/a.html")); err != nil {
		t.Fatal(err)
	}
	b, err := ReadBaseline(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Three copies of a twice-known finding: one is new; "ipsum" is gone;
	// a suppressed finding is never filtered.
	now := File{Path: "a.html",
		Findings: []checker.Finding{finding("lorem", false), finding("new", false), finding("lorem", false), finding("lorem", false), finding("dolor", true)},
		Diffs:    []string{"d0", "d1", "d2", "d3", "d4"}}
	if n := b.Filter(&now, "site/a.html"); n != 2 {
		t.Errorf("Filter removed %d, want 2", n)
	}
	if len(now.Findings) != 3 || now.Findings[0].Match != "new" || now.Findings[1].Match != "lorem" || !now.Findings[2].Suppressed {
		t.Errorf("kept %+v", now.Findings)
	}
	if len(now.Diffs) != 3 || now.Diffs[0] != "d1" || now.Diffs[1] != "d3" || now.Diffs[2] != "d4" {
		t.Errorf("diffs %q", now.Diffs)
	}
	if b.Known() != 2 || b.Gone() != 1 {
		t.Errorf("known %d gone %d, want 2 and 1", b.Known(), b.Gone())
	}
	// The same findings under another path are new.
	other := File{Path: "b.html", Findings: []checker.Finding{finding("ipsum", false)}}
	if n := b.Filter(&other, "site/b.html"); n != 0 || len(other.Findings) != 1 {
		t.Errorf("another path: removed %d", n)
	}
}
