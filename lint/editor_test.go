package lint

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// writeTree writes files under dir, by slash path.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const testPack = `version: 1
pack: t
rules:
  - id: t/no-lorem
    title: No lorem
    severity: error
    forbid: {text: lorem}
`

// TestLoadWith loads the config that applies to a document's directory,
// with files read through ReadFile where an editor holds them.
func TestLoadWith(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		".git/HEAD":            "ref: refs/heads/main\n",
		"site/.copydesk.yml":   "version: 1\npacks: [./t.yml]\n",
		"site/t.yml":           testPack,
		"site/news/story.html": "<p>lorem</p>",
	})
	e := &Env{Dir: root}
	site := filepath.Join(root, "site")

	// From the document's directory: site/.copydesk.yml.
	l, err := e.LoadWith(LoadOptions{From: filepath.Join(site, "news")})
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Config.Path; got != filepath.Join(site, ".copydesk.yml") {
		t.Errorf("config %s, want site/.copydesk.yml", got)
	}
	if l.Set.Rule("t/no-lorem") == nil {
		t.Errorf("rules %v lack t/no-lorem", l.Set.IDs())
	}
	// From the working directory (the root): no config, the default.
	if p, err := e.ConfigPath(LoadOptions{}); err != nil || p != "" {
		t.Errorf("ConfigPath from the root = %q, %v; want the default", p, err)
	}

	// An unsaved rule file, with an error in it, read through ReadFile.
	unsaved := map[string]string{filepath.Join(site, "t.yml"): strings.Replace(testPack, "severity: error", "severity: eror", 1)}
	read := func(p string) ([]byte, error) {
		if s, ok := unsaved[p]; ok {
			return []byte(s), nil
		}
		return os.ReadFile(p)
	}
	_, err = e.LoadWith(LoadOptions{From: site, ReadFile: read})
	var list rules.ErrorList
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("error %v, want one rules.Error", err)
	}
	if p := list[0].Pos; p.File != filepath.Join(site, "t.yml") || p.Line != 6 || p.Col != 15 {
		t.Errorf("error at %s, want site/t.yml:6:15", p)
	}

	// An unsaved config, read through ReadFile too.
	unsaved = map[string]string{filepath.Join(site, ".copydesk.yml"): "version: 1\npacks: [./t.yml]\nrules: {t/no-lorem: off}\n"}
	l, err = e.LoadWith(LoadOptions{From: site, ReadFile: read})
	if err != nil {
		t.Fatal(err)
	}
	if sev := EffectiveSeverity(l.Config, l.Set.Rule("t/no-lorem")); sev != rules.SevOff {
		t.Errorf("t/no-lorem is %s, want off as the unsaved config says", sev)
	}

	// A file ReadFile cannot read is an error naming it.
	_, err = e.LoadWith(LoadOptions{From: site, ReadFile: func(string) ([]byte, error) { return nil, fs.ErrNotExist }})
	if err == nil {
		t.Error("no error when the config cannot be read")
	}
}

// TestCheckAndFixDocument checks and fixes a document held in memory:
// the fixed text has no fixable finding left, and the findings are in
// the bytes given.
func TestCheckAndFixDocument(t *testing.T) {
	e := &Env{Dir: t.TempDir()}
	l, err := e.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../testdata/articles/rferl-aleppo-bad-credit.html")
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Path: "story.html", Charset: "utf-8"}
	_, findings, ierr := l.CheckDocument(in, src, nil)
	if ierr != nil {
		t.Fatal(ierr.Message)
	}
	fixable := 0
	for _, f := range findings {
		if f.Fix != nil && !f.Suppressed {
			fixable++
		}
		if f.Span.End > len(src) {
			t.Errorf("%s: span %v outside the %d bytes", f.Rule.ID, f.Span, len(src))
		}
	}
	if fixable == 0 {
		t.Fatalf("no fixable finding in %d findings", len(findings))
	}
	res, notes, ierr := l.FixDocument(in, src, nil)
	if ierr != nil {
		t.Fatal(ierr.Message)
	}
	if res.Fixed != fixable || len(notes) != 0 {
		t.Errorf("fixed %d of %d fixable findings; notes %q", res.Fixed, fixable, notes)
	}
	_, after, ierr := l.CheckDocument(in, res.Doc.File, nil)
	if ierr != nil {
		t.Fatal(ierr.Message)
	}
	for _, f := range after {
		if f.Fix != nil && !f.Suppressed {
			t.Errorf("after fixing, %s still has a fix: %s", f.Rule.ID, f.Message)
		}
	}
	if plan := checker.Plan(len(res.Doc.File), after); len(plan.Edits) != 0 {
		t.Errorf("fixing again would change the text: %d edits", len(plan.Edits))
	}
}
