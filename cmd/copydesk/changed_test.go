package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// creditRules is a one-rule pack for tests in temporary repositories:
// every figure carries a photo credit.
const creditRules = `version: 1
pack: t
rules:
  - id: t/figure-credit
    title: Every figure carries a photo credit
    severity: error
    message: This figure has no photo credit
    scope: body
    each: figure
    require: {pattern: '\b(Photo|Credit):'}
`

const creditConfig = "version: 1\npacks: [./credit.yml]\n"

// Articles for the temporary repositories: one whose figure has no credit,
// and the same with the credit.
const (
	uncredited = "<!doctype html>\n<article>\n<p>The council met on Monday.</p>\n<figure><img src=\"a.jpg\" alt=\"The council\"><figcaption>The council.</figcaption></figure>\n</article>\n"
	credited   = "<!doctype html>\n<article>\n<p>The council met on Monday.</p>\n<figure><img src=\"a.jpg\" alt=\"The council\"><figcaption>The council. Photo: Jane Doe</figcaption></figure>\n</article>\n"
)

// isolateGit makes git ignore the user's and the system's configuration
// and gives commits an author, for git commands run by the test and by
// copydesk alike.
func isolateGit(t *testing.T) string {
	t.Helper()
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not on PATH")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, "gitconfig"))
	t.Setenv("GIT_AUTHOR_NAME", "Test")
	t.Setenv("GIT_AUTHOR_EMAIL", "test@example.org")
	t.Setenv("GIT_COMMITTER_NAME", "Test")
	t.Setenv("GIT_COMMITTER_EMAIL", "test@example.org")
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
	return git
}

