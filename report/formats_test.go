package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/internal/testdiff"
	"github.com/copydesk/copydesk/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixtureRules exercise what the formats show: a forbid with a fix, a
// words rule on Cyrillic text, an each/require with a fix that inserts
// on another line, a message with characters that need escaping, a rule
// without url or help, and a rule that finds nothing.
const fixtureRules = `version: 1
pack: t
rules:
  - id: t/credit-wording
    title: Agency credits use the house wording
    severity: warning
    message: 'Write "With reporting by", not "{{.Match}}"'
    help: |
      Credits read "With reporting by AP".

      Our style guide has the full list of agencies.
    url: https://handbook.example.org/style/credits#wording
    scope: body
    forbid:
      pattern: 'With reporting (from|via)'
      replace: 'With reporting by'
    examples:
      valid: ['<p>With reporting by AP</p>']
      invalid: ['<p>With reporting from AP</p>']
  - id: t/foreign-agent-word
    title: No "иноагент" shorthand
    severity: error
    message: 'Write the statutory label, not "{{.Match}}"'
    url: https://handbook.example.org/style/russian
    scope: body
    forbid: {words: [иноагент]}
  - id: t/figure-credit
    title: Figures carry a credit
    severity: info
    message: "Figure has no credit: 100% of figures need one,\nsee the photo desk"
    each: figure
    require: {pattern: '(©|Photo|Фото)'}
    fix:
      insert: '<figcaption>Photo: TK</figcaption>'
      at: end
  - id: t/tk
    title: No TK placeholders
    severity: error
    scope: body
    forbid: {words: [TK]}
`

// fixtureDocs are the checked files. "a.html" has Cyrillic text and an
// emoji before its matches; the other path needs escaping in URIs and
// workflow command properties.
var fixtureDocs = []struct{ path, src string }{
	{"news/a.html", "<!doctype html>\n<html lang=\"ru\"><body>\n<p>Москва 📷 — «иноагент» заявил,</p>\n<p>With reporting from AP</p>\n<figure><img src=\"x.jpg\">\n</figure>\n<p>TK TK</p>\n</body></html>\n"},
	{"news/sale, 50% off:1.html", "<body>\r\n<p>With reporting via Reuters</p>\r\n<figure><img src=y.jpg></figure>\r\n</body>\r\n"},
}

