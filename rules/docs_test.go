package rules

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/docgen"
)

var update = flag.Bool("update", false, "rewrite the generated sections of the docs")

// TestFormatDocs checks the docs' tables of the rule file and config
// keys (docs/rules.md, docs/configuration.md): they are made of the
// wire structs' tags, as the JSON Schemas are (-update rewrites them).
func TestFormatDocs(t *testing.T) {
	const regen = "go test ./rules -run TestFormatDocs -update"
	var b strings.Builder
	for _, part := range []struct{ title, name string }{
		{"The file", "rule file"},
		{"A rule (an entry of `rules`)", "rule"},
		{"A variable declaration (an entry of `vars`)", "var"},
		{"`fix`", "fix"},
		{"`examples`", "examples"},
		{"`when`: conditions", "when"},
	} {
		fmt.Fprintf(&b, "%s:\n\n%s\n", part.title, keyTable(FormatKeys(part.name)))
	}
	docgen.Section(t, "rule-keys", b.String(), *update, regen)

	b.Reset()
	fmt.Fprintf(&b, "%s\nAn entry of `overrides`:\n\n%s", keyTable(FormatKeys("config")), keyTable(FormatKeys("override")))
	docgen.Section(t, "config-keys", b.String(), *update, regen)
}

// keyTable formats keys as a markdown table.
func keyTable(keys []KeyDoc) string {
	var b strings.Builder
	b.WriteString("| key | default | meaning |\n|---|---|---|\n")
	var oneOf []string
	for _, k := range keys {
		def := ""
		if k.Default != "" {
			def = "`" + k.Default + "`"
		}
		doc := k.Doc
		if k.Required {
			doc = "**required**: " + doc
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", k.Key, def, cellEscaper.Replace(doc))
		if k.OneOf {
			oneOf = append(oneOf, "`"+k.Key+"`")
		}
	}
	if len(oneOf) > 0 {
		fmt.Fprintf(&b, "\nExactly one of %s is given.\n", orList(oneOf))
	}
	return b.String()
}

// cellEscaper keeps a doc line's text as it is in a markdown table cell.
var cellEscaper = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;")
