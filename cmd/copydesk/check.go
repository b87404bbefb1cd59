package main

import (
	"runtime"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

func (e *env) checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "lint files; directories are walked for *.html and *.htm",
		ArgsUsage: "[PATH|-]...",
		Flags:     cliFlags(checkFlags()),
		Action:    e.check,
	}
}

// checkFlags are the flags of check, in the order its help and the flags
// table of docs/commands.md list them (TestFlagDocs writes the table from
// them). e.check reads them into lint.Options.
func checkFlags() []docFlag {
	return []docFlag{
		{arg: "F", Flag: &cli.StringFlag{Name: "config", Usage: "config file (default: .copydesk.yml found walking up from here)"}},
		{arg: "F", Flag: &cli.StringSliceFlag{Name: "rules", Usage: "add a rule file (repeatable)"}},
		{arg: "CODE", Flag: &cli.StringSliceFlag{Name: "jurisdiction", Usage: "apply a jurisdiction, ISO 3166 alpha-2 in lower case (repeatable)"}},
		{arg: "NAME[=PATH]", see: "[Reports](reports.md)", Flag: &cli.StringSliceFlag{Name: "format", Aliases: []string{"f"}, Usage: "output format NAME[=PATH] (repeatable): " + report.FormatNames()}},
		{see: "[Kubernetes](shards.md#kubernetes)", Flag: &cli.BoolFlag{Name: "exit-zero", Usage: "exit 0 once the reports are written, whatever they hold (a shard, whose verdict copydesk merge gives); usage and config errors still exit 2"}},
		{see: "[Merging reports](shards.md#merging-reports)", Flag: &cli.BoolFlag{Name: "json-text", Usage: "json: also carry each file's text as the rules read it, so that copydesk merge can write the html report"}},
		{arg: "pass|skip|fail", see: "[JUnit](reports.md#junit)", Flag: &cli.StringFlag{Name: "junit-below-fail-on", Value: "pass", Usage: "junit: a rule whose findings in a file are all below --fail-on is a passed test case with them in its system-out, a skipped one, or a failed one"}},
		{arg: "error|warning|info|none", Flag: &cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity that fails the run: error, warning, info or none"}},
		{arg: "N", Flag: &cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Value: runtime.NumCPU(), DefaultText: "number of CPUs", Usage: "files checked in parallel"}},
		{Flag: &cli.BoolFlag{Name: "no-color", Usage: "no colour in text output (NO_COLOR is honoured too)"}},
		{Flag: &cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "text output: only findings that fail the run, no summary"}},
		{arg: "NAME", Flag: &cli.StringFlag{Name: "stdin-filename", Usage: "path to show for the document read from -"}},
		{arg: "F|-", see: "[Listings](shards.md#listings)", Flag: &cli.StringFlag{Name: "files-from", Usage: "check the files this listing names, one a line or NUL-separated (find -print0); - reads it from stdin"}},
		{arg: "K/N", see: "[Shards](shards.md)", Flag: &cli.StringFlag{Name: "shard", Usage: "check only shard K of N: the files whose path hashes to it (also from " + lint.EnvShardCount + "=N and " + lint.EnvJobIndex + "=K-1)"}},
		{see: "[Exit codes](#exit-codes)", Flag: &cli.BoolFlag{Name: "allow-no-files", Usage: "pass when the paths hold no file to check (without it that is a usage error, exit 2; --changed and --staged always allow none)"}},
		{see: "[pre-commit](integrations.md#pre-commit)", Flag: &cli.BoolFlag{Name: "force-exclude", Usage: "skip files named on the command line that the config excludes (they are checked otherwise); for pre-commit"}},
		{see: "[Finding the article body](configuration.md#finding-the-article-body)", Flag: &cli.BoolFlag{Name: "explain-scope", Usage: "print on stderr which element of each file is its article body (the scope of rules without one), and why"}},
		{see: "[Progress](#progress)", Flag: &cli.BoolFlag{Name: "progress", Usage: "show progress on stderr (files done, MB/s, findings so far) even when it is not a terminal or in CI"}},
		{see: "[Progress](#progress)", Flag: &cli.BoolFlag{Name: "no-progress", Usage: "never show progress (by default it shows when stderr is a terminal, outside CI, and stdout is the terminal or carries no report)"}},
		{see: "[Performance](performance.md)", Flag: &cli.BoolFlag{Name: "stats", Usage: "print files, bytes, time, throughput and peak memory of the run to stderr"}},
		{arg: "SIZE", see: "[Size](limits.md#size)", Flag: &cli.StringFlag{Name: "max-size", Value: lint.FormatSize(lint.DefaultMaxSize), Usage: "skip (with an error) inputs larger than this, e.g. 10MB or 1GiB; 0 for no limit"}},
		{see: "[Fixes](fixes.md)", Flag: &cli.BoolFlag{Name: "fix", Usage: "apply the fixes in place, then report what remains"}},
		{see: "[Fixes](fixes.md)", Flag: &cli.BoolFlag{Name: "diff", Usage: "print the unified diff that --fix would apply (and no report on stdout); write nothing"}},
		{arg: "[=REF]", see: "[Changed files only](integrations.md#changed-files-only)", Flag: &cli.GenericFlag{Name: "changed", Value: &refFlag{}, Usage: "check only HTML files that differ from git revision `[=REF]` (default: the merge base with the default branch), committed or not, and untracked new files"}},
		{see: "[Changed files only](integrations.md#changed-files-only)", Flag: &cli.BoolFlag{Name: "staged", Usage: "check only the HTML files staged for commit, as staged"}},
		{arg: "F", see: "[Baseline](baseline.md)", Flag: &cli.StringFlag{Name: "baseline", Usage: "report only findings that are not in this baseline file (see --write-baseline)"}},
		{arg: "F", see: "[Baseline](baseline.md)", Flag: &cli.StringFlag{Name: "write-baseline", Usage: "record the current findings in this file, to accept them for now; the run does not fail on them"}},
	}
}