// fixture builds the fixed result the golden files are made from.
func fixture(t *testing.T) *Result {
	t.Helper()
	rf, err := rules.ParseRuleFile("t.yml", []byte(fixtureRules), rules.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	eng, err := checker.New(&rules.Set{Rules: rf.Rules})
	if err != nil {
		t.Fatal(err)
	}
	res := &Result{
		Tool:  Tool{Name: "copydesk", Version: "v1.2.3", URL: "https://github.com/copydesk/copydesk"},
		Root:  "/srv/news room",
		Rules: rf.Rules,
		// The run's identity, which the JSON report carries.
		Catalog:       rf.Rules,
		Digest:        "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
		Jurisdictions: []string{"ru"},
		FailOn:        rules.SevError,
		Errors: []InputError{
			{Path: "news/broken.html", Message: "invalid UTF-8 at byte 12"},
			{Path: "news/gone.html", Message: "no such file or directory"},
		},
	}
	for _, d := range fixtureDocs {
		doc, err := checker.Parse(d.path, []byte(d.src))
		if err != nil {
			t.Fatal(err)
		}
		fs, err := eng.Check(doc, checker.Options{})
		if err != nil {
			t.Fatal(err)
		}
		f := File{Path: d.path, Findings: fs, Reading: eng.Reading(doc)}
		for i := range fs {
			if fs[i].Fix != nil {
				if f.Diffs == nil {
					f.Diffs = make([]string, len(fs))
				}
				f.Diffs[i] = UnifiedDiff(d.path, []byte(d.src), fs[i].Fix.Apply([]byte(d.src)))
			}
		}
		res.Files = append(res.Files, f)
	}
	// The second TK of news/a.html is marked suppressed here, as the
	// checker marks a finding a copydesk-ignore comment covers: every
	// format shows a suppressed finding next to an open one.
	n := 0
	for i := range res.Files[0].Findings {
		if fd := &res.Files[0].Findings[i]; fd.RuleID() == "t/tk" {
			if n++; n == 2 {
				fd.Suppressed, fd.Justification = true, "the desk fills this in at publication"
			}
		}
	}
	if n != 2 {
		t.Fatalf("fixture: %d TK findings, want 2", n)
	}
	res.Sort()
	return res
}

// render writes the result in a format.
func render(t *testing.T, name string, r *Result) []byte {
	t.Helper()
	f, ok := Lookup(name)
	if !ok {
		t.Fatalf("no format %q", name)
	}
	var b bytes.Buffer
	if err := f.Write(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// goldenPath returns the golden file of a format: testdata/golden/NAME,
// or NAME.EXT when there is one, so that tools open it by its type.
func goldenPath(name string) string {
	path := filepath.Join("testdata", "golden", name)
	if m, _ := filepath.Glob(path + ".*"); len(m) == 1 {
		return m[0]
	}
	return path
}

// TestFormatList checks the list of formats: names unique, a one-line
// doc each (the docs' format list is made of them), each in its own
// file NAME.go with its golden file.
func TestFormatList(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Formats() {
		if f.Name == "" || seen[f.Name] || f.Doc == "" || strings.Contains(f.Doc, "\n") || f.Write == nil {
			t.Errorf("format %q: empty or repeated name, no one-line doc %q, or no Write", f.Name, f.Doc)
		}
		seen[f.Name] = true
		if g, ok := Lookup(f.Name); !ok || g.Name != f.Name {
			t.Errorf("Lookup(%q) = %v, %v", f.Name, g.Name, ok)
		}
		for _, path := range []string{f.Name + ".go", goldenPath(f.Name)} {
			if _, err := os.Stat(path); err != nil {
				t.Errorf("format %s: %v", f.Name, err)
			}
		}
	}
}

// TestGolden compares every format's rendering of the fixture with its
// golden file in testdata/golden (go test -update rewrites them).
func TestGolden(t *testing.T) {
	r := fixture(t)
	for _, f := range Formats() {
		t.Run(f.Name, func(t *testing.T) {
			got := render(t, f.Name, r)
			path := goldenPath(f.Name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the output (run go test -update to accept):\n%s", path, testdiff.FirstLine(string(want), string(got)))
			}
			again := render(t, f.Name, r)
			if !bytes.Equal(got, again) {
				t.Error("two renderings of the same result differ")
			}
		})
	}
}

// sarifDoc is what the tests read back from SARIF output.
type sarifDoc struct {
	Runs []struct {
		ColumnKind         string `json:"columnKind"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Tool struct {
			Driver struct {
				Rules []struct {
					ID      string `json:"id"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region sarifRegion `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Fixes               []struct {
				ArtifactChanges []struct {
					Replacements []struct {
						DeletedRegion   sarifRegion `json:"deletedRegion"`
						InsertedContent struct {
							Text string `json:"text"`
						} `json:"insertedContent"`
					} `json:"replacements"`
				} `json:"artifactChanges"`
			} `json:"fixes"`
			Suppressions []struct {
				Kind          string `json:"kind"`
				Justification string `json:"justification"`
			} `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

// utf16Col returns the 1-based UTF-16 column of byte offset off in src.
func utf16Col(src string, off int) (line, col int) {
	start := strings.LastIndexAny(src[:off], "\r\n") + 1
	return strings.Count(src[:start], "\n") + 1, len(utf16.Encode([]rune(src[start:off]))) + 1
}

// TestSARIFReadBack reads the SARIF of the fixture back and checks the
// regions of the finding on the line with Cyrillic text and an emoji
// before it against columns computed here, independently, from the
// source; and the rest of what docs/reports.md says of SARIF.
func TestSARIFReadBack(t *testing.T) {
	r := fixture(t)
	var doc sarifDoc
	if err := json.Unmarshal(render(t, "sarif", r), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Runs) != 1 {
		t.Fatalf("%d runs", len(doc.Runs))
	}
	run := doc.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///srv/news%20room/" {
		t.Errorf("%%SRCROOT%% = %q", got)
	}
	if inv := run.Invocations; len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 2 {
		t.Errorf("invocations %+v: want one, unsuccessful, with the two input errors", inv)
	}
	src := fixtureDocs[0].src
	found := false
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation
		if rule := run.Tool.Driver.Rules[res.RuleIndex]; rule.ID != res.RuleID || rule.HelpURI == "" {
			t.Errorf("result %s: ruleIndex %d is %q (helpUri %q)", res.RuleID, res.RuleIndex, rule.ID, rule.HelpURI)
		}
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("uriBaseId %q", loc.ArtifactLocation.URIBaseID)
		}
		if !strings.HasSuffix(res.PartialFingerprints["primaryLocationLineHash"], ":1") &&
			!strings.HasSuffix(res.PartialFingerprints["primaryLocationLineHash"], ":2") {
			t.Errorf("fingerprint %q", res.PartialFingerprints["primaryLocationLineHash"])
		}
		if loc.ArtifactLocation.URI != "news/a.html" || res.RuleID != "t/foreign-agent-word" {
			continue
		}
		found = true
		reg := loc.Region
		off, n := *reg.ByteOffset, *reg.ByteLength
		if got := src[off : off+n]; got != "иноагент" {
			t.Errorf("byteOffset/byteLength select %q, want иноагент", got)
		}
		line, col := utf16Col(src, off)
		endLine, endCol := utf16Col(src, off+n)
		if reg.StartLine != line || reg.StartColumn != col || reg.EndLine != endLine || reg.EndColumn != endCol {
			t.Errorf("region %d:%d-%d:%d, want %d:%d-%d:%d", reg.StartLine, reg.StartColumn, reg.EndLine, reg.EndColumn, line, col, endLine, endCol)
		}
		// "<p>Москва 📷 — «" is 3 + 6 + 1 + 2 + 1 + 1 + 1 + 1 UTF-16 units.
		if reg.StartColumn != 17 {
			t.Errorf("startColumn %d, want 17", reg.StartColumn)
		}
	}
	if !found {
		t.Fatal("no t/foreign-agent-word result in news/a.html")
	}
	var suppressed, fixes int
	for _, res := range run.Results {
		for _, s := range res.Suppressions {
			suppressed++
			if s.Kind != "inSource" || s.Justification == "" {
				t.Errorf("suppression %+v", s)
			}
		}
		for _, fx := range res.Fixes {
			for _, ch := range fx.ArtifactChanges {
				for _, rep := range ch.Replacements {
					fixes++
					if rep.DeletedRegion.ByteOffset == nil || rep.DeletedRegion.StartLine == 0 {
						t.Errorf("replacement without a full region: %+v", rep.DeletedRegion)
					}
				}
			}
		}
	}
	if suppressed != 1 || fixes == 0 {
		t.Errorf("%d suppressed results (want 1), %d replacements", suppressed, fixes)
	}
	for _, res := range run.Results {
		if loc := res.Locations[0].PhysicalLocation.ArtifactLocation; strings.Contains(loc.URI, "sale") && loc.URI != "news/sale%2C%2050%25%20off:1.html" {
			t.Errorf("uri %q not percent-encoded", loc.URI)
		}
	}
}

// TestRDJSONColumns checks that rdjson counts columns in UTF-8 bytes and
// that suggestions carry the fix's text at its place.
func TestRDJSONColumns(t *testing.T) {
	var doc struct {
		Diagnostics []struct {
			Location struct {
				Path  string      `json:"path"`
				Range rdjsonRange `json:"range"`
			} `json:"location"`
			Code        rdjsonCode         `json:"code"`
			Suggestions []rdjsonSuggestion `json:"suggestions"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(render(t, "rdjson", fixture(t)), &doc); err != nil {
		t.Fatal(err)
	}
	src := fixtureDocs[0].src
	lines := strings.SplitAfter(src, "\n")
	checked := 0
	for _, d := range doc.Diagnostics {
		if d.Location.Path != "news/a.html" {
			continue
		}
		start := d.Location.Range.Start
		line := lines[start.Line-1]
		switch d.Code.Value {
		case "t/foreign-agent-word":
			checked++
			if want := strings.Index(line, "иноагент") + 1; start.Column != want || d.Location.Range.End.Column != want+len("иноагент") {
				t.Errorf("range %+v, want byte columns %d-%d", d.Location.Range, want, want+len("иноагент"))
			}
		case "t/credit-wording":
			checked++
			s := d.Suggestions
			if len(s) != 1 || s[0].Text != "With reporting by" || line[s[0].Range.Start.Column-1:s[0].Range.End.Column-1] != "With reporting from" {
				t.Errorf("suggestions %+v on %q", s, line)
			}
		}
	}
	if checked != 2 {
		t.Errorf("checked %d diagnostics, want 2", checked)
	}
}

// TestGitHubEscaping checks the escaping of workflow commands.
func TestGitHubEscaping(t *testing.T) {
	out := string(render(t, "github", fixture(t)))
	for _, want := range []string{
		"::error file=news/a.html,line=3,col=16,endLine=3,endColumn=24,title=t/foreign-agent-word::Write the statutory label, not \"иноагент\"\n",
		"file=news/sale%2C 50%25 off%3A1.html,",
		"::Figure has no credit: 100%25 of figures need one,%0Asee the photo desk\n",
		"::error file=news/gone.html::no such file or directory\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "title=t/tk") != 1 {
		t.Errorf("want one TK annotation (the other is suppressed):\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasPrefix(line, "::error ") && !strings.HasPrefix(line, "::warning ") && !strings.HasPrefix(line, "::notice ") {
			t.Errorf("not a workflow command: %q", line)
		}
	}
}

// TestGitHubMultiLine checks that a finding spanning lines has no columns.
func TestGitHubMultiLine(t *testing.T) {
	r := fixture(t)
	fd := r.Files[0].Findings[0]
	fd.End.Line = fd.Start.Line + 1
	r2 := &Result{Tool: r.Tool, Rules: r.Rules, Files: []File{{Path: "x.html", Findings: []checker.Finding{fd}}}}
	out := string(render(t, "github", r2))
	if strings.Contains(out, "col=") || strings.Contains(out, "endColumn=") || !strings.Contains(out, fmt.Sprintf("endLine=%d", fd.End.Line)) {
		t.Errorf("multi-line finding: %s", out)
	}
}

// TestJUnitCounts checks the structure common JUnit viewers rely on:
// every count attribute agrees with the elements it counts, a test case
// per rule per file, and one failure element per failing test case.
func TestJUnitCounts(t *testing.T) {
	r := fixture(t)
	var doc struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
			Skipped  int    `xml:"skipped,attr"`
			Cases    []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Failures  []struct {
					Message string `xml:"message,attr"`
					Type    string `xml:"type,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Errors    []struct{} `xml:"error"`
				SystemOut string     `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	var raw struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
	}
	out := render(t, "junit", r)
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(out, &raw); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != len(r.Files)+len(r.Errors) {
		t.Fatalf("%d suites, want %d", len(doc.Suites), len(r.Files)+len(r.Errors))
	}
	var tests, failures, errs int
	for _, s := range doc.Suites {
		f, e := 0, 0
		for _, c := range s.Cases {
			if len(c.Failures) > 1 {
				t.Errorf("%s %s: %d failure elements", s.Name, c.Name, len(c.Failures))
			}
			if len(c.Failures) > 0 {
				f++
			}
			if len(c.Errors) > 0 {
				e++
			}
			if c.Classname != s.Name {
				t.Errorf("classname %q in suite %q", c.Classname, s.Name)
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != 0 {
			t.Errorf("suite %s: tests=%d failures=%d errors=%d, counted %d, %d, %d", s.Name, s.Tests, s.Failures, s.Errors, len(s.Cases), f, e)
		}
		tests, failures, errs = tests+s.Tests, failures+s.Failures, errs+s.Errors
	}
	if raw.Tests != tests || raw.Failures != failures || raw.Errors != errs {
		t.Errorf("testsuites: tests=%d failures=%d errors=%d, suites add up to %d, %d, %d", raw.Tests, raw.Failures, raw.Errors, tests, failures, errs)
	}
	// news/a.html: a test case per rule; t/tk fails with one finding
	// (the other is suppressed and shows in system-out).
	a := doc.Suites[0]
	if a.Name != "news/a.html" || len(a.Cases) != len(r.Rules) {
		t.Fatalf("first suite %q has %d cases, want news/a.html with %d", a.Name, len(a.Cases), len(r.Rules))
	}
	for _, c := range a.Cases {
		if c.Name == "t/tk" && (len(c.Failures) != 1 || strings.Count(c.Failures[0].Text, "\n") != 1 || !strings.Contains(c.SystemOut, "suppressed: news/a.html:7:") || c.Failures[0].Type != "error") {
			t.Errorf("t/tk case: %+v", c)
		}
	}
}

// TestFingerprintStable checks that a fingerprint does not depend on
// the line or offset of a finding, and does depend on path, rule and text.
func TestFingerprintStable(t *testing.T) {
	r := fixture(t)
	fd := r.Files[0].Findings[0]
	moved := fd
	moved.Span.Start += 40
	moved.Span.End += 40
	moved.Start.Line += 3
	moved.End.Line += 3
	if Fingerprint("a.html", &fd) != Fingerprint("a.html", &moved) {
		t.Error("fingerprint changed when the finding moved")
	}
	spaced := fd
	spaced.Match = " " + strings.ReplaceAll(fd.Match, " ", "\n  ") + " "
	if Fingerprint("a.html", &fd) != Fingerprint("a.html", &spaced) {
		t.Error("fingerprint depends on white space")
	}
	other := fd
	other.Match += "x"
	if Fingerprint("a.html", &fd) == Fingerprint("a.html", &other) || Fingerprint("a.html", &fd) == Fingerprint("b.html", &fd) {
		t.Error("fingerprint ignores the text or the path")
	}
	for _, f := range r.Files {
		seen := map[string]bool{}
		for _, fp := range f.Fingerprints() {
			if seen[fp] {
				t.Errorf("%s: fingerprint %s twice", f.Path, fp)
			}
			seen[fp] = true
		}
	}
}

func TestArtifactLocation(t *testing.T) {
	for _, tt := range []struct{ path, uri, base string }{
		{"a.html", "a.html", "%SRCROOT%"},
		{"../up/a b.html", "../up/a%20b.html", "%SRCROOT%"},
		{"c:d.html", "./c:d.html", "%SRCROOT%"},
		{"новости/#1.html", "%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%231.html", "%SRCROOT%"},
		{"<stdin>", "%3Cstdin%3E", "%SRCROOT%"},
		{"/abs/a.html", "file:///abs/a.html", ""},
	} {
		got := artifactLocation(tt.path)
		if got.URI != tt.uri || got.URIBaseID != tt.base {
			t.Errorf("artifactLocation(%q) = %+v, want %q %q", tt.path, got, tt.uri, tt.base)
		}
	}
	if got := dirURI("/"); got != "file:///" {
		t.Errorf("dirURI(/) = %q", got)
	}
}

// TestHostileText checks that text from a page (control characters,
// invalid UTF-8, markup) cannot break the structure of a report.
func TestHostileText(t *testing.T) {
	r := fixture(t)
	fd := &r.Files[0].Findings[0]
	fd.Message = "bad \x00\x1b[31m \xff\xfe ]]> </failure> \"quoted\"\r\n::error::injected"
	for _, name := range []string{"sarif", "gitlab", "rdjson", "json"} {
		if out := render(t, name, r); !json.Valid(out) {
			t.Errorf("%s: invalid JSON", name)
		}
	}
	var doc struct{}
	if err := xml.Unmarshal(render(t, "junit", r), &doc); err != nil {
		t.Errorf("junit: %v", err)
	}
	// Newlines are escaped: one line per annotation, and the runner
	// reads commands only at the start of a line.
	lines := strings.Split(strings.TrimSuffix(string(render(t, "github", r)), "\n"), "\n")
	want := len(r.Errors) - r.Summary().Suppressed
	for _, f := range r.Files {
		want += len(f.Findings)
	}
	if len(lines) != want {
		t.Errorf("github: %d lines, want %d", len(lines), want)
	}
}

// TestTruncate: SARIF descriptions are cut to GitHub's limit in bytes (a
// help with dashes and guillemets was 1,039 bytes in 1,024 characters),
// at a character boundary.
func TestTruncate(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("a", 2000),
		strings.Repeat("— «Медуза» ", 200),
		strings.Repeat("📷", 400),
		"short — text",
	} {
		got := truncate(s, sarifMaxDescription)
		if len(got) > sarifMaxDescription || !utf8.ValidString(got) {
			t.Errorf("truncate(%.20q…) is %d bytes, valid UTF-8 %v", s, len(got), utf8.ValidString(got))
		}
		if len(s) <= sarifMaxDescription && got != s {
			t.Errorf("truncate changed %q to %q", s, got)
		}
		if len(s) > sarifMaxDescription && (!strings.HasSuffix(got, "…") || !strings.HasPrefix(s, strings.TrimSuffix(got, "…"))) {
			t.Errorf("truncate(%.20q…) = %.40q…, not a prefix marked with …", s, got)
		}
	}
}
