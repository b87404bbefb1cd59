package main

import (
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
	x, err := e.Explain(l, cat, id)
	if err != nil {
		return err
	}
	return report.WriteExplanation(e.Stdout, x)
}
