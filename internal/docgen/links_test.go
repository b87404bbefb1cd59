package docgen

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoURL is the repository's address; links to files of its main
// branch are checked like relative links.
const repoURL = "https://github.com/copydesk/copydesk"

// TestDocLinks checks that every relative link of README.md and
// docs/*.md, and every link into this repository's main branch, names a
// file or directory that exists and, with #anchor, an anchor of it (a
// heading of a markdown file, as GitHub makes anchors).
func TestDocLinks(t *testing.T) {
	root, files := docs(t)
	c := &linkChecker{root: root, anchors: map[string]map[string]bool{}}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, link := range Links(string(data)) {
			if msg := c.check(f, link); msg != "" {
				t.Errorf("%s: link %s: %s", f, link, msg)
			}
			n++
		}
	}
	if n < 20 {
		t.Errorf("only %d links in %q: is the link parser broken?", n, files)
	}
}

// repoURLRE matches addresses in this repository: the repository (the
// README) with an anchor, or a file of the main branch.
var repoURLRE = regexp.MustCompile(regexp.QuoteMeta(repoURL) + `(?:/(?:blob|tree)/main/[^\s"'()<>#` + "`" + `]+)?(?:#[^\s"'()<>` + "`" + `]*)?`)

// TestRepoURLs checks the addresses in this repository that the code,
// the built-in packs and the golden files give (rules' url fields, the
// help link of SARIF rules, the starter config): each names a file that
// exists and, with #anchor, an anchor of it.
func TestRepoURLs(t *testing.T) {
	root, _ := docs(t)
	c := &linkChecker{root: root, anchors: map[string]map[string]bool{}}
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if name == ".git" || name == "fuzz" || (strings.HasPrefix(name, ".") && p != root) {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(name) {
		case ".go", ".yml", ".yaml", ".json", ".sarif":
		default:
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		for _, u := range repoURLRE.FindAllString(string(data), -1) {
			if u == repoURL || !strings.ContainsAny(strings.TrimPrefix(u, repoURL), "#/") {
				continue
			}
			if msg := c.check("README.md", u); msg != "" {
				t.Errorf("%s: %s: %s", filepath.ToSlash(rel), u, msg)
			}
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 5 {
		t.Errorf("only %d addresses into the repository found", n)
	}
}

// docs returns the repository root and its docs.
func docs(t *testing.T) (string, []string) {
	t.Helper()
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(root)
	if err != nil {
		t.Fatal(err)
	}
	return root, files
}

// linkChecker resolves links, remembering the anchors of the files.
type linkChecker struct {
	root    string
	anchors map[string]map[string]bool // by slash path from the root
}

// check returns what is wrong with a link of the doc from (a slash path
// from the root), or "" when it resolves or is not checked (another site).
func (c *linkChecker) check(from, link string) string {
	target, anchor, _ := strings.Cut(link, "#")
	switch {
	case strings.HasPrefix(target, repoURL+"/blob/main/"), strings.HasPrefix(target, repoURL+"/tree/main/"):
		target = "/" + strings.SplitN(strings.TrimPrefix(target, repoURL+"/"), "/", 3)[2]
	case target == repoURL:
		target = "/README.md"
	case strings.Contains(target, ":") || strings.HasPrefix(target, "//"):
		return "" // another site, mailto:, …
	}
	file := from
	switch {
	case target == "":
	case strings.HasPrefix(target, "/"):
		file = path.Clean(strings.TrimPrefix(target, "/"))
	default:
		file = path.Join(path.Dir(from), target)
	}
	if file == ".." || strings.HasPrefix(file, "../") {
		return "outside the repository"
	}
	info, err := os.Stat(filepath.Join(c.root, filepath.FromSlash(file)))
	if err != nil {
		return "no file " + file
	}
	if anchor == "" {
		return ""
	}
	if info.IsDir() || !strings.HasSuffix(file, ".md") {
		return "an anchor in " + file + ", which is not a markdown file"
	}
	a, ok := c.anchors[file]
	if !ok {
		data, err := os.ReadFile(filepath.Join(c.root, filepath.FromSlash(file)))
		if err != nil {
			return err.Error()
		}
		a = Anchors(string(data))
		c.anchors[file] = a
	}
	if !a[anchor] {
		return "no heading with anchor #" + anchor + " in " + file
	}
	return ""
}

// TestNoOutsideContract checks that nothing in the repository cites a
// document outside it (the specification the project started from):
// code and docs cite docs/.
func TestNoOutsideContract(t *testing.T) {
	root, _ := docs(t)
	cite := regexp.MustCompile(`\bSPEC(?:\.md| §)|\.\./shared/SPEC`)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(p) {
		case ".go", ".md", ".yml", ".yaml", ".txtar", ".sh":
		default:
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if loc := cite.FindIndex(data); loc != nil {
			rel, _ := filepath.Rel(root, p)
			t.Errorf("%s cites %q: cite the repository's docs instead", filepath.ToSlash(rel), data[loc[0]:loc[1]])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
