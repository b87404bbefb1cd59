package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUsage checks the usage errors.
func TestUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"frob"}, {"-section", "nope", "diff"}, {"diff", "extra"}, {"-nope"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitError || errb.Len() == 0 {
			t.Errorf("%q: exit %d, stderr %q; want %d and a message", args, code, errb.String(), exitError)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-corpus", filepath.Join(t.TempDir(), "none"), "-section", "default", "diff"}, &out, &errb); code != exitError {
		t.Errorf("missing corpus: exit %d, want %d (%s)", code, exitError, errb.String())
	}
}

// TestCommand runs update, diff and show in a module of its own, with a
// corpus of one page copied from the shared corpus.
func TestCommand(t *testing.T) {
	const page = "trafilatura/52.html" // two uncredited captioned photos
	data, err := os.ReadFile(filepath.Join("../../../../shared/corpus/pages", page))
	if err != nil {
		if os.Getenv("COPYDESK_REQUIRE_CORPUS") != "" {
			t.Fatalf("no corpus page: %v", err)
		}
		t.Skipf("no ../shared/corpus beside the repository (%v): the command needs a page of it", err)
	}
	mod := t.TempDir()
	corpus := filepath.Join(mod, "pages")
	files := map[string][]byte{
		"go.mod":                                 []byte("module example.com/m\n"),
		"pages/" + page:                          data,
		"testdata/ledger/all-packs.copydesk.yml": mustRead(t, "../../../testdata/ledger/all-packs.copydesk.yml"),
	}
	for name, b := range files {
		p := filepath.Join(mod, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(mod)
	ledgerFile := filepath.Join(mod, "testdata/ledger/default.tsv")
	cmd := func(want int, args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(append([]string{"-corpus", corpus, "-section", "default"}, args...), &out, &errb); code != want {
			t.Fatalf("%q: exit %d, want %d\n%s%s", args, code, want, out.String(), errb.String())
		}
		return out.String()
	}

	// No ledger yet: both findings are new.
	if out := cmd(exitMismatch, "diff"); strings.Count(out, "new:  "+page+" image-credits/figure-credit") != 2 {
		t.Errorf("diff without a ledger:\n%s", out)
	}
	if out := cmd(exitOK, "update"); !strings.Contains(out, "2 findings, 2 not judged (?), 0 gone") {
		t.Errorf("update:\n%s", out)
	}
	// A judge fills in one verdict; update keeps it.
	judged := strings.Replace(string(mustRead(t, ledgerFile)), "\t?\tDer Ofen", "\ttrue\tDer Ofen", 1)
	judged = strings.Replace(judged, "figure.image[2]\t", "figure.image[2]\tno credit anywhere on the page", 1)
	if err := os.WriteFile(ledgerFile, []byte(judged), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := cmd(exitOK, "diff"); !strings.Contains(out, "100% (1/1)") {
		t.Errorf("diff after judging:\n%s", out)
	}
	cmd(exitOK, "update")
	if got := string(mustRead(t, ledgerFile)); got != judged {
		t.Errorf("update changed a judged ledger:\n%s", got)
	}
	// show without a page: the finding not judged yet, with its context.
	out := cmd(exitOK, "show")
	for _, want := range []string{"== " + page + " image-credits/figure-credit [?]", "in body:  yes", "element:  <figure", "image:    <img", "Lieferung des neuen Pelletkaminofens"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "== ") != 1 {
		t.Errorf("show shows a judged finding:\n%s", out)
	}
	// show -blind: both findings, the judged one without its verdict or reason.
	out = cmd(exitOK, "-blind", "show")
	if strings.Count(out, "== "+page+" image-credits/figure-credit [judge it]\n") != 2 || strings.Contains(out, "true") || strings.Contains(out, "no credit anywhere") {
		t.Errorf("show -blind:\n%s", out)
	}
	// A finding that is gone is listed with its verdict.
	if err := os.WriteFile(filepath.Join(corpus, page), []byte("<html><body><p>Nothing.</p></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := cmd(exitMismatch, "diff"); !strings.Contains(out, "gone: "+page) || !strings.Contains(out, "[true: no credit anywhere on the page]") {
		t.Errorf("diff with gone findings:\n%s", out)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
