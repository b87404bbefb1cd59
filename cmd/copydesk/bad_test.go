package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/lint"
)

// badConfig runs only testdata/bad/rules.yml: bad/tk reports every "TK"
// (an error), bad/dash every "--" (a warning, with a fix).
const badConfig = "testdata/bad/bad.copydesk.yml"

// badCase is one bad input (docs/limits.md) and what copydesk must make of it.
type badCase struct {
	name string
	// setup makes the inputs in dir (a temporary directory, the working
	// directory of the run) and returns the arguments after "check".
	// Inputs committed in testdata/bad/ are copied in by name with files.
	files []string
	setup func(t *testing.T, dir string) []string
	args  []string // extra arguments (after the inputs)
	stdin string
	code  int
	// stdout and stderr must contain each of these lines or regexps
	// (lines starting with "~").
	stdout, stderr []string
	noStderr       bool
	// after, when set, checks the files in dir after the run.
	after func(t *testing.T, dir string)
}

// badCases lists the cases of testdata/bad/ (README.md there describes
// the files); big and binary inputs are generated here.
func badCases() []badCase {
	return []badCase{
		// Files that are checked and reported.
		{name: "empty file is an empty document", files: []string{"empty.html"}, code: 0, noStderr: true},
		{name: "blank file", files: []string{"blank.html"}, code: 0, noStderr: true},
		{name: "CRLF line endings", files: []string{"crlf.html"}, code: 1, stdout: []string{"crlf.html:3:6: error: Remove the \"TK\" marker [bad/tk]"}},
		{name: "lone CR line endings", files: []string{"lone-cr.html"}, code: 1, stdout: []string{"lone-cr.html:1:15: error:"}},
		{name: "invalid UTF-8", files: []string{"invalid-utf8.html"}, code: 1, stdout: []string{
			"invalid-utf8.html:1:7: warning: invalid UTF-8 (byte 0xe9); browsers show it as \ufffd [copydesk/parse-warning]",
			"invalid-utf8.html:2:6: error:"}},
		{name: "NUL byte after the first kilobyte", files: []string{"nul-after-first-kb.html"}, code: 1, stdout: []string{"nul-after-first-kb.html:2:8: error:"}},
		{name: "unclosed and misnested markup", files: []string{"unclosed.html"}, code: 1, stdout: []string{
			"unclosed.html:1:19: error:", "unclosed.html:2:23: error:", "unclosed.html:3:31: error:", "unclosed.html:4:21: error:"}},
		{name: "unterminated tag at the end", files: []string{"unterminated-tag.html"}, code: 1, stdout: []string{"unterminated-tag.html:1:6: error:", "unterminated-tag.html:2:1: warning: the file ends inside an unfinished tag, which is ignored [copydesk/parse-warning]"}},
		{name: "unterminated comment", files: []string{"unterminated-comment.html"}, code: 1, stdout: []string{"unterminated-comment.html:1:6: error:"}},
		{name: "UTF-8 with byte order mark", files: []string{"utf8-bom.html"}, code: 1, stdout: []string{"utf8-bom.html:1:6: error:", "utf8-bom.html:2:6: warning:"}},
		{name: "UTF-16LE with byte order mark", files: []string{"utf16le-bom.html"}, code: 1, stdout: []string{"utf16le-bom.html:1:6: error:", "utf16le-bom.html:2:6: warning:", "+<p>a — b</p>"}},
		{name: "UTF-16BE with byte order mark", files: []string{"utf16be-bom.html"}, code: 1, stdout: []string{"utf16be-bom.html:1:6: error:", "utf16be-bom.html:2:6: warning:"}},
		{name: "UTF-16LE without byte order mark", files: []string{"utf16le-no-bom.html"}, code: 1, stdout: []string{"utf16le-no-bom.html:2:6: error:"}},
		{name: "windows-1251", files: []string{"windows-1251.html"}, code: 1, stdout: []string{"windows-1251.html:3:16: error:", "windows-1251.html:4:6: warning:", " <p>Привет, мир TK</p>", "+<p>a — b</p>"}},
		{name: "koi8-r in http-equiv, em dash written as a reference", files: []string{"koi8-r.html"}, code: 1, stdout: []string{"koi8-r.html:3:16: error:", "+<p>a &#8212; b</p>"}},
		{name: "iso-8859-1 read as windows-1252", files: []string{"iso-8859-1.html"}, code: 1, stdout: []string{"iso-8859-1.html:3:15: error:", " <p>Café crème TK</p>", "+<p>a — b</p>"}},
		{name: "shift_jis", files: []string{"shift_jis.html"}, code: 1, stdout: []string{"shift_jis.html:3:13: error:", " <p>日本語のテキスト TK</p>"}},
		{name: "gb2312 read as gbk", files: []string{"gb2312.html"}, code: 1, stdout: []string{"gb2312.html:3:9: error:", "+<p>a — b</p>"}},
		{name: "euc-kr", files: []string{"euc-kr.html"}, code: 1, stdout: []string{"euc-kr.html:3:12: error:"}},
		{name: "declared latin-1 but UTF-8", files: []string{"declared-latin1-but-utf8.html"}, code: 1, stdout: []string{
			"declared-latin1-but-utf8.html:2:1: warning: the page declares charset windows-1252 but is valid UTF-8; checked as UTF-8 (browsers show it as windows-1252) [copydesk/parse-warning]",
			"declared-latin1-but-utf8.html:3:9: error:"}},
		{name: "100 000 nested elements", setup: func(t *testing.T, dir string) []string {
			src := strings.Repeat("<div>", 100000) + "deep TK" + strings.Repeat("</div>", 100000)
			writeTestFile(t, filepath.Join(dir, "deep.html"), src)
			return []string{"deep.html"}
		}, code: 1, stdout: []string{
			"deep.html:1:2561: warning: markup nested more than 512 elements deep; deeper elements are kept as siblings, as browsers do [copydesk/parse-warning]",
			"deep.html:1:500006: error:"}},
		{name: "parse warnings can be turned off", setup: func(t *testing.T, dir string) []string {
			writeTestFile(t, filepath.Join(dir, "cfg.yml"), "version: 1\npacks: [./rules.yml]\nrules: {copydesk/parse-warning: off}\n")
			copyTestFile(t, "testdata/bad/rules.yml", filepath.Join(dir, "rules.yml"))
			copyTestFile(t, "testdata/bad/invalid-utf8.html", filepath.Join(dir, "invalid-utf8.html"))
			return []string{"--config", "cfg.yml", "invalid-utf8.html"}
		}, code: 1, stdout: []string{"~^invalid-utf8.html:2:6: error:[^\n]*\n1 finding"}},

		// Inputs that are not HTML: an error each, the others still checked.
		{name: "PNG image", setup: func(t *testing.T, dir string) []string {
			writeTestFile(t, filepath.Join(dir, "photo.html"), "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "crlf.html"))
			return []string{"photo.html", "crlf.html"}
		}, code: 3, stderr: []string{"photo.html: not HTML: PNG image"}, stdout: []string{"crlf.html:3:6: error:"}},
		{name: "gzip-compressed page", setup: func(t *testing.T, dir string) []string {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			if _, err := zw.Write([]byte("<p>TK</p>")); err != nil || zw.Close() != nil {
				t.Fatal("gzip")
			}
			writeTestFile(t, filepath.Join(dir, "page.html"), b.String())
			return []string{"page.html"}
		}, code: 3, stderr: []string{"page.html: not HTML: gzip-compressed data"}},
		{name: "NUL bytes at the start", setup: func(t *testing.T, dir string) []string {
			writeTestFile(t, filepath.Join(dir, "blob.html"), "<p>TK\n\x00\x01\x02\x03</p>")
			return []string{"blob.html"}
		}, code: 3, stderr: []string{"blob.html:2:1: not HTML: binary data (NUL byte at offset 6)"}},
		{name: "a page of tiny elements over its node budget", setup: func(t *testing.T, dir string) []string {
			writeTestFile(t, filepath.Join(dir, "tiny.html"), strings.Repeat("<p>a\n", 140_000))
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "crlf.html"))
			return []string{"tiny.html", "crlf.html"}
		}, code: 3, stderr: []string{"tiny.html:135936:4: too many elements: more than 271875 elements, text nodes and attributes in a file of 700000 bytes (at most 250000, and one more per 32 bytes); not checked"},
			stdout: []string{"crlf.html:3:6: error:"}},
		{name: "iso-2022-jp", files: []string{"iso-2022-jp.html"}, code: 1, stdout: []string{"iso-2022-jp.html:3:8: error:", "iso-2022-jp.html:4:6: warning:"}},

		// Fixes in the file's encoding.
		{name: "--fix writes windows-1251", files: []string{"windows-1251.html"}, args: []string{"--fix"}, code: 1,
			stdout: []string{"windows-1251.html:3:16: error:"}, after: fixedAs("windows-1251.html", "<p>a \x97 b</p>")},
		{name: "--fix writes a reference for what koi8-r lacks", files: []string{"koi8-r.html"}, args: []string{"--fix"}, code: 1,
			after: fixedAs("koi8-r.html", "<p>a &#8212; b</p>")},
		{name: "--fix writes UTF-16LE", files: []string{"utf16le-bom.html"}, args: []string{"--fix"}, code: 1,
			after: fixedAs("utf16le-bom.html", "\xff\xfe"+toUTF16LE("<p>Ж TK</p>\n<p>a — b</p>\n"))},
		{name: "--fix refuses to write iso-2022-jp and reports the file as it is", files: []string{"iso-2022-jp.html"}, args: []string{"--fix"}, code: 1,
			stdout: []string{"iso-2022-jp.html:3:8: error:", "iso-2022-jp.html:4:6: warning:"},
			stderr: []string{"iso-2022-jp.html: not fixed: cannot write fixes in iso-2022-jp, a stateful encoding"},
			after:  unchanged("iso-2022-jp.html")},
		{name: "--fix refuses to write after an odd byte of UTF-16", setup: func(t *testing.T, dir string) []string {
			data, err := os.ReadFile("testdata/bad/utf16le-bom.html")
			if err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, filepath.Join(dir, "cut.html"), string(data)+"<")
			return []string{"--fix", "cut.html"}
		}, code: 1, stderr: []string{"cut.html: not fixed: cannot write fixes in this UTF-16 file: it has an odd number of bytes (it is cut short)"}},
		{name: "declared encoding browsers refuse", files: []string{"iso-2022-kr.html"}, code: 3, stderr: []string{`iso-2022-kr.html:2:1: unsupported character encoding "iso-2022-kr"`}},

		// Size limits.
		{name: "--max-size skips larger files", setup: func(t *testing.T, dir string) []string {
			writeTestFile(t, filepath.Join(dir, "big.html"), "<p>TK</p>"+strings.Repeat("<p>filler</p>\n", 100000))
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "crlf.html"))
			return []string{"--max-size", "1MB", "big.html", "crlf.html"}
		}, code: 3, stderr: []string{"big.html: file is 1.3 MiB, larger than --max-size 1 MiB; not checked"}, stdout: []string{"crlf.html:3:6: error:"}},
		{name: "--max-size applies to stdin", args: []string{"--max-size", "100", "-"}, stdin: strings.Repeat("<p>x</p>", 20), code: 3,
			stderr: []string{"<stdin>: input is larger than --max-size 100 bytes; not checked"}},
		{name: "--max-size 0 is no limit", args: []string{"--max-size", "0", "-"}, stdin: "<p>TK</p>", code: 1, stdout: []string{"<stdin>:1:4: error:"}},
		{name: "bad --max-size", args: []string{"--max-size", "lots", "x.html"}, code: 2, stderr: []string{"--max-size lots: expected a size"}},

		// Paths.
		{name: "missing file", args: []string{"nope.html"}, code: 3, stderr: []string{"nope.html: no such file or directory"}},
		{name: "directory named like a page is walked", setup: func(t *testing.T, dir string) []string {
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "d.html", "inner.html"))
			return []string{"d.html"}
		}, code: 1, stdout: []string{"d.html/inner.html:3:6: error:"}},
		{name: "glob", setup: func(t *testing.T, dir string) []string {
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "a", "one.html"))
			copyTestFile(t, "testdata/bad/lone-cr.html", filepath.Join(dir, "b", "two.html"))
			return []string{"**/t*.html"}
		}, code: 1, stdout: []string{"b/two.html:1:15: error:"}},
		{name: "glob without match", args: []string{"nothing/**/*.html"}, code: 3, stderr: []string{"nothing/**/*.html: no files match this pattern"}},
		{name: "dangling symlink named on the command line", setup: func(t *testing.T, dir string) []string {
			symlink(t, "gone.html", filepath.Join(dir, "link.html"))
			return []string{"link.html"}
		}, code: 3, stderr: []string{"link.html: broken symbolic link: its target gone.html does not exist"}},
		{name: "dangling symlink in a directory", setup: func(t *testing.T, dir string) []string {
			symlink(t, "gone.html", filepath.Join(dir, "site", "link.html"))
			symlink(t, "gone-dir", filepath.Join(dir, "site", "assets")) // not a page: ignored
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "site", "ok.html"))
			return []string{"site"}
		}, code: 3, stderr: []string{"site/link.html: broken symbolic link: its target gone.html does not exist"}, stdout: []string{"site/ok.html:3:6: error:"}},
		{name: "symlinked directory is followed, a loop is an error", setup: func(t *testing.T, dir string) []string {
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "real", "story.html"))
			symlink(t, "../real", filepath.Join(dir, "site", "linked"))
			symlink(t, ".", filepath.Join(dir, "site", "loop"))
			symlink(t, "..", filepath.Join(dir, "site", "sub", "up"))
			return []string{"site"}
		}, code: 3, stderr: []string{"site/loop: symbolic link loop: links back to site, which contains it", "site/sub/up: symbolic link loop: links back to site, which contains it"}, stdout: []string{"site/linked/story.html:3:6: error:"}},
		{name: "symlink to itself", setup: func(t *testing.T, dir string) []string {
			symlink(t, "self.html", filepath.Join(dir, "self.html"))
			return []string{"self.html"}
		}, code: 3, stderr: []string{"self.html: symbolic link loop"}},
		{name: "file reached twice is checked once", setup: func(t *testing.T, dir string) []string {
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "site", "a.html"))
			symlink(t, "a.html", filepath.Join(dir, "site", "latest.html"))
			return []string{"site", "site/a.html"}
		}, code: 1, stdout: []string{"~^site/a.html:3:6: error:[^\n]*\n1 finding"}},
		{name: "named pipe in a directory", setup: func(t *testing.T, dir string) []string {
			if err := mkfifo(filepath.Join(dir, "fifo.html")); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "ok.html"))
			return []string{"."}
		}, code: 3, stderr: []string{"fifo.html: not a regular file"}, stdout: []string{"ok.html:3:6: error:"}},
		{name: "unreadable file (injected: tests run as root)", setup: func(t *testing.T, dir string) []string {
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "locked.html"))
			copyTestFile(t, "testdata/bad/lone-cr.html", filepath.Join(dir, "ok.html"))
			return []string{"locked.html", "ok.html"}
		}, code: 3, stderr: []string{"locked.html: permission denied"}, stdout: []string{"ok.html:1:15: error:"}},
		{name: "unreadable directory (injected)", setup: func(t *testing.T, dir string) []string {
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "site", "locked", "a.html"))
			copyTestFile(t, "testdata/bad/lone-cr.html", filepath.Join(dir, "site", "ok.html"))
			return []string{"site"}
		}, code: 3, stderr: []string{"site/locked: permission denied"}, stdout: []string{"site/ok.html:1:15: error:"}},
		{name: "file disappears between walk and read (injected)", setup: func(t *testing.T, dir string) []string {
			copyTestFile(t, "testdata/bad/crlf.html", filepath.Join(dir, "site", "vanishing.html"))
			copyTestFile(t, "testdata/bad/lone-cr.html", filepath.Join(dir, "site", "ok.html"))
			return []string{"site"}
		}, code: 3, stderr: []string{"site/vanishing.html: no such file or directory"}, stdout: []string{"site/ok.html:1:15: error:"}},
	}
}

