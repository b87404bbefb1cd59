package checker

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/rules"
)

// archive is a txtar archive: a comment, then files introduced by
// "-- name --" lines.
type archive struct {
	files map[string][]byte
	order []string
}

func parseArchive(data []byte) archive {
	a := archive{files: map[string][]byte{}}
	var name string
	var cur []byte
	flush := func() {
		if name != "" {
			a.files[name] = cur
			a.order = append(a.order, name)
		}
	}
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		t := bytes.TrimRight(line, "\r\n")
		if bytes.HasPrefix(t, []byte("-- ")) && bytes.HasSuffix(t, []byte(" --")) && len(t) > 6 {
			flush()
			name, cur = string(t[3:len(t)-3]), []byte{}
			continue
		}
		if name != "" {
			cur = append(cur, line...)
		}
	}
	flush()
	return a
}

var wantRE = regexp.MustCompile(`<!--\s*want((?:\s+"(?:[^"\\]|\\.)*")+)\s*-->`)
var wantArgRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// expectation is a "want" comment: a regexp that a finding on its line
// must match as "rule-id: message".
type expectation struct {
	line int
	re   *regexp.Regexp
}

func wants(t *testing.T, name string, src []byte) []expectation {
	t.Helper()
	var out []expectation
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range wantRE.FindAllStringSubmatch(line, -1) {
			for _, q := range wantArgRE.FindAllString(m[1], -1) {
				s, err := strconv.Unquote(q)
				if err != nil {
					t.Fatalf("%s:%d: bad want %s: %v", name, i+1, q, err)
				}
				out = append(out, expectation{line: i + 1, re: regexp.MustCompile(s)})
			}
		}
	}
	return out
}

// loadTestRules loads the rules.yml of an archive into an engine.
func loadTestRules(t *testing.T, name string, data []byte, vars map[string]rules.Var) *Engine {
	t.Helper()
	f, err := rules.ParseRuleFile(name, data, rules.LoadOptions{Vars: vars})
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	e, err := New(&rules.Set{Rules: f.Rules})
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	return e
}

// TestKinds runs every testdata/kinds/*.txtar: the rules in rules.yml are
// checked against each .html file, and the findings must be exactly the
// <!-- want "regexp" --> comments of the file, line by line.
func TestKinds(t *testing.T) {
	files, _ := filepath.Glob("testdata/kinds/*.txtar")
	if len(files) == 0 {
		t.Fatal("no testdata/kinds/*.txtar")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ar := parseArchive(data)
			ruleData, ok := ar.files["rules.yml"]
			if !ok {
				t.Fatal("archive has no rules.yml")
			}
			vars := map[string]rules.Var{"publisher": {Values: []string{"RFE/RL"}}}
			eng := loadTestRules(t, file+"/rules.yml", ruleData, vars)
			for _, name := range ar.order {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				src := ar.files[name]
				checkWants(t, eng, name, src, Options{Jurisdictions: jurisdictionsOf(name)})
			}
		})
	}
}

// jurisdictionsOf reads jurisdictions from a test file name: "x.ru.html"
// is checked under jurisdiction ru.
func jurisdictionsOf(name string) []string {
	parts := strings.Split(strings.TrimSuffix(name, ".html"), ".")
	if len(parts) > 1 && len(parts[len(parts)-1]) == 2 {
		return []string{parts[len(parts)-1]}
	}
	return nil
}

