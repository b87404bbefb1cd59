package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// BenchmarkStartup is what a CMS pays per save beyond process start:
// copydesk check of one article with the default packs, in-process (the
// config lookup, loading and compiling the embedded packs, reading,
// parsing and checking the page, writing the report). Compare with the
// process as a whole: hyperfine 'copydesk version' 'copydesk check
// testdata/articles/rferl-aleppo.html' (see docs/performance.md).
func BenchmarkStartup(b *testing.B) {
	b.Chdir("../..")
	args := []string{"copydesk", "check", "--fail-on", "none", "testdata/articles/rferl-aleppo.html"}
	b.ReportAllocs()
	for b.Loop() {
		if code := run(context.Background(), args, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
