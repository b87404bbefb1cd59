package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/copydesk/copydesk/internal/testdiff"
)

// houseArgs check the test articles with the house rules and the ru
// jurisdiction: many rules, fixes, Cyrillic text, and a missing input.
var houseArgs = []string{"check", "--config", "testdata/rules/house.copydesk.yml", "--jurisdiction", "ru", "testdata/articles", "testdata/articles/missing.html"}

// reportFormats are the formats the agreement test reads back.
var reportFormats = []string{"json", "sarif", "github", "junit", "gitlab", "rdjson", "rdjsonl"}

// TestFormatsAgree writes every report from one run and checks that
// they list the same findings (path, line, rule; suppressed findings
// aside), that the exit code is the same whichever format is asked for,
// and that the input error shows where each format has room for it.
func TestFormatsAgree(t *testing.T) {
	inRoot(t)
	dir := t.TempDir()
	args := append([]string(nil), houseArgs...)
	for _, f := range reportFormats {
		args = append(args, "-f", f+"="+filepath.Join(dir, f))
	}
	code, _, errOut := copydesk(t, "", args...)
	if code != exitInput {
		t.Fatalf("exit %d, want %d (a missing input):\n%s", code, exitInput, errOut)
	}
	for _, f := range append([]string{"text"}, reportFormats...) {
		if c, _, _ := copydesk(t, "", append(append([]string(nil), houseArgs...), "-f", f)...); c != code {
			t.Errorf("-f %s: exit %d, want %d", f, c, code)
		}
	}
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	want := jsonFindings(t, read("json"))
	if len(want) < 20 {
		t.Fatalf("only %d findings in the JSON report", len(want))
	}
	for name, got := range map[string][]string{
		"sarif":   sarifFindings(t, read("sarif")),
		"github":  githubFindings(t, read("github")),
		"junit":   junitFindings(t, read("junit")),
		"gitlab":  gitlabFindings(t, read("gitlab")),
		"rdjson":  rdjsonFindings(t, read("rdjson")),
		"rdjsonl": rdjsonFindings(t, rdjsonlAsRDJSON(t, read("rdjsonl"))),
	} {
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s and json disagree:\n%s", name, testdiff.FirstLine(strings.Join(want, "\n"), strings.Join(got, "\n")))
		}
	}
	for name, want := range map[string]string{
		"sarif":  `"executionSuccessful": false`,
		"github": "::error file=testdata/articles/missing.html::",
		"junit":  `<testsuite name="testdata/articles/missing.html" tests="1" failures="0" errors="1"`,
	} {
		if !strings.Contains(string(read(name)), want) {
			t.Errorf("%s report lacks %q", name, want)
		}
	}
}

// finding keys findings for comparison across formats.
func finding(path string, line int, rule string) string {
	return fmt.Sprintf("%s:%d %s", path, line, rule)
}

func sorted(s []string) []string {
	sort.Strings(s)
	return s
}

func jsonFindings(t *testing.T, data []byte) []string {
	var doc struct {
		Files []struct {
			Path     string `json:"path"`
			Findings []struct {
				Rule       string `json:"rule"`
				Line       int    `json:"line"`
				Suppressed bool   `json:"suppressed"`
			} `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range doc.Files {
		for _, fd := range f.Findings {
			if !fd.Suppressed {
				out = append(out, finding(f.Path, fd.Line, fd.Rule))
			}
		}
	}
	return sorted(out)
}

func sarifFindings(t *testing.T, data []byte) []string {
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Suppressions []any `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range doc.Runs[0].Results {
		if len(r.Suppressions) > 0 {
			continue
		}
		loc := r.Locations[0].PhysicalLocation
		path, err := url.PathUnescape(loc.ArtifactLocation.URI)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, finding(path, loc.Region.StartLine, r.RuleID))
	}
	return sorted(out)
}

var githubCommand = regexp.MustCompile(`^::(error|warning|notice) (.*?)::(.*)$`)

func githubFindings(t *testing.T, data []byte) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		m := githubCommand.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a workflow command: %q", line)
		}
		props := map[string]string{}
		for _, kv := range strings.Split(m[2], ",") {
			k, v, _ := strings.Cut(kv, "=")
			v, err := url.PathUnescape(v)
			if err != nil {
				t.Fatal(err)
			}
			props[k] = v
		}
		if props["title"] == "" {
			continue // an input error
		}
		n, _ := strconv.Atoi(props["line"])
		out = append(out, finding(props["file"], n, props["title"]))
	}
	return sorted(out)
}

// junitLine is the first part of a line of a JUnit failure's text.
var junitLine = regexp.MustCompile(`^(.*):(\d+):\d+: \w+: `)

