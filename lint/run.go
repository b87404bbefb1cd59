package lint

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// Options are the settings of a check run: those of `copydesk check`,
// already read and checked.
type Options struct {
	Config        string   // config file; "": .copydesk.yml found walking up, or the default
	Rules         []string // extra rule files
	Jurisdictions []string // apply to every input
	Select        Selection
	// Source, when set, is where the documents come from instead of
	// Select (an editor server checking the documents it holds).
	Source        Source
	Outputs       []Output       // reports to write; none with a bare --diff
	FailOn        rules.Severity // lowest severity that fails the run (SevOff: none)
	Jobs          int            // inputs checked at once, at least 1
	MaxSize       int64          // larger inputs are refused (0: no limit)
	Fix           FixMode
	Baseline      string            // --baseline file: its findings are not reported
	WriteBaseline string            // --write-baseline file: the findings are recorded in it
	JUnitBelow    report.JUnitBelow // how junit shows findings below FailOn
	// JSONText: json reports carry each file's text (report.Options.Text),
	// for a merge into html.
	JSONText bool
	// ExitZero: a run that wrote its reports exits 0 whatever it found
	// (a shard, whose verdict copydesk merge gives).
	ExitZero     bool
	NoColor      bool         // no colour in text on a terminal
	Quiet        bool         // text: only failing findings; no notes or summaries
	ExplainScope bool         // tell on stderr which element of each input is its content
	AllowNoFiles bool         // a run that finds no input to check passes (else it is a usage error)
	Stats        bool         // print the figures of the run on stderr
	Progress     ProgressMode // progress on stderr (docs/commands.md, "Progress")
	Tool         report.Tool
}

// Output is one report to write: a format and where.
type Output struct {
	Format report.Format
	Path   string // "" for stdout
}

// run is one check run as its workers see it: settled before the first
// input is read, never changed after.
type run struct {
	env           *Env
	l             *Linter
	jurisdictions []string
	maxSize       int64
	fix           FixMode
	extras        extras
	noReports     bool         // --diff without -f: no report wants the diff of each fix
	baseline      *baselineRun // --baseline: its findings are not fixed
}

// Run checks the inputs o selects and writes the reports of o: it loads
// the config and rules, reads the baseline, finds the inputs, checks
// them with o.Jobs workers and streams each file's findings to the
// reports in path order, fixing files or printing the patch as o.Fix
// says. Notes and input errors go to env's stderr. The error says how
// the run ended: nil when every input was checked and nothing fails
// it, else an *ExitError with the exit code (see ExitCode).
func Run(ctx context.Context, env *Env, o Options) error {
	st := newStats()
	l, err := env.Load(o.Config, o.Rules)
	if err != nil {
		return env.PrintConfigError(err)
	}
	env.noteInactive(l, o.Jurisdictions)
	bl, err := env.openBaseline(o.Baseline, o.WriteBaseline)
	if err != nil {
		return err
	}
	src := o.Source
	if src == nil {
		if src, err = o.Select.Source(); err != nil {
			return err
		}
	}
	ls, err := src.List(ctx, env, l.Config)
	if err != nil {
		return err
	}
	if ls.Note != "" && !o.Quiet {
		fmt.Fprintf(env.Stderr, "copydesk: %s\n", ls.Note)
	}
	if len(ls.Inputs) == 0 && len(ls.Errors) == 0 && !o.AllowNoFiles && !ls.MayBeEmpty {
		return noFilesError(src)
	}
	if o.Fix != FixNone {
		for _, in := range ls.Inputs {
			if in.Archive {
				return UsageErrorf("--fix and --diff cannot fix the pages of a web archive (%s): check it without them", in.Path)
			}
		}
	}
	var prog *progress
	if len(ls.Inputs) > 0 && env.showProgress(o) {
		prog = newProgress(env.Stderr, len(ls.Inputs))
		if prog.tty {
			// What the run writes to the terminal erases the status line
			// first; the next update draws it again.
			wrapped := *env
			wrapped.Stderr = clearing{prog, env.Stderr}
			if isTerminal(env.Stdout) {
				wrapped.Stdout = clearing{prog, env.Stdout}
			}
			env = &wrapped
		}
	}
	head := &report.Result{
		Tool:          o.Tool,
		Root:          env.Dir,
		Rules:         l.ReportRules(),
		FailOn:        o.FailOn,
		Baseline:      o.Baseline,
		Catalog:       l.Set.Rules,
		Digest:        l.Digest,
		Jurisdictions: o.Jurisdictions,
	}
	if sh, ok := src.(Shard); ok {
		head.Shard = report.Shard{Index: sh.Spec.Index, Count: sh.Spec.Count}
	}
	if l.Config.Path != "" {
		head.Config = env.relTo(env.Dir, l.Config.Path)
	}
	x := extras{content: o.ExplainScope}
	for _, out := range o.Outputs {
		x.reading = x.reading || out.Format.Reading || o.JSONText && out.Format.Name == "json"
	}
	var sinks []*sink
	for _, out := range o.Outputs {
		s, err := env.openSink(out, head, o)
		if err != nil {
			for _, s := range sinks {
				s.abort()
			}
			return &ExitError{Code: ExitInput, Err: err}
		}
		sinks = append(sinks, s)
	}
	r := &run{
		env:           env,
		l:             l,
		jurisdictions: o.Jurisdictions,
		maxSize:       o.MaxSize,
		fix:           o.Fix,
		extras:        x,
		noReports:     len(o.Outputs) == 0,
		baseline:      bl,
	}
	var out outcome
	errs := ls.Errors
	fixes := &fixTally{mode: o.Fix}
	var ferr error
	checkAll(r.documents(ls.Inputs, o.Jobs), o.Jobs, r.checkOne, func(c *checked) {
		st.add(c)
		if prog != nil {
			defer prog.add(c)
		}
		if err := env.fixFile(fixes, c); err != nil && ferr == nil {
			ferr = err
		}
		if c.err != nil {
			errs = append(errs, *c.err)
			return
		}
		if c.file.Content != "" {
			fmt.Fprintf(env.Stderr, "%s:%s\n", c.file.Path, c.file.Content)
		}
		bl.take(env, &c.file)
		out.add(&c.file, o.FailOn)
		for _, s := range sinks {
			s.file(&c.file)
		}
	})
	if prog != nil {
		prog.finish()
	}
	report.SortErrors(errs)
	for _, x := range errs {
		fmt.Fprintln(env.Stderr, x.Error())
	}
	out.errors = len(errs)
	var werr error
	for _, s := range sinks {
		if err := s.close(env, errs); err != nil && werr == nil {
			werr = err
		}
	}
	if err := bl.finish(env); err != nil && werr == nil {
		werr = err
	}
	if bl.writing() {
		out.failing = false // the findings are accepted
	}
	if o.Stats {
		st.print(env.Stderr)
	}
	env.fixSummary(fixes, o.Quiet)
	if ferr != nil && werr == nil {
		werr = ferr
	}
	if werr != nil {
		return &ExitError{Code: ExitInput, Err: werr}
	}
	if o.ExitZero {
		return nil
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
		return &ExitError{Code: ExitInput}
	case o.failing:
		return &ExitError{Code: ExitFindings}
	}
	return nil
}

