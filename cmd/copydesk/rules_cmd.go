package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

func (e *env) rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list the enabled rules (id, severity, pack, title)",
		Description: "With --all, also the rules of built-in packs that the config does not enable.\n" +
			"--format markdown prints the reference of every built-in pack, whatever the config\n" +
			"(docs/packs.md's pack list is this output).",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "config file"},
			&cli.StringSliceFlag{Name: "rules", Usage: "add a rule file (repeatable)"},
			&cli.BoolFlag{Name: "all", Usage: "also list the rules of built-in packs the config does not enable"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text, json or markdown"},
		},
		Action: e.listRules,
	}
}

func (e *env) listRules(c *cli.Context) error {
	format := c.String("format")
	if format != "text" && format != "json" && format != "markdown" {
		return usageErrorf("--format %s: expected text, json or markdown", format)
	}
	if format == "markdown" {
		cat, err := builtinCatalog()
		if err != nil {
			return e.PrintConfigError(err)
		}
		return writePackReference(e.Stdout, cat)
	}
	l, err := e.load(c.String("config"), c.StringSlice("rules"))
	if err != nil {
		return err
	}
	all := c.Bool("all")
	list := make([]report.RuleEntry, 0, len(l.Set.Rules))
	for _, r := range l.Set.Rules {
		sev := lint.EffectiveSeverity(l.Config, r)
		if sev == rules.SevOff && !all {
			continue
		}
		j := report.RuleEntry{ID: r.ID, Severity: sev.String(), Pack: r.Pack, Kind: r.Kind(), Title: r.Title, URL: r.URL, OptIn: r.OptIn}
		if all {
			on := sev != rules.SevOff
			j.Enabled = &on
			if !on {
				j.Severity = r.Severity.String()
			}
		}
		list = append(list, j)
	}
	if all {
		cat, err := builtinCatalog()
		if err != nil {
			return e.PrintConfigError(err)
		}
		for _, r := range cat.Rules {
			if l.Set.Rule(r.ID) != nil {
				continue
			}
			off := false
			list = append(list, report.RuleEntry{ID: r.ID, Severity: r.Severity.String(), Pack: r.Pack, Kind: r.Kind(), Title: r.Title, URL: r.URL, Enabled: &off, OptIn: r.OptIn})
		}
	}
	if format == "json" {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(list)
	}
	tw := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	for _, r := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s", r.ID, r.Severity, r.Pack, r.Title)
		switch {
		case r.OptIn && r.Enabled != nil && !*r.Enabled:
			fmt.Fprint(tw, "\t(opt-in, not enabled)")
		case r.Enabled != nil && !*r.Enabled:
			fmt.Fprint(tw, "\t(not enabled)")
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, f := range l.Set.Inactive {
		fmt.Fprintf(e.Stdout, "\ninactive: %s needs %s in %s", f.Path, f.MissingText(), rules.ConfigName)
	}
	if len(l.Set.Inactive) > 0 {
		fmt.Fprintln(e.Stdout)
	}
	return nil
}

// builtinCatalog loads every built-in pack, its declared variables set
// to the values its examples are written for: the rules explain and
// rules --all can show when the config does not enable them.
func builtinCatalog() (*rules.Set, error) {
	cfg := rules.DefaultConfig()
	cfg.Packs = nil
	for _, name := range rules.BuiltinNames() {
		cfg.Packs = append(cfg.Packs, rules.PackRef{Name: rules.BuiltinPrefix + name})
	}
	return rules.LoadExamples(cfg, nil)
}

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

// writePackReference writes the markdown reference of the built-in packs
// and of copydesk's own rules.
func writePackReference(w io.Writer, cat *rules.Set) error {
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

func (e *env) explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "show the title, help, url and examples of a rule, and whether the config enables it",
		ArgsUsage: "RULE-ID",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "config file"},
			&cli.StringSliceFlag{Name: "rules", Usage: "add a rule file (repeatable)"},
		},
		Action: e.explain,
	}
}

