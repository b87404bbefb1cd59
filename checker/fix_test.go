package checker

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/testdiff"
	"github.com/copydesk/copydesk/rules"
)

var (
	update     = flag.Bool("update", false, "rewrite the NAME.html.fixed sections of testdata/kinds/*.txtar (never the want comments) and the kinds section of docs/rules.md")
	fullCorpus = flag.Bool("fullcorpus", false, "run the corpus-wide fix tests on every page of ../shared/corpus, not a sample")
)

func TestPlan(t *testing.T) {
	rule := func(id string) *rules.Rule { return &rules.Rule{ID: id} }
	fix := func(edits ...Edit) *Fix { return &Fix{Message: "fix", Edits: edits} }
	ins := func(at int, text string) Edit { return Edit{Start: at, End: at, Text: text} }
	rep := func(s, e int, text string) Edit { return Edit{Start: s, End: e, Text: text} }
	const src = "0123456789abcdefghij"
	tests := []struct {
		name     string
		findings []Finding
		want     string
		fixed    []int
		skipped  []Conflict
	}{
		{
			name:     "identical edits are merged",
			findings: []Finding{{Rule: rule("a"), Fix: fix(ins(10, "<p>N</p>"))}, {Rule: rule("a"), Fix: fix(ins(10, "<p>N</p>"))}},
			want:     "0123456789<p>N</p>abcdefghij",
			fixed:    []int{0, 1},
		},
		{
			name:     "identical replacements from two rules are merged",
			findings: []Finding{{Rule: rule("a"), Fix: fix(rep(2, 4, "X"))}, {Rule: rule("b"), Fix: fix(rep(2, 4, "X"))}},
			want:     "01X456789abcdefghij",
			fixed:    []int{0, 1},
		},
		{
			name:     "overlapping replacements: the first wins",
			findings: []Finding{{Rule: rule("a"), Fix: fix(rep(2, 6, "X"))}, {Rule: rule("b"), Fix: fix(rep(4, 8, "Y"))}},
			want:     "01X6789abcdefghij",
			fixed:    []int{0},
			skipped:  []Conflict{{Finding: 1, With: 0, At: 4}},
		},
		{
			name:     "same range, different text",
			findings: []Finding{{Rule: rule("a"), Fix: fix(rep(2, 4, "X"))}, {Rule: rule("b"), Fix: fix(rep(2, 4, "Y"))}},
			want:     "01X456789abcdefghij",
			fixed:    []int{0},
			skipped:  []Conflict{{Finding: 1, With: 0, At: 2}},
		},
		{
			name:     "an insertion inside a replacement overlaps it",
			findings: []Finding{{Rule: rule("a"), Fix: fix(rep(2, 6, "X"))}, {Rule: rule("b"), Fix: fix(ins(4, "I"))}},
			want:     "01X6789abcdefghij",
			fixed:    []int{0},
			skipped:  []Conflict{{Finding: 1, With: 0, At: 4}},
		},
		{
			name:     "a replacement around an earlier insertion overlaps it",
			findings: []Finding{{Rule: rule("a"), Fix: fix(ins(4, "I"))}, {Rule: rule("b"), Fix: fix(rep(2, 6, "X"))}},
			want:     "0123I456789abcdefghij",
			fixed:    []int{0},
			skipped:  []Conflict{{Finding: 1, With: 0, At: 4}},
		},
		{
			name: "insertions at the ends of a replacement and adjacent replacements do not overlap",
			findings: []Finding{
				{Rule: rule("a"), Fix: fix(rep(2, 6, "X"))},
				{Rule: rule("b"), Fix: fix(ins(2, "<"))},
				{Rule: rule("c"), Fix: fix(ins(6, ">"))},
				{Rule: rule("d"), Fix: fix(rep(6, 8, "Y"))},
				{Rule: rule("e"), Fix: fix(rep(0, 2, "Z"))},
			},
			want:  "Z<X>Y89abcdefghij",
			fixed: []int{0, 1, 2, 3, 4},
		},
		{
			name: "different insertions at one offset keep finding order",
			findings: []Finding{
				{Rule: rule("a"), Fix: fix(ins(10, "1"))},
				{Rule: rule("b"), Fix: fix(ins(10, "2"))},
				{Rule: rule("c"), Fix: fix(ins(10, "1"))},
				{Rule: rule("d"), Fix: fix(ins(10, "3"))},
			},
			want:  "0123456789123abcdefghij",
			fixed: []int{0, 1, 2, 3},
		},
		{
			name: "insertions at one offset follow the Order of their fixes",
			findings: []Finding{
				{Rule: rule("a"), Fix: &Fix{Edits: []Edit{ins(10, "[last]")}, Order: 999}},
				{Rule: rule("b"), Fix: &Fix{Edits: []Edit{ins(10, "[any]")}}},
				{Rule: rule("c"), Fix: &Fix{Edits: []Edit{rep(10, 11, "A")}}},
				{Rule: rule("d"), Fix: &Fix{Edits: []Edit{ins(10, "[first]")}, Order: -999}},
				{Rule: rule("e"), Fix: &Fix{Edits: []Edit{ins(10, "[any2]")}}},
			},
			want:  "0123456789[first][any][any2][last]Abcdefghij",
			fixed: []int{0, 1, 2, 3, 4},
		},
		{
			name: "a fix is taken whole or not at all",
			findings: []Finding{
				{Rule: rule("a"), Fix: fix(rep(10, 12, "X"))},
				{Rule: rule("b"), Fix: fix(rep(0, 1, "A"), rep(11, 13, "B"))},
			},
			want:    "0123456789Xcdefghij",
			fixed:   []int{0},
			skipped: []Conflict{{Finding: 1, With: 0, At: 11}},
		},
		{
			name: "a fix that shares an identical edit with a taken one",
			findings: []Finding{
				{Rule: rule("a"), Fix: fix(rep(10, 12, "X"))},
				{Rule: rule("b"), Fix: fix(rep(0, 1, "A"), rep(10, 12, "X"))},
			},
			want:  "A123456789Xcdefghij",
			fixed: []int{0, 1},
		},
		{
			name: "suppressed findings and findings without fixes are left out",
			findings: []Finding{
				{Rule: rule("a"), Fix: fix(rep(0, 5, "S")), Suppressed: true},
				{Rule: rule("b")},
				{Rule: rule("c"), Fix: fix(rep(2, 3, "C"))},
			},
			want:  "01C3456789abcdefghij",
			fixed: []int{2},
		},
		{
			name:     "an edit outside the file is skipped",
			findings: []Finding{{Rule: rule("a"), Fix: fix(rep(18, 25, "X"))}},
			want:     src,
			skipped:  []Conflict{{Finding: 0, With: -1, At: 18}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Plan(len(src), tt.findings)
			if got := string(p.Apply([]byte(src))); got != tt.want {
				t.Errorf("applied: %q, want %q", got, tt.want)
			}
			if fmt.Sprint(p.Fixed) != fmt.Sprint(tt.fixed) {
				t.Errorf("fixed %v, want %v", p.Fixed, tt.fixed)
			}
			if fmt.Sprint(p.Skipped) != fmt.Sprint(tt.skipped) {
				t.Errorf("skipped %+v, want %+v", p.Skipped, tt.skipped)
			}
		})
	}
}

