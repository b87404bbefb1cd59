package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/testdiff"
)

var update = flag.Bool("update", false, "rewrite golden files")

// copydesk runs the program in-process from the repository root and
// returns its exit code, stdout and stderr.
func copydesk(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"copydesk"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// inRoot makes the repository root the working directory of the test.
func inRoot(t *testing.T) {
	t.Helper()
	t.Chdir("../..")
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("cmd/copydesk/testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (run go test -update to accept):\n%s", path, testdiff.FirstLine(string(want), got))
	}
}

func TestExitCodes(t *testing.T) {
	inRoot(t)
	dir := t.TempDir()
	badRules := filepath.Join(dir, "bad.yml")
	if err := os.WriteFile(badRules, []byte("version: 1\npack: b\nrules:\n  - id: b/x\n    title: X\n    require: {pattern: '(unclosed'}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	house := "testdata/rules/house.copydesk.yml"
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		stdout   string // substring
		stderr   string // substring
		noStdout bool
	}{
		{name: "clean article passes", args: []string{"check", "--config", house, "testdata/articles/rferl-aleppo-clean.html"}, code: 0, stdout: "no findings in 1 file\n"},
		{name: "findings fail the run", args: []string{"check", "--config", house, "testdata/articles/rferl-aleppo.html"}, code: 1,
			stdout: "testdata/articles/rferl-aleppo.html:77:14: warning:"},
		{name: "fail-on none", args: []string{"check", "--config", house, "--fail-on", "none", "testdata/articles/rferl-aleppo.html"}, code: 0},
		{name: "warnings below fail-on", args: []string{"check", "--config", house, "--fail-on", "error", "testdata/articles/reuters-kyiv-wire.html"}, code: 0},
		{name: "fail-on info", args: []string{"check", "--config", house, "--fail-on", "info", "testdata/articles/reuters-kyiv-wire.html"}, code: 1},
		{name: "bad rule file", args: []string{"check", "--rules", badRules, "testdata/articles"}, code: 2,
			stderr: "bad.yml:6:24: rules[0].require.pattern: missing closing )"},
		{name: "unknown format", args: []string{"check", "-f", "xml", "testdata/articles"}, code: 2, stderr: `unknown format "xml"`},
		{name: "unknown flag", args: []string{"check", "--frobnicate", "testdata/articles"}, code: 2, stderr: "frobnicate"},
		{name: "bad fail-on", args: []string{"check", "--fail-on", "fatal", "x.html"}, code: 2, stderr: "--fail-on fatal"},
		{name: "bad jurisdiction", args: []string{"check", "--jurisdiction", "RU", "x.html"}, code: 2, stderr: "ISO 3166"},
		{name: "missing input still checks the rest", args: []string{"check", "--config", house, "nope.html", "testdata/articles/rferl-aleppo.html"}, code: 3,
			stderr: "nope.html: no such file or directory", stdout: "rferl-aleppo.html:77:14"},
		{name: "stdin", args: []string{"check", "--config", house, "--stdin-filename", "story.html", "-"}, stdin: "<article><p>MOSCOW (AP) — Text.</p></article>", code: 1,
			stdout: "story.html:1:1: error:"},
		{name: "flags after paths", args: []string{"check", "testdata/articles/rferl-aleppo-clean.html", "--config", house, "-f", "json"}, code: 0, stdout: `"version": 1`},
		{name: "unknown command", args: []string{"lint"}, code: 2, stderr: "unknown command"},
		{name: "explain unknown id", args: []string{"explain", "--config", house, "house/figure-credits"}, code: 2, stderr: "did you mean house/figure-credit"},
		{name: "explain", args: []string{"explain", "--config", house, "house/figure-credit"}, code: 0, stdout: "house/figure-credit"},
		{name: "rules", args: []string{"rules", "--config", house}, code: 0, stdout: "house/figure-credit"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "copydesk "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := copydesk(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if tt.stdout != "" && !strings.Contains(out, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, out)
			}
			if tt.stderr != "" && !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, errOut)
			}
			if tt.noStdout && out != "" {
				t.Errorf("unexpected stdout:\n%s", out)
			}
		})
	}
}

