package report

import (
	"fmt"
	"strings"
	"testing"

	"github.com/copydesk/copydesk/internal/docgen"
)

// TestFormatDocs checks the docs' list of output formats (the formats
// section of docs/reports.md): each format's name and Doc (-update
// rewrites it).
func TestFormatDocs(t *testing.T) {
	var b strings.Builder
	b.WriteString("| format | what |\n|---|---|\n")
	for _, f := range Formats() {
		fmt.Fprintf(&b, "| `%s` | %s |\n", f.Name, strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(f.Doc))
	}
	docgen.Section(t, "formats", b.String(), *update, "go test ./report -run TestFormatDocs -update")
}
