package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommand runs diff and show against the repository's ledger and
// corpus, and checks the usage errors.
func TestCommand(t *testing.T) {
	for _, args := range [][]string{{}, {"frob"}, {"-section", "nope", "diff"}, {"diff", "extra"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitError || errb.Len() == 0 {
			t.Errorf("%q: exit %d, stderr %q; want %d and a message", args, code, errb.String(), exitError)
		}
	}
	if _, err := os.Stat("../../../../shared/corpus/pages"); err != nil {
		t.Skip("no ../shared/corpus beside the repository: diff and show need its pages")
	}
	var out, errb bytes.Buffer
	code := run([]string{"-section", "default", "diff"}, &out, &errb)
	if code == exitError || !strings.Contains(out.String(), "image-credits/figure-credit") || !strings.Contains(out.String(), "precision") {
		t.Errorf("diff: exit %d\n%s%s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"-section", "default", "show", "trafilatura/52.html", "image-credits/figure-credit"}, &out, &errb); code != exitOK {
		t.Fatalf("show: exit %d\n%s", code, errb.String())
	}
	for _, want := range []string{"== trafilatura/52.html image-credits/figure-credit", "in body:  yes", "element:  <figure", "image:    <img"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("show lacks %q:\n%s", want, out.String())
		}
	}
	// A corpus that is not there is an error, not an empty ledger.
	errb.Reset()
	if code := run([]string{"-corpus", filepath.Join(t.TempDir(), "none"), "-section", "default", "diff"}, &out, &errb); code != exitError {
		t.Errorf("missing corpus: exit %d, want %d (%s)", code, exitError, errb.String())
	}
}