// faultFS fails where the bad-input cases say: files and directories
// named "locked*" are unreadable, "vanishing*" files are gone by the
// time they are read.
type faultFS struct{}

func (f faultFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if strings.HasPrefix(filepath.Base(name), "locked") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return os.ReadDir(name)
}

func (f faultFS) Open(name string) (fs.File, error) {
	switch base := filepath.Base(name); {
	case strings.HasPrefix(base, "locked"):
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	case strings.HasPrefix(base, "vanishing"):
		os.Remove(name)
	}
	return os.Open(name)
}

func TestBadInput(t *testing.T) {
	root, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root = filepath.Join(root, "../..")
	for _, tt := range badCases() {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "run")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			copyTestFile(t, filepath.Join(root, badConfig), filepath.Join(dir, filepath.Base(badConfig)))
			copyTestFile(t, filepath.Join(root, "testdata/bad/rules.yml"), filepath.Join(dir, "rules.yml"))
			args := []string{"check", "--config", filepath.Base(badConfig)}
			for _, f := range tt.files {
				copyTestFile(t, filepath.Join(root, "testdata/bad", f), filepath.Join(dir, f))
				copyTestFile(t, filepath.Join(root, "testdata/bad", f), filepath.Join(dir, "..", "orig-"+f))
				args = append(args, f)
			}
			if tt.setup != nil {
				t.Chdir(root) // setup copies from testdata/
				extra := tt.setup(t, dir)
				t.Chdir(dir)
				args = append(args, extra...)
			}
			args = append(args, tt.args...)
			var out, errb bytes.Buffer
			e := &env{lint.Env{Stdin: strings.NewReader(tt.stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }, Dir: dir, FS: faultFS{}}}
			code := e.run(t.Context(), append([]string{"copydesk"}, args...))
			if code != tt.code {
				t.Errorf("exit %d, want %d", code, tt.code)
			}
			matchAll(t, "stdout", out.String(), tt.stdout)
			matchAll(t, "stderr", errb.String(), tt.stderr)
			if tt.noStderr && errb.Len() > 0 {
				t.Errorf("unexpected stderr:\n%s", errb.String())
			}
			if tt.after != nil {
				tt.after(t, dir)
			}
			if t.Failed() {
				t.Logf("copydesk %s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), out.String(), errb.String())
			}
		})
	}
}