// fixerFor returns a Fixer that checks with eng, as Check does.
func fixerFor(t testing.TB, eng *Engine, name string, opts Options) *Fixer {
	return &Fixer{Check: func(file []byte) (*Document, []Finding, error) {
		doc, err := ParseFile(name, file)
		if err != nil {
			return nil, nil, err
		}
		fs, err := eng.Check(doc, opts)
		return doc, fs, err
	}}
}

// fixFile fixes src and checks the result: the fixed file parses, and
// fixing it again changes nothing.
func fixFile(t *testing.T, eng *Engine, name string, src []byte, opts Options) *FixResult {
	t.Helper()
	fx := fixerFor(t, eng, name, opts)
	doc, findings, err := fx.Check(src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	res, err := fx.Fix(doc, findings)
	if err != nil {
		t.Fatalf("%s: fix: %v", name, err)
	}
	if res.Stopped != "" {
		t.Errorf("%s: fixing stopped: %s", name, res.Stopped)
	}
	again, err := fx.Fix(res.Doc, res.Findings)
	if err != nil {
		t.Fatalf("%s: second fix: %v", name, err)
	}
	if !bytes.Equal(again.Doc.File, res.Doc.File) {
		t.Errorf("%s: a second fix changes the file (%d fixes):\n%s", name, again.Fixed, testdiff.FirstLine(string(res.Doc.File), string(again.Doc.File)))
	}
	return res
}

// TestFixGolden fixes every NAME.html of testdata/kinds/*.txtar that has
// a NAME.html.fixed section and compares the result with it; -update
// rewrites those sections (and only those).
func TestFixGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/kinds/*.txtar")
	cases := 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		ar := parseArchive(data)
		vars := map[string]rules.Var{"publisher": {Values: []string{"RFE/RL"}}}
		eng := loadTestRules(t, file+"/rules.yml", ar.files["rules.yml"], vars)
		updated := data
		for _, name := range ar.order {
			want, ok := ar.files[name+".fixed"]
			if !ok || !strings.HasSuffix(name, ".html") {
				continue
			}
			cases++
			t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar")+"/"+name, func(t *testing.T) {
				res := fixFile(t, eng, name, ar.files[name], Options{Jurisdictions: jurisdictionsOf(name)})
				if *update {
					updated = replaceSection(updated, name+".fixed", res.Doc.File)
					return
				}
				if !bytes.Equal(res.Doc.File, want) {
					t.Errorf("%s: fixed file differs from %s.fixed (go test -update rewrites it):\n%s", name, name, testdiff.FirstLine(string(want), string(res.Doc.File)))
				}
			})
		}
		if *update && !bytes.Equal(updated, data) {
			if err := os.WriteFile(file, updated, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if cases == 0 {
		t.Fatal("no NAME.html.fixed sections in testdata/kinds")
	}
}

// replaceSection replaces the content of the section "-- name --" of a
// txtar archive.
func replaceSection(ar []byte, name string, content []byte) []byte {
	marker := []byte("-- " + name + " --\n")
	i := bytes.Index(ar, marker)
	if i < 0 {
		return ar
	}
	start := i + len(marker)
	end := len(ar)
	for j := start; j < len(ar); {
		k := bytes.IndexByte(ar[j:], '\n')
		line := ar[j:]
		if k >= 0 {
			line = ar[j : j+k]
		}
		if bytes.HasPrefix(line, []byte("-- ")) && bytes.HasSuffix(bytes.TrimRight(line, "\r"), []byte(" --")) {
			end = j
			break
		}
		if k < 0 {
			break
		}
		j += k + 1
	}
	out := append([]byte{}, ar[:start]...)
	out = append(out, content...)
	if len(content) > 0 && content[len(content)-1] != '\n' && end < len(ar) {
		out = append(out, '\n') // txtar needs the next marker on a line of its own
	}
	return append(out, ar[end:]...)
}

// loadConfigRules loads a config file the way the command does.
func loadConfigRules(t testing.TB, path string) *Engine {
	t.Helper()
	var cfg *rules.Config
	if path == "" {
		cfg = rules.DefaultConfig()
	} else {
		var err error
		if cfg, err = rules.LoadConfig(path); err != nil {
			t.Fatal(err)
		}
	}
	set, err := rules.Load(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := New(set)
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// ruleSets are the rule sets of the idempotence tests.
var ruleSets = []struct{ name, config string }{
	{"house", "../testdata/rules/house.copydesk.yml"},
	{"packs", "../testdata/rules/packs-all.copydesk.yml"},
	{"stress", "../testdata/rules/fix-stress.copydesk.yml"},
}

// TestFixIdempotentArticles fixes every test article with the house rules,
// the default packs and the stress rules: a second fix changes nothing,
// and what is left has no fix that applies.
func TestFixIdempotentArticles(t *testing.T) {
	for _, rs := range ruleSets {
		eng := loadConfigRules(t, rs.config)
		fixed := 0
		for _, f := range testdataArticles(t) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res := fixFile(t, eng, f, src, Options{Jurisdictions: []string{"ru"}})
			fixed += res.Fixed
			for i := range res.Findings {
				if fd := &res.Findings[i]; fd.Fix != nil && !fd.Suppressed {
					t.Errorf("%s (%s): %s still has a fix after fixing: %s", f, rs.name, fd.Rule.ID, fd.Fix.Message)
				}
			}
		}
		t.Logf("%s: %d fixes", rs.name, fixed)
		if fixed == 0 {
			t.Errorf("%s: no fix applied to any article", rs.name)
		}
	}
}

// TestFixIdempotentCorpus fixes pages of the shared corpus with each rule
// set (a sample; -fullcorpus for all of them).
func TestFixIdempotentCorpus(t *testing.T) {
	files := corpusPages(t)
	if !*fullCorpus {
		step := 20
		var sample []string
		for i := 0; i < len(files); i += step {
			sample = append(sample, files[i])
		}
		files = sample
	}
	for _, rs := range ruleSets {
		eng := loadConfigRules(t, rs.config)
		fixes, passes, changed := 0, 0, 0
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res := fixFile(t, eng, f, src, Options{Jurisdictions: []string{"ru"}})
			fixes += res.Fixed
			passes += res.Passes
			if res.Passes > 0 {
				changed++
			}
		}
		t.Logf("%s: %d pages, %d changed, %d fixes in %d passes", rs.name, len(files), changed, fixes, passes)
		if rs.name == "stress" && changed == 0 {
			t.Error("no corpus page was changed by the stress rules")
		}
	}
}

// TestFixerStops checks the ways fixing stops before it converges: fixes
// that undo each other, and an insertion that does not repair its finding.
func TestFixerStops(t *testing.T) {
	tests := []struct {
		name, rules, src, want, stopped string
	}{
		{
			name: "fixes that undo each other",
			rules: `
  - id: t/us
    title: US spelling
    forbid: {words: [colour], replace: color}
  - id: t/uk
    title: UK spelling
    forbid: {words: [color], replace: colour}`,
			src:     "<article><p>The colour red.</p></article>",
			want:    "<article><p>The colour red.</p></article>",
			stopped: "undo each other",
		},
		{
			name: "an insertion that does not repair its finding",
			rules: `
  - id: t/credit
    title: Credit
    require: {text: 'Credit: AP'}
    fix: {insert: '<p>Credit: Reuters</p>', at: end}`,
			src:     "<article><p>Text.</p></article>",
			want:    "<article><p>Text.</p><p>Credit: Reuters</p></article>",
			stopped: "does not repair",
		},
		{
			name: "fixes that keep growing",
			rules: `
  - id: t/grow
    title: Grow
    forbid: {pattern: 'x', replace: 'xx'}`,
			src:     "<p>x</p>",
			want:    "<p>" + strings.Repeat("x", 1<<MaxFixPasses) + "</p>",
			stopped: "after 10 passes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng := loadTestRules(t, "rules.yml", []byte("version: 1\npack: t\nrules:"+tt.rules+"\n"), nil)
			// No caps: the growing fix makes 512 findings in its last pass.
			fx := fixerFor(t, eng, "a.html", Options{MaxFindings: -1, MaxPerRule: -1})
			doc, fs, err := fx.Check([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			res, err := fx.Fix(doc, fs)
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Doc.File) != tt.want {
				t.Errorf("fixed:\n%s\nwant:\n%s", res.Doc.File, tt.want)
			}
			if !strings.Contains(res.Stopped, tt.stopped) {
				t.Errorf("stopped %q, want %q", res.Stopped, tt.stopped)
			}
		})
	}
}
