package docgen

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// pinRE matches where the docs tell users which copydesk to take: an
// action reference, a go install of the module, a pre-commit rev.
var pinRE = regexp.MustCompile(`copydesk/copydesk@([^\s` + "`" + `"']+)|github\.com/copydesk/copydesk/cmd/copydesk@([^\s` + "`" + `"']+)|(?m)^\s*rev:\s*([^\s#]+)`)

// TestDocVersionPins: every version the docs, action.yml and the
// pre-commit hooks file pin is one that works today: main, a commit, or a
// tag this repository has (issue 16 item 4: the README pinned v0.1.0,
// which does not exist).
func TestDocVersionPins(t *testing.T) {
	root, files := docs(t)
	files = append(files, "action.yml", ".pre-commit-hooks.yaml")
	tags := map[string]bool{}
	if out, err := exec.Command("git", "-C", root, "tag", "--list").Output(); err == nil {
		for _, tag := range strings.Fields(string(out)) {
			tags[tag] = true
		}
	}
	commit := regexp.MustCompile(`^[0-9a-f]{7,40}$`)
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pinRE.FindAllStringSubmatch(string(data), -1) {
			ref := m[1] + m[2] + m[3]
			n++
			if ref != "main" && !commit.MatchString(ref) && !tags[ref] && !strings.HasPrefix(ref, "$") {
				t.Errorf("%s pins copydesk at %q: not main, a commit or a tag of this repository (tags: %d)", f, ref, len(tags))
			}
		}
	}
	if n < 4 {
		t.Errorf("only %d pins found", n)
	}
}
