package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

// packStatus says when a built-in pack runs: by default, when its
// variables are set, or when a config lists it.
func packStatus(f *rules.File) string {
	name := strings.TrimPrefix(f.Path, rules.BuiltinPrefix)
	switch {
	case slices.Contains(rules.DefaultPacks(), name):
		return "default: runs with no config, and with `builtin:default`"
	case slices.Contains(rules.ConditionalPacks(), name):
		var vars []string
		for _, v := range f.Vars {
			if v.Default == nil {
				vars = append(vars, "`vars."+v.Name+"`")
			}
		}
		return fmt.Sprintf("conditional: `builtin:default` loads it once the config sets %s; applies to pages in jurisdiction %s",
			strings.Join(vars, " and "), "`"+strings.Join(f.Jurisdictions, "`, `")+"`")
	}
	return fmt.Sprintf("opt-in: list `builtin:%s` under `packs:`", name)
}

// WritePackReference writes the markdown reference of the built-in packs
// and of copydesk's own rules.
func WritePackReference(w io.Writer, cat *rules.Set) error {
	var b strings.Builder
	for _, f := range cat.Files {
		name := strings.TrimPrefix(f.Path, rules.BuiltinPrefix)
		fmt.Fprintf(&b, "#### `%s`\n\n%s\n\n*%s.*\n\n", name, strings.TrimSpace(f.Description), packStatus(f))
		if len(f.Vars) > 0 {
			b.WriteString("Variables:\n\n")
			for _, v := range f.Vars {
				fmt.Fprintf(&b, "- `%s`: %s", v.Name, strings.TrimSuffix(v.Doc, "."))
				switch {
				case v.Default != nil:
					fmt.Fprintf(&b, " (default: %s)", strings.Join(v.Default.Values, ", "))
				case v.Example != nil:
					fmt.Fprintf(&b, " (required, e.g. %s)", strings.Join(v.Example.Values, ", "))
				}
				b.WriteString("\n")
			}
			b.WriteString("\n")
		}
		writeRuleTable(&b, f.Rules)
	}
	var own []*rules.Rule
	for _, r := range cat.Rules {
		if r.Internal {
			own = append(own, r)
		}
	}
	fmt.Fprintf(&b, "#### `%s`\n\ncopydesk's own rules, in every run: problems with a page's markup or encoding and with its suppressions (see [Suppressions](https://github.com/copydesk/copydesk/blob/main/docs/suppressions.md)).\n\n", rules.PackCopydesk)
	writeRuleTable(&b, own)
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// writeRuleTable writes a markdown table of rules.
func writeRuleTable(b *strings.Builder, list []*rules.Rule) {
	b.WriteString("| rule | severity | title |\n|---|---|---|\n")
	for _, r := range list {
		sev := r.Severity.String()
		if r.OptIn {
			sev += " (opt-in: `rules: {" + r.ID + ": on}`)"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", r.ID, sev, strings.ReplaceAll(r.Title, "|", `\|`))
	}
	b.WriteString("\n")
}
