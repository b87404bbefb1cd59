package checker

import (
	"fmt"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/docgen"
	"github.com/copydesk/copydesk/rules"
)

// TestKindDocs checks the docs' reference of the check kinds (the kinds
// section of docs/rules.md): each kind's Doc, and the keys of its value
// with their doc tags (-update rewrites it).
func TestKindDocs(t *testing.T) {
	docgen.Section(t, "kinds", kindsMarkdown(), *update, "go test ./checker -run TestKindDocs -update")
}

// kindsMarkdown is the reference of the check kinds, in markdown.
func kindsMarkdown() string {
	esc := strings.NewReplacer("<", "&lt;", ">", "&gt;")
	var b strings.Builder
	for _, k := range Kinds() {
		fmt.Fprintf(&b, "### `%s`\n\n%s\n\n", k.Name, esc.Replace(k.Doc))
		var oneOf []string
		for _, key := range rules.FormatKeys(k.Name) {
			fmt.Fprintf(&b, "- `%s`", key.Key)
			switch {
			case key.Required:
				b.WriteString(" (required)")
			case key.Default != "":
				fmt.Fprintf(&b, " (default `%s`)", key.Default)
			}
			fmt.Fprintf(&b, ": %s.\n", esc.Replace(key.Doc))
			if key.OneOf {
				oneOf = append(oneOf, "`"+key.Key+"`")
			}
		}
		if len(oneOf) > 0 {
			fmt.Fprintf(&b, "\nExactly one of %s is given.\n", strings.Join(oneOf, ", "))
		}
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