func checkWants(t *testing.T, eng *Engine, name string, src []byte, opts Options) []Finding {
	t.Helper()
	doc, err := Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	findings, err := eng.Check(doc, opts)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	exp := wants(t, name, src)
	used := make([]bool, len(exp))
	for _, f := range findings {
		if f.Suppressed {
			continue
		}
		got := f.Rule.ID + ": " + f.Message
		matched := false
		for i, w := range exp {
			if !used[i] && w.line == f.Start.Line && w.re.MatchString(got) {
				used[i], matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected finding %q", name, f.Start.Line, f.Start.Column, got)
		}
	}
	for i, w := range exp {
		if !used[i] {
			t.Errorf("%s:%d: no finding matched %q", name, w.line, w.re)
		}
	}
	return findings
}

// TestFindingsAreSorted checks the order of findings and that every
// span lies inside the file and its positions agree with the offsets.
func TestFindingsAreSorted(t *testing.T) {
	data, err := os.ReadFile("../testdata/rules/house.yml")
	if err != nil {
		t.Skip("no house rules")
	}
	eng := loadTestRules(t, "house.yml", data, map[string]rules.Var{"publisher": {Values: []string{"RFE/RL"}}})
	for _, f := range testdataArticles(t) {
		src, _ := os.ReadFile(f)
		doc, err := Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := eng.Check(doc, Options{Jurisdictions: []string{"ru"}})
		if err != nil {
			t.Fatal(err)
		}
		ok := sort.SliceIsSorted(fs, func(i, j int) bool {
			if fs[i].Span.Start != fs[j].Span.Start {
				return fs[i].Span.Start < fs[j].Span.Start
			}
			return fs[i].Rule.ID < fs[j].Rule.ID
		})
		if !ok {
			t.Errorf("%s: findings not sorted", f)
		}
		for _, x := range fs {
			if x.Span.Start < 0 || x.Span.End > len(src) || x.Span.Start > x.Span.End {
				t.Errorf("%s: %s span %v outside the file", f, x.Rule.ID, x.Span)
			}
			if p := doc.Position(x.Span.Start); p != x.Start {
				t.Errorf("%s: %s start %v, want %v", f, x.Rule.ID, x.Start, p)
			}
			if x.Fix != nil {
				for _, e := range x.Fix.Edits {
					if e.StartPos != doc.Position(e.Start) || e.EndPos != doc.Position(e.End) {
						t.Errorf("%s: %s edit [%d,%d) at %v-%v, want %v-%v", f, x.Rule.ID, e.Start, e.End, e.StartPos, e.EndPos, doc.Position(e.Start), doc.Position(e.End))
					}
				}
			}
		}
	}
}

func ExampleParse() {
	doc, _ := Parse("a.html", []byte("<article>\n<p>With reporting &amp; <b>AP</b></p>\n</article>"))
	b := &doc.Blocks[0]
	i := strings.Index(b.Text, "AP")
	span := doc.SourceSpan(b, i, i+2)
	pos := doc.Position(span.Start)
	fmt.Printf("%q at %d:%d, bytes %d-%d\n", b.Text, pos.Line, pos.Column, span.Start, span.End)
	// Output: "With reporting & AP" at 2:28, bytes 37-39
}

// TestRewriteFix checks the fixes a forbid rewrite makes (see
// testdata/kinds/forbid-rewrite.txtar).
func TestRewriteFix(t *testing.T) {
	data, err := os.ReadFile("testdata/kinds/forbid-rewrite.txtar")
	if err != nil {
		t.Fatal(err)
	}
	ar := parseArchive(data)
	eng := loadTestRules(t, "rules.yml", ar.files["rules.yml"], nil)
	src := ar.files["a.html"]
	doc, err := Parse("a.html", src)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := eng.Check(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"With reporting by AP and Reuters", "With reporting by AFP", "With reporting by dpa"}
	if len(fs) != len(want) {
		t.Fatalf("%d findings, want %d", len(fs), len(want))
	}
	for i, f := range fs {
		if f.Fix == nil || len(f.Fix.Edits) != 1 || f.Fix.Edits[0].Text != want[i] {
			t.Errorf("finding %d: fix %+v, want %q", i, f.Fix, want[i])
			continue
		}
		fixed := f.Fix.Apply(src)
		if !bytes.Contains(fixed, []byte("<p>"+want[i]+"</p>")) {
			t.Errorf("finding %d: fixed file lacks %q", i, want[i])
		}
	}
}

// TestCompileErrors checks the problems only the engine sees (selectors,
// where they may be used), each reported at its key with the rule file's
// position, all at once.
func TestCompileErrors(t *testing.T) {
	src := `version: 1
pack: t
rules:
  - id: t/a
    title: A
    scope: 'article[[bad'
    require: {text: x}
  - id: t/b
    title: B
    when: {has: '+ .credit'}
    require: {text: x}
  - id: t/c
    title: C
    each: figure
    when: {not: {has: 'img, + p:unknown-pseudo'}}
    require: {text: x}
  - id: t/d
    title: D
    when: {before: {selector: p}}
    require: {text: x}
  - id: t/e
    title: E
    each: p
    when: {all: [{before: {selector: 'p[[', pattern: x}}, {count: {selector: 'p:nope', min: 2}}]}
    require: {text: x}
`
	f, err := rules.ParseRuleFile("r.yml", []byte(src), rules.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(&rules.Set{Rules: f.Rules})
	if err == nil {
		t.Fatal("no error")
	}
	got := err.Error()
	for _, want := range []string{
		`r.yml:6:12: rules[0].scope: invalid selector "article[[bad"`,
		`r.yml:10:17: rules[1].when.has: a selector that starts with + or ~ is relative to the each element: the rule needs each`,
		`r.yml:15:23: rules[2].when.not.has: invalid selector "img, + p:unknown-pseudo"`,
		`r.yml:19:12: rules[3].when.before: before looks before the each element: the rule needs each`,
		`r.yml:24:38: rules[4].when.all[0].before.selector: invalid selector "p[["`,
		`r.yml:24:78: rules[4].when.all[1].count.selector: invalid selector "p:nope"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

// TestKindList checks that the checker has a kind for every check kind
// of the rule format, in the same order, each with its doc and a test
// file testdata/kinds/NAME.txtar.
func TestKindList(t *testing.T) {
	var names []string
	for _, k := range Kinds() {
		names = append(names, k.Name)
		if k.Doc == "" || k.compile == nil || k.check == nil {
			t.Errorf("kind %s: no doc, compile or check", k.Name)
		}
		if _, err := os.Stat(filepath.Join("testdata", "kinds", k.Name+".txtar")); err != nil {
			t.Errorf("kind %s: %v", k.Name, err)
		}
	}
	if want := rules.CheckKinds(); !slices.Equal(names, want) {
		t.Errorf("checker kinds %q, rules check kinds %q", names, want)
	}
}
