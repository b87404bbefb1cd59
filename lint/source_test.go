package lint

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/rules"
)

// testEnv is an Env in dir that reads stdin from the string.
func testEnv(dir, stdin string) *Env {
	return &Env{Stdin: strings.NewReader(stdin), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }, Dir: dir}
}

func paths(ins []Input) []string {
	out := make([]string, len(ins))
	for i, in := range ins {
		out[i] = in.Path
	}
	return out
}

func TestFileList(t *testing.T) {
	dir := t.TempDir()
	cfg := rules.DefaultConfig()
	cfg.Dir = dir
	cfg.Exclude = []string{"drafts/**"}
	tests := []struct {
		name, listing string
		force         bool
		want          []string
		total         int
	}{
		{name: "newlines", listing: "b.html\na.html\n\nsub/c.htm\n", want: []string{"a.html", "b.html", "sub/c.htm"}, total: 3},
		{name: "no final newline, CRLF", listing: "b.html\r\na.html", want: []string{"a.html", "b.html"}, total: 2},
		{name: "NUL-separated, names with newlines and spaces", listing: "./x y.html\x00a\nb.html\x00", want: []string{"a\nb.html", "x y.html"}, total: 2},
		{name: "a file listed twice is checked once", listing: "a.html\n./a.html\n" + dir + "/a.html\n", want: []string{"a.html"}, total: 1},
		{name: "names are not globs, and any name is read", listing: "[a].html\nnotes.txt\n", want: []string{"[a].html", "notes.txt"}, total: 2},
		{name: "excluded files are checked when listed", listing: "drafts/x.html\n", want: []string{"drafts/x.html"}, total: 1},
		{name: "unless --force-exclude", listing: "drafts/x.html\na.html\n", force: true, want: []string{"a.html"}, total: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, fromStdin := range []bool{false, true} {
				e := testEnv(dir, "")
				name := filepath.Join(t.TempDir(), "list")
				if fromStdin {
					e.Stdin, name = strings.NewReader(tt.listing), "-"
				} else if err := os.WriteFile(name, []byte(tt.listing), 0o644); err != nil {
					t.Fatal(err)
				}
				ls, err := FileList{Name: name, ForceExclude: tt.force}.List(context.Background(), e, cfg)
				if err != nil {
					t.Fatal(err)
				}
				if got := paths(ls.Inputs); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("stdin %v: inputs %q, want %q", fromStdin, got, tt.want)
				}
				if ls.Total != tt.total {
					t.Errorf("stdin %v: total %d, want %d", fromStdin, ls.Total, tt.total)
				}
				for _, in := range ls.Inputs {
					if in.Abs != filepath.Join(dir, filepath.FromSlash(in.Path)) {
						t.Errorf("%s: reads %s", in.Path, in.Abs)
					}
				}
			}
		})
	}
	_, err := FileList{Name: filepath.Join(dir, "missing")}.List(context.Background(), testEnv(dir, ""), cfg)
	if ExitCode(err) != ExitConfig || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing listing: %v (exit %d), want a usage error", err, ExitCode(err))
	}
	_, err = FileList{Name: "-"}.List(context.Background(), testEnv(dir, "a.html\n-\n"), cfg)
	if ExitCode(err) != ExitConfig || !strings.Contains(err.Error(), "entry 2 is -") {
		t.Errorf("listing naming stdin: %v, want a usage error naming the entry", err)
	}
}

func TestSelectionSource(t *testing.T) {
	bad := []struct {
		s    Selection
		want string
	}{
		{Selection{Changed: true, Staged: true}, "--changed and --staged"},
		{Selection{FilesFrom: "l", Staged: true}, "--files-from cannot be used with --changed"},
		{Selection{FilesFrom: "l", Args: []string{"a.html"}}, "give no paths with it (a.html)"},
		{Selection{Changed: true, Args: []string{"-"}}, "- (stdin) cannot be used"},
	}
	for _, b := range bad {
		_, err := b.s.Source()
		if ExitCode(err) != ExitConfig || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%+v: %v, want a usage error with %q", b.s, err, b.want)
		}
	}
	src, err := Selection{FilesFrom: "l", Shard: ShardSpec{2, 3}}.Source()
	if err != nil {
		t.Fatal(err)
	}
	if want := (Shard{Source: FileList{Name: "l"}, Spec: ShardSpec{2, 3}}); src != want {
		t.Errorf("source %#v, want %#v", src, want)
	}
}

func TestDocuments(t *testing.T) {
	d := Documents{{Path: "b.html", Read: func() ([]byte, error) { return nil, nil }}, {Path: "a.html", Abs: "/x/a.html"}}
	ls, err := d.List(context.Background(), testEnv(t.TempDir(), ""), rules.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(ls.Inputs); !reflect.DeepEqual(got, []string{"a.html", "b.html"}) || paths(d)[0] != "b.html" {
		t.Errorf("documents listed as %q (and the source is now %q), want them sorted in a copy", got, paths(d))
	}
	if _, err := (Documents{{Abs: "/x/a.html"}}).List(context.Background(), testEnv(t.TempDir(), ""), rules.DefaultConfig()); err == nil {
		t.Error("a document without a path was listed")
	}
}
