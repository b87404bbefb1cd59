package report

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// TestHTMLOverlap highlights findings whose texts overlap: each run of
// text names every finding that covers it, and each finding's runs
// together are its text.
func TestHTMLOverlap(t *testing.T) {
	const ruleFile = `version: 1
pack: t
rules:
  - id: t/credit
    title: Credit
    severity: info
    forbid: {pattern: 'reporting from AP'}
  - id: t/from
    title: From
    severity: warning
    forbid: {words: [from]}
`
	rf, err := rules.ParseRuleFile("t.yml", []byte(ruleFile), rules.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := checker.New(&rules.Set{Rules: rf.Rules})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := checker.Parse("a.html", []byte("<article><p>With reporting from AP &amp; Reuters</p></article>"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := eng.Check(doc, checker.Options{})
	if err != nil || len(fs) != 2 {
		t.Fatalf("%d findings, %v", len(fs), err)
	}
	r := &Result{Rules: rf.Rules, FailOn: rules.SevError, Files: []File{{Path: "a.html", Findings: fs, Reading: eng.Reading(doc)}}}
	page := string(render(t, "html", r))
	p := regexp.MustCompile(`<p class="b">(.*?)</p>`).FindStringSubmatch(page)
	if p == nil {
		t.Fatal("no block of text on the page")
	}
	// The run both cover shows the higher severity.
	want := `With <mark class="hl s-info" data-f="f1-1">reporting </mark>` +
		`<mark class="hl s-warning" data-f="f1-1 f1-2">from</mark>` +
		`<mark class="hl s-info" data-f="f1-1"> AP</mark> &amp; Reuters`
	if p[1] != want {
		t.Errorf("block\n%s\nwant\n%s", p[1], want)
	}
}

// TestWordDiffParts shows a fix word by word, with a few unchanged words
// around each change.
func TestWordDiffParts(t *testing.T) {
	long := "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
	for _, tt := range []struct {
		before, after, want string
	}{
		{"With reporting from AP", "With reporting by AP", "With reporting [-from-] {+by+} AP"},
		{"same text", "same text", "same text"},
		{"", "New paragraph", "{+New paragraph+}"},
		{long, strings.Replace(long, "eight", "EIGHT", 1), "… two three four five six seven [-eight-] {+EIGHT+} nine ten eleven twelve thirteen fourteen …"},
		{long + " " + long, strings.Replace(long, "one", "ONE", 1) + " " + strings.Replace(long, "fifteen", "FIFTEEN", 1),
			"[-one-] {+ONE+} two three four five six seven … nine ten eleven twelve thirteen fourteen [-fifteen-] {+FIFTEEN+}"},
	} {
		var got []string
		for _, p := range wordDiffParts(tt.before, tt.after) {
			switch p.Op {
			case "del":
				got = append(got, "[-"+p.Text+"-]")
			case "ins":
				got = append(got, "{+"+p.Text+"+}")
			case "gap":
				got = append(got, "…")
			default:
				got = append(got, p.Text)
			}
		}
		if g := strings.Join(got, " "); !reflect.DeepEqual(g, tt.want) {
			t.Errorf("%q → %q:\n got %s\nwant %s", tt.before, tt.after, g, tt.want)
		}
	}
}
