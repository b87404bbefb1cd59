package main

import (
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
)

func (e *env) mergeCommand() *cli.Command {
	return &cli.Command{
		Name:      "merge",
		Usage:     "merge the JSON reports of shards (check --shard) into one result, written in any format",
		ArgsUsage: "REPORT.json|DIR...",
		Description: "The reports must come from one run split into shards, or from runs of one version of copydesk\n" +
			"with the same config over different files; the result is what a single run over all the files\n" +
			"writes. A directory stands for the *.json reports in it. See docs/shards.md.",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "format", Aliases: []string{"f"}, Usage: "output format NAME[=PATH] (repeatable): " + report.FormatNames()},
			&cli.BoolFlag{Name: "no-color", Usage: "no colour in text output (NO_COLOR is honoured too)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "text output: only findings that fail the run, no summary"},
			&cli.BoolFlag{Name: "json-text", Usage: "json: keep each file's text (the reports must carry it: check --json-text)"},
			&cli.StringFlag{Name: "junit-below-fail-on", Value: "pass", Usage: "junit: show a rule whose findings are all below --fail-on as passed, skipped or failed"},
		},
		Action: e.merge,
	}
}

// merge reads the flags of merge into lint.MergeOptions and merges.
func (e *env) merge(c *cli.Context) error {
	o := lint.MergeOptions{
		Reports:  c.Args().Slice(),
		NoColor:  c.Bool("no-color"),
		Quiet:    c.Bool("quiet"),
		JSONText: c.Bool("json-text"),
	}
	var err error
	if o.Outputs, err = parseOutputs(c.StringSlice("format")); err != nil {
		return err
	}
	if i := slices.Index(report.JUnitBelowNames, c.String("junit-below-fail-on")); i >= 0 {
		o.JUnitBelow = report.JUnitBelow(i)
	} else {
		return usageErrorf("--junit-below-fail-on %s: expected %s", c.String("junit-below-fail-on"), strings.Join(report.JUnitBelowNames, ", "))
	}
	return lint.Merge(c.Context, &e.Env, o)
}
