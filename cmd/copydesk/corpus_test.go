package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The shared corpus: 300 real news pages beside the repository
// (../shared/corpus/pages/SITE/*.html), not in it (docs/CONTRIBUTING.md,
// "The shared corpus"). Tests that need it skip, saying so, when it is
// not there, and fail instead with COPYDESK_REQUIRE_CORPUS=1 (.ci/run).

// corpusDir is the corpus pages' directory, from the repository root.
const corpusDir = "../shared/corpus/pages"

// corpusPages returns corpusDir after checking it holds the pages; the
// test is skipped without them (failed with COPYDESK_REQUIRE_CORPUS=1),
// and with -short.
func corpusPages(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the shared corpus is not checked")
	}
	if m, _ := filepath.Glob(filepath.Join(corpusDir, "*", "*.html")); len(m) == 0 {
		if os.Getenv("COPYDESK_REQUIRE_CORPUS") != "" {
			t.Fatalf("COPYDESK_REQUIRE_CORPUS=1, but there is no shared corpus at %s", corpusDir)
		}
		t.Skipf("no shared corpus at %s (see docs/CONTRIBUTING.md)", corpusDir)
	}
	return corpusDir
}

// buildCopydesk builds the command into a temporary directory.
func buildCopydesk(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "copydesk")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/copydesk")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestCorpusShards runs a check of the corpus as shards would on several
// machines — N processes at once, each its shard — merges their reports
// and compares every format with the report of one run over the corpus.
func TestCorpusShards(t *testing.T) {
	inRoot(t)
	pages := corpusPages(t)
	bin := buildCopydesk(t)
	dir := t.TempDir()
	single, merged := filepath.Join(dir, "single"), filepath.Join(dir, "merged")
	for _, d := range []string{single, merged} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) *exec.Cmd { return exec.Command(bin, args...) }
	code := func(err error) int {
		if e, ok := err.(*exec.ExitError); ok {
			return e.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	}
	args := []string{"check", "--json-text", "--fail-on", "warning"}
	cmd := run(append(append(append([]string{}, args...), formatArgs(single)...), pages)...)
	out, err := cmd.CombinedOutput()
	wantCode := code(err)
	if wantCode > 1 {
		t.Fatalf("the single run: exit %d: %s", wantCode, out)
	}
	const n = 4
	var procs []*exec.Cmd
	for k := 1; k <= n; k++ {
		cmd := run(append(append([]string{}, args...), "--jobs", "1", "--shard", fmt.Sprintf("%d/%d", k, n),
			"-f", fmt.Sprintf("json=%s/shard-%d.json", dir, k), pages)...)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs = append(procs, cmd)
	}
	for k, p := range procs {
		if c := code(p.Wait()); c > 1 {
			t.Fatalf("shard %d/%d: exit %d", k+1, n, c)
		}
	}
	var reports []string
	for k := 1; k <= n; k++ {
		reports = append(reports, fmt.Sprintf("%s/shard-%d.json", dir, k))
	}
	cmd = run(append(append([]string{"merge", "--json-text"}, formatArgs(merged)...), reports...)...)
	out, err = cmd.CombinedOutput()
	if c := code(err); c != wantCode {
		t.Fatalf("merge: exit %d, want %d: %s", c, wantCode, out)
	}
	sameReports(t, fmt.Sprintf("%d shard processes over the corpus", n), single, merged)
}
