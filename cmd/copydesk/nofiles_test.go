package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoFilesToCheck: paths that hold nothing to check fail the run as a
// usage error (exit 2, as ESLint's "no files matched"), saying so, unless
// --allow-no-files; a clean run says what it checked (issue 16 item 3).
func TestNoFilesToCheck(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.MkdirAll("site/img", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("site/notes.txt", []byte("not an article"), 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := copydesk(t, "", "check", "site")
	if code != exitConfig || out != "" || !strings.Contains(errOut, "no files to check: site holds no *.html or *.htm file") || !strings.Contains(errOut, "--allow-no-files") {
		t.Errorf("check site: exit %d (want 2)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, out, errOut = copydesk(t, "", "check", "-f", "json=r.json", "site")
	if _, err := os.Stat("r.json"); code != exitConfig || err == nil {
		t.Errorf("check -f json=r.json site: exit %d, report written (%v)\n%s%s", code, err, out, errOut)
	}
	code, out, errOut = copydesk(t, "", "check", "--allow-no-files", "site")
	if code != exitOK || out != "no findings in 0 files\n" {
		t.Errorf("--allow-no-files: exit %d (want 0)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}

	// No path: the working directory.
	code, _, errOut = copydesk(t, "", "check")
	if code != exitConfig || !strings.Contains(errOut, "no files to check: the working directory holds") {
		t.Errorf("check: exit %d (want 2)\n%s", code, errOut)
	}

	// A clean article: a one-line summary.
	page := filepath.Join("site", "clean.html")
	if err := os.WriteFile(page, []byte("<html lang=en><title>T</title><article><h1>T</h1><p>Text.</p></article></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = copydesk(t, "", "check", "site")
	if code != exitOK || out != "no findings in 1 file\n" {
		t.Errorf("clean run: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, out, _ = copydesk(t, "", "check", "-q", "site")
	if code != exitOK || out != "" {
		t.Errorf("clean run, --quiet: exit %d\nstdout:\n%s", code, out)
	}
}
