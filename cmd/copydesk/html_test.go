package main

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/testdiff"
)

// htmlSection and htmlCard read the articles and finding cards of the
// html report (its browser tests, in package report, check the rest).
var (
	htmlSection = regexp.MustCompile(`<section class="file[^"]*" id="[^"]*" data-path="([^"]*)"`)
	htmlCard    = regexp.MustCompile(`<div class="f [^"]*" id="[^"]*" tabindex="-1" data-rule="([^"]*)" data-sev="[^"]*" data-at="(\d+):\d+"( data-state="([^"]*)")?`)
)

// htmlFindings lists the findings of an html report as finding keys, and
// the state (suppressed, accepted) of those that do not count.
func htmlFindings(t *testing.T, data []byte) (open []string, muted map[string]int) {
	t.Helper()
	muted = map[string]int{}
	page := string(data)
	secs := htmlSection.FindAllStringSubmatchIndex(page, -1)
	for i, s := range secs {
		end := len(page)
		if i+1 < len(secs) {
			end = secs[i+1][0]
		}
		path := html.UnescapeString(page[s[2]:s[3]])
		for _, m := range htmlCard.FindAllStringSubmatch(page[s[1]:end], -1) {
			if m[4] != "" {
				muted[m[4]]++
				continue
			}
			line, _ := strconv.Atoi(m[2])
			open = append(open, finding(path, line, html.UnescapeString(m[1])))
		}
	}
	return sorted(open), muted
}

// TestHTMLReport writes the html report with the JSON one: the same
// findings; with a baseline, its findings greyed out as accepted.
func TestHTMLReport(t *testing.T) {
	inRoot(t)
	dir := t.TempDir()
	args := append(append([]string(nil), houseArgs...), "-f", "json="+filepath.Join(dir, "r.json"), "-f", "html="+filepath.Join(dir, "r.html"))
	if code, _, errOut := copydesk(t, "", args...); code != exitInput {
		t.Fatalf("exit %d, want %d:\n%s", code, exitInput, errOut)
	}
	js, _ := os.ReadFile(filepath.Join(dir, "r.json"))
	page, err := os.ReadFile(filepath.Join(dir, "r.html"))
	if err != nil {
		t.Fatal(err)
	}
	want := jsonFindings(t, js)
	got, muted := htmlFindings(t, page)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("html and json disagree:\n%s", testdiff.FirstLine(strings.Join(want, "\n"), strings.Join(got, "\n")))
	}
	for _, s := range []string{
		"config: <code>testdata/rules/house.copydesk.yml</code>",
		"<code>testdata/articles/missing.html: no such file or directory</code>",
		`<p class="verdict fail">Fail`,
	} {
		if !strings.Contains(string(page), s) {
			t.Errorf("the html report lacks %q", s)
		}
	}
	if len(muted) != 0 {
		t.Errorf("muted findings without suppressions or a baseline: %v", muted)
	}

	// A baseline accepts the reference story's findings: the run passes,
	// and the report shows them greyed out, with the baseline named.
	base := filepath.Join(dir, "baseline.json")
	story := "testdata/articles/rferl-aleppo.html"
	if code, _, errOut := copydesk(t, "", "check", "--write-baseline", base, story); code != 0 {
		t.Fatalf("--write-baseline: exit %d\n%s", code, errOut)
	}
	out := filepath.Join(dir, "b.html")
	if code, _, errOut := copydesk(t, "", "check", "--baseline", base, "-f", "html="+out, story); code != 0 {
		t.Fatalf("--baseline: exit %d\n%s", code, errOut)
	}
	page, _ = os.ReadFile(out)
	got, muted = htmlFindings(t, page)
	if len(got) != 0 || muted["accepted"] != 3 {
		t.Errorf("with the baseline: %d open findings, muted %v; want 3 accepted", len(got), muted)
	}
	if !strings.Contains(string(page), "Accepted by the baseline "+base) || !strings.Contains(string(page), `<p class="verdict pass">Pass`) {
		t.Error("the report does not say that the baseline accepts the findings and the run passes")
	}
}
