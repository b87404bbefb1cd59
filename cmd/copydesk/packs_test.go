package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/docgen"
	"github.com/copydesk/copydesk/rules"
)

// TestPackExamples runs copydesk test over every built-in pack and every
// rule file of testdata/rules: every example must pass.
func TestPackExamples(t *testing.T) {
	inRoot(t)
	targets, _ := filepath.Glob("testdata/rules/*.yml")
	for _, name := range rules.BuiltinNames() {
		targets = append(targets, rules.BuiltinPrefix+name)
	}
	for _, target := range targets {
		if strings.HasSuffix(target, ".copydesk.yml") {
			continue
		}
		t.Run(target, func(t *testing.T) {
			code, out, errOut := copydesk(t, "", "test", target)
			if code != 0 || !strings.Contains(out, "examples of") || !strings.Contains(out, "passed") {
				t.Errorf("exit %d\n%s%s", code, out, errOut)
			}
		})
	}
}

// TestTestCommand checks copydesk test's failures and exit codes.
func TestTestCommand(t *testing.T) {
	inRoot(t)
	dir := t.TempDir()
	wrong := filepath.Join(dir, "wrong.yml")
	broken := filepath.Join(dir, "broken.yml")
	files := map[string]string{
		wrong: "version: 1\npack: w\nrules:\n  - id: w/lorem\n    title: No lorem\n    forbid: {text: lorem}\n" +
			"    examples:\n      valid: ['<p>lorem</p>', '<p>ipsum</p>']\n      invalid: ['<p>dolor</p>']\n",
		broken: "version: 1\npack: b\nrules:\n  - id: b/x\n    title: X\n    forbid: {pattern: '('}\n",
	}
	for p, s := range files {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ := copydesk(t, "", "test", wrong)
	rel, _ := filepath.Rel(".", wrong)
	for _, want := range []string{
		filepath.ToSlash(rel) + ":8:15: FAIL w/lorem: valid example 1 gives a finding at 1:4:",
		filepath.ToSlash(rel) + ":9:17: FAIL w/lorem: invalid example 1 gives no finding",
		"2 of 3 examples failed (1 rule)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code != 1 {
		t.Errorf("failing examples: exit %d, want 1", code)
	}
	code, out, errOut := copydesk(t, "", "test", wrong, broken, "builtin:editorial")
	if code != 2 || !strings.Contains(errOut, "rules[0].forbid.pattern: missing closing )") || !strings.Contains(out, "cannot be loaded") {
		t.Errorf("broken file: exit %d, want 2\n%s%s", code, out, errOut)
	}
	if code, _, errOut := copydesk(t, "", "test", "builtin:nope"); code != 2 || !strings.Contains(errOut, `builtin:nope: unknown built-in pack`) {
		t.Errorf("unknown pack: exit %d\n%s", code, errOut)
	}
	// Without arguments, the config's packs.
	code, out, _ = copydesk(t, "", "test", "--config", "testdata/rules/house.copydesk.yml", "-v")
	if code != 0 || !strings.Contains(out, "testdata/rules/house.yml:") || !strings.Contains(out, ": ok house/percent: invalid example 1") {
		t.Errorf("config packs: exit %d\n%s", code, out)
	}
}

// findingsOf runs check with JSON output and returns "path:line rule"
// for each finding, sorted.
func findingsOf(t *testing.T, wantCode int, args ...string) []string {
	t.Helper()
	code, out, errOut := copydesk(t, "", append([]string{"check", "-f", "json"}, args...)...)
	if code != wantCode {
		t.Fatalf("exit %d, want %d\n%s", code, wantCode, errOut)
	}
	var doc struct {
		Files []struct {
			Path     string `json:"path"`
			Findings []struct {
				Rule    string `json:"rule"`
				Line    int    `json:"line"`
				Message string `json:"message"`
			} `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range doc.Files {
		for _, x := range f.Findings {
			got = append(got, fmt.Sprintf("%s:%d %s", path.Base(f.Path), x.Line, x.Rule))
		}
	}
	slices.Sort(got)
	return got
}

func compareFindings(t *testing.T, got, want []string) {
	t.Helper()
	slices.Sort(want)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing finding %s", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("unexpected finding %s", g)
		}
	}
}

// TestDefaultPacksOnArticles is the end-to-end test of the built-in
// default packs on testdata/articles with no config: exactly the
// intended violations of testdata/articles/README.md.
func TestDefaultPacksOnArticles(t *testing.T) {
	inRoot(t)
	want := []string{
		"ap-moscow-wire.html:42 wire-credits/credit-line",
		"entities-and-nesting.html:52 editorial/cms-placeholder",
		"rferl-aleppo-bad-credit.html:93 wire-credits/credit-wording",
	}
	for _, f := range []string{"rferl-aleppo", "rferl-aleppo-altered-notice", "rferl-aleppo-bad-credit", "rferl-aleppo-crlf", "rferl-aleppo-no-notice"} {
		want = append(want,
			f+".html:77 editorial/repeated-deck",    // the deck repeated as the first paragraph
			f+".html:106 image-credits/placeholder", // the uncredited "16x9 Image" figure
			f+".html:108 editorial/cms-placeholder") // its placeholder text
	}
	compareFindings(t, findingsOf(t, 1, "testdata/articles"), want)
}

// TestOptInAttribution turns the opt-in attribution/quote on: it finds the
// unattributed quotation of reuters-kyiv-wire.html and nothing else.
func TestOptInAttribution(t *testing.T) {
	inRoot(t)
	cfg := filepath.Join(t.TempDir(), ".copydesk.yml")
	if err := os.WriteFile(cfg, []byte("version: 1\nrules: {attribution/quote: on}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findingsOf(t, 1, "--config", cfg, "testdata/articles") {
		if strings.Contains(f, "attribution/") {
			got = append(got, f)
		}
	}
	compareFindings(t, got, []string{"reuters-kyiv-wire.html:61 attribution/quote"})
}

// TestRussiaOnArticles runs the default packs with --jurisdiction ru and
// vars {publisher: RFE/RL}: the intact undesirable-organization notice
// passes, the altered one is reported as altered (with a diff), the
// removed one as missing; pages in other languages are not checked.
func TestRussiaOnArticles(t *testing.T) {
	inRoot(t)
	cfg := filepath.Join(t.TempDir(), ".copydesk.yml")
	if err := os.WriteFile(cfg, []byte("version: 1\nvars:\n  publisher: RFE/RL\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := findingsOf(t, 1, "--config", cfg, "--jurisdiction", "ru", "testdata/articles/rferl-aleppo.html",
		"testdata/articles/rferl-aleppo-clean.html", "testdata/articles/rferl-aleppo-altered-notice.html",
		"testdata/articles/rferl-aleppo-no-notice.html", "testdata/articles/meduza-ru-foreign-agent.html")
	var ru []string
	for _, g := range got {
		if strings.Contains(g, "ru-") {
			ru = append(ru, g)
		}
	}
	compareFindings(t, ru, []string{
		"rferl-aleppo-altered-notice.html:120 ru-undesirable/notice",
		"rferl-aleppo-altered-notice.html:121 ru-undesirable/reader-warning",
		"rferl-aleppo-no-notice.html:26 ru-undesirable/notice",
		"rferl-aleppo-no-notice.html:26 ru-undesirable/reader-warning",
	})
	_, out, errOut := copydesk(t, "", "check", "--config", cfg, "--jurisdiction", "ru",
		"testdata/articles/rferl-aleppo-altered-notice.html", "testdata/articles/rferl-aleppo-no-notice.html")
	for _, want := range []string{
		`boilerplate altered (76% similar): RFE/RL has been [-declared-] {+labeled+}`,
		// The fix rewrites only the words that differ: the entities stay.
		`+      <p>RFE/RL has been declared an &quot;undesirable organization&quot; by the Russian government.</p>`,
		`rferl-aleppo-no-notice.html:26:1: error: "Undesirable organization" notice: boilerplate missing`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "builtin:ru-foreign-agent (jurisdiction ru) is not active: it needs vars.agent") {
		t.Errorf("no note on the inactive foreign-agent pack:\n%s", errOut)
	}

	// Without the variable the pack is inactive, and says so.
	code, _, errOut := copydesk(t, "", "check", "--jurisdiction", "ru", "testdata/articles/rferl-aleppo-no-notice.html")
	if code != 1 || !strings.Contains(errOut, "builtin:ru-undesirable (jurisdiction ru) is not active: it needs vars.publisher") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	// The foreign-agent label of the Meduza page passes.
	if err := os.WriteFile(cfg, []byte("version: 1\nvars:\n  agent: «Медуза»\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := findingsOf(t, 0, "--config", cfg, "testdata/articles/meduza-ru-foreign-agent.html"); len(got) != 0 {
		t.Errorf("findings on the Meduza page: %q", got)
	}
}

// TestOptInPacksOnArticles runs the sponsored and ai-disclosure packs,
// which a config must list, on the pages they are for.
func TestOptInPacksOnArticles(t *testing.T) {
	inRoot(t)
	cfg := filepath.Join(t.TempDir(), ".copydesk.yml")
	if err := os.WriteFile(cfg, []byte("version: 1\npacks: [builtin:sponsored, builtin:ai-disclosure]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got := findingsOf(t, 1, "--config", cfg, "testdata/articles")
	compareFindings(t, got, []string{
		"ai-summary.html:37 ai-disclosure/text",
		"sponsored-travel.html:22 sponsored/disclosure",
		"sponsored-travel.html:39 sponsored/ambiguous-label",
	})
}

// TestPackDocs checks that the docs' list of the built-in packs (the
// packs section of docs/packs.md) is the output of copydesk rules
// --format markdown (-update rewrites it).
func TestPackDocs(t *testing.T) {
	inRoot(t)
	code, out, errOut := copydesk(t, "", "rules", "--format", "markdown")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, name := range rules.BuiltinNames() {
		if !strings.Contains(out, "#### `"+name+"`") {
			t.Errorf("the reference lacks pack %s", name)
		}
	}
	docgen.Section(t, "packs", out, *update, "go test ./cmd/copydesk -run TestPackDocs -update")
}

// TestRulesAndExplain checks rules --all and explain for rules the config
// enables, and for built-in rules it does not.
func TestRulesAndExplain(t *testing.T) {
	inRoot(t)
	code, out, _ := copydesk(t, "", "rules", "--all", "-f", "json")
	var list []struct {
		ID      string `json:"id"`
		Pack    string `json:"pack"`
		Enabled *bool  `json:"enabled"`
	}
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	enabled := map[string]bool{}
	for _, r := range list {
		if r.Enabled == nil {
			t.Fatalf("rule %s has no enabled", r.ID)
		}
		enabled[r.ID] = *r.Enabled
	}
	for id, want := range map[string]bool{"editorial/cms-placeholder": true, "copydesk/unused-suppression": true, "sponsored/disclosure": false, "ru-undesirable/notice": false} {
		if got, ok := enabled[id]; !ok || got != want {
			t.Errorf("rules --all: %s enabled %v (listed %v), want %v", id, got, ok, want)
		}
	}
	if _, out, _ := copydesk(t, "", "rules"); strings.Contains(out, "sponsored/") || !strings.Contains(out, "inactive: builtin:ru-undesirable needs vars.publisher") {
		t.Errorf("rules:\n%s", out)
	}

	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"explain", "editorial/repeated-deck"}, []string{"pack:     editorial (built-in)", "enabled:  yes, by the built-in default config", "invalid examples:"}},
		{[]string{"explain", "editorial/duplicate-paragraph"}, []string{"enabled:  no: the rule is opt-in; turn it on under rules: in .copydesk.yml (editorial/duplicate-paragraph: on)", "12 %"}},
		{[]string{"explain", "sponsored/disclosure"}, []string{"enabled:  no: the built-in default config (no .copydesk.yml) does not load builtin:sponsored; add it under packs:"}},
		{[]string{"explain", "ru-undesirable/notice"}, []string{"enabled:  no: builtin:ru-undesirable needs vars.publisher", "applies:  to pages in jurisdiction ru", "RFE/RL has been declared"}},
		{[]string{"explain", "--config", "testdata/rules/house.copydesk.yml", "editorial/cms-placeholder"}, []string{"enabled:  no: testdata/rules/house.copydesk.yml does not load builtin:editorial"}},
		{[]string{"explain", "--config", "testdata/rules/house.copydesk.yml", "house/percent"}, []string{"pack:     house (testdata/rules/house.yml)", "enabled:  yes, by testdata/rules/house.copydesk.yml"}},
		{[]string{"explain", "copydesk/invalid-suppression"}, []string{"kind:     copydesk's own"}},
	} {
		code, out, errOut := copydesk(t, "", tt.args...)
		if code != 0 {
			t.Errorf("%q: exit %d\n%s", tt.args, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
	for id, want := range map[string]string{
		"sponsored/disclosures": "did you mean sponsored/disclosure?",
		"figure-credit":         "did you mean image-credits/figure-credit?",
		"image-credit/figure":   "did you mean image-credits/figure-credit?",
		"nothing/like-it":       `unknown rule "nothing/like-it"` + "\n",
	} {
		if code, _, errOut := copydesk(t, "", "explain", id); code != 2 || !strings.Contains(errOut, want) {
			t.Errorf("explain %s: exit %d, want 2 and %q\n%s", id, code, want, errOut)
		}
	}
}

func TestSchemaCommand(t *testing.T) {
	for arg, want := range map[string][]byte{"rules": rules.RuleFileSchema(), "config": rules.ConfigSchema()} {
		code, out, _ := copydesk(t, "", "schema", arg)
		if code != 0 || out != string(want) || !json.Valid([]byte(out)) || !strings.Contains(out, `"$schema": "https://json-schema.org/draft/2020-12/schema"`) {
			t.Errorf("schema %s: exit %d\n%.200s", arg, code, out)
		}
	}
	for _, args := range [][]string{{"schema"}, {"schema", "pack"}} {
		if code, _, _ := copydesk(t, "", args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

func TestExplainScope(t *testing.T) {
	inRoot(t)
	code, _, errOut := copydesk(t, "", "check", "--explain-scope", "testdata/articles/rferl-aleppo.html", "testdata/articles/ai-summary.html")
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{
		`testdata/articles/rferl-aleppo.html:69:5: <article class="article" itemscope itemtype="https://schema.org/NewsArticle">: article (alternative 1 of "article, [itemprop=articleBody], main") holds 81% of the paragraph text`,
		`testdata/articles/ai-summary.html:37:7: <article id="post-88214"`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if _, _, errOut := copydesk(t, "", "check", "testdata/articles/rferl-aleppo.html"); strings.Contains(errOut, "holds") {
		t.Errorf("content explained without --explain-scope:\n%s", errOut)
	}
}
