package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBaseline writes a baseline of an article, then changes the article:
// lines inserted above the known findings keep them known, a fixed one is
// counted as gone, a new one is reported.
func TestBaseline(t *testing.T) {
	inRoot(t)
	src, err := os.ReadFile("testdata/articles/rferl-aleppo.html")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "site", "aleppo.html")
	base := filepath.Join(dir, "baseline.json")
	if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(s string) {
		if err := os.WriteFile(page, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(string(src))
	code, _, errOut := copydesk(t, "", "check", "--write-baseline", base, page)
	if code != 0 || !strings.Contains(errOut, "wrote 3 findings to baseline") {
		t.Fatalf("--write-baseline: exit %d\n%s", code, errOut)
	}
	data, _ := os.ReadFile(base)
	if !strings.Contains(string(data), `"path": "site/aleppo.html"`) || !strings.Contains(string(data), `"rule": "editorial/repeated-deck"`) {
		t.Errorf("baseline:\n%s", data)
	}

	// Unchanged: nothing new.
	code, out, errOut := copydesk(t, "", "check", "--baseline", base, page)
	if code != 0 || out != "no findings in 1 file\n" || !strings.Contains(errOut, "3 known findings not reported; 0 baselined findings no longer found") {
		t.Errorf("unchanged: exit %d\n%s%s", code, out, errOut)
	}

	// Lines added above, the duplicated deck fixed, a new placeholder.
	changed := strings.Replace(string(src), "<main id=\"content\"", "<!-- new\nlines\n-->\n<main id=\"content\"", 1)
	changed = strings.Replace(changed, "<p>Russian Defense Minister Sergei Shoigu says Russia and the United States are near an agreement on defusing the crisis in Syria's Aleppo.</p>", "", 1)
	changed = strings.Replace(changed, "<p>U.S. officials said, however, that agreement is not close.</p>", "<p>Lorem ipsum.</p>", 1)
	write(changed)
	code, out, errOut = copydesk(t, "", "check", "--baseline", base, page)
	if code != 1 || strings.Count(out, "[") != 1 || !strings.Contains(out, `"Lorem ipsum" [editorial/cms-placeholder]`) {
		t.Errorf("changed: exit %d\n%s", code, out)
	}
	if !strings.Contains(errOut, "2 known findings not reported; 1 baselined finding no longer found (update the baseline with --write-baseline") {
		t.Errorf("changed: stderr:\n%s", errOut)
	}

	// From another working directory the baseline still applies: its
	// paths are relative to the baseline file.
	t.Chdir(dir)
	if code, out, _ := copydesk(t, "", "check", "--baseline", "baseline.json", "site"); code != 1 || strings.Count(out, "[") != 1 {
		t.Errorf("from the baseline's directory: exit %d\n%s", code, out)
	}
	if code, _, errOut := copydesk(t, "", "check", "--baseline", "nope.json", "site"); code != 2 || !strings.Contains(errOut, "--baseline nope.json") {
		t.Errorf("missing baseline: exit %d\n%s", code, errOut)
	}
	if err := os.WriteFile("bad.json", []byte(`{"version": 2}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := copydesk(t, "", "check", "--baseline", "bad.json", "site"); code != 2 || !strings.Contains(errOut, "not a copydesk baseline") {
		t.Errorf("bad baseline: exit %d\n%s", code, errOut)
	}
}

// TestBaselineFix checks that --fix and --diff leave the findings a
// baseline accepts as they are and fix the new ones, counting copies: a
// baseline with one "per cent" accepts the first and fixes the second.
func TestBaselineFix(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"rules.yml":     "version: 1\npack: t\nrules:\n  - id: t/percent\n    title: Percent\n    forbid: {text: per cent, replace: percent}\n",
		".copydesk.yml": "version: 1\npacks: [./rules.yml]\n",
		"a.html":        "<p>Prices rose 4 per cent.</p>\n",
	})
	t.Chdir(dir)
	if code, _, errOut := copydesk(t, "", "check", "--write-baseline", "baseline.json", "a.html"); code != 0 {
		t.Fatalf("--write-baseline: exit %d\n%s", code, errOut)
	}
	writeFiles(t, dir, map[string]string{"a.html": "<p>Prices rose 4 per cent.</p>\n<p>Rents rose 2 per cent.</p>\n"})

	code, out, errOut := copydesk(t, "", "check", "--baseline", "baseline.json", "--diff", "a.html")
	if code != 0 || strings.Count(out, "\n-<p>") != 1 || !strings.Contains(out, "+<p>Rents rose 2 percent.</p>") {
		t.Errorf("--diff: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = copydesk(t, "", "check", "--baseline", "baseline.json", "--fix", "a.html")
	if code != 0 || strings.Contains(out, "[t/percent]") {
		t.Errorf("--fix: exit %d\n%s%s", code, out, errOut)
	}
	got, err := os.ReadFile("a.html")
	if err != nil {
		t.Fatal(err)
	}
	if want := "<p>Prices rose 4 per cent.</p>\n<p>Rents rose 2 percent.</p>\n"; string(got) != want {
		t.Errorf("after --fix:\n%s\nwant\n%s", got, want)
	}
	// Without the baseline, the accepted finding is fixed too.
	if code, _, errOut := copydesk(t, "", "check", "--fix", "a.html"); code != 0 {
		t.Errorf("--fix without baseline: exit %d\n%s", code, errOut)
	}
	if got, _ := os.ReadFile("a.html"); strings.Contains(string(got), "per cent") {
		t.Errorf("after --fix without the baseline:\n%s", got)
	}
}