// docFlag is a flag with what the docs' flags tables say of it besides
// its names, usage and default.
type docFlag struct {
	cli.Flag
	arg string // the flag's value as the docs name it (F, N, NAME[=PATH]); "" for a switch
	see string // a markdown link, relative to docs/, to where the docs tell more; or ""
}

// cliFlags are the flags of a flag list.
func cliFlags(list []docFlag) []cli.Flag {
	out := make([]cli.Flag, len(list))
	for i, f := range list {
		out[i] = f.Flag
	}
	return out
}

// check reads the flags of check into lint.Options and runs it.
func (e *env) check(c *cli.Context) error {
	o := lint.Options{
		Config:        c.String("config"),
		Rules:         c.StringSlice("rules"),
		Jobs:          c.Int("jobs"),
		Baseline:      c.String("baseline"),
		WriteBaseline: c.String("write-baseline"),
		NoColor:       c.Bool("no-color"),
		Quiet:         c.Bool("quiet"),
		ExplainScope:  c.Bool("explain-scope"),
		Stats:         c.Bool("stats"),
		AllowNoFiles:  c.Bool("allow-no-files"),
		JSONText:      c.Bool("json-text"),
		ExitZero:      c.Bool("exit-zero"),
		Tool:          tool(),
	}
	var err error
	if o.Fix, err = parseFixMode(c); err != nil {
		return err
	}
	if o.Fix != lint.FixDiff || len(c.StringSlice("format")) > 0 {
		if o.Outputs, err = parseOutputs(c.StringSlice("format")); err != nil {
			return err
		}
	}
	if o.FailOn, err = parseFailOn(c.String("fail-on")); err != nil {
		return err
	}
	if i := slices.Index(report.JUnitBelowNames, c.String("junit-below-fail-on")); i >= 0 {
		o.JUnitBelow = report.JUnitBelow(i)
	} else {
		return usageErrorf("--junit-below-fail-on %s: expected %s", c.String("junit-below-fail-on"), strings.Join(report.JUnitBelowNames, ", "))
	}
	switch {
	case c.Bool("progress") && c.Bool("no-progress"):
		return usageErrorf("--progress and --no-progress exclude each other")
	case c.Bool("progress"):
		o.Progress = lint.ProgressOn
	case c.Bool("no-progress"):
		o.Progress = lint.ProgressOff
	}
	if o.Jobs < 1 {
		return usageErrorf("--jobs %d: must be at least 1", o.Jobs)
	}
	if o.Jurisdictions, err = parseJurisdictions(c.StringSlice("jurisdiction")); err != nil {
		return err
	}
	if o.MaxSize, err = lint.ParseSize(c.String("max-size")); err != nil {
		return usageErrorf("--max-size %s: %v", c.String("max-size"), err)
	}
	args := c.Args().Slice()
	stdinCount := 0
	for _, a := range args {
		if a == "-" {
			stdinCount++
		}
	}
	if stdinCount > 1 {
		return usageErrorf("- (stdin) can be given only once")
	}
	changed, _ := c.Generic("changed").(*refFlag)
	o.Select = lint.Selection{
		Args:         args,
		StdinName:    c.String("stdin-filename"),
		ForceExclude: c.Bool("force-exclude"),
		Changed:      changed != nil && changed.set,
		Staged:       c.Bool("staged"),
		FilesFrom:    c.String("files-from"),
	}
	if o.Select.Shard, err = e.parseShard(c.String("shard")); err != nil {
		return err
	}
	if o.Select.Changed {
		o.Select.Ref = changed.ref
	}
	return lint.Run(c.Context, &e.Env, o)
}