// TestHouseJSON is the golden test of every finding kind: the house rule
// pack (require, forbid, exact missing/altered, attribute, distinct, each,
// when) over the test articles, as JSON.
func TestHouseJSON(t *testing.T) {
	inRoot(t)
	code, out, errOut := copydesk(t, "", "check", "--config", "testdata/rules/house.copydesk.yml", "--jurisdiction", "ru", "-f", "json", "testdata/articles")
	if code != 1 {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	var doc struct {
		Files []struct {
			Path     string `json:"path"`
			Findings []struct {
				Rule string `json:"rule"`
			} `json:"findings"`
		} `json:"files"`
		Errors  []any `json:"errors"`
		Summary struct {
			Findings int `json:"findings"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Errors == nil {
		t.Error("errors is null, want []")
	}
	golden(t, "house.json", withoutRunAndRules(t, out))
}

// withoutRunAndRules replaces the run's identity and the rule table of a
// JSON report by a line saying so: they hold the working directory, and
// change whenever a pack does (report/testdata/golden/json.json has them).
func withoutRunAndRules(t *testing.T, out string) string {
	t.Helper()
	start := strings.Index(out, "\n  \"run\": {")
	end := strings.Index(out, "\n  \"files\": [")
	if start < 0 || end < start {
		t.Fatalf("the report has no run and rule table before its files:\n%.400s", out)
	}
	var head struct {
		Run struct {
			Root   string `json:"root"`
			Digest string `json:"digest"`
		} `json:"run"`
		Rules []struct {
			ID string `json:"id"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(out), &head); err != nil {
		t.Fatal(err)
	}
	if wd, _ := os.Getwd(); head.Run.Root != wd || !strings.HasPrefix(head.Run.Digest, "sha256:") || len(head.Rules) == 0 {
		t.Errorf("run root %q (want %q), digest %q, %d rules", head.Run.Root, wd, head.Run.Digest, len(head.Rules))
	}
	return out[:start] + "\n  (run and rules: not compared)," + out[end:]
}

func TestJobsDeterministic(t *testing.T) {
	inRoot(t)
	args := []string{"check", "--config", "testdata/rules/house.copydesk.yml", "-f", "json", "testdata/articles"}
	_, one, _ := copydesk(t, "", append(args, "--jobs", "1")...)
	_, eight, _ := copydesk(t, "", append(args, "--jobs", "8")...)
	if one != eight || one == "" {
		t.Errorf("--jobs 1 and --jobs 8 differ:\n%s", testdiff.FirstLine(one, eight))
	}
}

func TestReportFile(t *testing.T) {
	inRoot(t)
	out := filepath.Join(t.TempDir(), "report.json")
	code, stdout, _ := copydesk(t, "", "check", "--config", "testdata/rules/house.copydesk.yml", "-f", "text", "-f", "json="+out, "testdata/articles/rferl-aleppo.html")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(data) || !strings.Contains(stdout, "rferl-aleppo.html:77:14") {
		t.Errorf("reports not written:\n%s\n%s", stdout, data)
	}
	// A new report is readable by the CI step that uploads it; one that
	// is replaced keeps its mode.
	if mode := fileMode(t, out); mode != 0o644 {
		t.Errorf("new report file has mode %v, want 0644", mode)
	}
	if err := os.Chmod(out, 0o640); err != nil {
		t.Fatal(err)
	}
	copydesk(t, "", "check", "--config", "testdata/rules/house.copydesk.yml", "-f", "json="+out, "testdata/articles/rferl-aleppo.html")
	if mode := fileMode(t, out); mode != 0o640 {
		t.Errorf("replaced report file has mode %v, want 0640", mode)
	}
	code, _, errOut := copydesk(t, "", "check", "-f", "text", "-f", "json", "testdata/articles")
	if code != 2 || !strings.Contains(errOut, "only one format can write to stdout") {
		t.Errorf("two formats on stdout: exit %d, %s", code, errOut)
	}
}

func fileMode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

func TestNoColorWhenPiped(t *testing.T) {
	inRoot(t)
	_, out, _ := copydesk(t, "", "check", "--config", "testdata/rules/house.copydesk.yml", "testdata/articles")
	if strings.Contains(out, "\x1b[") {
		t.Error("colour escape codes in output that is not a terminal")
	}
}

func TestReorderArgs(t *testing.T) {
	app := (&env{}).app()
	got, _ := reorderArgs(app, []string{"copydesk", "check", "a.html", "-f", "json", "--fix", "-", "--config=x.yml", "--", "-odd.html"})
	want := []string{"copydesk", "check", "-f", "json", "--fix", "--config=x.yml", "--", "a.html", "-", "-odd.html"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("reorderArgs = %q, want %q", got, want)
	}
}

// TestJobsDeterministicManyFiles checks that the streaming pool reports
// many files of very different sizes in path order, byte for byte the
// same with one worker and with many, in every streamed format.
func TestJobsDeterministicManyFiles(t *testing.T) {
	inRoot(t)
	dir := t.TempDir()
	articles, _ := filepath.Glob("testdata/articles/*.html")
	for i := range 60 {
		src, err := os.ReadFile(articles[i%len(articles)])
		if err != nil {
			t.Fatal(err)
		}
		// Sizes vary, so workers finish out of order.
		src = append(bytes.Repeat([]byte("<p>filler paragraph</p>\n"), (i*37)%200), src...)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%02d.html", (i*7)%60)), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("nowhere.html", filepath.Join(dir, "broken.html")); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "text"} {
		args := []string{"check", "--config", "testdata/rules/house.copydesk.yml", "--jurisdiction", "ru", "-f", format, dir}
		code1, one, err1 := copydesk(t, "", append(args, "--jobs", "1")...)
		for _, jobs := range []string{"2", "8"} {
			code, out, errOut := copydesk(t, "", append(args, "--jobs", jobs)...)
			if out != one || errOut != err1 || code != code1 {
				t.Errorf("%s: --jobs 1 and --jobs %s differ (exit %d, %d):\n%s", format, jobs, code1, code, testdiff.FirstLine(one, out))
			}
		}
		if format == "json" {
			var doc struct {
				Files []struct{ Path string } `json:"files"`
			}
			if err := json.Unmarshal([]byte(one), &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Files) < 60 {
				t.Fatalf("%d files reported, want 60 or more", len(doc.Files))
			}
			for i := 1; i < len(doc.Files); i++ {
				if doc.Files[i-1].Path >= doc.Files[i].Path {
					t.Errorf("files out of order: %s before %s", doc.Files[i-1].Path, doc.Files[i].Path)
				}
			}
		}
	}
}

func TestStats(t *testing.T) {
	inRoot(t)
	code, _, errOut := copydesk(t, "", "check", "--config", "testdata/rules/house.copydesk.yml", "--stats", "-f", "json", "testdata/articles")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	n, _ := filepath.Glob("testdata/articles/*.html")
	for _, want := range []string{fmt.Sprintf("copydesk: %d files (", len(n)), " MB) in ", " MB/s, ", " files/s; peak RSS ", " MB allocated"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("--stats output lacks %q:\n%s", want, errOut)
		}
	}
	_, _, errOut = copydesk(t, "", "check", "--config", "testdata/rules/house.copydesk.yml", "-f", "json", "testdata/articles")
	if strings.Contains(errOut, "MB/s") {
		t.Errorf("stats printed without --stats:\n%s", errOut)
	}
}
