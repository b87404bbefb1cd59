package main

import (
	"fmt"
	"slices"
	"strings"

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
		cat, err := lint.Catalog()
		if err != nil {
			return e.PrintConfigError(err)
		}
		return report.WritePackReference(e.Stdout, cat)
	}
	l, err := e.load(c.String("config"), c.StringSlice("rules"))
	if err != nil {
		return err
	}
	var cat *rules.Set
	if c.Bool("all") {
		if cat, err = lint.Catalog(); err != nil {
			return e.PrintConfigError(err)
		}
	}
	list := l.RuleEntries(cat)
	if format == "json" {
		return report.WriteRuleEntriesJSON(e.Stdout, list)
	}
	return report.WriteRuleEntries(e.Stdout, list, l.Set.Inactive)
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
	cat, err := lint.Catalog()
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
