package docgen

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/rules"
)

// yamlBlockRE matches a fenced YAML block of a markdown text.
var yamlBlockRE = regexp.MustCompile("(?ms)^```yaml\n(.*?)^```")

// TestDocExamples checks that the rule files and configs the docs show
// (YAML blocks with version: 1, with pack: for a rule file) load without
// errors.
func TestDocExamples(t *testing.T) {
	root, files := docs(t)
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range yamlBlockRE.FindAllStringSubmatch(string(data), -1) {
			src := m[1]
			if !regexp.MustCompile(`(?m)^version: 1$`).MatchString(src) {
				continue
			}
			name := fmt.Sprintf("%s, YAML block %d", f, i+1)
			if regexp.MustCompile(`(?m)^pack:`).MatchString(src) {
				_, err = rules.ParseRuleFile(name, []byte(src), rules.LoadOptions{Examples: true})
			} else {
				_, err = rules.ParseConfig(name, []byte(src))
			}
			if err != nil {
				t.Errorf("%s:\n%v", name, strings.TrimSpace(err.Error()))
			}
			n++
		}
	}
	if n < 5 {
		t.Errorf("only %d examples found", n)
	}
}
