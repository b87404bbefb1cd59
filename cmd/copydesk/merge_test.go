package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/testdiff"
	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
)

// formatArgs returns -f NAME=DIR/NAME for every format.
func formatArgs(dir string) []string {
	var args []string
	for _, f := range report.Formats() {
		args = append(args, "-f", f.Name+"="+filepath.Join(dir, f.Name))
	}
	return args
}

// sameReports compares the report of every format in two directories.
func sameReports(t *testing.T, what, wantDir, gotDir string) {
	t.Helper()
	for _, f := range report.Formats() {
		want, err := os.ReadFile(filepath.Join(wantDir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(gotDir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 100 && f.Name != "github" {
			t.Errorf("%s: the single run's %s report is %d bytes: the test checks nothing", what, f.Name, len(want))
		}
		if !bytes.Equal(want, got) {
			t.Errorf("%s: merged %s differs from the single run's:\n%s", what, f.Name, testdiff.FirstLine(string(want), string(got)))
		}
	}
}

// TestMergeEqualsSingleRun checks that the shards of a run, merged, write
// every format byte for byte as the run over all the files does.
func TestMergeEqualsSingleRun(t *testing.T) {
	inRoot(t)
	dir := t.TempDir()
	run := []string{"check", "--config", "testdata/rules/house.copydesk.yml", "--jurisdiction", "ru", "--fail-on", "warning", "--json-text"}
	inputs := []string{"testdata/articles", "testdata/articles/missing.html"}
	single := filepath.Join(dir, "single")
	if err := os.Mkdir(single, 0o755); err != nil {
		t.Fatal(err)
	}
	wantCode, _, wantErr := copydesk(t, "", append(append(append([]string{}, run...), formatArgs(single)...), inputs...)...)
	if wantCode != lint.ExitInput {
		t.Fatalf("the single run exits %d (%s), want 3 (findings and a missing file)", wantCode, wantErr)
	}
	for _, n := range []int{1, 3, 5} {
		shards := filepath.Join(dir, "shards-"+strconv.Itoa(n))
		if err := os.Mkdir(shards, 0o755); err != nil {
			t.Fatal(err)
		}
		for k := 1; k <= n; k++ {
			args := append(append([]string{}, run...), "--shard", strconv.Itoa(k)+"/"+strconv.Itoa(n), "-f", "json="+filepath.Join(shards, "shard-"+strconv.Itoa(k)+".json"))
			if code, _, errOut := copydesk(t, "", append(args, inputs...)...); code > lint.ExitInput || code == lint.ExitConfig {
				t.Fatalf("shard %d/%d: exit %d: %s", k, n, code, errOut)
			}
		}
		merged := filepath.Join(dir, "merged-"+strconv.Itoa(n))
		if err := os.Mkdir(merged, 0o755); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := copydesk(t, "", append(append([]string{"merge", "--json-text"}, formatArgs(merged)...), shards)...)
		if code != wantCode || out != "" || errOut != wantErr {
			t.Errorf("merge of %d shards: exit %d, stdout %q, stderr %q; want exit %d and the single run's stderr %q", n, code, out, errOut, wantCode, wantErr)
		}
		sameReports(t, strconv.Itoa(n)+" shards", single, merged)
	}

	// Runs over different files (a CI matrix by listing, no --shard)
	// merge the same way.
	files, _ := filepath.Glob("testdata/articles/*.html")
	half := len(files) / 2
	parts := [][]string{append(files[:half:half], "testdata/articles/missing.html"), files[half:]}
	var reports []string
	for i, p := range parts {
		name := filepath.Join(dir, "part-"+strconv.Itoa(i)+".json")
		reports = append(reports, name)
		copydesk(t, "", append(append(append([]string{}, run...), "-f", "json="+name), p...)...)
	}
	merged := filepath.Join(dir, "merged-parts")
	if err := os.Mkdir(merged, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := copydesk(t, "", append(append([]string{"merge", "--json-text"}, formatArgs(merged)...), reports...)...); code != wantCode {
		t.Errorf("merge of two runs over halves: exit %d: %s", code, errOut)
	}
	sameReports(t, "two halves", single, merged)

	// One report converts to any format.
	code, out, _ := copydesk(t, "", "merge", "-f", "text", filepath.Join(single, "json"))
	want, _ := os.ReadFile(filepath.Join(single, "text"))
	if code != wantCode || out != string(want) {
		t.Errorf("merge of one report to text: exit %d, a report differing from the run's:\n%s", code, testdiff.FirstLine(string(want), out))
	}
}

// TestMergeRefuses checks that reports of different runs, incomplete or
// repeated shards and files in two reports are refused with exit 2,
// naming the difference, and that nothing is written then.
func TestMergeRefuses(t *testing.T) {
	inRoot(t)
	dir := t.TempDir()
	shard := func(name string, extra ...string) string {
		t.Helper()
		path := filepath.Join(dir, name+".json")
		args := append([]string{"check", "--config", "testdata/rules/house.copydesk.yml", "-f", "json=" + path}, extra...)
		if code, _, errOut := copydesk(t, "", append(args, "testdata/articles")...); code > 1 {
			t.Fatalf("%s: exit %d: %s", name, code, errOut)
		}
		return path
	}
	s1, s2, s3 := shard("s1", "--shard", "1/3"), shard("s2", "--shard", "2/3"), shard("s3", "--shard", "3/3")
	failOn := shard("fail-on", "--shard", "3/3", "--fail-on", "info")
	juris := shard("juris", "--shard", "3/3", "--jurisdiction", "ru")
	whole := shard("whole")
	other := filepath.Join(dir, "other.json")
	if code, _, errOut := copydesk(t, "", "check", "--shard", "3/3", "-f", "json="+other, "testdata/articles"); code > 1 {
		t.Fatalf("default config: exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(s3)
	if err != nil {
		t.Fatal(err)
	}
	version := filepath.Join(dir, "version.json")
	if err := os.WriteFile(version, bytes.Replace(data, []byte(`"version": "`+tool().Version+`"`), []byte(`"version": "v9.9.9"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(dir, "edited.json")
	sum := bytes.LastIndex(data, []byte(`"files": `))
	if err := os.WriteFile(edited, append(append(data[:sum:sum], `"files": 1000,`...), data[bytes.IndexByte(data[sum:], ',')+sum+1:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.sarif")
	for _, c := range []struct {
		name    string
		reports []string
		format  string
		want    string
	}{
		{"another version", []string{s1, s2, version}, "", "are not reports of one run: made by copydesk " + tool().Version + " and copydesk v9.9.9"},
		{"other rules", []string{s1, s2, other}, "", "are not reports of one run: rule"},
		{"another --fail-on", []string{s1, s2, failOn}, "", "--fail-on error and info"},
		{"other jurisdictions", []string{s1, s2, juris}, "", "jurisdictions [] and [ru]"},
		{"a shard missing", []string{s1, s3}, "", "shards missing: 2/3"},
		{"a shard twice", []string{s1, s2, s3, s3}, "", "shard 3/3 is given twice"},
		{"a shard and a whole run", []string{s1, whole}, "", "one is a shard, the other is not"},
		{"a file in two reports", []string{whole, whole}, "", "is in " + whole + " and " + whole},
		{"html without text", []string{s1, s2, s3}, "html", "carries no text of its files"},
		{"an edited summary", []string{s1, s2, edited}, "", "the report was edited"},
		{"not a report", []string{"testdata/rules/house.copydesk.yml"}, "", "house.copydesk.yml: at byte"},
		{"no reports", nil, "", "name the JSON reports to merge"},
	} {
		format := "sarif=" + out
		if c.format != "" {
			format = c.format + "=" + out
		}
		code, stdout, stderr := copydesk(t, "", append([]string{"merge", "-f", format}, c.reports...)...)
		if code != lint.ExitConfig || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.name, code, stdout, stderr, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: the refused merge wrote %s", c.name, out)
			os.Remove(out)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, ".out.sarif*")); len(m) > 0 {
			t.Errorf("%s: left %v", c.name, m)
		}
	}
}