func junitFindings(t *testing.T, data []byte) []string {
	var doc struct {
		Suites []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure struct {
					Text string `xml:",chardata"`
				} `xml:"failure"`
				SystemOut string `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			// Findings fail the test case, or are in its system-out when
			// below --fail-on (suppressed ones are there too, marked).
			for _, line := range strings.Split(strings.TrimSpace(c.Failure.Text+"\n"+c.SystemOut), "\n") {
				if line == "" || strings.HasPrefix(line, "suppressed: ") {
					continue
				}
				m := junitLine.FindStringSubmatch(line)
				if m == nil || m[1] != s.Name {
					t.Fatalf("failure line %q in suite %q", line, s.Name)
				}
				n, _ := strconv.Atoi(m[2])
				out = append(out, finding(m[1], n, c.Name))
			}
		}
	}
	return sorted(out)
}

func gitlabFindings(t *testing.T, data []byte) []string {
	var doc []struct {
		CheckName   string `json:"check_name"`
		Fingerprint string `json:"fingerprint"`
		Severity    string `json:"severity"`
		Location    struct {
			Path  string `json:"path"`
			Lines struct {
				Begin int `json:"begin"`
			} `json:"lines"`
		} `json:"location"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	seen := map[string]bool{}
	for _, d := range doc {
		if seen[d.Fingerprint] {
			t.Errorf("fingerprint %s twice", d.Fingerprint)
		}
		seen[d.Fingerprint] = true
		switch d.Severity {
		case "info", "minor", "major", "critical":
		default:
			t.Errorf("severity %q", d.Severity)
		}
		out = append(out, finding(d.Location.Path, d.Location.Lines.Begin, d.CheckName))
	}
	return sorted(out)
}

func rdjsonFindings(t *testing.T, data []byte) []string {
	var doc struct {
		Diagnostics []struct {
			Location struct {
				Path  string `json:"path"`
				Range struct {
					Start struct {
						Line int `json:"line"`
					} `json:"start"`
				} `json:"range"`
			} `json:"location"`
			Code struct {
				Value string `json:"value"`
			} `json:"code"`
		} `json:"diagnostics"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range doc.Diagnostics {
		out = append(out, finding(d.Location.Path, d.Location.Range.Start.Line, d.Code.Value))
	}
	return sorted(out)
}

// rdjsonlAsRDJSON wraps the lines of an rdjsonl report as an rdjson
// result, each line a diagnostic.
func rdjsonlAsRDJSON(t *testing.T, data []byte) []byte {
	t.Helper()
	var diags []json.RawMessage
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "" {
			continue
		}
		if !json.Valid([]byte(line)) {
			t.Fatalf("rdjsonl line is not JSON: %s", line)
		}
		diags = append(diags, json.RawMessage(line))
	}
	out, err := json.Marshal(map[string]any{"diagnostics": diags})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSARIFColumnsAfterEmoji reads back the SARIF of the Russian test
// article and checks the region of the leftover "заглушка" in a caption
// that starts with an emoji and Cyrillic text: UTF-16 columns, counted
// here from the file itself, and byte offsets that select the word.
func TestSARIFColumnsAfterEmoji(t *testing.T) {
	inRoot(t)
	const path = "testdata/articles/meduza-ru-foreign-agent.html"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := copydesk(t, "", "check", "--config", "testdata/rules/house.copydesk.yml", "-f", "sarif", path)
	if code != exitFindings {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						Region struct {
							StartLine, StartColumn, EndLine, EndColumn, ByteOffset, ByteLength int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range doc.Runs[0].Results {
		reg := r.Locations[0].PhysicalLocation.Region
		if r.RuleID != "house/cms-leftovers" || string(src[reg.ByteOffset:reg.ByteOffset+reg.ByteLength]) != "заглушка" {
			continue
		}
		found = true
		lineStart := strings.LastIndexByte(string(src[:reg.ByteOffset]), '\n') + 1
		prefix := string(src[lineStart:reg.ByteOffset])
		if !strings.Contains(prefix, "📷") {
			t.Fatalf("the line before the match has no emoji: %q", prefix)
		}
		col := len(utf16.Encode([]rune(prefix))) + 1
		endCol := col + len(utf16.Encode([]rune("заглушка")))
		line := strings.Count(string(src[:reg.ByteOffset]), "\n") + 1
		if reg.StartLine != line || reg.EndLine != line || reg.StartColumn != col || reg.EndColumn != endCol {
			t.Errorf("region %d:%d-%d:%d, want %d:%d-%d:%d", reg.StartLine, reg.StartColumn, reg.EndLine, reg.EndColumn, line, col, line, endCol)
		}
		if runes := len([]rune(prefix)) + 1; col != runes+1 {
			t.Errorf("UTF-16 column %d should be one more than the code point column %d (one emoji)", col, runes)
		}
	}
	if !found {
		t.Fatal(`no house/cms-leftovers result selecting "заглушка"`)
	}
}

// TestReportsFollowConfig checks that reports list the rules as the
// config sets them: a rule turned off under rules: is in no report's rule
// list, one given another severity has it as its SARIF default level, and
// JUnit has no test case for a rule an override turns off for a file.
func TestReportsFollowConfig(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".copydesk.yml": "version: 1\npacks: [builtin:default]\n" +
			"rules: {editorial/cms-placeholder: off, editorial/duplicate-paragraph: error}\n" +
			"overrides:\n  - files: [\"b.html\"]\n    rules: {editorial/file-name-text: off}\n",
		"a.html": "<article><p>Text.</p></article>\n",
		"b.html": "<article><p>Text.</p></article>\n",
	})
	t.Chdir(dir)
	code, out, errOut := copydesk(t, "", "check", "-f", "sarif=r.sarif", "-f", "junit=r.xml", ".")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	sarif, _ := os.ReadFile("r.sarif")
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						Default struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(sarif, &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("%v\n%s", err, sarif)
	}
	levels := map[string]string{}
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		levels[r.ID] = r.Default.Level
	}
	if _, ok := levels["editorial/cms-placeholder"]; ok {
		t.Error("SARIF lists editorial/cms-placeholder, which the config turns off")
	}
	if l := levels["editorial/duplicate-paragraph"]; l != "error" {
		t.Errorf("SARIF default level of editorial/duplicate-paragraph %q, want error (the config's)", l)
	}
	junit, _ := os.ReadFile("r.xml")
	for _, tt := range []struct {
		file string
		want bool
	}{{"a.html", true}, {"b.html", false}} {
		has := strings.Contains(string(junit), `<testcase name="editorial/file-name-text" classname="`+tt.file+`"`)
		if has != tt.want {
			t.Errorf("JUnit test case editorial/file-name-text in %s: %v, want %v", tt.file, has, tt.want)
		}
	}
	if strings.Contains(string(junit), `"editorial/cms-placeholder"`) {
		t.Error("JUnit has test cases for editorial/cms-placeholder, which the config turns off")
	}
}

// TestJUnitBelowFailOn: in the JUnit report, findings below --fail-on
// do not fail test cases by default, so a passing run shows no failed
// test; --junit-below-fail-on skip and fail show them as skipped or
// failed test cases (issue 16 item 5).
func TestJUnitBelowFailOn(t *testing.T) {
	inRoot(t)
	article := "testdata/articles/reuters-kyiv-wire.html" // info findings only, with the house rules
	type counts struct{ Tests, Failures, Skipped, Out int }
	read := func(data string) counts {
		var doc struct {
			Suites []struct {
				Tests    int `xml:"tests,attr"`
				Failures int `xml:"failures,attr"`
				Skipped  int `xml:"skipped,attr"`
				Cases    []struct {
					SystemOut string `xml:"system-out"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal([]byte(data), &doc); err != nil {
			t.Fatal(err)
		}
		var c counts
		for _, s := range doc.Suites {
			c.Tests += s.Tests
			c.Failures += s.Failures
			c.Skipped += s.Skipped
			for _, tc := range s.Cases {
				if strings.Contains(tc.SystemOut, ": info: ") {
					c.Out++
				}
			}
		}
		return c
	}
	for _, tt := range []struct {
		args []string
		code int
		want func(c counts) bool
	}{
		{[]string{}, exitOK, func(c counts) bool { return c.Failures == 0 && c.Skipped == 0 && c.Out > 0 }},
		{[]string{"--junit-below-fail-on", "skip"}, exitOK, func(c counts) bool { return c.Failures == 0 && c.Skipped > 0 && c.Skipped == c.Out }},
		{[]string{"--junit-below-fail-on", "fail"}, exitOK, func(c counts) bool { return c.Failures > 0 && c.Out == 0 }},
		{[]string{"--fail-on", "info"}, exitFindings, func(c counts) bool { return c.Failures > 0 && c.Out == 0 }},
	} {
		args := append([]string{"check", "--config", "testdata/rules/house.copydesk.yml", "-f", "junit", article}, tt.args...)
		code, out, errOut := copydesk(t, "", args...)
		if c := read(out); code != tt.code || !tt.want(c) {
			t.Errorf("%v: exit %d (want %d), %+v\n%s", tt.args, code, tt.code, c, errOut)
		}
	}
	if code, _, errOut := copydesk(t, "", "check", "--junit-below-fail-on", "ignore", article); code != exitConfig || !strings.Contains(errOut, "expected pass, skip, fail") {
		t.Errorf("bad value: exit %d\n%s", code, errOut)
	}
}
