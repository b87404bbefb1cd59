package main

import (
	"fmt"
	"runtime"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

func (e *env) checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "lint files; directories are walked for *.html and *.htm",
		ArgsUsage: "[PATH|-]...",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "config file (default: .copydesk.yml found walking up from here)"},
			&cli.StringSliceFlag{Name: "rules", Usage: "add a rule file (repeatable)"},
			&cli.StringSliceFlag{Name: "jurisdiction", Usage: "apply a jurisdiction, ISO 3166 alpha-2 in lower case (repeatable)"},
			&cli.StringSliceFlag{Name: "format", Aliases: []string{"f"}, Usage: "output format NAME[=PATH] (repeatable): " + report.FormatNames()},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "lowest severity that fails the run: error, warning, info or none"},
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Value: runtime.NumCPU(), Usage: "files checked in parallel"},
			&cli.BoolFlag{Name: "no-color", Usage: "no colour in text output (NO_COLOR is honoured too)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "text output: only findings that fail the run, no summary"},
			&cli.StringFlag{Name: "stdin-filename", Usage: "path to show for the document read from -"},
			&cli.BoolFlag{Name: "force-exclude", Usage: "skip files named on the command line that the config excludes (they are checked otherwise); for pre-commit"},
			&cli.BoolFlag{Name: "explain-scope", Usage: "print on stderr which element of each file is its article body (the scope of rules without one), and why"},
			&cli.BoolFlag{Name: "stats", Usage: "print files, bytes, time, throughput and peak memory of the run to stderr"},
			&cli.StringFlag{Name: "max-size", Value: formatSize(defaultMaxSize), Usage: "skip (with an error) inputs larger than this, e.g. 10MB or 1GiB; 0 for no limit"},
			&cli.BoolFlag{Name: "fix", Usage: "apply the fixes in place, then report what remains"},
			&cli.BoolFlag{Name: "diff", Usage: "print the unified diff that --fix would apply (and no report on stdout); write nothing"},
		}, append(changedFlags(), baselineFlags()...)...),
		Action: e.check,
	}
}

// output is one report to write: a format and where.
type output struct {
	format report.Format
	path   string // "" for stdout
}

// parseOutputs reads the --format values.
func parseOutputs(specs []string) ([]output, error) {
	if len(specs) == 0 {
		specs = []string{"text"}
	}
	var outs []output
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
		outs = append(outs, output{format: f, path: path})
	}
	if toStdout > 1 {
		return nil, usageErrorf("--format: only one format can write to stdout; give the others a path (NAME=PATH)")
	}
	return outs, nil
}

// parseFailOn reads --fail-on.
func parseFailOn(s string) (rules.Severity, error) {
	if s == "none" {
		return rules.SevOff, nil
	}
	sev, ok := rules.ParseSeverity(s)
	if !ok || sev == rules.SevOff {
		return 0, usageErrorf("--fail-on %s: expected error, warning, info or none", s)
	}
	return sev, nil
}