// fixedAs checks that --fix left name in testdata/bad changed only where
// "<p>a -- b</p>" was, now the bytes want.
func fixedAs(name, want string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		orig, err := os.ReadFile(filepath.Join(dir, "..", "orig-"+name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(got, []byte(want)) && string(got) != want {
			t.Errorf("%s after --fix: %q, want it to hold %q", name, got, want)
		}
		if bytes.Equal(got, orig) {
			t.Errorf("%s is unchanged", name)
		}
	}
}

// unchanged checks that name is as it was.
func unchanged(name string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		t.Helper()
		orig, err := os.ReadFile(filepath.Join(dir, "..", "orig-"+name))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, orig) {
			t.Errorf("%s changed: %q", name, got)
		}
	}
}

func toUTF16LE(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func matchAll(t *testing.T, name, got string, wants []string) {
	t.Helper()
	for _, w := range wants {
		if re, ok := strings.CutPrefix(w, "~"); ok {
			if !regexp.MustCompile("(?m)" + re).MatchString(got) {
				t.Errorf("%s does not match %q", name, re)
			}
			continue
		}
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q", name, w)
		}
	}
}

// TestBadInputOffsets checks the JSON offsets of every finding in
// testdata/bad/: each bad/tk finding names the bytes of "TK" in the file
// as read, whatever its encoding.
func TestBadInputOffsets(t *testing.T) {
	inRoot(t)
	code, out, errOut := copydesk(t, "", "check", "--config", badConfig, "-f", "json", "testdata/bad")
	if code != 3 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	var doc struct {
		Files []struct {
			Path     string `json:"path"`
			Findings []struct {
				Rule   string `json:"rule"`
				Offset int    `json:"offset"`
				End    int    `json:"end_offset"`
			} `json:"findings"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range doc.Files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		for _, fd := range f.Findings {
			if fd.Rule != "bad/tk" {
				continue
			}
			n++
			switch got := string(data[fd.Offset:fd.End]); got {
			case "TK", "T\x00K\x00", "\x00T\x00K":
			default:
				t.Errorf("%s: bad/tk at [%d,%d) names %q", f.Path, fd.Offset, fd.End, got)
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d bad/tk findings", n)
	}
}

// TestUnreadableAsUser checks real permissions, which only bind a user
// other than root (the CI machine runs tests as root, where the injected
// cases of TestBadInput stand in).
func TestUnreadableAsUser(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, who can read files of any mode")
	}
	inRoot(t)
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked.html")
	writeTestFile(t, locked, "<p>x</p>")
	lockedDir := filepath.Join(dir, "lockeddir")
	writeTestFile(t, filepath.Join(lockedDir, "a.html"), "<p>x</p>")
	for _, p := range []string{locked, lockedDir} {
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(p, 0o755) })
	}
	code, _, errOut := copydesk(t, "", "check", "--config", badConfig, dir)
	if code != 3 || !strings.Contains(errOut, "locked.html: permission denied") || !strings.Contains(errOut, "lockeddir: permission denied") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}

func writeTestFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTestFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, to, string(data))
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlink: %v", err)
	}
}

// TestBadRuleFilesAllAtOnce loads every broken rule file of
// testdata/rules/bad at once, with a config that names an unknown
// built-in pack and a missing file: exit 2, nothing checked, and every
// error each file states (see rules/testdata_test.go), with its
// file:line:col, in one run.
func TestBadRuleFilesAllAtOnce(t *testing.T) {
	inRoot(t)
	files, err := filepath.Glob("testdata/rules/bad/*.yml")
	if err != nil || len(files) < 2 {
		t.Fatalf("bad rule files: %v", err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.yml")
	writeTestFile(t, cfg, "version: 1\npacks: [builtin:editorial, ./missing.yml]\n")
	args := []string{"check", "--config", cfg}
	var want []string
	for _, f := range files {
		args = append(args, "--rules", f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		expecting := false
		for _, line := range strings.Split(string(data), "\n") {
			if !strings.HasPrefix(line, "#") {
				break
			}
			expecting = expecting || strings.Contains(line, "Expected error")
			if s := strings.TrimSpace(strings.TrimPrefix(line, "#")); expecting && strings.HasPrefix(s, filepath.Base(f)+":") {
				want = append(want, "testdata/rules/bad/"+s)
			}
		}
	}
	rel, _ := filepath.Rel(".", cfg)
	want = append(want, rel+":2:28: packs[1]: cannot read rule file")
	code, out, errOut := copydesk(t, "", append(args, "testdata/bad/crlf.html")...)
	wantConfigErrors(t, code, out, errOut, want)
}

// TestBadConfigAllAtOnce checks that every problem of a config is
// reported in one run, with its position (exit 2, nothing checked).
func TestBadConfigAllAtOnce(t *testing.T) {
	inRoot(t)
	cfg := filepath.Join(t.TempDir(), "c.yml")
	writeTestFile(t, cfg, `version: 1
packs: [builtin:editorail, builtin:nope]
jurisdiction: [ru]
include: ["site/{a,b"]
rules:
  editorial/duplicate-paragraph: fatal
`)
	rel, _ := filepath.Rel(".", cfg)
	code, out, errOut := copydesk(t, "", "check", "--config", cfg, "testdata/bad/crlf.html")
	want := []string{
		rel + `:2:9: packs[0]: unknown built-in pack "editorail" (did you mean "builtin:editorial"?)`,
		rel + `:2:28: packs[1]: unknown built-in pack "nope"`,
		rel + `:3:1: unknown key "jurisdiction" (did you mean "jurisdictions"?)`,
		rel + `:4:11: include[0]: invalid glob "site/{a,b": unmatched {`,
		rel + `:6:34: rules.editorial/duplicate-paragraph: invalid value "fatal"`,
	}
	wantConfigErrors(t, code, out, errOut, want)
}

// wantConfigErrors checks a run that stopped at its config or rule files:
// exit 2, nothing on stdout, and on stderr each wanted error and no other.
func wantConfigErrors(t *testing.T, code int, out, errOut string, want []string) {
	t.Helper()
	if code != 2 || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	for _, w := range want {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q", w)
		}
	}
	if n := strings.Count(errOut, "\n"); n != len(want) {
		t.Errorf("%d errors, want %d:\n%s", n, len(want), errOut)
	}
}
