package main

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/lint"
)

// findingLines returns the finding lines of a text report, without its
// summary line.
func findingLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Contains(l, ".htm") && strings.Contains(l, ": ") {
			lines = append(lines, l)
		}
	}
	return lines
}

func articleFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/articles/*.html")
	if err != nil || len(files) < 10 {
		t.Fatalf("testdata/articles: %d files, %v", len(files), err)
	}
	return files
}

func TestFilesFrom(t *testing.T) {
	inRoot(t)
	files := articleFiles(t)[:8]
	house := "testdata/rules/house.copydesk.yml"
	wantCode, want, _ := copydesk(t, "", append([]string{"check", "--config", house}, files...)...)
	if wantCode != 1 || len(findingLines(want)) == 0 {
		t.Fatalf("the run over the files exits %d with %d findings; the test wants findings", wantCode, len(findingLines(want)))
	}
	dir := t.TempDir()
	// The listing in another order, with a file twice and a blank line.
	rev := append([]string{}, files...)
	sort.Sort(sort.Reverse(sort.StringSlice(rev)))
	listings := map[string]string{
		"lines": strings.Join(append(rev, "", files[0]), "\n") + "\n",
		"nul":   strings.Join(rev, "\x00") + "\x00",
		"crlf":  strings.Join(rev, "\r\n"),
	}
	for name, text := range listings {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := copydesk(t, "", "check", "--config", house, "--files-from", path)
		if code != wantCode || out != want {
			t.Errorf("--files-from %s: exit %d, stdout\n%s\nstderr %s\nwant exit %d and the report of the files as arguments:\n%s", name, code, out, errOut, wantCode, want)
		}
		code, out, _ = copydesk(t, text, "check", "--config", house, "--files-from", "-")
		if code != wantCode || out != want {
			t.Errorf("--files-from - (%s on stdin): exit %d, want %d and the same report", name, code, wantCode)
		}
	}
	// A listed file that does not exist is an input error, the rest is checked.
	path := filepath.Join(dir, "missing")
	if err := os.WriteFile(path, []byte(files[0]+"\nno/such.html\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := copydesk(t, "", "check", "--config", house, "--files-from", path)
	if code != lint.ExitInput || !strings.Contains(errOut, "no/such.html: no such file or directory") {
		t.Errorf("a listed file that does not exist: exit %d, stderr %q; want 3 naming it", code, errOut)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"--files-from", filepath.Join(dir, "none")}, "--files-from " + filepath.Join(dir, "none") + ": no such file or directory"},
		{[]string{"--files-from", path, files[0]}, "give no paths with it"},
		{[]string{"--files-from", path, "--staged"}, "cannot be used with --changed or --staged"},
	} {
		code, out, errOut := copydesk(t, "", append([]string{"check"}, bad.args...)...)
		if code != lint.ExitConfig || out != "" || !strings.Contains(errOut, bad.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", bad.args, code, out, errOut, bad.want)
		}
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := copydesk(t, "", "check", "--files-from", empty); code != lint.ExitConfig || !strings.Contains(errOut, "no files to check: the listing "+empty+" names none") {
		t.Errorf("an empty listing: exit %d, stderr %q; want 2, no files to check", code, errOut)
	}
	if code, _, _ := copydesk(t, "", "check", "--allow-no-files", "--files-from", empty); code != 0 {
		t.Errorf("an empty listing with --allow-no-files: exit %d, want 0", code)
	}
}

// TestShardFlag checks that the shards of a run check every file once:
// their findings together are those of the run, each file's in one shard.
func TestShardFlag(t *testing.T) {
	inRoot(t)
	house := "testdata/rules/house.copydesk.yml"
	_, whole, _ := copydesk(t, "", "check", "--config", house, "testdata/articles")
	want := findingLines(whole)
	files := len(articleFiles(t))
	for _, n := range []int{2, 3} {
		var got []string
		checked := 0
		owner := map[string]int{}
		for k := 1; k <= n; k++ {
			shard := []string{"--shard", lint.ShardSpec{Index: k, Count: n}.String()}
			if k == n {
				// The last shard as an Indexed Job's pod names it.
				shard = nil
				t.Setenv(lint.EnvShardCount, strconv.Itoa(n))
				t.Setenv(lint.EnvJobIndex, strconv.Itoa(k-1))
			}
			code, out, errOut := copydesk(t, "", append([]string{"check", "--config", house, "testdata/articles"}, shard...)...)
			if code > 1 {
				t.Fatalf("shard %d/%d: exit %d: %s", k, n, code, errOut)
			}
			lines := findingLines(out)
			got = append(got, lines...)
			for _, l := range lines {
				path, _, _ := strings.Cut(l, ":")
				if o, ok := owner[path]; ok && o != k {
					t.Errorf("%s has findings in shards %d and %d of %d", path, o, k, n)
				}
				owner[path] = k
			}
			var nf int
			if i := strings.LastIndex(out, " in "); i >= 0 {
				nf, _ = strconv.Atoi(strings.Fields(out[i+4:])[0])
			}
			checked += nf
		}
		t.Setenv(lint.EnvShardCount, "")
		t.Setenv(lint.EnvJobIndex, "")
		sort.Strings(got)
		w := append([]string{}, want...)
		sort.Strings(w)
		if strings.Join(got, "\n") != strings.Join(w, "\n") {
			t.Errorf("%d shards: their findings are not those of the whole run:\n%s\nwant\n%s", n, strings.Join(got, "\n"), strings.Join(w, "\n"))
		}
		if checked != files {
			t.Errorf("%d shards checked %d files, want %d", n, checked, files)
		}
	}
	// A shard that gets none of the files passes: they are in another.
	for k := 1; k <= 4; k++ {
		if code, _, errOut := copydesk(t, "", "check", "--shard", strconv.Itoa(k)+"/4", "testdata/articles/rferl-aleppo-clean.html"); code != 0 {
			t.Errorf("shard %d/4 of one clean file: exit %d: %s", k, code, errOut)
		}
	}
	for _, bad := range []struct {
		args, env []string
		want      string
	}{
		{args: []string{"--shard", "0/3"}, want: "--shard 0/3: the shard must be from 1 to 3; shards count from 1"},
		{args: []string{"--shard", "3"}, want: "--shard 3: expected K/N"},
		{env: []string{lint.EnvShardCount, "3"}, want: "COPYDESK_SHARDS=3 needs JOB_COMPLETION_INDEX"},
		{env: []string{lint.EnvShardCount, "3", lint.EnvJobIndex, "3"}, want: "from 0 to 2"},
	} {
		for i := 0; i+1 < len(bad.env); i += 2 {
			t.Setenv(bad.env[i], bad.env[i+1])
		}
		code, out, errOut := copydesk(t, "", append(append([]string{"check"}, bad.args...), "testdata/articles")...)
		if code != lint.ExitConfig || out != "" || !strings.Contains(errOut, bad.want) {
			t.Errorf("%q %q: exit %d, stderr %q; want 2 and %q", bad.args, bad.env, code, errOut, bad.want)
		}
		t.Setenv(lint.EnvShardCount, "")
		t.Setenv(lint.EnvJobIndex, "")
	}
}
