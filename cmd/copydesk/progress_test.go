package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/creack/pty"
)

// progressRE matches a progress line of the test articles' run.
var progressRE = regexp.MustCompile(`copydesk: \d+/15 files, [\d.]+ MB/s, \d+ findings?`)

// TestProgressFlags: progress shows with --progress (a line at the end
// when stderr is no terminal), never by default on a pipe, and the two
// flags exclude each other (issue 16 item 7).
func TestProgressFlags(t *testing.T) {
	inRoot(t)
	t.Setenv("CI", "")
	_, _, errOut := copydesk(t, "", "check", "testdata/articles")
	if progressRE.MatchString(errOut) {
		t.Errorf("progress on a stderr that is no terminal:\n%s", errOut)
	}
	_, out, errOut := copydesk(t, "", "check", "--progress", "testdata/articles")
	if !strings.Contains(errOut, "copydesk: 15/15 files, ") || strings.Contains(errOut, "\r") || progressRE.MatchString(out) {
		t.Errorf("--progress:\nstderr:\n%s", errOut)
	}
	if code, _, errOut := copydesk(t, "", "check", "--progress", "--no-progress", "testdata/articles"); code != exitConfig || !strings.Contains(errOut, "exclude each other") {
		t.Errorf("--progress --no-progress: exit %d\n%s", code, errOut)
	}
}

// ptyRun runs copydesk in-process with stderr on a terminal (a pty) and
// stdout on the same terminal or in a buffer, and returns what the
// terminal and the buffer got.
func ptyRun(t *testing.T, stdoutOnTerminal bool, args ...string) (int, string, string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pty: %v", err)
	}
	defer ptmx.Close()
	var screen bytes.Buffer
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, _ = io.Copy(&screen, ptmx) // ends with EIO once tty is closed
	}()
	var stdout io.Writer = tty
	var buf bytes.Buffer
	if !stdoutOnTerminal {
		stdout = &buf
	}
	code := run(context.Background(), append([]string{"copydesk"}, args...), strings.NewReader(""), stdout, tty)
	tty.Close()
	wg.Wait()
	return code, strings.ReplaceAll(screen.String(), "\r\n", "\n"), buf.String()
}

// TestProgressOnTerminal runs check with stderr on a pty: the status line
// is drawn in place and erased before each finding and at the end, so the
// findings read as without it; it is left out in CI (CI=true), when the
// text report goes to a pipe while stderr is the terminal, and with
// --no-progress.
func TestProgressOnTerminal(t *testing.T) {
	inRoot(t)
	t.Setenv("CI", "")
	t.Setenv("NO_COLOR", "1")
	code, screen, _ := ptyRun(t, true, "check", "testdata/articles")
	if code != exitFindings || !progressRE.MatchString(screen) || !strings.Contains(screen, "\r\x1b[K") {
		t.Fatalf("exit %d, no progress on the terminal:\n%q", code, screen)
	}
	// Erase the status lines as a terminal does; what is left is the
	// report as it is without progress.
	erased := regexp.MustCompile("\r\x1b\\[Kcopydesk: [^\r\n]*|\r\x1b\\[K").ReplaceAllString(screen, "")
	t.Setenv("CI", "true")
	_, plain, _ := ptyRun(t, true, "check", "testdata/articles")
	if erased != plain {
		t.Errorf("the report with progress erased differs from the report without:\n%q\n%q", erased, plain)
	}
	if progressRE.MatchString(plain) {
		t.Errorf("progress in CI:\n%q", plain)
	}

	t.Setenv("CI", "")
	_, screen, report := ptyRun(t, false, "check", "testdata/articles")
	if progressRE.MatchString(screen) || !strings.Contains(report, " findings (") {
		t.Errorf("stdout piped for a report: progress on stderr:\n%q", screen)
	}
	_, screen, _ = ptyRun(t, false, "check", "-f", "json="+t.TempDir()+"/r.json", "testdata/articles")
	if !progressRE.MatchString(screen) {
		t.Errorf("reports to files only, stderr a terminal: no progress:\n%q", screen)
	}
	_, screen, _ = ptyRun(t, true, "check", "--no-progress", "testdata/articles")
	if progressRE.MatchString(screen) {
		t.Errorf("--no-progress: progress:\n%q", screen)
	}
}
