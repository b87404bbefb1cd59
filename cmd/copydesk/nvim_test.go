package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/report"
)

// nvimResults is what testdata/nvim/lsp.lua writes.
type nvimResults struct {
	Error   string `json:"error"`
	Version struct {
		Major, Minor, Patch int
	} `json:"version"`
	Files []struct {
		Path        string           `json:"path"`
		Diagnostics []nvimDiagnostic `json:"diagnostics"`
		Hover       string           `json:"hover"`
	} `json:"files"`
	Offered      []string         `json:"offered"`
	FixedChanged bool             `json:"fixed_changed"`
	AfterFix     []nvimDiagnostic `json:"after_fix"`
}

type nvimDiagnostic struct {
	Lnum, Col, EndLnum, EndCol int
	Severity                   int
	Message, Source, Code      string
	Href                       any
	Related                    int
}

func (d *nvimDiagnostic) UnmarshalJSON(b []byte) error {
	var w struct {
		Lnum     int    `json:"lnum"`
		Col      int    `json:"col"`
		EndLnum  int    `json:"end_lnum"`
		EndCol   int    `json:"end_col"`
		Severity int    `json:"severity"`
		Message  string `json:"message"`
		Source   string `json:"source"`
		Code     string `json:"code"`
		Href     any    `json:"href"`
		Related  int    `json:"related"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = nvimDiagnostic{w.Lnum, w.Col, w.EndLnum, w.EndCol, w.Severity, w.Message, w.Source, w.Code, w.Href, w.Related}
	return nil
}

// nvimVersion returns the version of the nvim on PATH, or why it cannot
// be used.
func nvimVersion() (major, minor int, why string) {
	path, err := exec.LookPath("nvim")
	if err != nil {
		return 0, 0, "nvim is not installed (apt-get install neovim; .ci/run installs it)"
	}
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		return 0, 0, "nvim --version failed: " + err.Error()
	}
	m := regexp.MustCompile(`NVIM v(\d+)\.(\d+)`).FindSubmatch(out)
	if m == nil {
		return 0, 0, "nvim --version does not say its version: " + string(out)
	}
	major, _ = strconv.Atoi(string(m[1]))
	minor, _ = strconv.Atoi(string(m[2]))
	if major == 0 && minor < 7 {
		return major, minor, "nvim " + string(m[0]) + " is older than 0.7, whose LSP client the test drives"
	}
	return major, minor, ""
}

// TestNeovim runs Neovim headless with its built-in LSP client on
// `copydesk lsp` (testdata/nvim/lsp.lua): the diagnostics it shows for
// two articles — one with an emoji and Cyrillic before a finding, so
// that the client's conversion of UTF-16 positions to bytes is put to
// the test — must be check's findings at check's byte columns; hover
// shows the rule's explanation; and after the "fix all" code action the
// buffer, written out, must equal what check --fix writes.
func TestNeovim(t *testing.T) {
	if testing.Short() {
		t.Skip("builds copydesk and runs Neovim")
	}
	if _, _, why := nvimVersion(); why != "" {
		t.Skip(why)
	}
	inRoot(t)
	work := t.TempDir()
	bin := filepath.Join(work, "copydesk")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/copydesk").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// The project: the house config (jurisdiction ru, so the exact
	// notice rule runs) and pack, and the articles.
	root := filepath.Join(work, "site")
	writeTestFile(t, filepath.Join(root, ".git", "HEAD"), "ref: refs/heads/main\n")
	cfg, err := os.ReadFile("testdata/rules/house.copydesk.yml")
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, filepath.Join(root, ".copydesk.yml"), strings.Replace(string(cfg), "jurisdictions: []", "jurisdictions: [ru]", 1))
	for _, f := range []string{"testdata/rules/house.yml", "testdata/articles/meduza-ru-foreign-agent.html", "testdata/articles/rferl-aleppo-altered-notice.html"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dest := filepath.Join(root, filepath.Base(f))
		if strings.HasSuffix(f, ".html") {
			dest = filepath.Join(root, "news", filepath.Base(f))
		}
		writeTestFile(t, dest, string(data))
	}
	meduza := filepath.Join(root, "news", "meduza-ru-foreign-agent.html")
	rferl := filepath.Join(root, "news", "rferl-aleppo-altered-notice.html")
	toFix := filepath.Join(root, "news", "to-fix.html")
	writeTestFile(t, toFix, readTestFile(t, rferl))
	byCheck := filepath.Join(root, "news", "fixed-by-check.html")
	writeTestFile(t, byCheck, readTestFile(t, rferl))
	byNvim := filepath.Join(work, "fixed-by-nvim.html")
	out := filepath.Join(work, "nvim.json")
	script, err := filepath.Abs("cmd/copydesk/testdata/nvim/lsp.lua")
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // a guard, not a measurement
	defer cancel()
	cmd := exec.CommandContext(ctx, "nvim", "--headless", "--clean", "-n", "-i", "NONE", "-u", "NONE", "-c", "luafile "+script)
	cmd.Dir = root
	state := filepath.Join(work, "nvim-state")
	cmd.Env = append(os.Environ(),
		"XDG_CONFIG_HOME="+state, "XDG_DATA_HOME="+state, "XDG_STATE_HOME="+state, "XDG_CACHE_HOME="+state,
		"COPYDESK_BIN="+bin, "COPYDESK_ROOT="+root, "COPYDESK_FILES="+meduza+"|"+rferl,
		"COPYDESK_FIX="+toFix, "COPYDESK_FIXED="+byNvim, "COPYDESK_OUT="+out)
	nvimOut, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, nvimOut)
	}
	var res nvimResults
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no results: %v\n%s", err, nvimOut)
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("results %s: %v", data, err)
	}
	t.Logf("Neovim %d.%d.%d", res.Version.Major, res.Version.Minor, res.Version.Patch)
	if res.Error != "" {
		t.Fatalf("the Lua script failed: %s\n%s", res.Error, nvimOut)
	}

	// What check reports for each article: rule, message, and line and
	// byte columns (Neovim's columns are bytes).
	type finding struct {
		RuleID     string `json:"rule"`
		Message    string `json:"message"`
		Severity   string `json:"severity"`
		Line       int    `json:"line"`
		EndLine    int    `json:"end_line"`
		ColumnByte int    `json:"column_byte"`
		EndByte    int    `json:"end_column_byte"`
		Suppressed bool   `json:"suppressed"`
	}
	var report struct {
		Files []struct {
			Path     string    `json:"path"`
			Findings []finding `json:"findings"`
		} `json:"files"`
		Rules []struct {
			ID, URL string
		} `json:"rules"`
	}
	code, stdout, stderr := copydeskIn(t, root, "check", "-f", "json", meduza, rferl)
	if code != exitFindings {
		t.Fatalf("check: exit %d\n%s", code, stderr)
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatal(err)
	}
	urls := map[string]string{}
	for _, r := range report.Rules {
		urls[r.ID] = r.URL
	}
	if len(res.Files) != 2 || len(report.Files) != 2 {
		t.Fatalf("nvim saw %d files, check %d", len(res.Files), len(report.Files))
	}
	emojiLine := false
	for i, f := range report.Files {
		got := res.Files[i].Diagnostics
		var want []finding
		for _, x := range f.Findings {
			if !x.Suppressed {
				want = append(want, x)
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: Neovim shows %d diagnostics, check reports %d findings:\n%+v", f.Path, len(got), len(want), got)
			continue
		}
		for k, w := range want {
			g := got[k]
			sev := map[string]int{"error": 1, "warning": 2, "info": 3}[w.Severity]
			if g.Code != w.RuleID || g.Message != w.Message || g.Source != "copydesk" || g.Severity != sev ||
				g.Lnum != w.Line-1 || g.Col != w.ColumnByte-1 || g.EndLnum != w.EndLine-1 || g.EndCol != w.EndByte-1 {
				t.Errorf("%s: Neovim shows %+v, check reports %+v", f.Path, g, w)
			}
			if g.Href != urls[w.RuleID] {
				t.Errorf("%s: %s: href %v, want %q", f.Path, w.RuleID, g.Href, urls[w.RuleID])
			}
			if strings.HasPrefix(w.RuleID, "house/undesirable-notice") && g.Related != 1 {
				t.Errorf("%s: %s: %d related information, want the expected text", f.Path, w.RuleID, g.Related)
			}
			emojiLine = emojiLine || strings.Contains(readTestFile(t, filepath.Join(root, f.Path)), "📷") && w.ColumnByte > 50 && w.Line == 47
		}
		if h := res.Files[i].Hover; !strings.Contains(h, want[0].RuleID) || !strings.Contains(h, "examples") {
			t.Errorf("%s: hover on %s shows %q", f.Path, want[0].RuleID, h)
		}
	}
	if !emojiLine {
		t.Error("no finding after the emoji of meduza-ru-foreign-agent.html: the positions are not put to the test")
	}

	// Fix all equals check --fix.
	if !res.FixedChanged {
		t.Fatalf("fix all did not change the buffer; actions offered: %q", res.Offered)
	}
	if code, _, stderr := copydeskIn(t, root, "check", "--fix", byCheck); code > exitFindings {
		t.Fatalf("check --fix: exit %d\n%s", code, stderr)
	}
	want, got := readTestFile(t, byCheck), readTestFile(t, byNvim)
	if got != want {
		t.Errorf("the buffer after fix all differs from check --fix's output:\n%s", unifiedDiffForTest(want, got))
	}
	if want == readTestFile(t, rferl) {
		t.Error("check --fix changed nothing: the test shows nothing")
	}
	for _, d := range res.AfterFix {
		if d.Code == "house/undesirable-notice" {
			t.Errorf("after fix all, Neovim still shows %s", d.Message)
		}
	}
}

// copydeskIn runs copydesk in-process in dir.
func copydeskIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	return copydesk(t, "", args...)
}

func readTestFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func unifiedDiffForTest(want, got string) string {
	return report.UnifiedDiff("check-fix.html", []byte(want), []byte(got))
}
