package docgen

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateLimits = flag.Bool("update", false, "rewrite the README's limits summary from docs/limits.md")

// TestLimitsSummary keeps the README's table of what hostile and huge
// inputs cost (<!-- limits-summary -->) in step with the measured table of
// docs/limits.md ("Hostile and huge inputs", written from a run of
// scripts/limits.sh): the same rows, with the shape, its size, the
// html.Parse baseline, copydesk's cost and the limit.
func TestLimitsSummary(t *testing.T) {
	root, err := Root()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "docs", "limits.md"))
	if err != nil {
		t.Fatal(err)
	}
	const header = "| shape | size | html.Parse CPU / RSS | before: CPU / RSS | after: CPU / RSS |"
	_, table, ok := strings.Cut(string(data), header)
	if !ok {
		t.Fatalf("docs/limits.md has no table starting %q", header)
	}
	var b strings.Builder
	b.WriteString("| input | size | html.Parse: CPU / peak RSS | copydesk check: CPU / peak RSS | RSS limit |\n|---|---:|---:|---:|---:|\n")
	rows := 0
	for _, line := range strings.Split(table, "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 8 {
			t.Fatalf("docs/limits.md: a row of %d cells, want 8: %s", len(cells), line)
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		b.WriteString("| " + strings.Join([]string{cells[0], cells[1], cells[2], cells[4], cells[7]}, " | ") + " |\n")
		rows++
	}
	if rows < 10 {
		t.Fatalf("docs/limits.md's table has %d rows", rows)
	}
	Section(t, "limits-summary", b.String(), *updateLimits, "go test ./internal/docgen -run TestLimitsSummary -update")
}
