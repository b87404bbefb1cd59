package checker

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// The shared corpus is 300 real news pages in 30 languages, kept beside
// the repository (../shared/corpus/pages/SITE/*.html) and not in it, as
// the pages may not be republished. Tests that need it skip, saying so,
// when it is not there; .ci/run sets COPYDESK_REQUIRE_CORPUS=1, which
// makes them fail instead, so that CI never passes without them. See
// docs/CONTRIBUTING.md.

// corpusGlob matches the corpus pages, from the package directory.
const corpusGlob = "../../shared/corpus/pages/*/*.html"

// corpusRequired reports whether a missing corpus fails the tests, as
// in internal/ledger.
func corpusRequired() bool { return os.Getenv("COPYDESK_REQUIRE_CORPUS") != "" }

// corpusPages returns the pages of the shared corpus, sorted. Without
// them the test is skipped (failed with COPYDESK_REQUIRE_CORPUS=1), and
// with -short too.
func corpusPages(t testing.TB) []string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the shared corpus is not checked")
	}
	files := corpusFiles()
	if len(files) == 0 {
		if corpusRequired() {
			t.Fatalf("COPYDESK_REQUIRE_CORPUS=1, but there is no shared corpus at %s", corpusGlob)
		}
		t.Skipf("no shared corpus at %s (see docs/CONTRIBUTING.md)", corpusGlob)
	}
	return files
}

// corpusFiles returns the pages of the shared corpus, sorted; none when
// it is not there.
func corpusFiles() []string {
	files, _ := filepath.Glob(corpusGlob)
	sort.Strings(files)
	return files
}