func (e *env) explain(c *cli.Context) error {
	if c.Args().Len() != 1 {
		return usageErrorf("explain needs one rule id, e.g. copydesk explain editorial/duplicate-paragraph")
	}
	id := c.Args().First()
	l, err := e.load(c.String("config"), c.StringSlice("rules"))
	if err != nil {
		return err
	}
	cat, err := builtinCatalog()
	if err != nil {
		return e.PrintConfigError(err)
	}
	r, enabled := l.Set.Rule(id), ""
	var file *rules.File
	switch {
	case r != nil:
		file = fileOf(l.Set, r)
		sev := lint.EffectiveSeverity(l.Config, r)
		enabled = "yes, by " + e.configName(l.Config)
		_, set := l.Config.Severities[r.ID]
		switch {
		case sev == rules.SevOff && r.OptIn && !set:
			enabled = fmt.Sprintf("no: the rule is opt-in; turn it on under rules: in %s (%s: on)", rules.ConfigName, r.ID)
		case sev == rules.SevOff:
			enabled = "no: it is turned off under rules: in " + e.configName(l.Config)
		case r.OptIn:
			enabled += fmt.Sprintf(" (an opt-in rule, turned on with severity %s under its rules:)", sev)
		case set:
			enabled += fmt.Sprintf(" (severity %s from its rules:)", sev)
		}
	case cat.Rule(id) != nil:
		r = cat.Rule(id)
		file = fileOf(cat, r)
		enabled = fmt.Sprintf("no: %s does not load %s; add it under packs:", e.configName(l.Config), file.Path)
		for _, f := range l.Set.Inactive {
			if f.Path == file.Path {
				enabled = fmt.Sprintf("no: %s needs %s in %s", f.Path, f.MissingText(), rules.ConfigName)
			}
		}
	default:
		ids := append(l.Set.IDs(), cat.IDs()...)
		msg := fmt.Sprintf("unknown rule %q", id)
		if s := rules.SuggestID(id, ids); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return usageErrorf("%s", msg)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n\n", r.ID, r.Title)
	pack := r.Pack
	if file != nil && strings.HasPrefix(file.Path, rules.BuiltinPrefix) {
		pack += " (built-in)"
	} else if file != nil {
		pack += " (" + e.Rel(file.Path) + ")"
	}
	kind := r.Kind()
	if r.Internal {
		kind = "copydesk's own"
	}
	fmt.Fprintf(&b, "pack:     %s\nkind:     %s\nseverity: %s\nenabled:  %s\n", pack, kind, r.Severity, enabled)
	if len(r.Jurisdictions) > 0 {
		fmt.Fprintf(&b, "applies:  to pages in jurisdiction %s\n", strings.Join(r.Jurisdictions, ", "))
	}
	if r.URL != "" {
		fmt.Fprintf(&b, "url:      %s\n", r.URL)
	}
	if file != nil && len(file.Vars) > 0 {
		b.WriteString("vars:\n")
		for _, v := range file.Vars {
			fmt.Fprintf(&b, "  %s: %s", v.Name, v.Doc)
			if set, ok := l.Config.Vars[v.Name]; ok && r == l.Set.Rule(id) {
				fmt.Fprintf(&b, " (set: %s)", strings.Join(set.Values, ", "))
			} else if v.Default != nil {
				fmt.Fprintf(&b, " (default: %s)", strings.Join(v.Default.Values, ", "))
			}
			b.WriteString("\n")
		}
	}
	if h := strings.TrimSpace(r.Help); h != "" {
		fmt.Fprintf(&b, "\n%s\n", h)
	}
	for _, ex := range []struct {
		name string
		list []string
	}{{"valid", r.Examples.Valid}, {"invalid", r.Examples.Invalid}} {
		if len(ex.list) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s examples:\n", ex.name)
		for _, x := range ex.list {
			fmt.Fprintf(&b, "  %s\n", strings.ReplaceAll(strings.TrimSpace(x), "\n", "\n  "))
		}
	}
	_, err = fmt.Fprint(e.Stdout, b.String())
	return err
}

// fileOf returns the rule file of a rule of the set, or nil for
// copydesk's own rules.
func fileOf(set *rules.Set, r *rules.Rule) *rules.File {
	for _, f := range set.Files {
		if slices.Contains(f.Rules, r) {
			return f
		}
	}
	return nil
}

// configName names the current config for messages.
func (e *env) configName(cfg *rules.Config) string {
	if cfg.Path == "" {
		return "the built-in default config (no " + rules.ConfigName + ")"
	}
	return e.Rel(cfg.Path)
}