func (e *env) check(c *cli.Context) (err error) {
	if e.fixMode, err = parseFixMode(c); err != nil {
		return err
	}
	var outs []output
	if e.fixMode != fixDiff || len(c.StringSlice("format")) > 0 {
		if outs, err = parseOutputs(c.StringSlice("format")); err != nil {
			return err
		}
	}
	e.noReports = len(outs) == 0
	failOn, err := parseFailOn(c.String("fail-on"))
	if err != nil {
		return err
	}
	jobs := c.Int("jobs")
	if jobs < 1 {
		return usageErrorf("--jobs %d: must be at least 1", jobs)
	}
	jurisdictions, err := parseJurisdictions(c.StringSlice("jurisdiction"))
	if err != nil {
		return err
	}
	if e.maxSize, err = parseSize(c.String("max-size")); err != nil {
		return err
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

	st := newStats()
	l, err := e.load(c.String("config"), c.StringSlice("rules"))
	if err != nil {
		return err
	}
	e.noteInactive(l, jurisdictions)
	l.explainScope = c.Bool("explain-scope")
	bl, err := e.openBaseline(c.String("baseline"), c.String("write-baseline"))
	if err != nil {
		return err
	}
	e.baseline = bl
	ins, inErrs, err := e.inputs(c, args, l.cfg)
	if err != nil {
		return err
	}
	head := &report.Result{
		Tool:     report.Tool{Name: "copydesk", Version: toolVersion(), URL: "https://github.com/copydesk/copydesk"},
		Root:     e.dir,
		Rules:    l.reportRules(),
		FailOn:   failOn,
		Baseline: c.String("baseline"),
	}
	if l.cfg.Path != "" {
		head.Config = e.relTo(e.dir, l.cfg.Path)
	}
	for _, o := range outs {
		l.reading = l.reading || o.format.Reading
	}
	var sinks []*sink
	for _, o := range outs {
		s, err := e.openSink(o, head, c.Bool("no-color"), c.Bool("quiet"))
		if err != nil {
			for _, s := range sinks {
				s.abort()
			}
			return &exitError{code: exitInput, err: err}
		}
		sinks = append(sinks, s)
	}
	var out outcome
	errs := inErrs
	fixes := &fixTally{mode: e.fixMode}
	var ferr error
	e.checkAll(l, ins, jurisdictions, jobs, func(c *checked) {
		st.add(c)
		if err := e.fixFile(fixes, c); err != nil && ferr == nil {
			ferr = err
		}
		if c.err != nil {
			errs = append(errs, *c.err)
			return
		}
		if c.file.Content != "" {
			fmt.Fprintf(e.stderr, "%s:%s\n", c.file.Path, c.file.Content)
		}
		bl.take(e, &c.file)
		out.add(&c.file, failOn)
		for _, s := range sinks {
			s.file(&c.file)
		}
	})
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Path < errs[j].Path })
	for _, x := range errs {
		fmt.Fprintln(e.stderr, x.Error())
	}
	out.errors = len(errs)
	var werr error
	for _, s := range sinks {
		if err := s.close(e, errs); err != nil && werr == nil {
			werr = err
		}
	}
	if err := bl.finish(e); err != nil && werr == nil {
		werr = err
	}
	if bl.writing() {
		out.failing = false // the findings are accepted
	}
	if c.Bool("stats") {
		st.print(e.stderr)
	}
	e.fixSummary(fixes, c.Bool("quiet"))
	if ferr != nil && werr == nil {
		werr = ferr
	}
	if werr != nil {
		return &exitError{code: exitInput, err: werr}
	}
	return out.err()
}

// outcome is what decides the exit code of a run.
type outcome struct {
	errors  int  // inputs that could not be checked
	failing bool // a finding at or above --fail-on
}

// add takes the findings of one checked file into account.
func (o *outcome) add(f *report.File, failOn rules.Severity) {
	o.failing = o.failing || f.Fails(failOn)
}

// err returns the exit code of a finished run as an error (nil for exit
// 0): 3 when an input failed, 1 when a finding fails the run.
func (o *outcome) err() error {
	switch {
	case o.errors > 0:
		return &exitError{code: exitInput}
	case o.failing:
		return &exitError{code: exitFindings}
	}
	return nil
}

// parseJurisdictions checks --jurisdiction values.
func parseJurisdictions(vals []string) ([]string, error) {
	var out []string
	for _, v := range vals {
		for _, j := range strings.Split(v, ",") {
			j = strings.TrimSpace(j)
			if len(j) != 2 || strings.ToLower(j) != j || !isLetters(j) {
				return nil, usageErrorf("--jurisdiction %s: expected an ISO 3166 alpha-2 code in lower case, e.g. ru", v)
			}
			out = append(out, j)
		}
	}
	return out, nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}
