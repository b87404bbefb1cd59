package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/copydesk/copydesk/internal/testdiff"
	"github.com/copydesk/copydesk/lint"
)

// copyTree copies the regular files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readTree returns the HTML files under dir by slash path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if ext := strings.ToLower(filepath.Ext(p)); err != nil || d.IsDir() || ext != ".html" && ext != ".htm" {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTrees reports the files in which two trees differ.
func sameTrees(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	var names []string
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if got[n] != want[n] {
			t.Errorf("%s: %s differs:\n%s", what, n, testdiff.FirstLine(want[n], got[n]))
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
}

// fixWorkspace copies the test articles and rule files to a new
// directory, makes it the working directory and returns it.
func fixWorkspace(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "site")
	copyTree(t, filepath.Join(root, "testdata/articles"), filepath.Join(dir, "articles"))
	copyTree(t, filepath.Join(root, "testdata/rules"), filepath.Join(dir, "rules"))
	t.Chdir(dir)
	return dir
}

// TestDiffAppliesAndFixMatches checks, with the house rules, every
// built-in pack and the stress rules, that --diff writes nothing and
// exits as a plain check; that its patch applies with git apply and
// patch -p1 and gives the files --fix writes; that a second --fix changes
// nothing; and that the edits of the JSON report, applied to the
// original, give what --fix wrote.
func TestDiffAppliesAndFixMatches(t *testing.T) {
	for _, cfg := range []string{"house", "packs-all", "fix-stress"} {
		t.Run(cfg, func(t *testing.T) {
			dir := fixWorkspace(t)
			base := filepath.Dir(dir)
			args := []string{"check", "--config", "rules/" + cfg + ".copydesk.yml", "--jurisdiction", "ru", "articles"}
			orig := readTree(t, dir)

			plain, _, _ := copydesk(t, "", args...)
			code, patch, errOut := copydesk(t, "", append(args, "--diff")...)
			if code != plain || code > 1 {
				t.Errorf("--diff exits %d, the plain check %d; stderr:\n%s", code, plain, errOut)
			}
			if patch == "" || !strings.Contains(errOut, "can be fixed; the patch is on stdout") {
				t.Fatalf("no patch; stderr:\n%s", errOut)
			}
			sameTrees(t, "after --diff", orig, readTree(t, dir))
			patchFile := filepath.Join(base, "fix.patch")
			if err := os.WriteFile(patchFile, []byte(patch), 0o644); err != nil {
				t.Fatal(err)
			}
			_, js, _ := copydesk(t, "", append(args, "-f", "json")...)

			// --fix, twice.
			fixed := filepath.Join(base, "fixed")
			copyTree(t, dir, fixed)
			t.Chdir(fixed)
			code, out, errOut := copydesk(t, "", append(args, "--fix")...)
			if code > 1 || !strings.Contains(out, " fixed") {
				t.Fatalf("--fix: exit %d\n%s\n%s", code, out, errOut)
			}
			if strings.Contains(errOut, "fixing stopped") || strings.Contains(errOut, "fix not applied") {
				t.Errorf("--fix: %s", errOut)
			}
			want := readTree(t, fixed)
			code2, out2, _ := copydesk(t, "", append(args, "--fix")...)
			sameTrees(t, "second --fix", want, readTree(t, fixed))
			if code2 != code || strings.Contains(out2, " fixed") {
				t.Errorf("second --fix: exit %d (first %d), output:\n%s", code2, code, out2)
			}

			// The patch, applied by git and by patch.
			for _, tool := range [][]string{{"git", "apply", patchFile}, {"patch", "-p1", "-s", "--no-backup-if-mismatch", "-i", patchFile}} {
				if _, err := exec.LookPath(tool[0]); err != nil {
					t.Logf("%s not found", tool[0])
					continue
				}
				d := filepath.Join(base, tool[0])
				copyTree(t, dir, d)
				cmd := exec.Command(tool[0], tool[1:]...)
				cmd.Dir = d
				cmd.Env = append(os.Environ(), "GIT_CEILING_DIRECTORIES="+base)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", strings.Join(tool, " "), err, out)
				}
				sameTrees(t, tool[0], want, readTree(t, d))
			}

			// The JSON report's edits, applied to the original.
			compared := applyJSONEdits(t, js, orig, want)
			t.Logf("%d files fixed; %d compared with the JSON edits", len(diffFiles(orig, want)), compared)
			if compared == 0 {
				t.Error("no file compared with the edits of the JSON report")
			}
		})
	}
}

