package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/internal/docgen"
)

// TestFlagDocs checks that the docs' table of the check flags is the one
// flagTable makes of checkFlags (-update rewrites it).
func TestFlagDocs(t *testing.T) {
	table := flagTable(checkFlags())
	for _, f := range checkFlags() {
		if !strings.Contains(table, "`--"+f.Names()[0]) {
			t.Errorf("the table lacks --%s", f.Names()[0])
		}
	}
	docgen.Section(t, "flags", table, *update, "go test ./cmd/copydesk -run TestFlagDocs -update")
}

// flagTable is the markdown table of a command's flags: each flag with
// its aliases and value, and its usage, default and where to read more.
func flagTable(list []docFlag) string {
	var b strings.Builder
	b.WriteString("| flag | meaning |\n|---|---|\n")
	for _, f := range list {
		names := f.Names()
		var cells []string
		for _, a := range names[1:] {
			cells = append(cells, "`"+dashes(a)+a+"`")
		}
		name := "--" + names[0]
		switch {
		case strings.HasPrefix(f.arg, "["):
			name += f.arg
		case f.arg != "":
			name += " " + f.arg
		}
		cells = append(cells, "`"+name+"`")
		meaning := usageText(f.Flag.(cli.DocGenerationFlag).GetUsage())
		if d := defaultText(f.Flag); d != "" {
			meaning += " (default: " + d + ")"
		}
		if f.see != "" {
			meaning += " (" + f.see + ")"
		}
		fmt.Fprintf(&b, "| %s | %s |\n", escapePipes(strings.Join(cells, ", ")), escapePipes(meaning))
	}
	return b.String()
}

// dashes is "-" for a one-letter flag name, else "--".
func dashes(name string) string {
	if len(name) == 1 {
		return "-"
	}
	return "--"
}

// usageText is a usage line with its `placeholder` (which names the
// value in the help, and the table beside the flag) as a plain word:
// "revision `[=REF]`" reads "revision REF".
func usageText(u string) string {
	if i := strings.Index(u, "`"); i >= 0 {
		if j := strings.Index(u[i+1:], "`"); j >= 0 {
			u = u[:i] + strings.Trim(u[i+1:i+1+j], "[=]") + u[i+1+j+1:]
		}
	}
	return u
}

// defaultText is the default of a flag that takes a value, as the table
// gives it: the value as code, or the flag's own words for it (its
// DefaultText, for a default that depends on the machine); "" when it
// has none.
func defaultText(f cli.Flag) string {
	var words, value string
	switch f := f.(type) {
	case *cli.StringFlag:
		words, value = f.DefaultText, f.Value
	case *cli.IntFlag:
		words, value = f.DefaultText, strconv.Itoa(f.Value)
	}
	switch {
	case words != "":
		return words
	case value != "":
		return "`" + value + "`"
	}
	return ""
}

func escapePipes(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