// gitIn runs git in dir and fails the test when it fails.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checkedPaths runs copydesk with JSON output and returns the exit code,
// the checked paths (with findings marked "!") and stderr.
func checkedPaths(t *testing.T, args ...string) (int, []string, string) {
	t.Helper()
	code, out, errOut := copydesk(t, "", append(args, "-f", "json")...)
	if code == exitConfig {
		return code, nil, errOut
	}
	var doc struct {
		Files []struct {
			Path     string `json:"path"`
			Findings []any  `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	paths := []string{}
	for _, f := range doc.Files {
		p := f.Path
		if len(f.Findings) > 0 {
			p += "!"
		}
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return code, paths, errOut
}

// changedRepo makes a repository whose main branch holds an old
// uncredited article, and a feature branch that adds and changes
// articles, with uncommitted and untracked changes on top.
func changedRepo(t *testing.T) string {
	t.Helper()
	isolateGit(t)
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q", "-b", "main")
	writeFiles(t, dir, map[string]string{
		".copydesk.yml":        creditConfig,
		"credit.yml":           creditRules,
		"site/old-bad.html":    uncredited,
		"site/edited.html":     credited,
		"site/deleted.html":    credited,
		"site/committed.html":  credited,
		"site/uncommitted.htm": credited,
		"notes.txt":            "notes\n",
	})
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "base")
	gitIn(t, dir, "checkout", "-q", "-b", "feature")
	writeFiles(t, dir, map[string]string{
		"site/new-bad.html": uncredited,
		"site/edited.html":  uncredited,
		"notes.txt":         "more notes\n",
	})
	if err := os.Remove(filepath.Join(dir, "site/deleted.html")); err != nil {
		t.Fatal(err)
	}
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "feature work")
	// Not committed: an edit, a new untracked file, an ignored file.
	writeFiles(t, dir, map[string]string{
		"site/uncommitted.htm": credited + "<p>Update.</p>\n",
		"site/untracked.html":  credited,
		"site/ignored.html":    uncredited,
		".gitignore":           "site/ignored.html\n",
	})
	return dir
}

func TestChanged(t *testing.T) {
	dir := changedRepo(t)
	t.Chdir(dir)

	code, got, errOut := checkedPaths(t, "check", "--changed")
	want := []string{"site/edited.html!", "site/new-bad.html!", "site/uncommitted.htm", "site/untracked.html"}
	if code != exitFindings || !reflect.DeepEqual(got, want) {
		t.Errorf("--changed: exit %d, checked %q, want exit 1 and %q\nstderr:\n%s", code, got, want, errOut)
	}
	if !strings.Contains(errOut, "the merge base of HEAD and main") {
		t.Errorf("--changed does not say what it compared with:\n%s", errOut)
	}

	code, got, _ = checkedPaths(t, "check", "--changed=HEAD")
	want = []string{"site/uncommitted.htm", "site/untracked.html"}
	if code != exitOK || !reflect.DeepEqual(got, want) {
		t.Errorf("--changed=HEAD: exit %d, checked %q, want exit 0 and %q", code, got, want)
	}

	// Paths restrict the selection; flags may follow them.
	code, got, _ = checkedPaths(t, "check", "site/new-bad.html", "site/untracked.html", "--changed", "--quiet")
	want = []string{"site/new-bad.html!", "site/untracked.html"}
	if code != exitFindings || !reflect.DeepEqual(got, want) {
		t.Errorf("--changed with paths: exit %d, checked %q, want %q", code, got, want)
	}

	// Globs are matched as without --changed (old-bad.html matches, but
	// has not changed); directories select what is under them.
	code, got, errOut = checkedPaths(t, "check", "--changed", "site/*-bad.html", "site/untracked.html")
	want = []string{"site/new-bad.html!", "site/untracked.html"}
	if code != exitFindings || !reflect.DeepEqual(got, want) {
		t.Errorf("--changed with a glob: exit %d, checked %q, want %q\n%s", code, got, want, errOut)
	}
	code, got, _ = checkedPaths(t, "check", "--changed", "site")
	want = []string{"site/edited.html!", "site/new-bad.html!", "site/uncommitted.htm", "site/untracked.html"}
	if code != exitFindings || !reflect.DeepEqual(got, want) {
		t.Errorf("--changed site: exit %d, checked %q, want %q", code, got, want)
	}

	// From a subdirectory, paths are relative to it, and no path means ".".
	t.Chdir(filepath.Join(dir, "site"))
	writeFiles(t, dir, map[string]string{"other/outside.html": uncredited})
	code, got, _ = checkedPaths(t, "check", "--changed=main", "--config", "../.copydesk.yml")
	want = []string{"edited.html!", "new-bad.html!", "uncommitted.htm", "untracked.html"}
	if code != exitFindings || !reflect.DeepEqual(got, want) {
		t.Errorf("--changed=main in site/ without paths: exit %d, checked %q, want %q", code, got, want)
	}
	code, got, _ = checkedPaths(t, "check", "--changed=main", "--config", "../.copydesk.yml", ".")
	want = []string{"edited.html!", "new-bad.html!", "uncommitted.htm", "untracked.html"}
	if code != exitFindings || !reflect.DeepEqual(got, want) {
		t.Errorf("--changed=main in site/: exit %d, checked %q, want %q", code, got, want)
	}
}

func TestChangedDefaultBranchFromOrigin(t *testing.T) {
	dir := changedRepo(t)
	gitIn(t, dir, "checkout", "-q", "main")
	gitIn(t, dir, "branch", "-q", "-m", "main", "trunk")
	clone := filepath.Join(t.TempDir(), "clone")
	gitIn(t, dir, "clone", "-q", dir, clone)
	gitIn(t, clone, "checkout", "-q", "-b", "topic")
	writeFiles(t, clone, map[string]string{"site/topic.html": uncredited})
	gitIn(t, clone, "add", "-A")
	gitIn(t, clone, "commit", "-q", "-m", "topic")
	t.Chdir(clone)
	code, got, errOut := checkedPaths(t, "check", "--changed")
	want := []string{"site/topic.html!"}
	if code != exitFindings || !reflect.DeepEqual(got, want) {
		t.Errorf("exit %d, checked %q, want %q\nstderr:\n%s", code, got, want, errOut)
	}
	if !strings.Contains(errOut, "the merge base of HEAD and origin/trunk") {
		t.Errorf("the default branch is not origin/HEAD's:\n%s", errOut)
	}
}

func TestStaged(t *testing.T) {
	isolateGit(t)
	dir := t.TempDir()
	t.Chdir(dir)
	gitIn(t, dir, "init", "-q", "-b", "main")
	writeFiles(t, dir, map[string]string{".copydesk.yml": creditConfig, "credit.yml": creditRules})

	// Before the first commit.
	writeFiles(t, dir, map[string]string{"a.html": credited, "b.html": uncredited})
	gitIn(t, dir, "add", "a.html")
	code, got, errOut := checkedPaths(t, "check", "--staged")
	if want := []string{"a.html"}; code != exitOK || !reflect.DeepEqual(got, want) {
		t.Errorf("--staged in a new repository: exit %d, checked %q, want %q\n%s", code, got, want, errOut)
	}
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "first")

	// The staged content is checked, not the file on disk.
	writeFiles(t, dir, map[string]string{"b.html": credited})
	gitIn(t, dir, "add", "b.html")
	writeFiles(t, dir, map[string]string{"b.html": uncredited, "c.html": uncredited})
	code, got, _ = checkedPaths(t, "check", "--staged")
	if want := []string{"b.html"}; code != exitOK || !reflect.DeepEqual(got, want) {
		t.Errorf("--staged checks the working tree: exit %d, checked %q, want %q", code, got, want)
	}
	gitIn(t, dir, "add", "c.html")
	code, got, _ = checkedPaths(t, "check", "--staged")
	if want := []string{"b.html", "c.html!"}; code != exitFindings || !reflect.DeepEqual(got, want) {
		t.Errorf("--staged: exit %d, checked %q, want %q", code, got, want)
	}
	// A staged deletion is not an input.
	gitIn(t, dir, "reset", "-q")
	gitIn(t, dir, "rm", "-q", "a.html")
	code, got, _ = checkedPaths(t, "check", "--staged")
	if code != exitOK || len(got) != 0 {
		t.Errorf("--staged with a deletion: exit %d, checked %q", code, got)
	}
}

func TestChangedErrors(t *testing.T) {
	isolateGit(t)
	notRepo := t.TempDir()
	t.Chdir(notRepo)
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"check", "--changed"}, "inside a git working tree"},
		{[]string{"check", "--staged"}, "inside a git working tree"},
		{[]string{"check", "--changed", "--staged"}, "cannot be used together"},
		{[]string{"check", "--staged", "-"}, "cannot be used with --changed or --staged"},
	} {
		code, _, errOut := copydesk(t, "", tt.args...)
		if code != exitConfig || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%q: exit %d, stderr %q, want exit 2 and %q", tt.args, code, errOut, tt.stderr)
		}
	}

	dir := t.TempDir()
	t.Chdir(dir)
	gitIn(t, dir, "init", "-q", "-b", "work")
	writeFiles(t, dir, map[string]string{"a.html": credited})
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "first")
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"check", "--changed"}, "cannot find the default branch"},
		{[]string{"check", "--changed=nope"}, "--changed=nope: no such commit"},
		{[]string{"check", "--changed=--output=x"}, "not a git revision"},
	} {
		code, _, errOut := copydesk(t, "", tt.args...)
		if code != exitConfig || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%q: exit %d, stderr %q, want exit 2 and %q", tt.args, code, errOut, tt.stderr)
		}
	}
	// A path that does not exist is an input error, as without --changed.
	code, _, errOut := copydesk(t, "", "check", "--changed=HEAD", "missing")
	if code != exitInput || !strings.Contains(errOut, "missing: no such file or directory") {
		t.Errorf("missing path: exit %d, stderr %q", code, errOut)
	}
}

func TestRefFlagArgs(t *testing.T) {
	app := (&env{}).app()
	got, _ := reorderArgs(app, []string{"copydesk", "check", "--changed", "a.html", "--changed=main", "b.html"})
	want := []string{"copydesk", "check", "--changed", "--changed=main", "--", "a.html", "b.html"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reorderArgs = %q, want %q", got, want)
	}
}