// applyJSONEdits applies the fixes of a JSON report to the original files
// as the JSON documents them: the fixes of findings that are not
// suppressed, in report order, identical edits once, each fix whole. A
// file whose fixes overlap is fixed in several passes by --fix and is not
// compared. It returns how many files it compared.
func applyJSONEdits(t *testing.T, js string, orig, fixed map[string]string) int {
	t.Helper()
	type edit struct {
		Offset    int    `json:"offset"`
		EndOffset int    `json:"end_offset"`
		Text      string `json:"text"`
	}
	var doc struct {
		Files []struct {
			Path     string `json:"path"`
			Findings []struct {
				Suppressed bool `json:"suppressed"`
				Fix        *struct {
					Edits []edit `json:"edits"`
				} `json:"fix"`
			} `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatal(err)
	}
	overlaps := func(a, b edit) bool {
		switch {
		case a.Offset == a.EndOffset && b.Offset == b.EndOffset:
			return false
		case a.Offset == a.EndOffset:
			return b.Offset < a.Offset && a.Offset < b.EndOffset
		case b.Offset == b.EndOffset:
			return a.Offset < b.Offset && b.Offset < a.EndOffset
		}
		return a.Offset < b.EndOffset && b.Offset < a.EndOffset
	}
	compared := 0
	for _, f := range doc.Files {
		name := strings.TrimPrefix(f.Path, "articles/")
		var taken []edit
		clash := false
		for _, fd := range f.Findings {
			if fd.Suppressed || fd.Fix == nil {
				continue
			}
			var add []edit
			for _, e := range fd.Fix.Edits {
				dup := false
				for _, x := range taken {
					dup = dup || x == e
					clash = clash || x != e && overlaps(x, e)
				}
				if !dup {
					add = append(add, e)
				}
			}
			taken = append(taken, add...)
		}
		if clash || len(taken) == 0 {
			continue
		}
		// By offset; at one offset insertions (in report order) come
		// before a replacement.
		sort.SliceStable(taken, func(i, j int) bool {
			a, b := taken[i], taken[j]
			if a.Offset != b.Offset {
				return a.Offset < b.Offset
			}
			return a.Offset == a.EndOffset && b.Offset != b.EndOffset
		})
		src := orig["articles/"+name]
		var b strings.Builder
		at := 0
		for _, e := range taken {
			b.WriteString(src[at:e.Offset])
			b.WriteString(e.Text)
			at = e.EndOffset
		}
		b.WriteString(src[at:])
		compared++
		if got := b.String(); got != fixed["articles/"+name] {
			t.Errorf("%s: the JSON edits applied to the original differ from what --fix wrote:\n%s", f.Path, testdiff.FirstLine(fixed["articles/"+name], got))
		}
	}
	return compared
}

func TestDiffDeterministic(t *testing.T) {
	fixWorkspace(t)
	args := []string{"check", "--config", "rules/fix-stress.copydesk.yml", "--diff", "articles"}
	_, one, _ := copydesk(t, "", append(args, "--jobs", "1")...)
	_, eight, _ := copydesk(t, "", append(args, "--jobs", "8")...)
	if one != eight || one == "" {
		t.Errorf("--jobs 1 and --jobs 8 differ:\n%s", testdiff.FirstLine(one, eight))
	}
}

func TestFixUsage(t *testing.T) {
	fixWorkspace(t)
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--fix", "--diff", "articles"}, "--fix and --diff exclude each other"},
		{[]string{"--diff", "-f", "json", "articles"}, "--diff writes the patch to stdout"},
		{[]string{"--diff", "-f", "text=-", "articles"}, "--diff writes the patch to stdout"},
		{[]string{"--fix", "-"}, "--fix cannot rewrite stdin"},
		{[]string{"--fix", "--staged"}, "--fix cannot be used with --staged"},
	} {
		code, out, errOut := copydesk(t, "", append([]string{"check", "--config", "rules/house.copydesk.yml"}, tt.args...)...)
		if code != exitConfig || !strings.Contains(errOut, tt.stderr) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr:\n%s", tt.args, code, out, errOut)
		}
	}
	// A report with a path goes along with --diff.
	code, patch, errOut := copydesk(t, "", "check", "--config", "rules/house.copydesk.yml", "--diff", "-f", "json=report.json", "articles/sponsored-travel.html")
	data, err := os.ReadFile("report.json")
	if code != exitFindings || err != nil || !json.Valid(data) || !strings.HasPrefix(patch, "--- a/articles/sponsored-travel.html\n") {
		t.Errorf("--diff -f json=report.json: exit %d, %v\n%s\n%s", code, err, patch, errOut)
	}
}

func TestFixExitsByWhatRemains(t *testing.T) {
	dir := fixWorkspace(t)
	args := []string{"check", "--config", "rules/house.copydesk.yml", "articles/sponsored-travel.html"}
	if code, _, _ := copydesk(t, "", args...); code != exitFindings {
		t.Fatalf("before fixing: exit %d, want 1", code)
	}
	code, out, errOut := copydesk(t, "", append(args, "--fix")...)
	if code != exitOK || !strings.Contains(out, "no findings in 1 file; 1 fixed") {
		t.Errorf("--fix: exit %d, want 0\n%s%s", code, out, errOut)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "articles/sponsored-travel.html"))
	if !strings.Contains(string(data), `<p class="sponsored-label">Paid Advertisement</p>`) {
		t.Error("label not fixed")
	}
	code, out, _ = copydesk(t, "", append(args, "--fix", "-f", "json")...)
	if code != exitOK || strings.Contains(out, `"fixed"`) {
		t.Errorf("second --fix: exit %d, JSON says something was fixed:\n%s", code, out)
	}
}

func TestDiffStdin(t *testing.T) {
	fixWorkspace(t)
	page := "<html lang=en><body><article>\n  <p>Prices rose 4 per cent.</p>\n</article></body></html>\n"
	code, patch, errOut := copydesk(t, page, "check", "--config", "rules/house.copydesk.yml", "--diff", "--stdin-filename", "story.html", "-")
	want := "--- a/story.html\n+++ b/story.html\n@@ -1,3 +1,3 @@\n <html lang=en><body><article>\n-  <p>Prices rose 4 per cent.</p>\n+  <p>Prices rose 4 percent.</p>\n </article></body></html>\n"
	if code != exitOK || patch != want {
		t.Errorf("exit %d, patch:\n%s\nwant:\n%s\nstderr:\n%s", code, patch, want, errOut)
	}
}

// TestFixLegacyEncoding fixes a windows-1251 page: the replacement is
// written in windows-1251, and the patch of --diff is in the file's bytes
// (so it applies); a UTF-16 page gets no patch, but --fix fixes it.
func TestFixLegacyEncoding(t *testing.T) {
	dir := fixWorkspace(t)
	writeTestFile(t, "words.yml", "version: 1\npack: w\nrules:\n  - id: w/world\n    title: World\n    forbid: {words: [мир], replace: свет}\n")
	writeTestFile(t, "words.copydesk.yml", "version: 1\npacks: [./words.yml]\n")
	page := "<html><head><meta charset=\"windows-1251\"></head><body>\n<p>Привет, мир!</p>\n</body></html>\n"
	enc, err := charmap.Windows1251.NewEncoder().String(page)
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, "cp.html", enc)
	u16 := []byte{0xff, 0xfe}
	for _, r := range "<p>Привет, мир!</p>\n" {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	writeTestFile(t, "u16.html", string(u16))

	code, patch, errOut := copydesk(t, "", "check", "--config", "words.copydesk.yml", "--diff", "cp.html", "u16.html")
	wantLine, _ := charmap.Windows1251.NewEncoder().String("+<p>Привет, свет!</p>\n")
	if code != exitOK || !strings.Contains(patch, wantLine) || !strings.Contains(errOut, "u16.html: no patch for a UTF-16LE file") {
		t.Errorf("--diff: exit %d\n%q\n%s", code, patch, errOut)
	}
	if !strings.Contains(errOut, "1 finding in 1 file (UTF-16: no patch, see above) can be fixed only by check --fix") {
		t.Errorf("--diff: the summary leaves out the UTF-16 file's fix:\n%s", errOut)
	}
	// A UTF-16 file alone: its fixes are no patch, but not "nothing to fix".
	code, patch, errOut = copydesk(t, "", "check", "--config", "words.copydesk.yml", "--diff", "u16.html")
	if code != exitOK || patch != "" || strings.Contains(errOut, "nothing to fix") || !strings.Contains(errOut, "copydesk: no patch: 1 finding in 1 file") {
		t.Errorf("--diff u16.html: exit %d\n%q\n%s", code, patch, errOut)
	}
	if code, out, errOut := copydesk(t, "", "check", "--config", "words.copydesk.yml", "--fix", "cp.html", "u16.html"); code != exitOK || !strings.Contains(out, "2 fixed") {
		t.Fatalf("--fix: exit %d\n%s%s", code, out, errOut)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "cp.html"))
	got, _ := charmap.Windows1251.NewDecoder().String(string(data))
	if got != strings.Replace(page, "мир", "свет", 1) {
		t.Errorf("cp.html after --fix, decoded:\n%s", got)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "u16.html"))
	if !bytes.Contains(data, []byte{0x41, 0x04, 0x32, 0x04, 0x35, 0x04, 0x42, 0x04}) { // "свет" in UTF-16LE
		t.Errorf("u16.html after --fix: % x", data)
	}
}

// TestFixKeepsModeAndLinks checks that --fix keeps the file's mode, and
// that a symbolic link stays a link to the fixed file.
func TestFixKeepsModeAndLinks(t *testing.T) {
	dir := fixWorkspace(t)
	path := filepath.Join(dir, "articles/sponsored-travel.html")
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	symlink(t, "articles/reuters-kyiv-wire.html", filepath.Join(dir, "link.html"))
	code, out, errOut := copydesk(t, "", "check", "--config", "rules/house.copydesk.yml", "--fix", "articles/sponsored-travel.html", "link.html")
	if code > 1 || !strings.Contains(out, "2 fixed") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if mode := fileMode(t, path); mode != 0o640 {
		t.Errorf("mode after --fix: %v, want -rw-r-----", mode)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "link.html")); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("link.html is no longer a symbolic link: %v", err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "articles/reuters-kyiv-wire.html"))
	if !strings.Contains(string(data), "40 percent") {
		t.Error("the link's target was not fixed")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "articles"))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".copydesk-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// faultyFile is a temporary file whose step named fail fails.
type faultyFile struct {
	*os.File
	fail string
}

var errInjected = errors.New("injected failure")

func (f faultyFile) Write(p []byte) (int, error) {
	if f.fail == "write" {
		n, _ := f.File.Write(p[:len(p)/2]) // a short write, as on a full disk
		return n, errInjected
	}
	return f.File.Write(p)
}

func (f faultyFile) Chmod(m fs.FileMode) error {
	if f.fail == "chmod" {
		return errInjected
	}
	return f.File.Chmod(m)
}

func (f faultyFile) Sync() error {
	if f.fail == "sync" {
		return errInjected
	}
	return f.File.Sync()
}

func (f faultyFile) Close() error {
	err := f.File.Close()
	if f.fail == "close" {
		return errInjected
	}
	return err
}

// faultyWriter is a lint.FileWriter whose step named fail fails.
func faultyWriter(fail string) lint.FileWriter {
	return lint.FileWriter{
		CreateTemp: func(dir, pattern string) (lint.TempFile, error) {
			if fail == "create" {
				return nil, errInjected
			}
			f, err := os.CreateTemp(dir, pattern)
			if err != nil {
				return nil, err
			}
			return faultyFile{File: f, fail: fail}, nil
		},
		Rename: func(from, to string) error {
			if fail == "rename" {
				return errInjected
			}
			return os.Rename(from, to)
		},
	}
}

// TestFixInterruptedWrite makes each step of writing a fixed file fail:
// the original stays byte for byte, no temporary file is left, and the
// run exits 3 naming the file.
func TestFixInterruptedWrite(t *testing.T) {
	dir := fixWorkspace(t)
	path := filepath.Join(dir, "articles/sponsored-travel.html")
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{"create", "write", "chmod", "sync", "close", "rename"} {
		t.Run(step, func(t *testing.T) {
			var out, errb bytes.Buffer
			e := &env{lint.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: os.Getenv, Dir: dir, Files: faultyWriter(step)}}
			code := e.run(context.Background(), []string{"copydesk", "check", "--config", "rules/house.copydesk.yml", "--fix", "articles/sponsored-travel.html"})
			if code != exitInput || !strings.Contains(errb.String(), "articles/sponsored-travel.html: not fixed: ") ||
				!strings.Contains(errb.String(), "injected failure; the file is unchanged") {
				t.Errorf("exit %d, stderr:\n%s", code, errb.String())
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, orig) {
				t.Error("the original file changed")
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			for _, x := range entries {
				if strings.Contains(x.Name(), ".copydesk-") {
					t.Errorf("temporary file left behind: %s", x.Name())
				}
			}
		})
	}
}

// diffFiles returns the names of the files that differ between two trees.
func diffFiles(a, b map[string]string) []string {
	var out []string
	for n := range a {
		if a[n] != b[n] {
			out = append(out, n)
		}
	}
	return out
}
