package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The small things a new user tripped over (issue 16 item 8); --diff's
// summary with UTF-16 files is in TestFixLegacyEncoding, every problem
// of a config at once in rules.TestLoadErrors, the position of an
// unclosed bracket in rules.TestUnclosedFlowPosition.

func TestStatsCountsOneFile(t *testing.T) {
	inRoot(t)
	_, _, errOut := copydesk(t, "", "check", "--stats", "testdata/articles/rferl-aleppo-clean.html")
	if !strings.Contains(errOut, "copydesk: 1 file (") {
		t.Errorf("--stats:\n%s", errOut)
	}
}

func TestChangedHelp(t *testing.T) {
	code, out, _ := copydesk(t, "", "check", "--help")
	line := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "--changed") {
			line = l
		}
	}
	if code != exitOK || line == "" || strings.Contains(line, "REF [=REF]") || strings.Count(line, "REF") != 2 {
		t.Errorf("--changed in check --help: %q", line)
	}
}

func TestTestUnknownBuiltin(t *testing.T) {
	code, out, errOut := copydesk(t, "", "test", "builtin:editorail")
	if code != exitConfig || strings.Contains(errOut, "packs[0]") || !strings.Contains(errOut, "builtin:editorail: unknown built-in pack; did you mean builtin:editorial?") ||
		!strings.Contains(out, "1 pack or file of 1 could not be loaded") {
		t.Errorf("test builtin:editorail: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// TestReadmeQuickStart runs the README's quick-start command and checks
// that what the README says it prints is what it prints: the lines of
// its abridged output, in order, and last the summary line (its counts
// may differ: the packs change), and the words that describe them.
func TestReadmeQuickStart(t *testing.T) {
	inRoot(t)
	data, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	m := regexp.MustCompile("(?s)<!-- ci: main -->\n```sh\ngo run ./cmd/copydesk (.*?)\n```\n(.*?)\n```\n(.*?)```").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README.md: no quick start (<!-- ci: main --> command, its description and its output)")
	}
	code, out, errOut := copydesk(t, "", strings.Fields(m[1])...)
	if code != exitFindings {
		t.Fatalf("exit %d, the README says 1:\n%s", code, errOut)
	}
	summary := regexp.MustCompile(`^\d+ findings \(\d+ errors?(, \d+ warnings?)?(, \d+ infos?)?\) in \d+ files$`)
	shown := strings.Split(strings.TrimSuffix(m[3], "\n"), "\n")
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if last := shown[len(shown)-1]; !summary.MatchString(last) || !summary.MatchString(got[len(got)-1]) {
		t.Errorf("the README's last line %q or the output's %q is not a summary line", last, got[len(got)-1])
	}
	shown, out = shown[:len(shown)-1], strings.Join(got[:len(got)-1], "\n")+"\n"
	rest := out
	for _, line := range shown {
		if strings.TrimSpace(line) == "…" {
			continue
		}
		i := strings.Index(rest, line+"\n")
		if i < 0 {
			t.Errorf("README's output line %q is not in the output (in that order)", line)
			continue
		}
		rest = rest[i+len(line)+1:]
	}
	if rest != "" {
		t.Errorf("the output goes on after the README's last line:\n%s", rest)
	}
	desc := strings.Join(strings.Fields(m[2]), " ")
	for _, claim := range []string{"the diff of its fix", "summary line", "exits 1"} {
		if !strings.Contains(desc, claim) {
			t.Errorf("the README's description of the output does not say %q:\n%s", claim, desc)
		}
	}
	if strings.Contains(desc, "one line per finding") {
		t.Errorf("the README promises one line per finding, but fixes come with their diff:\n%s", desc)
	}
}