// parseShard reads --shard K/N, or without it the shard the environment
// of a Kubernetes Indexed Job gives (lint.ShardFromEnv).
func (e *env) parseShard(v string) (lint.ShardSpec, error) {
	if v != "" {
		s, err := lint.ParseShard(v)
		if err != nil {
			return s, usageErrorf("--shard %s: %v", v, err)
		}
		return s, nil
	}
	s, _, err := lint.ShardFromEnv(e.Getenv)
	if err != nil {
		return s, usageErrorf("%v", err)
	}
	return s, nil
}

// parseOutputs reads the --format values.
func parseOutputs(specs []string) ([]lint.Output, error) {
	if len(specs) == 0 {
		specs = []string{"text"}
	}
	var outs []lint.Output
	toStdout := 0
	for _, s := range specs {
		name, path, _ := strings.Cut(s, "=")
		f, ok := report.Lookup(name)
		if !ok {
			return nil, usageErrorf("--format %s: unknown format %q (formats: %s)", s, name, report.FormatNames())
		}
		if path == "" || path == "-" {
			path = ""
			toStdout++
		}
		outs = append(outs, lint.Output{Format: f, Path: path})
	}
	if toStdout > 1 {
		return nil, usageErrorf("--format: only one format can write to stdout; give the others a path (NAME=PATH)")
	}
	return outs, nil
}

// parseFailOn reads --fail-on.
func parseFailOn(s string) (rules.Severity, error) {
	sev, err := lint.ParseFailOn(s)
	if err != nil {
		return 0, usageErrorf("--fail-on %s: %v", s, err)
	}
	return sev, nil
}

// parseJurisdictions reads the --jurisdiction values.
func parseJurisdictions(vals []string) ([]string, error) {
	var out []string
	for _, v := range vals {
		js, err := lint.ParseJurisdictions(v)
		if err != nil {
			return nil, usageErrorf("--jurisdiction %s: %v", v, err)
		}
		out = append(out, js...)
	}
	return out, nil
}

// parseFixMode reads --fix and --diff and checks them against the other
// arguments (see lint.FixMode): --diff writes the patch on stdout, so a
// report there is a usage error; --fix cannot rewrite stdin or the
// staged content.
func parseFixMode(c *cli.Context) (lint.FixMode, error) {
	fix, diff := c.Bool("fix"), c.Bool("diff")
	switch {
	case fix && diff:
		return lint.FixNone, usageErrorf("--fix and --diff exclude each other: --diff shows what --fix would write")
	case diff:
		for _, f := range c.StringSlice("format") {
			if _, path, _ := strings.Cut(f, "="); path == "" || path == "-" {
				return lint.FixNone, usageErrorf("--format %s: --diff writes the patch to stdout; give the report a path (NAME=PATH)", f)
			}
		}
		return lint.FixDiff, nil
	case fix:
		for _, a := range c.Args().Slice() {
			if a == "-" {
				return lint.FixNone, usageErrorf("--fix cannot rewrite stdin (-); use --diff to get the patch")
			}
		}
		if c.Bool("staged") {
			return lint.FixNone, usageErrorf("--fix cannot be used with --staged: the staged content is not the file (use --diff and git apply --cached)")
		}
		return lint.FixWrite, nil
	}
	return lint.FixNone, nil
}

// refFlag is the value of --changed[=REF]: a flag that may be given bare
// (compare with the default branch) or with a git revision. It reports
// itself as a boolean flag so the flag package accepts "--changed" alone;
// "--changed=REF" then sets the revision.
type refFlag struct {
	set bool
	ref string // "" for the default: the merge base with the default branch
}

func (f *refFlag) String() string {
	if f == nil || !f.set {
		return ""
	}
	return f.ref
}

// Set is called with "true" for a bare --changed and with REF for --changed=REF.
func (f *refFlag) Set(s string) error {
	f.set = true
	f.ref = s
	if s == "true" {
		f.ref = ""
	}
	return nil
}

// IsBoolFlag lets the flag package take --changed without a value.
func (f *refFlag) IsBoolFlag() bool { return true }