// noteInactive tells, on stderr, about the conditional packs that
// builtin:default left out for want of their variables when the run
// applies one of their jurisdictions (from --jurisdiction or the config),
// as the user probably expects them to run. Pages that declare a
// jurisdiction themselves are not known here and get no note.
func (e *Env) noteInactive(l *Linter, jurisdictions []string) {
	run := slices.Clone(jurisdictions)
	run = append(run, l.Config.Jurisdictions...)
	for _, o := range l.Config.Overrides {
		run = append(run, o.Jurisdictions...)
	}
	for _, f := range l.Set.Inactive {
		for _, j := range f.Jurisdictions {
			if slices.Contains(run, j) {
				fmt.Fprintf(e.Stderr, "copydesk: note: %s (jurisdiction %s) is not active: it needs %s in %s\n",
					f.Path, j, f.MissingText(), rules.ConfigName)
				break
			}
		}
	}
}

// noFilesError is the usage error of a run whose paths hold nothing to
// check: a typo in a path or a wrong working directory would otherwise
// pass a CI job that checked nothing (as ESLint, it fails; docs/commands.md,
// "Exit codes"). A run over changed or staged files may well find none,
// and passes (Listing.MayBeEmpty).
func noFilesError(src Source) error {
	const allow = "(--allow-no-files to pass when there are none)"
	if s, ok := src.(Shard); ok {
		src = s.Source
	}
	switch s := src.(type) {
	case Paths:
		where := "the working directory"
		if len(s.Args) > 0 {
			where = strings.Join(s.Args, " ")
		}
		return UsageErrorf("no files to check: %s holds no *.html or *.htm file the config leaves in %s", where, allow)
	case FileList:
		return UsageErrorf("no files to check: the listing %s names none %s", s.Name, allow)
	}
	return UsageErrorf("no files to check %s", allow)
}

// namesFile reports whether a path argument names a file: one the
// config excludes with --force-exclude (pre-commit naming the staged
// files) is left out on purpose, and the run passes.
func (e *Env) namesFile(args []string) bool {
	for _, a := range args {
		if fi, err := os.Stat(e.Abs(a)); a != "-" && err == nil && !fi.IsDir() {
			return true
		}
	}
	return false
}
