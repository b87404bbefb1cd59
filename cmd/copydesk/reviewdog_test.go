package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// reviewdogPath finds the reviewdog command: $COPYDESK_REVIEWDOG, or
// reviewdog on PATH; the test is skipped without one.
func reviewdogPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("COPYDESK_REVIEWDOG"); p != "" {
		return p
	}
	p, err := exec.LookPath("reviewdog")
	if err != nil {
		t.Skip("reviewdog is not installed (go install github.com/reviewdog/reviewdog/cmd/reviewdog@v0.21.0, or set COPYDESK_REVIEWDOG): the formats are checked against its schema only (report.TestRDJSONLSchema)")
	}
	return p
}

// TestReviewdogReadsReports feeds the rdjson and rdjsonl reports of the
// test articles to the real reviewdog, with a diff that adds one article
// whole, and checks that reviewdog reports exactly that article's
// findings (so it read every path, line and severity) and fails by
// -fail-level.
func TestReviewdogReadsReports(t *testing.T) {
	rd := reviewdogPath(t)
	inRoot(t)
	dir := t.TempDir()
	article := "testdata/articles/entities-and-nesting.html"
	src, err := os.ReadFile(article)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(src), "\n"), "\n")
	var diff strings.Builder
	fmt.Fprintf(&diff, "diff --git a/%s b/%s\nnew file mode 100644\n--- /dev/null\n+++ b/%s\n@@ -0,0 +1,%d @@\n", article, article, article, len(lines))
	for _, l := range lines {
		diff.WriteString("+" + strings.TrimSuffix(l, "\n") + "\n")
	}
	diffPath := filepath.Join(dir, "add.diff")
	if err := os.WriteFile(diffPath, []byte(diff.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	args := append([]string(nil), houseArgs[:len(houseArgs)-1]...) // without the missing input
	code, jsonOut, errOut := copydesk(t, "", append(args, "-f", "json")...)
	if code != exitFindings {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	var want []string
	for _, f := range jsonFindings(t, []byte(jsonOut)) {
		if strings.HasPrefix(f, article+":") {
			want = append(want, f)
		}
	}
	if len(want) < 3 {
		t.Fatalf("only %d findings in %s", len(want), article)
	}
	for _, format := range []string{"rdjson", "rdjsonl"} {
		t.Run(format, func(t *testing.T) {
			_, report, _ := copydesk(t, "", append(args, "-f", format)...)
			for _, level := range []struct {
				name string
				code int
			}{{"error", 1}, {"none", 0}} {
				cmd := exec.Command(rd, "-f="+format, "-name=copydesk", "-reporter=local", "-filter-mode=added",
					"-diff=cat "+diffPath, "-fail-level="+level.name)
				cmd.Stdin = strings.NewReader(report)
				var out, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &stderr
				err := cmd.Run()
				got := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					got = ee.ExitCode()
				} else if err != nil {
					t.Fatal(err)
				}
				if got != level.code {
					t.Errorf("-fail-level=%s: reviewdog exit %d, want %d\n%s", level.name, got, level.code, stderr.String())
				}
				// reviewdog's local reporter prints each diagnostic it
				// kept: an rdjsonl one as the line it read, an rdjson one
				// in protobuf's text format, as it decoded it.
				var g []string
				if format == "rdjsonl" {
					g = rdjsonFindings(t, rdjsonlAsRDJSON(t, out.Bytes()))
				} else {
					g = protoTextFindings(t, out.String())
				}
				if strings.Join(g, "\n") != strings.Join(want, "\n") {
					t.Errorf("reviewdog kept:\n%s\nwant:\n%s\nstderr:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"), stderr.String())
				}
			}
		})
	}
}

// protoTextRE reads path, start line and rule id from a Diagnostic in
// protobuf's text format, one a line.
var protoTextRE = regexp.MustCompile(`location:\{path:"([^"]*)"\s+range:\{start:\{line:(\d+)\b.*\bcode:\{value:"([^"]*)"`)

func protoTextFindings(t *testing.T, out string) []string {
	t.Helper()
	var list []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		m := protoTextRE.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("reviewdog printed a line that is not a diagnostic:\n%s", line)
		}
		n, _ := strconv.Atoi(m[2])
		list = append(list, finding(m[1], n, m[3]))
	}
	return sorted(list)
}
