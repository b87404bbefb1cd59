package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/rules"
)

func (e *env) rulesCommand() *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list the enabled rules (id, severity, pack, title)",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "config file"},
			&cli.StringSliceFlag{Name: "rules", Usage: "add a rule file (repeatable)"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text or json"},
		},
		Action: e.listRules,
	}
}

// ruleJSON is the wire form of a rule in `rules --format json`.
type ruleJSON struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Pack     string `json:"pack"`
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	URL      string `json:"url,omitempty"`
}

func (e *env) listRules(c *cli.Context) error {
	format := c.String("format")
	if format != "text" && format != "json" {
		return usageErrorf("--format %s: expected text or json", format)
	}
	l, err := e.load(c.String("config"), c.StringSlice("rules"))
	if err != nil {
		return err
	}
	list := make([]ruleJSON, 0, len(l.set.Rules))
	for _, r := range l.set.Rules {
		sev := effectiveSeverity(l.cfg, r)
		if sev == rules.SevOff {
			continue
		}
		list = append(list, ruleJSON{ID: r.ID, Severity: sev.String(), Pack: r.Pack, Kind: r.Kind(), Title: r.Title, URL: r.URL})
	}
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(list)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, r := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Pack, r.Title)
	}
	return tw.Flush()
}

// effectiveSeverity is a rule's severity after the config's rules: map
// (overrides by path are not applied: they depend on the file).
func effectiveSeverity(cfg *rules.Config, r *rules.Rule) rules.Severity {
	if o, ok := cfg.Severities[r.ID]; ok {
		return o.Severity
	}
	return r.Severity
}

func (e *env) explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "show the title, help, url and examples of a rule",
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
	r := l.set.Rule(id)
	if r == nil {
		msg := fmt.Sprintf("unknown rule %q", id)
		if s := rules.SuggestID(id, l.set.IDs()); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		}
		return usageErrorf("%s", msg)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "pack: %s   kind: %s   severity: %s\n", r.Pack, r.Kind(), effectiveSeverity(l.cfg, r))
	if r.URL != "" {
		fmt.Fprintf(&b, "url: %s\n", r.URL)
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
	_, err = fmt.Fprint(e.stdout, b.String())
	return err
}
