package main

import (
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreCommitHook installs the hook of .pre-commit-hooks.yaml with the
// real pre-commit in a temporary repository: pre-commit builds copydesk
// from a copy of this source tree (language: golang), a commit of an
// article whose figure has no credit is blocked, the fixed article
// commits, and so does one that the config excludes. Modules come from
// the local module cache (GOPROXY=off), so the test needs no network. It is skipped where pre-commit is not installed
// (Debian: apt-get install pre-commit) and with -short.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds copydesk with pre-commit; skipped with -short")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit is not installed")
	}
	// The module and build caches of this user, before HOME moves.
	goenv, err := exec.Command("go", "env", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		t.Skipf("go env: %v", err)
	}
	caches := strings.Split(strings.TrimSpace(string(goenv)), "\n")
	if len(caches) != 2 {
		t.Fatalf("go env GOMODCACHE GOCACHE: %q", goenv)
	}
	isolateGit(t)
	t.Setenv("GOMODCACHE", caches[0])
	t.Setenv("GOCACHE", caches[1])
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("PRE_COMMIT_HOME", filepath.Join(t.TempDir(), "pre-commit"))
	t.Setenv("PRE_COMMIT_COLOR", "never")

	// The hook repository: this source tree, committed.
	hooks := t.TempDir()
	copySource(t, "../..", hooks)
	gitIn(t, hooks, "init", "-q", "-b", "main")
	gitIn(t, hooks, "add", "-A")
	gitIn(t, hooks, "commit", "-q", "-m", "copydesk")
	rev := strings.TrimSpace(gitIn(t, hooks, "rev-parse", "HEAD"))

	site := t.TempDir()
	gitIn(t, site, "init", "-q", "-b", "main")
	writeFiles(t, site, map[string]string{
		".copydesk.yml": creditConfig + "exclude: [\"archive/**\"]\n",
		"credit.yml":    creditRules,
		".pre-commit-config.yaml": "repos:\n" +
			"  - repo: " + hooks + "\n" +
			"    rev: " + rev + "\n" +
			"    hooks:\n" +
			"      - id: copydesk\n",
	})
	gitIn(t, site, "add", "-A")
	gitIn(t, site, "commit", "-q", "--no-verify", "-m", "setup")
	precommit := exec.Command("pre-commit", "install")
	precommit.Dir = site
	if out, err := precommit.CombinedOutput(); err != nil {
		t.Fatalf("pre-commit install: %v\n%s", err, out)
	}

	commit := func(msg string) (string, error) {
		cmd := exec.Command("git", "commit", "-m", msg)
		cmd.Dir = site
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	writeFiles(t, site, map[string]string{"news/council.html": uncredited, "notes.txt": "not an article\n"})
	gitIn(t, site, "add", "-A")
	out, err := commit("add the council story")
	if err == nil {
		t.Fatalf("the commit of an article with an uncredited figure was not blocked:\n%s", out)
	}
	if !strings.Contains(out, "news/council.html:4:1: error: This figure has no photo credit [t/figure-credit]") {
		t.Errorf("the hook's output does not name the finding:\n%s", out)
	}
	if log := gitIn(t, site, "log", "--oneline"); strings.Contains(log, "council") {
		t.Errorf("blocked commit was made:\n%s", log)
	}

	writeFiles(t, site, map[string]string{"news/council.html": credited})
	gitIn(t, site, "add", "-A")
	if out, err := commit("add the council story"); err != nil {
		t.Fatalf("the commit of the fixed article was blocked: %v\n%s", err, out)
	}

	// The config's exclude holds for the files pre-commit names: an old
	// page moved to the archive commits as it is.
	writeFiles(t, site, map[string]string{"archive/2016/council.html": uncredited})
	gitIn(t, site, "add", "-A")
	if out, err := commit("archive the old council story"); err != nil {
		t.Errorf("the commit of an excluded article was blocked: %v\n%s", err, out)
	}

	// A commit with no HTML file does not run copydesk.
	writeFiles(t, site, map[string]string{"notes.txt": "more notes\n"})
	gitIn(t, site, "add", "-A")
	if out, err := commit("notes"); err != nil || !strings.Contains(out, "(no files to check)Skipped") {
		t.Errorf("commit without HTML: %v\n%s", err, out)
	}
}

// copySource copies the source tree at src to dst: regular files, without
// .git, testdata directories or tests.
func copySource(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != src && (name == ".git" || name == "testdata") {
				return fs.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if name == ".git" || strings.HasSuffix(name, "_test.go") || !d.Type().IsRegular() {
			return nil
		}
		return copyFile(p, filepath.Join(dst, rel))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
